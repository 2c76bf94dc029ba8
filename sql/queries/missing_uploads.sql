-- missing_uploads (催报): the assessed units (those with a 考核分组) that owe
-- a ledger kind for a year (unit_owes: what the year's scheme says the unit
-- must keep; every kind asked for when it says nothing), have no active
-- batch of it and have not declared that they had nothing of it
-- (declared_none, 零报告).
-- input: year, kinds (comma-separated ledger kind names, in display order).
-- output: unit_id, unit name, grp, kind; by group, unit id and the kinds' order.
WITH kinds AS (
    SELECT DISTINCT unnest(string_split($2, ',')) AS kind
)
SELECT u.unit_id, u.name, u.grp, k.kind
FROM units u CROSS JOIN kinds k
WHERE coalesce(u.grp, '') <> '' AND k.kind <> ''
  AND NOT EXISTS (SELECT 1 FROM batches b WHERE b.unit_id = u.unit_id AND b.kind = k.kind AND b.year = $1 AND b.status = 'active')
  AND NOT EXISTS (SELECT 1 FROM declared_none d WHERE d.unit_id = u.unit_id AND d.kind = k.kind AND d.year = $1)
  AND (NOT EXISTS (SELECT 1 FROM unit_owes o WHERE o.unit_id = u.unit_id AND o.year = $1)
       OR EXISTS (SELECT 1 FROM unit_owes o WHERE o.unit_id = u.unit_id AND o.year = $1 AND o.kind = k.kind))
ORDER BY u.grp, u.unit_id, list_position(string_split($2, ','), k.kind);
