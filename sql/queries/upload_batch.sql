-- upload_batch: one batch, as a row of the history (columns as history.sql). input: batch_id.
SELECT b.batch_id, b.kind, coalesce(u.name, ''), b.year, b.file_name, b.sha256, b.uploader,
       strftime(b.uploaded_at, '%Y-%m-%d %H:%M:%S'),
       b.rows_read, b.rows_loaded, b.rows_skipped, b.rows_refused, b.partial, b.status,
       coalesce(b.replaced_by, 0), b.rows_stored
FROM batches b LEFT JOIN units u USING (unit_id)
WHERE b.batch_id = $1;
