-- measure_param: the scheme's parameter of the measure, read by the measure
-- and measure_insert as getvariable('param'). input: ? param.
SET VARIABLE param = ?;
