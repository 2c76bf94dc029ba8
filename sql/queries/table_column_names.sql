-- table_column_names: the columns of one table, in order, so that an import
-- names them and leaves out columns an export adds beside them.
-- input: ? table name.
SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position;
