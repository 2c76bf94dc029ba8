-- score_items_read: every indicator's points per unit for a year, in tree order.
-- input: $1 year. output: unit_id, id, name, level, section, rule, points, max,
-- value, total, triggered, number of evidence rows.
SELECT s.unit_id, s.id, i.name, i.level, i.section, i.rule, s.points, s.max,
       s.value, s.total, s.triggered, coalesce(len(s.evidence), 0)
FROM score_items s JOIN scheme_indicators i ON i.year = s.year AND i.id = s.id
WHERE s.year = $1
ORDER BY s.unit_id, i.section DESC,
         list_transform(string_split(regexp_replace(s.id, '^[BV]', ''), '.'), lambda x: x::INTEGER);
