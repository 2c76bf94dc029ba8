-- refusal_insert: a refused upload on record (migration 0010). input:
-- unit_id (NULL if unknown), account_id, uploader, file_name, kind, year,
-- code, reason, rows_refused, file_id (NULL if no annotated workbook).
INSERT INTO upload_refusals (refusal_id, refused_at, unit_id, account_id, uploader, file_name, kind, year, code, reason, rows_refused, file_id)
VALUES (nextval('refusal_seq'), now()::TIMESTAMP, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10);
