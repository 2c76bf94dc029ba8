-- unit_get: one unit of the registry. input: unit_id. output: unit_id, name, grp ('' if none).
SELECT unit_id, name, coalesce(grp, '') FROM units WHERE unit_id = $1;
