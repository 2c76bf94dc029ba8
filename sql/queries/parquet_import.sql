-- parquet_import: the Parquet files of one table ({{files}}, a glob) into
-- {{table}}, column by column ({{columns}}: the table's own columns, so a
-- ledger's batch_* columns are left out); the year comes back from the
-- hive partition directories.
INSERT INTO {{table}} BY NAME
SELECT {{columns}} FROM read_parquet({{files}}, hive_partitioning = true, union_by_name = true)
