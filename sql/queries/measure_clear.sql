-- measure_clear: drop the year's measure values, and the rows they could
-- not judge, before recomputing. input: getvariable('year').
DELETE FROM measure_values WHERE year = getvariable('year');
DELETE FROM measure_unknown WHERE year = getvariable('year');
