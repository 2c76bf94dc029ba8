-- unit_history: the upload batches of one unit, newest first (columns as history.sql). input: unit_id.
SELECT b.batch_id, b.kind, coalesce(u.name, ''), b.year, b.file_name, b.sha256, b.uploader,
       strftime(b.uploaded_at, '%Y-%m-%d %H:%M:%S'),
       b.rows_read, b.rows_loaded, b.rows_skipped, b.rows_refused, b.partial, b.status,
       coalesce(b.replaced_by, 0), b.rows_stored
FROM batches b LEFT JOIN units u USING (unit_id)
WHERE b.unit_id = $1 AND b.status <> 'loading'
ORDER BY b.batch_id DESC;
