-- diverse_interpretation: documents interpreted in a form beyond text (图解,
--   视频, 新闻发布会, 在线访谈) — a typical bonus item (多元化解读).
-- Inputs: cur_documents; getvariable('year').
-- Output: unit_id, value (count), total (interpreted documents), evidence
--   (row_id of the documents counted).
--   unknown: always empty (no working days are counted).
SELECT unit_id,
       count(*) FILTER (WHERE (contains(interp_form, '图解') OR contains(interp_form, '视频') OR contains(interp_form, '新闻发布会') OR contains(interp_form, '在线访谈'))) AS value,
       count(*) AS total,
       coalesce(list(row_id ORDER BY row_id) FILTER (WHERE (contains(interp_form, '图解') OR contains(interp_form, '视频') OR contains(interp_form, '新闻发布会') OR contains(interp_form, '在线访谈'))), []) AS evidence,
       []::BIGINT[] AS unknown
FROM cur_documents
WHERE year = getvariable('year') AND interp_form IS NOT NULL
GROUP BY unit_id
