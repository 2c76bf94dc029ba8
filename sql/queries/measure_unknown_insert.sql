-- measure_unknown_insert: store the rows the measure in the temp view
-- measure_run could not judge (its unknown column: a date outside the known
-- holiday calendar), for getvariable('year'), getvariable('measure'),
-- getvariable('param').
INSERT INTO measure_unknown
SELECT getvariable('year'), unit_id, getvariable('measure'), getvariable('param'), row_id
FROM (SELECT unit_id, unnest(unknown) AS row_id FROM measure_run);
