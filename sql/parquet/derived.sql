-- parquet/derived.sql: the views the migrations derive from the cur_<kind>
-- views and the calendar, copied from their migration ({{create NAME}}), so
-- that the measures reading them run over an export unchanged.
{{create application_deadlines}}
{{create proposal_checks}}
