-- holiday_insert: the statutory holidays and 调休 working days, all at once
-- (one statement instead of ~900 round trips on every rebuild).
-- inputs: $1 days (VARCHAR list, YYYY-MM-DD), $2 is_work flags, $3 names, in
-- the same order.
INSERT INTO holiday_exceptions
SELECT unnest($1::VARCHAR[])::DATE, unnest($2::BOOLEAN[]), unnest($3::VARCHAR[]);
