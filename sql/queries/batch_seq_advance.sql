-- batch_seq_advance: take ? values of batch_seq, so that after an import the
-- next batch id comes after the imported ones (DuckDB sequences cannot be
-- set). input: ? the highest imported batch id.
SELECT max(nextval('batch_seq')) FROM range(?);
