-- upload_file_get: an annotated workbook. input: file_id.
-- output: unit_id (0 if unknown), account_id, display_name, created_at.
SELECT coalesce(unit_id, 0), account_id, display_name, created_at FROM upload_files WHERE file_id = $1;
