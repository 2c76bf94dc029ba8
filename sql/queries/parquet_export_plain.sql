-- parquet_export_plain: a table without a year ({{table}}: the unit
-- registry) as one Parquet file {{target}}.
COPY (SELECT * FROM {{table}}) TO {{target}} (FORMAT parquet)
