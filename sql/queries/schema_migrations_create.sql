-- schema_migrations_create: the table of applied migrations, made before the
-- first migration runs so that a new database and an old one are migrated
-- the same way (see sql/migrations).
CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL);
