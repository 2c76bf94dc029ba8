-- media_violations: new-media accounts breaking the update rule of the work
--   plan: a gap of more than 14 days between posts in the year, or more than
--   three gaps of more than 7 days (such an account must be shut down).
-- Inputs: cur_media; getvariable('year').
-- Output: unit_id, value (violating accounts), total (accounts), evidence
--   (row_id of the post that ended each gap of more than 7 days on a
--   violating account).
--   unknown: always empty (no working days are counted).
WITH p AS (
    SELECT row_id, unit_id, platform, account,
           posted - lag(posted) OVER (PARTITION BY unit_id, platform, account ORDER BY posted, row_id) AS gap
    FROM cur_media
    WHERE year = getvariable('year') AND year(posted) = getvariable('year')
), acc AS (
    SELECT unit_id, platform, account, (max(gap) > 14 OR count(*) FILTER (WHERE gap > 7) > 3) AS bad
    FROM p
    GROUP BY unit_id, platform, account
), ev AS (
    -- only the few long gaps of violating accounts are collected
    SELECT p.unit_id, list(p.row_id ORDER BY p.row_id) AS evidence
    FROM p JOIN acc USING (unit_id, platform, account)
    WHERE acc.bad AND p.gap > 7
    GROUP BY p.unit_id
)
SELECT acc.unit_id,
       count(*) FILTER (WHERE acc.bad) AS value,
       count(*) AS total,
       coalesce(any_value(ev.evidence), []) AS evidence,
       []::BIGINT[] AS unknown
FROM acc LEFT JOIN ev USING (unit_id)
GROUP BY acc.unit_id
