-- batch_activate: make an earlier batch the one readers see again.
-- input: $1 batch_id.
UPDATE batches SET status = 'active', replaced_by = NULL, changed_at = now()::TIMESTAMP WHERE batch_id = $1;
