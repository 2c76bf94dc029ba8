-- batch_supersede: move the active batch of a unit, kind and year to history.
-- inputs: $1 the batch that replaces it, $2 unit_id, $3 kind, $4 year.
UPDATE batches SET status = 'superseded', replaced_by = $1, changed_at = now()::TIMESTAMP
WHERE unit_id = $2 AND kind = $3 AND year = $4 AND status = 'active' AND batch_id <> $1;
