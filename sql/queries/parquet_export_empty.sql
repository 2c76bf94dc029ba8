-- parquet_export_empty: a partitioned table without rows as one Parquet
-- file of no rows ({{target}}, under year=0/), so that a reader of the
-- directory still finds files and their columns (those of the select filled
-- in below, less the partition columns, as in a partitioned file).
COPY (SELECT * EXCLUDE ({{partition}}) FROM ({{select}}) LIMIT 0) TO {{target}} (FORMAT parquet)
