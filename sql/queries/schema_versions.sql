-- schema_versions: every applied migration's version. Migrate applies the
-- others, so a migration numbered below one applied already (branches
-- merged out of order) still runs.
SELECT version FROM schema_migrations ORDER BY version;
