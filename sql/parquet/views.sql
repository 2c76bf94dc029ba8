-- parquet/views.sql: over a directory written by `gongkai export-parquet`,
-- the views the measures (sql/measures/*.sql) and the rule engine
-- (sql/queries/score.sql) read, for a DuckDB session with no gongkai schema:
-- the measures then run unchanged (metrics test TestMeasuresOnParquet).
-- The directory is the only input, a local path or s3://bucket/prefix
-- (s3 needs the httpfs extension), set before the views are used:
--   SET VARIABLE parquet_dir = '/data/gongkai-parquet';
-- A text/template over the exported tables, as the export lists them
-- (store/parquet.go), which store.ParquetViews fills in: .Files, those
-- written as one file; .Views, those read as they are; .Copies, those
-- copied into tables (see below). The ledgers' cur_<kind> views come from
-- parquet/cur_view.sql, one per kind; store.ParquetViews returns them with
-- this file. To score as well, create the result tables of
-- parquet/results.sql: the exported tables the session writes when it
-- scores are those, not views.
-- export_table: a table of the export as export-parquet writes it, one
-- directory hive-partitioned by year (batches also by kind); the views
-- below and parquet/cur_view.sql read their tables through it.
CREATE OR REPLACE MACRO export_table(name) AS TABLE
SELECT * FROM read_parquet(getvariable('parquet_dir') || '/' || name || '/**/*.parquet', hive_partitioning = true, hive_types = {'year': INTEGER});
-- The registry (with the other names the 转化 list names units by) and the
-- working-day calendar the deadline measures join (built from the State
-- Council holiday notices; see migration 0002), with what it was built from.
{{- range .Files}}
CREATE OR REPLACE VIEW {{.}} AS SELECT * FROM read_parquet(getvariable('parquet_dir') || '/{{.}}.parquet');
{{- end}}
-- The year's scheme for the rule engine, the batches, the 零报告
-- declarations (migration 0011) and the published versions of the results
-- (migration 0009), read as exported: metrics.ResultsOf, ExplainOf and Diff
-- read a version over an export.
{{- range .Views}}
CREATE OR REPLACE VIEW {{.}} AS SELECT * FROM export_table('{{.}}');
{{- end}}
-- 依申请公开 → 主动公开 转化 (migration 0018): the frequent matters grouped
-- when the year was scored, which the measure convert_share reads. Tables
-- filled from the export, not views: scoring in the session (metrics.Score)
-- groups the requests again and rewrites a year's rows, as the database does.
{{- range .Copies}}
CREATE OR REPLACE TABLE {{.}} AS SELECT * FROM export_table('{{.}}');
{{- end}}
-- The declarations in force (declared_none, the migration's own view), so
-- that scoring in the session counts them as the database does.
{{create declared_none}}
-- The batches readers see: an export keeps each batch's status, and an
-- active batch is the one its unit, kind and year show (what scoring
-- records in score_batches, migration 0015).
CREATE OR REPLACE VIEW active_batches AS SELECT batch_id FROM batches WHERE status = 'active';
