-- version_scored_record: remember the ledger batches a year's draft is
-- scored from: those active for the year in the scoring transaction, which
-- the measures read (migration 0015). input: $1 year.
DELETE FROM score_batches WHERE year = $1;

INSERT INTO score_batches
SELECT b.year, b.unit_id, b.kind, b.batch_id
FROM batches b
WHERE b.year = $1 AND b.batch_id IN (SELECT batch_id FROM active_batches);
