-- batch_publish: make a batch the one readers of cur_* see, by appending to
-- the active log (see migration 0005). inputs: $1 batch_id, $2 unit_id, $3 kind, $4 year.
INSERT INTO batch_active_log VALUES (nextval('active_seq'), $2, $3, $4, $1);
