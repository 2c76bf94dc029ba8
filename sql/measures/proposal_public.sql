-- proposal_public: 答复全文公开率 — share of the answered 人大代表建议和政协提案
--   a unit hosts (主办单位) whose full answer was published within N calendar
--   days of 办结日期 (N = the rule's param, default 15; the same day counts
--   as 0). An answer marked 不公开 (是否公开答复全文 = 否) counts as not
--   published. An answer neither published nor marked 否 whose N days run
--   past 31 December is not yet due and not counted. Calendar days, not
--   working days: the window is counted from the answer as the office's
--   办理 rules state it, and needs no holiday calendar.
-- Inputs: cur_proposals; getvariable('year'), getvariable('param').
-- Output: unit_id (the 主办单位), value (share published in time, NULL when
--   nothing to count), total (answers counted), evidence (row_id of answers
--   not published, or published late). unknown: always empty.
WITH p AS (
    SELECT row_id, lead_unit_id AS unit_id, done_date, published, full_text_public,
           coalesce(try_cast(nullif(getvariable('param'), '') AS INTEGER), 15) AS n
    FROM cur_proposals
    WHERE year = getvariable('year') AND lead_unit_id IS NOT NULL AND done_date IS NOT NULL
), j AS (
    SELECT *,
           full_text_public IS DISTINCT FROM false AND published IS NOT NULL AND published - done_date <= n AS timely,
           published IS NOT NULL OR full_text_public = false
             OR done_date + n < make_date(getvariable('year'), 12, 31) AS counted
    FROM p
)
SELECT unit_id,
       count(*) FILTER (WHERE counted AND timely) / nullif(count(*) FILTER (WHERE counted), 0) AS value,
       count(*) FILTER (WHERE counted) AS total,
       coalesce(list(row_id ORDER BY row_id) FILTER (WHERE counted AND NOT timely), []) AS evidence,
       []::BIGINT[] AS unknown
FROM j
GROUP BY unit_id
