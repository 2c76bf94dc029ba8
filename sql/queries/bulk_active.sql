-- bulk_active: the active batches of the given units, kinds and years (the
-- keys of a group of small batches, see store.LoadBatches).
-- inputs: $1 unit_ids, $2 kinds, $3 years (lists of the same length).
-- output: unit_id, kind, year, batch_id, sha256.
WITH k AS (
    SELECT unnest($1::BIGINT[]) AS unit_id, unnest($2::VARCHAR[]) AS kind, unnest($3::INTEGER[]) AS year
)
SELECT b.unit_id, b.kind, b.year, b.batch_id, b.sha256
FROM batches b SEMI JOIN k ON b.unit_id = k.unit_id AND b.kind = k.kind AND b.year = k.year
WHERE b.status = 'active';
