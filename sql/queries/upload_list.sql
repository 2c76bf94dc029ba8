-- upload_list: one page of the admin's upload list (上传批次): the batches
-- (but those still loading) and the refused uploads (migration 0010),
-- newest first, filtered. input: $1 unit_id (NULL: any; 0 is the county),
-- $2 kind ('' any), $3 year (0 any), $4 state ('' any; active, superseded,
-- refused, or partial: a batch of a partial import, whatever its state),
-- $5 the oldest annotated workbook still kept, $6 limit, $7 offset.
-- output: entry ('batch' or 'refusal'), id, kind, unit_id (NULL unknown),
-- unit name ('' for the county or unknown), year, file_name, uploader, at,
-- rows_loaded, rows_refused, partial, status ('refused' for a refusal),
-- replaced_by, code, reason, the annotated workbook's file_id ('' if none
-- or expired), and the number of entries matching the filters.
WITH e AS (
    SELECT 'batch' AS entry, batch_id AS id, kind, unit_id, year, file_name, uploader, uploaded_at AS at,
           rows_loaded, rows_refused, partial, status, coalesce(replaced_by, 0) AS replaced_by,
           '' AS code, '' AS reason, '' AS file_id
    FROM batches WHERE status <> 'loading'
    UNION ALL
    SELECT 'refusal', r.refusal_id, r.kind, r.unit_id, r.year, r.file_name, r.uploader, r.refused_at,
           0, r.rows_refused, false, 'refused', 0,
           r.code, r.reason, CASE WHEN f.created_at >= $5 THEN f.file_id ELSE '' END
    FROM upload_refusals r LEFT JOIN upload_files f ON f.file_id = r.file_id
)
SELECT e.entry, e.id, e.kind, e.unit_id, coalesce(u.name, ''), e.year, e.file_name, e.uploader,
       strftime(e.at, '%Y-%m-%d %H:%M:%S'), e.rows_loaded, e.rows_refused, e.partial, e.status,
       e.replaced_by, e.code, e.reason, e.file_id, count(*) OVER ()
FROM e LEFT JOIN units u ON u.unit_id = e.unit_id
WHERE ($1::BIGINT IS NULL OR e.unit_id = $1)
  AND ($2 = '' OR e.kind = $2)
  AND ($3 = 0 OR e.year = $3)
  AND ($4 = '' OR e.status = $4 OR ($4 = 'partial' AND e.partial))
ORDER BY e.at DESC, e.entry, e.id DESC
LIMIT $6 OFFSET $7;
