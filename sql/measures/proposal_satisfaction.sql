-- proposal_satisfaction: 满意率 — share of the year's 人大代表建议和政协提案 a
--   unit hosts (主办单位) whose 代表委员满意度 is 满意 or 基本满意, among
--   those with a 满意度 recorded (an answer not yet rated is not counted).
-- Inputs: cur_proposals; getvariable('year').
-- Output: unit_id (the 主办单位), value (satisfied share, NULL when nothing
--   rated), total (proposals rated), evidence (row_id of those rated
--   不满意). unknown: always empty.
SELECT lead_unit_id AS unit_id,
       count(*) FILTER (WHERE satisfaction IN ('满意', '基本满意')) / nullif(count(*), 0) AS value,
       count(*) AS total,
       coalesce(list(row_id ORDER BY row_id) FILTER (WHERE satisfaction = '不满意'), []) AS evidence,
       []::BIGINT[] AS unknown
FROM cur_proposals
WHERE year = getvariable('year') AND lead_unit_id IS NOT NULL AND satisfaction IS NOT NULL
GROUP BY lead_unit_id
