-- kind_counts: active batches and rows per ledger kind and year.
-- output: kind, year, batches, rows.
SELECT kind, year, count(*), sum(rows_loaded)
FROM batches WHERE status = 'active'
GROUP BY kind, year ORDER BY kind, year;
