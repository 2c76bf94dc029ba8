-- parquet_export_table: a table with a year column ({{table}}: batches, the
-- scheme and score tables) as Parquet files under {{target}},
-- hive-partitioned by year.
COPY (SELECT * FROM {{table}}) TO {{target}} (FORMAT parquet, PARTITION_BY (year))
