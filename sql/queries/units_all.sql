-- units_all: the unit registry with aliases, for resolving names in uploads.
-- output: unit_id, name, code, unit_type, grp, parent_id, aliases (list).
SELECT u.unit_id, u.name, coalesce(u.code, ''), coalesce(u.unit_type, ''), coalesce(u.grp, ''),
       coalesce(u.parent_id, 0),
       coalesce((SELECT list(a.alias ORDER BY a.alias) FROM unit_aliases a WHERE a.unit_id = u.unit_id), [])
FROM units u ORDER BY u.unit_id;
