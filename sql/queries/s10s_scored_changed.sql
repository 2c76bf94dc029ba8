-- s10s_scored_changed: what of a year changed since its scores were
-- computed, per unit and kind: scored selects unit_id, kind and the id of
-- what they were computed from (a batch, a 零报告 declaration), now the
-- same of what is in force now, each filled in from a query file of two
-- (version_scored_changed.sql, s15_score_declarations_changed.sql, which
-- say their inputs); the rows where the two differ (either may be missing:
-- one since, or one gone since). output: unit_id, unit name ('' for the
-- county), kind, the id scored, the id now; by unit and kind.
WITH scored(unit_id, kind, id) AS (
{{scored}}
), now(unit_id, kind, id) AS (
{{now}}
)
SELECT coalesce(s.unit_id, n.unit_id) AS unit_id, coalesce(u.name, '') AS unit, coalesce(s.kind, n.kind) AS kind,
       s.id, n.id
FROM scored s FULL JOIN now n ON n.unit_id = s.unit_id AND n.kind = s.kind
LEFT JOIN units u ON u.unit_id = coalesce(s.unit_id, n.unit_id)
WHERE s.id IS DISTINCT FROM n.id
ORDER BY 1, 3;
