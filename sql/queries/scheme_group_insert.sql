-- scheme_group_insert: one listed member of a group. inputs: year, grp, unit_id.
INSERT INTO scheme_groups VALUES ($1, $2, $3) ON CONFLICT (year, unit_id) DO UPDATE SET grp = excluded.grp;
