-- batch_max_id: the highest batch id, NULL without batches.
SELECT max(batch_id) FROM batches;
