-- parquet/cur_view.sql: one ledger kind's current rows over an export, for
-- a session with parquet/views.sql (its export_table reads the ledger
-- table). store.ParquetViews fills it in for each kind of gongkai.Kinds
-- ({{kind}} its name, {{table}} its ledger table), so the kinds are listed
-- nowhere in SQL. A ledger's current rows are those of
-- active batches; the export writes each row's batch status beside it
-- (batch_status), so no join is needed.
CREATE OR REPLACE VIEW cur_{{kind}} AS
SELECT * FROM export_table('{{table}}')
WHERE batch_status = 'active';
