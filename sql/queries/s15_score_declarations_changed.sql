-- s15_score_declarations_changed: the 零报告 declarations of a year that
-- changed since its draft was scored (score_declarations, migration 0020),
-- compared by s10s_scored_changed.sql: per unit and kind the scheme scores
-- by when_none, the declaration in force when scored, then the one in force
-- now. input: $1 year.
SELECT unit_id, kind, decl_id FROM score_declarations WHERE year = $1;
SELECT unit_id, kind, decl_id FROM declared_none
WHERE year = $1 AND kind IN (SELECT kind FROM scheme_none WHERE year = $1);
