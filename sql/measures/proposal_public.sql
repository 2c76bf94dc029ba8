-- proposal_public: 答复全文公开率 — share of the answered 人大代表建议和政协提案
--   a unit hosts (主办单位) whose full answer was published within N calendar
--   days of 办结日期 (N = the rule's param, default 15; the same day counts
--   as 0). An answer marked 不公开 (是否公开答复全文 = 否) counts as not
--   published. An answer neither published nor marked 否 whose N days run
--   past 31 December is not yet due and not counted. Calendar days, not
--   working days: the window is counted from the answer as the office's
--   办理 rules state it, and needs no holiday calendar.
--   The unit page's block (queries/proposal_unit.sql) applies the same N.
-- Inputs: proposal_checks (migration 0016); getvariable('year'),
--   getvariable('param').
-- Output: unit_id (the 主办单位), value (share published in time, NULL when
--   nothing to count), total (answers counted), evidence (row_id of answers
--   not published, or published late). unknown: always empty.
WITH p AS (
    SELECT *, coalesce(try_cast(nullif(getvariable('param'), '') AS INTEGER), 15) AS n
    FROM proposal_checks
    WHERE year = getvariable('year') AND done_date IS NOT NULL
), j AS (
    SELECT *,
           full_text_public IS DISTINCT FROM false AND coalesce(public_days <= n, false) AS timely,
           public_days IS NOT NULL OR full_text_public = false
             OR done_date + n < make_date(year, 12, 31) AS counted
    FROM p
)
SELECT unit_id,
       count(*) FILTER (WHERE counted AND timely) / nullif(count(*) FILTER (WHERE counted), 0) AS value,
       count(*) FILTER (WHERE counted) AS total,
       coalesce(list(row_id ORDER BY row_id) FILTER (WHERE counted AND NOT timely), []) AS evidence,
       []::BIGINT[] AS unknown
FROM j
GROUP BY unit_id
