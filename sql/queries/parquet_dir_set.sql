-- parquet_dir_set: the export directory that parquet/views.sql reads, set on
-- every connection of a session over an export (variables are per
-- connection). input: ? directory.
SET VARIABLE parquet_dir = ?;
