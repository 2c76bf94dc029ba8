-- batch_insert: record new uploads, still 'loading': their rows are
-- committed with them but no reader sees them until batch_flip and
-- batch_publish make them active. inputs, lists of the same length, one
-- element per batch: $1 batch_id, $2 kind, $3 unit_id, $4 year,
-- $5 file_name, $6 sha256, $7 uploader, $8 rows_read, $9 rows_loaded,
-- $10 rows_skipped, $11 rows_refused, $12 partial, $13 rows_stored
-- (rows_loaded: the file's rows as the clerk counts them; rows_stored: the
-- table's rows, more where a row is stored once per 牵头单位).
INSERT INTO batches (batch_id, kind, unit_id, year, file_name, sha256, uploader, uploaded_at,
                     rows_read, rows_loaded, rows_skipped, rows_refused, partial, status, replaced_by, changed_at,
                     rows_stored)
SELECT unnest($1), unnest($2), unnest($3), unnest($4),
       unnest($5), unnest($6), unnest($7), now()::TIMESTAMP,
       unnest($8), unnest($9), unnest($10), unnest($11),
       unnest($12), 'loading', NULL, now()::TIMESTAMP,
       unnest($13);
