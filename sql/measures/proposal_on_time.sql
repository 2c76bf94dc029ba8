-- proposal_on_time: 按期办结率 — share of the year's 人大代表建议和政协提案 a
--   unit hosts (主办单位) that were answered (办结日期) by their 办结期限.
--   Counted: the proposals answered, and those still open on 31 December
--   whose 办结期限 has passed, late as of the year end; an open one not yet
--   due on 31 December is not counted. 协办单位 are not scored.
-- Inputs: proposal_checks (migration 0016: cur_proposals per 主办单位,
--   whoever uploaded the ledger); getvariable('year').
-- Output: unit_id (the 主办单位), value (on-time share, NULL when nothing to
--   count), total (proposals counted), evidence (row_id of proposals answered
--   late or overdue and open). unknown: always empty (calendar days only).
SELECT unit_id,
       count(*) FILTER (WHERE due_counted AND NOT late) / nullif(count(*) FILTER (WHERE due_counted), 0) AS value,
       count(*) FILTER (WHERE due_counted) AS total,
       coalesce(list(row_id ORDER BY row_id) FILTER (WHERE due_counted AND late), []) AS evidence,
       []::BIGINT[] AS unknown
FROM proposal_checks
WHERE year = getvariable('year')
GROUP BY unit_id
