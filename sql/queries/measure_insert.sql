-- measure_insert: store the values of the measure in the temp view
-- measure_run for getvariable('year'), getvariable('measure'), getvariable('param').
INSERT INTO measure_values
SELECT getvariable('year'), unit_id, getvariable('measure'), getvariable('param'),
       value, total, evidence
FROM measure_run;
