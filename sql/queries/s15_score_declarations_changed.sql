-- s15_score_declarations_changed: the 零报告 declarations of a year that
-- changed since its draft was scored (score_declarations, migration 0020):
-- per unit and kind the scheme scores by when_none, the declaration in
-- force when scored and the one in force now, where they differ (either may
-- be missing: declared since, or withdrawn or ended by an upload since).
-- input: $1 year. output: unit_id, unit name, kind, scored decl_id, current
-- decl_id; by unit and kind.
WITH scored AS (
    SELECT unit_id, kind, decl_id FROM score_declarations WHERE year = $1
), now AS (
    SELECT unit_id, kind, decl_id FROM declared_none
    WHERE year = $1 AND kind IN (SELECT kind FROM scheme_none WHERE year = $1)
)
SELECT coalesce(s.unit_id, n.unit_id) AS unit_id, coalesce(u.name, '') AS unit, coalesce(s.kind, n.kind) AS kind,
       s.decl_id, n.decl_id
FROM scored s FULL JOIN now n ON n.unit_id = s.unit_id AND n.kind = s.kind
LEFT JOIN units u ON u.unit_id = coalesce(s.unit_id, n.unit_id)
WHERE s.decl_id IS DISTINCT FROM n.decl_id
ORDER BY 1, 3;
