-- interp_sync: "三同步" — share of interpreted documents whose interpretation
--   was published within N working days of the document (N = the rule's param,
--   default 3; same day counts as 0).
-- Inputs: cur_documents, calendar; getvariable('year'), getvariable('param').
-- Output: unit_id, value (timely share), total (interpreted documents),
--   evidence (row_id of late interpretations).
WITH d AS (
    SELECT x.row_id, x.unit_id, ci.wd_seq - cp.wd_seq AS wd
    FROM cur_documents x
    JOIN calendar cp ON cp.d = coalesce(x.published, x.issued)
    JOIN calendar ci ON ci.d = x.interpreted
    WHERE x.year = getvariable('year')
      AND x.doc_type IN ('规章', '行政规范性文件')
      AND coalesce(x.disclosure_attr, '主动公开') = '主动公开'
)
SELECT unit_id,
       count(*) FILTER (WHERE wd <= coalesce(try_cast(nullif(getvariable('param'), '') AS INTEGER), 3)) / count(*) AS value,
       count(*) AS total,
       coalesce(list(row_id ORDER BY row_id) FILTER (WHERE wd > coalesce(try_cast(nullif(getvariable('param'), '') AS INTEGER), 3)), []) AS evidence
FROM d
GROUP BY unit_id
