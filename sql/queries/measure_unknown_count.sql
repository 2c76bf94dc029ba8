-- measure_unknown_count: how many ledger rows of a year the working-day
-- measures could not judge (a date outside the known holiday calendar),
-- for the warning after scoring. input: $1 year. output: count.
SELECT count(DISTINCT row_id) FROM measure_unknown WHERE year = $1;
