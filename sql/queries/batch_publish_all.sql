-- batch_publish_all: log every active batch that the active log does not
-- know yet (after an import of batches from Parquet).
INSERT INTO batch_active_log
SELECT nextval('active_seq'), b.unit_id, b.kind, b.year, b.batch_id
FROM batches b
WHERE b.status = 'active' AND b.batch_id NOT IN (SELECT batch_id FROM active_batches)
ORDER BY b.batch_id;
