-- upload_file_purge: forget the annotated workbooks made before a time
-- (the server then removes their files); a refusal that named one keeps
-- its record. input: created_at. output: file_id.
DELETE FROM upload_files WHERE created_at < $1 RETURNING file_id;
