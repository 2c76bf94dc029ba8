-- bulk_publish: append a group's batches to the active log in one statement
-- (see batch_publish and migration 0005), with sequence numbers taken in the
-- group's order (bulk_active_seqs). inputs, lists of the same length:
-- $1 seq, $2 unit_id, $3 kind, $4 year, $5 batch_id.
INSERT INTO batch_active_log
SELECT unnest($1::BIGINT[]), unnest($2::BIGINT[]), unnest($3::VARCHAR[]), unnest($4::INTEGER[]), unnest($5::BIGINT[]);
