-- parquet/views.sql: over a directory written by `gongkai export-parquet`,
-- the views the measures (sql/measures/*.sql) and the rule engine
-- (sql/queries/score.sql) read, for a DuckDB session with no gongkai schema:
-- the measures then run unchanged (metrics test TestMeasuresOnParquet).
-- The directory is the only input, a local path or s3://bucket/prefix
-- (s3 needs the httpfs extension), set before the views are used:
--   SET VARIABLE parquet_dir = '/data/gongkai-parquet';
-- A ledger's current rows are those of active batches; the export writes
-- each row's batch status beside it (batch_status), so no join is needed.
-- To score as well, create the result tables of parquet/results.sql.
CREATE OR REPLACE VIEW cur_applications AS
SELECT * FROM read_parquet(getvariable('parquet_dir') || '/ledger_applications/**/*.parquet', hive_partitioning = true, hive_types = {'year': INTEGER})
WHERE batch_status = 'active';
CREATE OR REPLACE VIEW cur_disclosures AS
SELECT * FROM read_parquet(getvariable('parquet_dir') || '/ledger_disclosures/**/*.parquet', hive_partitioning = true, hive_types = {'year': INTEGER})
WHERE batch_status = 'active';
CREATE OR REPLACE VIEW cur_documents AS
SELECT * FROM read_parquet(getvariable('parquet_dir') || '/ledger_documents/**/*.parquet', hive_partitioning = true, hive_types = {'year': INTEGER})
WHERE batch_status = 'active';
CREATE OR REPLACE VIEW cur_enforcement AS
SELECT * FROM read_parquet(getvariable('parquet_dir') || '/ledger_enforcement/**/*.parquet', hive_partitioning = true, hive_types = {'year': INTEGER})
WHERE batch_status = 'active';
CREATE OR REPLACE VIEW cur_appeals AS
SELECT * FROM read_parquet(getvariable('parquet_dir') || '/ledger_appeals/**/*.parquet', hive_partitioning = true, hive_types = {'year': INTEGER})
WHERE batch_status = 'active';
CREATE OR REPLACE VIEW cur_tasks AS
SELECT * FROM read_parquet(getvariable('parquet_dir') || '/ledger_tasks/**/*.parquet', hive_partitioning = true, hive_types = {'year': INTEGER})
WHERE batch_status = 'active';
CREATE OR REPLACE VIEW cur_media AS
SELECT * FROM read_parquet(getvariable('parquet_dir') || '/ledger_media/**/*.parquet', hive_partitioning = true, hive_types = {'year': INTEGER})
WHERE batch_status = 'active';
CREATE OR REPLACE VIEW cur_activities AS
SELECT * FROM read_parquet(getvariable('parquet_dir') || '/ledger_activities/**/*.parquet', hive_partitioning = true, hive_types = {'year': INTEGER})
WHERE batch_status = 'active';
CREATE OR REPLACE VIEW cur_responses AS
SELECT * FROM read_parquet(getvariable('parquet_dir') || '/ledger_responses/**/*.parquet', hive_partitioning = true, hive_types = {'year': INTEGER})
WHERE batch_status = 'active';
CREATE OR REPLACE VIEW cur_weights AS
SELECT * FROM read_parquet(getvariable('parquet_dir') || '/ledger_weights/**/*.parquet', hive_partitioning = true, hive_types = {'year': INTEGER})
WHERE batch_status = 'active';
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
