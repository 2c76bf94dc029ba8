-- weights: the 4% rule inputs per assessed unit for a year: the overall
-- assessment's total points and the points that count as 政务公开. Items of
-- the weights ledger name a unit or a 考核分组; a unit's own row for an item
-- overrides its group's. Units without ledger rows but in the year's scheme
-- groups take the scheme's overall setting.
-- input: $1 year. output: unit_id, name, total_points, disclosure_points, source,
--   items (list of 'item:points:counts').
WITH w AS (
    SELECT * FROM cur_weights WHERE year = $1
), direct AS (
    SELECT assessed_unit_id AS unit_id, item, points, counts_disclosure, 1 AS pri
    FROM w WHERE assessed_unit_id IS NOT NULL
), by_group AS (
    SELECT u.unit_id, w.item, w.points, w.counts_disclosure, 2 AS pri
    FROM w JOIN units u ON u.grp = w.assessed_group
    WHERE w.assessed_group IS NOT NULL
), items AS (
    SELECT * FROM (
        SELECT *, row_number() OVER (PARTITION BY unit_id, item ORDER BY pri) AS rn
        FROM (SELECT * FROM direct UNION ALL SELECT * FROM by_group)
    ) WHERE rn = 1
), from_ledger AS (
    SELECT unit_id, sum(points) AS total_points,
           coalesce(sum(points) FILTER (WHERE counts_disclosure), 0) AS disclosure_points,
           'ledger' AS source,
           list(item || '：' || points::VARCHAR || CASE WHEN counts_disclosure THEN '（计入政务公开）' ELSE '' END ORDER BY item) AS items
    FROM items GROUP BY unit_id
), from_scheme AS (
    SELECT g.unit_id, s.overall_total, s.overall_disclosure, 'scheme', []::VARCHAR[]
    FROM scheme_groups g JOIN schemes s ON s.year = g.year
    WHERE g.year = $1 AND g.unit_id NOT IN (SELECT unit_id FROM from_ledger)
)
SELECT x.unit_id, u.name, x.total_points, x.disclosure_points, x.source, x.items
FROM (SELECT * FROM from_ledger UNION ALL SELECT * FROM from_scheme) x
JOIN units u USING (unit_id)
ORDER BY x.unit_id;
