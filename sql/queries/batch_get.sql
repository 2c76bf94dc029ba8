-- batch_get: one batch by id. input: $1 batch_id.
SELECT batch_id, kind, unit_id, year, status FROM batches WHERE batch_id = $1;
