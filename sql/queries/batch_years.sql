-- batch_years: the years that have active ledger batches, newest first. output: year.
SELECT DISTINCT year FROM batches WHERE status = 'active' ORDER BY year DESC;
