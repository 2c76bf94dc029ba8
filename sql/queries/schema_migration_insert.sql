-- schema_migration_insert: record a migration as applied, in the same
-- transaction as the migration itself. inputs: ? version, ? name.
INSERT INTO schema_migrations VALUES (?, ?, now()::TIMESTAMP);
