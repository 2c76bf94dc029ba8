-- convert_applications: the requests with a 申请内容 of the ledger years $1 to
-- $2, every unit, the text that metrics.Convert groups by matter.
-- output: unit_id, unit name, row_id, app_no, received, content; in the
--   order received (then unit, row), so that the grouping is deterministic.
SELECT a.unit_id, coalesce(u.name, ''), a.row_id, coalesce(a.app_no, ''), a.received, trim(a.content)
FROM cur_applications a
LEFT JOIN units u ON u.unit_id = a.unit_id
WHERE a.year BETWEEN $1 AND $2 AND trim(coalesce(a.content, '')) <> ''
ORDER BY a.received, a.unit_id, a.row_id;
