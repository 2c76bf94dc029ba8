-- 0012_batch_rows_stored: a batch records two counts of its rows.
-- rows_loaded is the file's rows loaded as the clerk counts them in the
-- file (what the history, the admin page and the CLI show); rows_stored is
-- the ledger table's rows under the batch, more where one row of the file
-- is stored several times (a 重点任务台账 task once per 牵头单位). Before this
-- migration rows_loaded held the stored rows: they move to rows_stored, and
-- the file's rows of a batch loaded before are its rows read less those
-- skipped and refused (how ingest counts them), wherever that is fewer.
ALTER TABLE batches ADD COLUMN rows_stored BIGINT DEFAULT 0;
ALTER TABLE batches ALTER COLUMN rows_stored SET NOT NULL;
UPDATE batches SET rows_stored = rows_loaded;
UPDATE batches SET rows_loaded = rows_read - rows_skipped - rows_refused
WHERE rows_read - rows_skipped - rows_refused BETWEEN 1 AND rows_loaded - 1;
