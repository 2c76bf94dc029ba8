-- kind_counts: active batches and rows per ledger kind and year.
-- output: kind, year, batches, rows (the files' rows as the clerk counts
-- them), stored rows (the tables' rows).
SELECT kind, year, count(*), sum(rows_loaded), sum(rows_stored)
FROM batches WHERE status = 'active'
GROUP BY kind, year ORDER BY kind, year;
