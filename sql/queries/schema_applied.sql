-- schema_applied: the versions of the applied migrations.
SELECT version FROM schema_migrations ORDER BY version;
