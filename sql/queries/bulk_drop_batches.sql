-- bulk_drop_batches: forget batches that never became active.
-- inputs: $1 batch_ids.
DELETE FROM batches WHERE batch_id IN (SELECT unnest($1::BIGINT[])) AND status = 'loading';
