-- deadlines (依申请 预警): the applications still open on a day (received on
-- or before it, no 答复日期), with their statutory deadline from the view
-- application_deadlines (the one reply_on_time reads) and the working days
-- left: the working days after the day up to and including the deadline
-- (0 = due that day, negative = overdue by that many working days).
-- input: $1 as-of date, $2 unit id (0 = every unit).
-- output: unit_id, unit name, row_id, ledger year, app_no, received, start,
--   allowed working days, deadline (NULL when it cannot be worked out),
--   days left (NULL likewise), state: overdue | due | open | unknown, where
--   due means at most $3 working days left. Most urgent first.
WITH as_of AS (
    SELECT max(wd_seq) AS seq FROM calendar WHERE d = $1::DATE
)
SELECT d.unit_id, coalesce(u.name, ''), d.row_id, d.year, coalesce(d.app_no, ''),
       d.received, d.start, d.allowed, d.deadline,
       d.deadline_seq - as_of.seq AS days_left,
       CASE WHEN d.deadline IS NULL OR as_of.seq IS NULL THEN 'unknown'
            WHEN d.deadline < $1::DATE THEN 'overdue'
            WHEN d.deadline_seq - as_of.seq <= $3 THEN 'due'
            ELSE 'open' END AS state
FROM application_deadlines d
CROSS JOIN as_of
LEFT JOIN units u ON u.unit_id = d.unit_id
WHERE d.replied IS NULL AND d.received <= $1::DATE
  AND ($2 = 0 OR d.unit_id = $2)
ORDER BY d.deadline NULLS LAST, d.unit_id, d.received, d.row_id;
