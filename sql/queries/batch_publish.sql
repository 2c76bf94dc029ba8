-- batch_publish: make batches the ones readers of cur_* see, by appending
-- them to the active log (migration 0005) in one statement, in order: the
-- sequence numbers are taken row by row in list order, which store checks
-- with the rows returned. $1 batch ids, $2 unit ids, $3 kind names, $4
-- years: lists of the same length, bound (as batch_flip's: for a group of
-- thousands of batches, numbers written into the statement cost DuckDB
-- more to parse than the insert). output: seq, batch_id.
INSERT INTO batch_active_log
SELECT nextval('active_seq'), unnest($2::BIGINT[]), unnest($3::VARCHAR[]), unnest($4::INTEGER[]), unnest($1::BIGINT[])
RETURNING seq, batch_id;
