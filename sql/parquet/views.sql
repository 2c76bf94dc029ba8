-- parquet/views.sql: over a directory written by `gongkai export-parquet`,
-- the views the measures (sql/measures/*.sql) and the rule engine
-- (sql/queries/score.sql) read, for a DuckDB session with no gongkai schema:
-- the measures then run unchanged (metrics test TestMeasuresOnParquet).
-- The directory is the only input, a local path or s3://bucket/prefix
-- (s3 needs the httpfs extension), set before the views are used:
--   SET VARIABLE parquet_dir = '/data/gongkai-parquet';
-- The ledgers' cur_<kind> views come from parquet/cur_view.sql, one per
-- kind; store.ParquetViews returns them with this file.
-- To score as well, create the result tables of parquet/results.sql.
-- export_table: a table of the export as export-parquet writes it, one
-- directory hive-partitioned by year (batches also by kind); the views
-- below and parquet/cur_view.sql read their tables through it.
CREATE OR REPLACE MACRO export_table(name) AS TABLE
SELECT * FROM read_parquet(getvariable('parquet_dir') || '/' || name || '/**/*.parquet', hive_partitioning = true, hive_types = {'year': INTEGER});
-- The working-day calendar the deadline measures join (built from the State
-- Council holiday notices; see migration 0002), and what it was built from.
CREATE OR REPLACE VIEW calendar AS SELECT * FROM read_parquet(getvariable('parquet_dir') || '/calendar.parquet');
CREATE OR REPLACE VIEW holiday_exceptions AS SELECT * FROM read_parquet(getvariable('parquet_dir') || '/holiday_exceptions.parquet');
CREATE OR REPLACE VIEW calendar_coverage AS SELECT * FROM read_parquet(getvariable('parquet_dir') || '/calendar_coverage.parquet');
-- The year's scheme, for the rule engine.
CREATE OR REPLACE VIEW schemes AS SELECT * FROM export_table('schemes');
CREATE OR REPLACE VIEW scheme_groups AS SELECT * FROM export_table('scheme_groups');
CREATE OR REPLACE VIEW scheme_grades AS SELECT * FROM export_table('scheme_grades');
CREATE OR REPLACE VIEW scheme_indicators AS SELECT * FROM export_table('scheme_indicators');
-- 零报告 (migration 0011): the declarations and the batches, for the
-- declarations in force (declared_none, the migration's own view), and how
-- the scheme scores them: scoring in the session counts them as the
-- database does.
CREATE OR REPLACE VIEW batches AS SELECT * FROM export_table('batches');
CREATE OR REPLACE VIEW declarations AS SELECT * FROM export_table('declarations');
CREATE OR REPLACE VIEW scheme_none AS SELECT * FROM export_table('scheme_none');
{{create declared_none}}
-- The registry and the domains the scheme asks each group to cover in its
-- 公开事项目录 (migration 0017), for unit_domains (parquet/derived.sql).
CREATE OR REPLACE VIEW units AS SELECT * FROM read_parquet(getvariable('parquet_dir') || '/units.parquet');
-- Their other names, which the registry's reader (store.Units) lists with
-- each unit: the 转化 list names its units through it.
CREATE OR REPLACE VIEW unit_aliases AS SELECT * FROM read_parquet(getvariable('parquet_dir') || '/unit_aliases.parquet');
CREATE OR REPLACE VIEW scheme_domains AS
SELECT * FROM export_table('scheme_domains');
-- 依申请公开 → 主动公开 转化 (migration 0018): the frequent matters grouped
-- when the year was scored, which the measure convert_share reads. Tables
-- filled from the export, not views: scoring in the session (metrics.Score)
-- groups the requests again and rewrites a year's rows, as the database does.
CREATE OR REPLACE TABLE convert_topics AS
SELECT * FROM export_table('convert_topics');
CREATE OR REPLACE TABLE convert_requests AS
SELECT * FROM export_table('convert_requests');
-- The batches readers see: an export keeps each batch's status, and an
-- active batch is the one its unit, kind and year show (what scoring
-- records in score_batches, migration 0015).
CREATE OR REPLACE VIEW active_batches AS SELECT batch_id FROM batches WHERE status = 'active';
-- The published versions of the results (migration 0009), read as exported:
-- metrics.ResultsOf, ExplainOf and Diff read a version over an export.
CREATE OR REPLACE VIEW result_versions AS
SELECT * FROM export_table('result_versions');
CREATE OR REPLACE VIEW version_results AS
SELECT * FROM export_table('version_results');
CREATE OR REPLACE VIEW version_items AS
SELECT * FROM export_table('version_items');
CREATE OR REPLACE VIEW version_explain AS
SELECT * FROM export_table('version_explain');
CREATE OR REPLACE VIEW version_batches AS
SELECT * FROM export_table('version_batches');
CREATE OR REPLACE VIEW version_declarations AS
SELECT * FROM export_table('version_declarations');
CREATE OR REPLACE VIEW version_grades AS
SELECT * FROM export_table('version_grades');
-- A published version's 转化建议 (migration 0023), read as exported.
CREATE OR REPLACE VIEW version_convert_topics AS
SELECT * FROM export_table('version_convert_topics');
CREATE OR REPLACE VIEW version_convert_requests AS
SELECT * FROM export_table('version_convert_requests');
