-- parquet_export_partitioned: the rows of a select (filled in below:
-- parquet_select_table or parquet_select_ledger) as Parquet files under
-- {{target}}, hive-partitioned by {{partition}} (year=2024/…, and for
-- batches year=2024/kind=applications/…); the partition columns live in
-- the directory names, not in the files.
COPY ({{select}}) TO {{target}} (FORMAT parquet, PARTITION_BY ({{partition}}))
