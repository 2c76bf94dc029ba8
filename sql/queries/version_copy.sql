-- version_copy: freeze a year's draft (the live score tables) as a
-- published version: the results with the units' names, every indicator's
-- points, the batches the draft was scored from (score_batches, migration
-- 0015), the scheme's grades, the 转化建议 the draft was scored with
-- (migration 0023) and the earlier years' publications it is shown beside
-- (migration 0024; the explanations: version_copy_explain.sql).
-- inputs: $1 year, $2 version (its result_versions row written first).
INSERT INTO version_results
SELECT r.year, $2, r.unit_id, u.name, r.grp, r.base, r.bonus, r.total, r.max, r.normalized, r.rank, r.grade,
       r.vetoed, r.overall_points
FROM score_results r JOIN units u USING (unit_id)
WHERE r.year = $1;

INSERT INTO version_items
SELECT s.year, $2, s.unit_id, s.id, i.name, i.level, i.section, i.rule, s.points, s.max, s.value, s.total,
       s.triggered, coalesce(len(s.evidence), 0)
FROM score_items s JOIN scheme_indicators i ON i.year = s.year AND i.id = s.id
WHERE s.year = $1;

INSERT INTO version_batches
SELECT year, $2, unit_id, kind, batch_id FROM score_batches WHERE year = $1;

INSERT INTO version_grades
SELECT year, $2, grade, min_score, ord FROM scheme_grades WHERE year = $1;

INSERT INTO version_convert_topics
SELECT year, $2, param, unit_id, topic, label, keys, asked, units, unit_asked, first_asked, last_asked,
       match_row, match_title, match_category, match_published, match_coverage
FROM convert_topics WHERE year = $1;

INSERT INTO version_convert_requests
SELECT year, $2, param, unit_id, topic, row_id, app_no, received, content
FROM convert_requests WHERE year = $1;

-- the 零报告 declarations the draft was scored from (migration 0020)
INSERT INTO version_declarations
SELECT year, $2, unit_id, kind, decl_id FROM score_declarations WHERE year = $1;

-- the earlier years' publications in force now (each year's latest version,
-- when a publication), which the version is shown beside for ever
-- (migration 0024): its year-over-year figures and trends never follow a
-- later publication or withdrawal of an earlier year
INSERT INTO version_beside
SELECT $1, $2, v.year, v.version
FROM result_versions v
WHERE v.year < $1 AND v.state = 'published'
  AND v.version = (SELECT max(w.version) FROM result_versions w WHERE w.year = v.year);
