-- refusal_list: the refused uploads of one unit, newest first. input:
-- unit_id, the oldest annotated workbook still kept (created_at; older
-- ones are expired). output: refusal_id, refused_at, uploader, file_name,
-- kind, year, code, reason, rows_refused, the annotated workbook's file_id
-- ('' if none or expired), its created_at ('' if none or purged), whether
-- the refusal had one.
SELECT r.refusal_id, strftime(r.refused_at, '%Y-%m-%d %H:%M:%S'), r.uploader, r.file_name, r.kind, r.year,
       r.code, r.reason, r.rows_refused,
       CASE WHEN f.created_at >= $2 THEN f.file_id ELSE '' END,
       coalesce(strftime(f.created_at, '%Y-%m-%d %H:%M:%S'), ''), r.file_id IS NOT NULL
FROM upload_refusals r LEFT JOIN upload_files f ON f.file_id = r.file_id
WHERE r.unit_id = $1
ORDER BY r.refusal_id DESC;
