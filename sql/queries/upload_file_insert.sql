-- upload_file_insert: an annotated workbook kept for download. input: file_id, unit_id (NULL if unknown), account_id, display_name.
INSERT INTO upload_files (file_id, unit_id, account_id, display_name, created_at) VALUES ($1, $2, $3, $4, now()::TIMESTAMP);
