-- batch_drop_loading: forget batches that never became active; an active or
-- superseded batch is left alone. input: $1 batch_ids.
DELETE FROM batches WHERE batch_id IN (SELECT unnest($1)) AND status = 'loading';
