-- table_columns: every column of the database's own tables with its DuckDB
-- type, in order (gongkai_feed declares them; see store/feed.go).
SELECT table_name, column_name, data_type FROM information_schema.columns
WHERE table_schema = 'main'
ORDER BY table_name, ordinal_position
