-- measure_name: the measure that measure_insert records, as
-- getvariable('measure'). input: ? measure name.
SET VARIABLE measure = ?;
