-- version_batches: the ledger batches a version of a year was published
-- from; version 0 = the batches the draft was scored from (score_batches).
-- inputs: $1 year, $2 version.
-- output: unit_id, kind, batch_id; by unit and kind.
SELECT unit_id, kind, batch_id FROM version_batches WHERE $2 > 0 AND year = $1 AND version = $2
UNION ALL
SELECT unit_id, kind, batch_id FROM score_batches WHERE $2 = 0 AND year = $1
ORDER BY unit_id, kind, batch_id;
