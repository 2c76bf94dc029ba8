-- convert_publications: the 主动公开台账 rows published from $1 to $2, every
-- unit, against which metrics.Convert matches the frequent requests.
-- output: unit_id, row_id, title, 栏目 ('' if none), published; by unit,
--   date, row.
SELECT unit_id, row_id, title, coalesce(category, ''), published
FROM cur_disclosures
WHERE published BETWEEN $1::DATE AND $2::DATE
ORDER BY unit_id, published, row_id;
