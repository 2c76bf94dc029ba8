-- media_violations: new-media accounts breaking the update rule of the work
--   plan: a gap of more than 14 days between posts in the year, or more than
--   three gaps of more than 7 days (such an account must be shut down).
-- Inputs: cur_media; getvariable('year').
-- Output: unit_id, value (violating accounts), total (accounts), evidence
--   (row_id of the post that ended each long gap).
WITH p AS (
    SELECT row_id, unit_id, account, platform, posted,
           posted - lag(posted) OVER (PARTITION BY unit_id, platform, account ORDER BY posted, row_id) AS gap
    FROM cur_media
    WHERE year = getvariable('year') AND year(posted) = getvariable('year')
), acc AS (
    SELECT unit_id, platform, account,
           (max(gap) > 14 OR count(*) FILTER (WHERE gap > 7) > 3) AS bad,
           list(row_id ORDER BY row_id) FILTER (WHERE gap > 7) AS gap_rows
    FROM p
    GROUP BY unit_id, platform, account
)
SELECT unit_id,
       count(*) FILTER (WHERE bad) AS value,
       count(*) AS total,
       coalesce(list_sort(flatten(list(gap_rows) FILTER (WHERE bad))), []) AS evidence
FROM acc
GROUP BY unit_id
