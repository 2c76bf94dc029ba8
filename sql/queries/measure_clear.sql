-- measure_clear: drop the year's measure values before recomputing. input: getvariable('year').
DELETE FROM measure_values WHERE year = getvariable('year');
