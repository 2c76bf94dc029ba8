-- upload_active_batch: the active batch of a unit, kind and year -- what
-- a load would replace (columns as history.sql). input: unit_id, kind, year.
SELECT b.batch_id, b.kind, coalesce(u.name, ''), b.year, b.file_name, b.sha256, b.uploader,
       strftime(b.uploaded_at, '%Y-%m-%d %H:%M:%S'),
       b.rows_read, b.rows_loaded, b.rows_skipped, b.rows_refused, b.partial, b.status,
       coalesce(b.replaced_by, 0), b.rows_stored
FROM batches b LEFT JOIN units u USING (unit_id)
WHERE b.status = 'active' AND b.unit_id = $1 AND b.kind = $2 AND b.year = $3;
