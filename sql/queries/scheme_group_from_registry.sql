-- scheme_group_from_registry: a group's members are the registry units of that 考核分组.
-- inputs: $1 year, $2 grp.
INSERT INTO scheme_groups SELECT $1, $2, unit_id FROM units WHERE grp = $2
ON CONFLICT (year, unit_id) DO UPDATE SET grp = excluded.grp;
