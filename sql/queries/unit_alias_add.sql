-- unit_alias_add: one alias of a unit. inputs: $1 alias, $2 unit_id.
INSERT INTO unit_aliases (alias, unit_id) VALUES ($1, $2)
ON CONFLICT (alias) DO UPDATE SET unit_id = excluded.unit_id;
