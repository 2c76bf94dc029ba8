-- batch_drop_rows: remove the rows of batches that never became active
-- from one ledger table ({{table}} is replaced by the table name).
-- input: $1 batch_ids.
DELETE FROM {{table}} WHERE batch_id IN (SELECT unnest($1));
