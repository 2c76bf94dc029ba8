-- proposal_satisfaction: 满意率 — share of the year's 人大代表建议和政协提案 a
--   unit hosts (主办单位) whose 代表委员满意度 is 满意 or 基本满意, among
--   those with a 满意度 recorded (an answer not yet rated is not counted).
-- Inputs: proposal_checks (migration 0016); getvariable('year').
-- Output: unit_id (the 主办单位), value (satisfied share, NULL when nothing
--   rated), total (proposals rated), evidence (row_id of those rated
--   不满意). unknown: always empty.
SELECT unit_id,
       count(*) FILTER (WHERE satisfied) / nullif(count(*), 0) AS value,
       count(*) AS total,
       coalesce(list(row_id ORDER BY row_id) FILTER (WHERE NOT satisfied), []) AS evidence,
       []::BIGINT[] AS unknown
FROM proposal_checks
WHERE year = getvariable('year') AND satisfaction IS NOT NULL
GROUP BY unit_id
