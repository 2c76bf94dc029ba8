-- batch_next_id: a new batch id (bulk_batch_ids takes many at once).
SELECT nextval('batch_seq');
