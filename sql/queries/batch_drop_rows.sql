-- batch_drop_rows: remove the rows of one batch that never became active
-- from its ledger table ({{table}} is replaced by the table name).
-- input: $1 batch_id.
DELETE FROM {{table}} WHERE batch_id = $1;
