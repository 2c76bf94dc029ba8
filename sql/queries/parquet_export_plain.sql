-- parquet_export_plain: a table without a year ({{table}}: the unit
-- registry, the working-day calendar) as one Parquet file {{target}}.
COPY (SELECT * FROM {{table}}) TO {{target}} (FORMAT parquet)
