-- unit_alias_clear: drop a unit's aliases before writing the new list. input: $1 unit_id.
DELETE FROM unit_aliases WHERE unit_id = $1;
