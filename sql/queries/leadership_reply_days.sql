-- leadership_reply_days: how fast applications were answered, county-wide,
-- per ledger year: working days from receipt (or from 补正完成日期) to the
-- reply, in buckets, and how many replies came after the statutory
-- deadline (条例第三十三条: 20 working days, 20 more with 延期, plus
-- 征求意见天数 — the rule of measure reply_on_time).
-- Counted: applications of the year's ledgers answered in that year
-- (收到日期 is required, so every one has a start). An application whose
-- start, reply or deadline lies outside the known holiday calendar is
-- neither on time nor late and has no working-day count: like
-- reply_on_time, it is in no bucket and counted apart (bucket 0), so the
-- chart can say how many it could not judge instead of dropping them.
-- A reply after the calendar's end to a deadline inside it (possible only in
-- a ledger year past the calendar) is late for reply_on_time, but it has no
-- working-day count, so here it is unknown too: the chart does not split a
-- row between the note and the late line.
-- inputs: $1 first year, $2 last year.
-- output: year, bucket (0: outside the known calendar, 1: ≤5, 2: 6–10,
--   3: 11–15, 4: 16–20, 5: 21–40, 6: over 40 working days), answered,
--   late (always 0 in bucket 0).
WITH a AS (
    SELECT year, replied, coalesce(correction_done, received) AS start,
           20 + CASE WHEN extended THEN 20 ELSE 0 END + coalesce(consult_days, 0) AS allowed
    FROM cur_applications
    WHERE year BETWEEN $1 AND $2 AND replied IS NOT NULL AND year(replied) = year
), d AS (
    -- The calendar table holds only the known days, so a date outside it
    -- joins to nothing: left joins keep the row to be counted as unknown.
    SELECT a.year, cr.wd_seq - cs.wd_seq AS days, a.replied > w.d AS late,
           cs.d IS NULL OR cr.d IS NULL OR w.d IS NULL AS unknown
    FROM a
    LEFT JOIN calendar cs ON cs.d = a.start
    LEFT JOIN calendar cr ON cr.d = a.replied
    LEFT JOIN calendar w ON w.is_work AND w.wd_seq = cs.wd_seq + a.allowed
)
SELECT year,
       CASE WHEN unknown THEN 0
            WHEN days <= 5 THEN 1 WHEN days <= 10 THEN 2 WHEN days <= 15 THEN 3
            WHEN days <= 20 THEN 4 WHEN days <= 40 THEN 5 ELSE 6 END AS bucket,
       count(*) AS answered,
       count(*) FILTER (WHERE NOT unknown AND late) AS late
FROM d
GROUP BY ALL
ORDER BY year, bucket;
