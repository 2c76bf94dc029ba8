-- ledger_tables: the names of the ledger tables (ledger_*, one per ledger
-- kind), in order. From the catalog, so that every ledger table the
-- migrations made is covered, and a name pasted into SQL from this list is
-- a real table, never input.
SELECT table_name FROM information_schema.tables
WHERE table_name LIKE 'ledger\_%' ESCAPE '\' AND table_type = 'BASE TABLE'
ORDER BY table_name;
