-- proposal_on_time: 按期办结率 — share of the year's 人大代表建议和政协提案 a
--   unit hosts (主办单位) that were answered (办结日期) by their 办结期限.
--   Counted: the proposals answered, and those still open on 31 December
--   whose 办结期限 has passed, late as of the year end; an open one not yet
--   due on 31 December is not counted. 协办单位 are not scored.
-- Inputs: cur_proposals (attributed to 主办单位, whoever uploaded the
--   ledger); getvariable('year').
-- Output: unit_id (the 主办单位), value (on-time share, NULL when nothing to
--   count), total (proposals counted), evidence (row_id of proposals answered
--   late or overdue and open). unknown: always empty (calendar days only).
WITH p AS (
    SELECT row_id, lead_unit_id AS unit_id,
           CASE WHEN done_date IS NOT NULL THEN done_date > due
                ELSE due < make_date(getvariable('year'), 12, 31) END AS late,
           done_date IS NOT NULL OR due < make_date(getvariable('year'), 12, 31) AS counted
    FROM cur_proposals
    WHERE year = getvariable('year') AND lead_unit_id IS NOT NULL AND due IS NOT NULL
)
SELECT unit_id,
       count(*) FILTER (WHERE counted AND NOT late) / nullif(count(*) FILTER (WHERE counted), 0) AS value,
       count(*) FILTER (WHERE counted) AS total,
       coalesce(list(row_id ORDER BY row_id) FILTER (WHERE counted AND late), []) AS evidence,
       []::BIGINT[] AS unknown
FROM p
GROUP BY unit_id
