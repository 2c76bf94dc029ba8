-- 0015_score_batches: a year's draft remembers the ledger batches it was
-- scored from (issue 15: a version carries "the batch ids used"). Scoring
-- writes these rows in the transaction that writes the scores, so they are
-- the batches the measures read; a publication copies them into
-- version_batches, and is refused while the batches active now differ (a
-- ledger uploaded, replaced or restored after the last 计算), so a version
-- never claims batches its scores were not computed from.
CREATE TABLE score_batches (
    year     INTEGER NOT NULL,
    unit_id  BIGINT NOT NULL,
    kind     VARCHAR NOT NULL,
    batch_id BIGINT NOT NULL,
    PRIMARY KEY (year, unit_id, kind)
);

-- A year scored before this migration: the batches active now, the closest
-- record (as 0009 did for the versions it made).
INSERT INTO score_batches
SELECT b.year, b.unit_id, b.kind, b.batch_id
FROM batches b
WHERE b.batch_id IN (SELECT batch_id FROM active_batches)
  AND b.year IN (SELECT DISTINCT year FROM score_results);
