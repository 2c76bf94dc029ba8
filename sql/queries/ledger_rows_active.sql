-- ledger_rows_active: a consistency check of the ledgers. output:
-- active batches; the rows their records say were stored; the rows really
-- stored under them (equal to the former unless a load was lost or
-- doubled); batches left 'loading'; rows whose batch is not recorded at all.
SELECT (SELECT count(*) FROM batches WHERE status = 'active'),
       (SELECT coalesce(sum(rows_stored), 0) FROM batches WHERE status = 'active'),
       (SELECT count(*) FROM ledger_rows r JOIN batches b USING (batch_id) WHERE b.status = 'active'),
       (SELECT count(*) FROM batches WHERE status = 'loading'),
       (SELECT count(*) FROM ledger_rows r WHERE NOT EXISTS (SELECT 1 FROM batches b WHERE b.batch_id = r.batch_id));
