-- batch_drop_loading: forget one batch that never became active; an active
-- or superseded batch is left alone. input: $1 batch_id.
DELETE FROM batches WHERE batch_id = $1 AND status = 'loading';
