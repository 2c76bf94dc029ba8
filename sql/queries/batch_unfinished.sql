-- batch_unfinished: forget every batch left 'loading', after
-- batch_unfinished_rows has removed their rows.
DELETE FROM batches WHERE status = 'loading';
