-- ledger_owed: per assessed unit (one with a 考核分组), how many of the
-- given ledger kinds it owes for a year (unit_owes, as missing_uploads.sql
-- reads it: every kind asked for when the scheme says nothing) and how many
-- of those it has delivered: an active batch, or a 零报告 (declared_none).
-- The cockpit's 台账报送 tile, in one pass over the units.
-- input: year, kinds (comma-separated ledger kind names).
-- output: unit_id, owed, received.
WITH kinds AS (
    SELECT DISTINCT unnest(string_split($2, ',')) AS kind
), owed AS (
    SELECT u.unit_id, k.kind
    FROM units u CROSS JOIN kinds k
    WHERE coalesce(u.grp, '') <> '' AND k.kind <> ''
      AND (NOT EXISTS (SELECT 1 FROM unit_owes o WHERE o.unit_id = u.unit_id AND o.year = $1)
           OR EXISTS (SELECT 1 FROM unit_owes o WHERE o.unit_id = u.unit_id AND o.year = $1 AND o.kind = k.kind))
)
SELECT w.unit_id, count(*),
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM batches b WHERE b.unit_id = w.unit_id AND b.kind = w.kind AND b.year = $1 AND b.status = 'active')
                           OR EXISTS (SELECT 1 FROM declared_none d WHERE d.unit_id = w.unit_id AND d.kind = w.kind AND d.year = $1))
FROM owed w
GROUP BY w.unit_id;
