-- version_scored_changed: the ledgers of a year that changed since its
-- draft was scored, or since version $2 was (the cockpit's notes): per
-- unit and kind, the batch the draft (the version) was scored from and the
-- batch active now, where they differ (either may be missing: a ledger
-- uploaded or gone since). input: $1 year, $2 version (0: the draft).
-- output: unit_id, unit name ('' for the county), kind, scored batch_id,
-- active batch_id; by unit and kind.
WITH scored AS (
    SELECT unit_id, kind, batch_id FROM score_batches WHERE year = $1 AND $2 = 0
    UNION ALL
    SELECT unit_id, kind, batch_id FROM version_batches WHERE year = $1 AND version = $2 AND $2 <> 0
), active AS (
    SELECT unit_id, kind, batch_id FROM batches
    WHERE year = $1 AND batch_id IN (SELECT batch_id FROM active_batches)
)
SELECT coalesce(s.unit_id, a.unit_id) AS unit_id, coalesce(u.name, '') AS unit, coalesce(s.kind, a.kind) AS kind,
       s.batch_id, a.batch_id
FROM scored s FULL JOIN active a ON a.unit_id = s.unit_id AND a.kind = s.kind
LEFT JOIN units u ON u.unit_id = coalesce(s.unit_id, a.unit_id)
WHERE s.batch_id IS DISTINCT FROM a.batch_id
ORDER BY 1, 3;
