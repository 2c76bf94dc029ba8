-- measure_view: one measure's SELECT (a file of sql/measures, put in place
-- of the placeholder below) as the temp view measure_run, so that
-- measure_insert is one statement for every measure.
CREATE OR REPLACE TEMP VIEW measure_run AS
{{measure}}
