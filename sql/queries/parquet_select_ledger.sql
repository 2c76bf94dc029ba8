-- parquet_select_ledger: one ledger table ({{table}}) with the batch each
-- row came from, for export-parquet. The batch_* columns are for whoever
-- reads the files (batch_status = 'active' marks the rows readers see, as
-- sql/parquet/views.sql uses it); import-parquet restores the batches from
-- batches/ and leaves them out.
SELECT l.*,
       b.kind        AS batch_kind,
       b.file_name   AS batch_file_name,
       b.sha256      AS batch_sha256,
       b.uploader    AS batch_uploader,
       b.uploaded_at AS batch_uploaded_at,
       b.status      AS batch_status
FROM {{table}} l LEFT JOIN batches b ON b.batch_id = l.batch_id
ORDER BY l.row_id
