-- table_count: the rows of {{table}} (replaced by the table name), to check
-- that an import goes into an empty database.
SELECT count(*) FROM {{table}};
