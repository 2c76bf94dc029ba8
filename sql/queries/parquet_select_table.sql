-- parquet_select_table: the rows of {{table}} for export-parquet.
SELECT * FROM {{table}}
