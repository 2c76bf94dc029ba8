-- _on_time_share: the end of a measure that is the share of a unit's rows
-- done on time (a line {{include on_time_share}} in the measure, filled in
-- by sqlfiles.Measures): over r, the measure's rows with row_id, unit_id
-- and on_time, per unit the share on time (value), the rows (total) and
-- the late ones (evidence, by row_id); unknown always empty (no working
-- days are counted).
SELECT unit_id,
       count(*) FILTER (WHERE on_time) / count(*) AS value,
       count(*) AS total,
       coalesce(list(row_id ORDER BY row_id) FILTER (WHERE NOT on_time), []) AS evidence,
       []::BIGINT[] AS unknown
FROM r
GROUP BY unit_id
