-- unit_upsert: add or update one unit of the registry, keeping its id.
-- inputs: $1 unit_id, $2 name, $3 code, $4 unit_type, $5 grp, $6 parent_id.
INSERT INTO units (unit_id, name, code, unit_type, grp, parent_id)
VALUES ($1, $2, nullif($3, ''), nullif($4, ''), nullif($5, ''), nullif($6, 0))
ON CONFLICT (unit_id) DO UPDATE SET
    name = excluded.name, code = excluded.code, unit_type = excluded.unit_type,
    grp = excluded.grp, parent_id = excluded.parent_id;
