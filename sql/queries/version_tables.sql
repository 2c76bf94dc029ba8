-- version_tables: the tables of the published versions of the results
-- (migration 0009: result_versions and version_*), in order, for the
-- Parquet export. From the catalog, as ledger_tables.sql, so that a table
-- a later migration adds is exported too, and a name pasted into SQL from
-- this list is a real table, never input.
SELECT table_name FROM information_schema.tables
WHERE (table_name = 'result_versions' OR table_name LIKE 'version\_%' ESCAPE '\') AND table_type = 'BASE TABLE'
ORDER BY table_name = 'result_versions' DESC, table_name;
