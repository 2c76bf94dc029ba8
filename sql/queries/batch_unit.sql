-- batch_unit: the unit of a batch. input: batch_id. output: unit_id, kind, year, status.
SELECT unit_id, kind, year, status FROM batches WHERE batch_id = $1;
