-- reply_on_time: share of applications answered within the statutory time.
-- Meaning: 条例第三十三条 — 20 working days from receipt (or from 补正完成日期),
--   20 more with 延期, plus 征求意见天数; State Council calendar with 调休
--   (the deadline is the view application_deadlines, migration 0013).
--   Counted: applications answered in the year, and applications still open
--   on 31 December whose deadline has passed. An application whose deadline
--   lies outside the known holiday calendar is neither on time nor late: it
--   is left out of the total and listed as unknown.
-- Inputs: application_deadlines (cur_applications, calendar); getvariable('year').
-- Output: unit_id, value (on-time share, NULL when nothing to count),
--   total (applications counted), evidence (row_id of late applications),
--   unknown (row_id of applications whose deadline cannot be worked out).
WITH d AS (
    -- the deadline of each application: view application_deadlines
    -- (migration 0013), shared with the deadline warnings
    SELECT row_id, unit_id, replied, start, deadline
    FROM application_deadlines
    WHERE year = getvariable('year')
), u AS (
    -- the calendar has no such day: the start or the deadline is outside it
    SELECT *,
           start IS NOT NULL AND deadline IS NULL
             AND (replied IS NULL OR year(replied) = getvariable('year')) AS unknown
    FROM d
), j AS (
    SELECT *,
           CASE WHEN replied IS NOT NULL THEN replied > deadline
                ELSE deadline < make_date(getvariable('year'), 12, 31) END AS late,
           NOT unknown AND (
             (replied IS NOT NULL AND year(replied) = getvariable('year'))
             OR (replied IS NULL AND deadline < make_date(getvariable('year'), 12, 31))) AS counted
    FROM u
)
SELECT unit_id,
       count(*) FILTER (WHERE counted AND NOT coalesce(late, false)) / nullif(count(*) FILTER (WHERE counted), 0) AS value,
       count(*) FILTER (WHERE counted) AS total,
       coalesce(list(row_id ORDER BY row_id) FILTER (WHERE counted AND late), []) AS evidence,
       coalesce(list(row_id ORDER BY row_id) FILTER (WHERE unknown), []) AS unknown
FROM j
GROUP BY unit_id
