-- interp_sync: "三同步" — share of interpreted documents whose interpretation
--   was published within N working days of the document (N = the rule's param,
--   default 3; same day counts as 0). A document with a date outside the
--   known holiday calendar is neither timely nor late: left out of the total
--   and listed as unknown.
-- Inputs: cur_documents, calendar; getvariable('year'), getvariable('param').
-- Output: unit_id, value (timely share, NULL when nothing to count), total
--   (interpreted documents with both dates known to the calendar), evidence
--   (row_id of late interpretations), unknown (row_id of documents whose
--   working days cannot be counted).
WITH d AS (
    SELECT x.row_id, x.unit_id, ci.wd_seq - cp.wd_seq AS wd
    FROM cur_documents x
    LEFT JOIN calendar cp ON cp.d = coalesce(x.published, x.issued)
    LEFT JOIN calendar ci ON ci.d = x.interpreted
    WHERE x.year = getvariable('year')
      AND x.doc_type IN ('规章', '行政规范性文件')
      AND coalesce(x.disclosure_attr, '主动公开') = '主动公开'
      AND x.interpreted IS NOT NULL AND coalesce(x.published, x.issued) IS NOT NULL
)
SELECT unit_id,
       count(*) FILTER (WHERE wd <= coalesce(try_cast(nullif(getvariable('param'), '') AS INTEGER), 3)) / nullif(count(wd), 0) AS value,
       count(wd) AS total,
       coalesce(list(row_id ORDER BY row_id) FILTER (WHERE wd > coalesce(try_cast(nullif(getvariable('param'), '') AS INTEGER), 3)), []) AS evidence,
       coalesce(list(row_id ORDER BY row_id) FILTER (WHERE wd IS NULL), []) AS unknown
FROM d
GROUP BY unit_id
