-- workday_add: the date N working days after d (d itself is day 0).
-- inputs: $1 d, $2 N. output: the date; no row when d or the result lies
-- outside the known calendar.
SELECT w.d FROM calendar c JOIN calendar w ON w.is_work AND w.wd_seq = c.wd_seq + $2 WHERE c.d = $1::DATE;
