-- activity_count: how many activities of one type a unit held in the year
--   (param = the 类型, e.g. 市民代表列席会议), for the minimum counts of the
--   work plan.
-- Inputs: cur_activities; getvariable('year'), getvariable('param').
-- Output: unit_id, value (count), total (same), evidence (row_id of the
--   activities counted).
--   unknown: always empty (no working days are counted).
SELECT unit_id,
       count(*) AS value,
       count(*) AS total,
       list(row_id ORDER BY row_id) AS evidence,
       []::BIGINT[] AS unknown
FROM cur_activities
WHERE year = getvariable('year') AND year(held) = getvariable('year') AND act_type = getvariable('param')
GROUP BY unit_id
