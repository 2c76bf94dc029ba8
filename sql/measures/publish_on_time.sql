-- publish_on_time: share of items published within 20 working days of being formed.
-- Meaning: 条例第二十六条 — information is published within 20 working days of
--   its creation or change. Items without 形成日期 are not counted. An item
--   whose deadline lies outside the known holiday calendar is neither on
--   time nor late: left out of the total and listed as unknown.
-- Inputs: cur_disclosures, calendar; getvariable('year').
-- Output: unit_id, value (on-time share, NULL when nothing to count), total
--   (items with both dates and a known deadline), evidence (row_id of late
--   items), unknown (row_id of items whose deadline cannot be worked out).
WITH d AS (
    SELECT x.row_id, x.unit_id, x.published, w.d AS deadline
    FROM cur_disclosures x
    LEFT JOIN calendar c ON c.d = x.formed
    LEFT JOIN calendar w ON w.is_work AND w.wd_seq = c.wd_seq + 20
    WHERE x.year = getvariable('year') AND x.formed IS NOT NULL AND x.published IS NOT NULL
)
SELECT unit_id,
       count(*) FILTER (WHERE published <= deadline) / nullif(count(*) FILTER (WHERE deadline IS NOT NULL), 0) AS value,
       count(*) FILTER (WHERE deadline IS NOT NULL) AS total,
       coalesce(list(row_id ORDER BY row_id) FILTER (WHERE published > deadline), []) AS evidence,
       coalesce(list(row_id ORDER BY row_id) FILTER (WHERE deadline IS NULL), []) AS unknown
FROM d
GROUP BY unit_id
