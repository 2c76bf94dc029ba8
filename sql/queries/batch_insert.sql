-- batch_insert: record a new upload, still 'loading': its rows are committed
-- with it but no reader sees them until batch_flip makes it active.
-- inputs: batch_id, kind, unit_id, year, file_name, sha256, uploader,
-- rows_read, rows_loaded, rows_skipped, rows_refused, partial.
INSERT INTO batches (batch_id, kind, unit_id, year, file_name, sha256, uploader, uploaded_at,
                     rows_read, rows_loaded, rows_skipped, rows_refused, partial, status, replaced_by, changed_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, now()::TIMESTAMP, $8, $9, $10, $11, $12, 'loading', NULL, now()::TIMESTAMP);
