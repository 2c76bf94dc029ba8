-- version_scored_changed: the ledgers of a year that changed since its
-- draft was scored, or since version $2 was (the cockpit's notes), compared
-- by s10s_scored_changed.sql: per unit and kind, the batch the draft (the
-- version) was scored from, then the batch active now. input: $1 year, $2
-- version (0: the draft).
SELECT unit_id, kind, batch_id FROM score_batches WHERE year = $1 AND $2 = 0
UNION ALL
SELECT unit_id, kind, batch_id FROM version_batches WHERE year = $1 AND version = $2 AND $2 <> 0;
SELECT unit_id, kind, batch_id FROM batches
WHERE year = $1 AND batch_id IN (SELECT batch_id FROM active_batches);
