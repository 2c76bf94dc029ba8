-- batch_active: the active batch of one unit, ledger kind and year.
-- inputs: $1 unit_id, $2 kind, $3 year. output: batch_id, sha256.
SELECT batch_id, sha256 FROM batches
WHERE unit_id = $1 AND kind = $2 AND year = $3 AND status = 'active';
