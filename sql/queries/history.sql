-- history: every upload batch, newest first, with the unit's name ('' for
-- the county's batches of a county-wide ledger, unit_id 0: no registry unit).
-- output: batch_id, kind, unit name, year, file_name, sha256, uploader, uploaded_at,
-- rows_read, rows_loaded (the file's rows as the clerk counts them), rows_skipped,
-- rows_refused, partial, status, replaced_by, rows_stored (the table's rows).
SELECT b.batch_id, b.kind, coalesce(u.name, ''), b.year, b.file_name, b.sha256, b.uploader,
       strftime(b.uploaded_at, '%Y-%m-%d %H:%M:%S'),
       b.rows_read, b.rows_loaded, b.rows_skipped, b.rows_refused, b.partial, b.status,
       coalesce(b.replaced_by, 0), b.rows_stored
FROM batches b LEFT JOIN units u USING (unit_id)
ORDER BY b.batch_id DESC;
