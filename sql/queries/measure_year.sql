-- measure_year: the year the measures and score.sql read as
-- getvariable('year'); an INTEGER, as the year columns are.
-- input: ? year.
SET VARIABLE year = ?::INTEGER;
