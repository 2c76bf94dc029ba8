-- batch_unfinished_rows: remove from one ledger table ({{table}} is
-- replaced by the table name) the rows of every batch left 'loading'.
DELETE FROM {{table}} WHERE batch_id IN (SELECT batch_id FROM batches WHERE status = 'loading');
