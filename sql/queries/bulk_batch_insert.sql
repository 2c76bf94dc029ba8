-- bulk_batch_insert: record a group of new uploads, still 'loading' (as
-- batch_insert does for one). inputs, lists of the same length, one element
-- per batch: $1 batch_id, $2 kind, $3 unit_id, $4 year, $5 file_name,
-- $6 sha256, $7 uploader, $8 rows_read, $9 rows_loaded, $10 rows_skipped,
-- $11 rows_refused, $12 partial.
INSERT INTO batches (batch_id, kind, unit_id, year, file_name, sha256, uploader, uploaded_at,
                     rows_read, rows_loaded, rows_skipped, rows_refused, partial, status, replaced_by, changed_at)
SELECT unnest($1::BIGINT[]), unnest($2::VARCHAR[]), unnest($3::BIGINT[]), unnest($4::INTEGER[]),
       unnest($5::VARCHAR[]), unnest($6::VARCHAR[]), unnest($7::VARCHAR[]), now()::TIMESTAMP,
       unnest($8::BIGINT[]), unnest($9::BIGINT[]), unnest($10::BIGINT[]), unnest($11::BIGINT[]),
       unnest($12::BOOLEAN[]), 'loading', NULL, now()::TIMESTAMP;
