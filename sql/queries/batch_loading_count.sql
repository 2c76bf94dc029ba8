-- batch_loading_count: batches a crash left 'loading', checked at every
-- open so that the cleanup runs only when there is something to clean.
SELECT count(*) FROM batches WHERE status = 'loading';
