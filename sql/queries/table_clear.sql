-- table_clear: empty {{table}} (replaced by the table name): an import
-- replaces the derived reference data (the calendar) instead of adding to it.
DELETE FROM {{table}};
