-- convert_applications: the requests with a 申请内容 of the ledger years $1
-- to $2, every unit, the text that metrics.Convert groups by matter. Only
-- the ledger views, so that it runs over a Parquet export as well.
-- output: unit_id, row_id, app_no, received, content; in the order
--   received (then unit, row), so that the grouping is deterministic.
SELECT unit_id, row_id, coalesce(app_no, ''), received, trim(content)
FROM cur_applications
WHERE year BETWEEN $1 AND $2 AND trim(coalesce(content, '')) <> ''
ORDER BY received, unit_id, row_id;
