-- bulk_batch_ids: $1 new batch ids at once, in ascending order.
SELECT nextval('batch_seq') AS id FROM range($1) ORDER BY id;
