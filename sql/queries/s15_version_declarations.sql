-- s15_version_declarations: the 零报告 declarations a version of a year was
-- published from; version 0 = those the draft was scored from
-- (score_declarations, migration 0020). inputs: $1 year, $2 version.
-- output: unit_id, kind, decl_id; by unit and kind.
SELECT unit_id, kind, decl_id FROM version_declarations WHERE $2 > 0 AND year = $1 AND version = $2
UNION ALL
SELECT unit_id, kind, decl_id FROM score_declarations WHERE $2 = 0 AND year = $1
ORDER BY unit_id, kind, decl_id;
