-- interp_rate: share of 规章 and 行政规范性文件 issued in the year that have a
--   policy interpretation (解读).
-- Inputs: cur_documents; getvariable('year'). Documents not disclosed
--   (公开属性 不予公开/依申请公开) are not counted.
-- Output: unit_id, value (interpreted share), total (documents), evidence
--   (row_id of documents without interpretation).
--   unknown: always empty (no working days are counted).
SELECT unit_id,
       count(*) FILTER (WHERE interpreted IS NOT NULL) / count(*) AS value,
       count(*) AS total,
       coalesce(list(row_id ORDER BY row_id) FILTER (WHERE interpreted IS NULL), []) AS evidence,
       []::BIGINT[] AS unknown
FROM cur_documents
WHERE year = getvariable('year')
  AND doc_type IN ('规章', '行政规范性文件')
  AND coalesce(disclosure_attr, '主动公开') = '主动公开'
  AND (issued IS NULL OR year(issued) = getvariable('year'))
GROUP BY unit_id
