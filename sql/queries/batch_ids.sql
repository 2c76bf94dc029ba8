-- batch_ids: {{n}} new batch ids at once (the loader sorts them); {{n}} is
-- written into the statement by store, a number.
SELECT nextval('batch_seq') FROM range({{n}});
