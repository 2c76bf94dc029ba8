-- bulk_supersede: first half of publishing a group of batches (see
-- store.LoadBatches): the batch active before the group, for each unit, kind
-- and year the group loads, goes to history, replaced by the group's first
-- batch of that key -- what batch_flip does for that first batch.
-- inputs, lists of the same length: $1 unit_id, $2 kind, $3 year, $4 batch_id
-- of the group's first batch for the key.
UPDATE batches SET
    status      = 'superseded',
    replaced_by = k.first_id,
    changed_at  = now()::TIMESTAMP
FROM (SELECT unnest($1::BIGINT[]) AS unit_id, unnest($2::VARCHAR[]) AS kind,
             unnest($3::INTEGER[]) AS year, unnest($4::BIGINT[]) AS first_id) k
WHERE batches.unit_id = k.unit_id AND batches.kind = k.kind AND batches.year = k.year
  AND batches.status = 'active';
