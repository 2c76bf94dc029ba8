-- unit_status: the active batch of each ledger kind of one unit and year.
-- input: unit_id, year. output: kind, batch_id, file_name, rows_loaded, uploaded_at, uploader.
SELECT kind, batch_id, file_name, rows_loaded, strftime(uploaded_at, '%Y-%m-%d %H:%M:%S'), uploader
FROM batches WHERE unit_id = $1 AND year = $2 AND status = 'active'
ORDER BY kind;
