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
-- The working-day calendar the deadline measures join (built from the State
-- Council holiday notices; see migration 0002), and what it was built from.
CREATE OR REPLACE VIEW calendar AS SELECT * FROM read_parquet(getvariable('parquet_dir') || '/calendar.parquet');
CREATE OR REPLACE VIEW holiday_exceptions AS SELECT * FROM read_parquet(getvariable('parquet_dir') || '/holiday_exceptions.parquet');
CREATE OR REPLACE VIEW calendar_coverage AS SELECT * FROM read_parquet(getvariable('parquet_dir') || '/calendar_coverage.parquet');
-- The year's scheme, for the rule engine.
CREATE OR REPLACE VIEW schemes AS
SELECT * FROM read_parquet(getvariable('parquet_dir') || '/schemes/**/*.parquet', hive_partitioning = true, hive_types = {'year': INTEGER});
CREATE OR REPLACE VIEW scheme_groups AS
SELECT * FROM read_parquet(getvariable('parquet_dir') || '/scheme_groups/**/*.parquet', hive_partitioning = true, hive_types = {'year': INTEGER});
CREATE OR REPLACE VIEW scheme_grades AS
SELECT * FROM read_parquet(getvariable('parquet_dir') || '/scheme_grades/**/*.parquet', hive_partitioning = true, hive_types = {'year': INTEGER});
CREATE OR REPLACE VIEW scheme_indicators AS
SELECT * FROM read_parquet(getvariable('parquet_dir') || '/scheme_indicators/**/*.parquet', hive_partitioning = true, hive_types = {'year': INTEGER});
-- 零报告 (migration 0011): the declarations and the batches, for the
-- declarations in force (declared_none, the migration's own view), and how
-- the scheme scores them: scoring in the session counts them as the
-- database does.
CREATE OR REPLACE VIEW batches AS
SELECT * FROM read_parquet(getvariable('parquet_dir') || '/batches/**/*.parquet', hive_partitioning = true, hive_types = {'year': INTEGER});
CREATE OR REPLACE VIEW declarations AS
SELECT * FROM read_parquet(getvariable('parquet_dir') || '/declarations/**/*.parquet', hive_partitioning = true, hive_types = {'year': INTEGER});
CREATE OR REPLACE VIEW scheme_none AS
SELECT * FROM read_parquet(getvariable('parquet_dir') || '/scheme_none/**/*.parquet', hive_partitioning = true, hive_types = {'year': INTEGER});
{{create declared_none}}
-- The batches readers see: an export keeps each batch's status, and an
-- active batch is the one its unit, kind and year show (what scoring
-- records in score_batches, migration 0015).
CREATE OR REPLACE VIEW active_batches AS SELECT batch_id FROM batches WHERE status = 'active';
-- The published versions of the results (migration 0009), read as exported:
-- metrics.ResultsOf, ExplainOf and Diff read a version over an export.
CREATE OR REPLACE VIEW result_versions AS
SELECT * FROM read_parquet(getvariable('parquet_dir') || '/result_versions/**/*.parquet', hive_partitioning = true, hive_types = {'year': INTEGER});
CREATE OR REPLACE VIEW version_results AS
SELECT * FROM read_parquet(getvariable('parquet_dir') || '/version_results/**/*.parquet', hive_partitioning = true, hive_types = {'year': INTEGER});
CREATE OR REPLACE VIEW version_items AS
SELECT * FROM read_parquet(getvariable('parquet_dir') || '/version_items/**/*.parquet', hive_partitioning = true, hive_types = {'year': INTEGER});
CREATE OR REPLACE VIEW version_explain AS
SELECT * FROM read_parquet(getvariable('parquet_dir') || '/version_explain/**/*.parquet', hive_partitioning = true, hive_types = {'year': INTEGER});
CREATE OR REPLACE VIEW version_batches AS
SELECT * FROM read_parquet(getvariable('parquet_dir') || '/version_batches/**/*.parquet', hive_partitioning = true, hive_types = {'year': INTEGER});
CREATE OR REPLACE VIEW version_grades AS
SELECT * FROM read_parquet(getvariable('parquet_dir') || '/version_grades/**/*.parquet', hive_partitioning = true, hive_types = {'year': INTEGER});
