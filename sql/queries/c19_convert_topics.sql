-- c19_convert_topics: the 转化建议 stored when a year was scored (migration
-- 0018: convert_topics, the draft's) or as a version published them
-- (migration 0023: version_convert_topics), for the unit page, the API and
-- the cockpit, which read them instead of grouping the requests again.
-- input: $1 year, $2 version (0: the draft), $3 the measure's param,
--   $4 unit_id (0: every unit).
-- output: unit_id, topic, label, keys, asked, units, unit_asked, first_asked,
--   last_asked, match_row, match_title, match_category, match_published,
--   match_coverage; by topic, then unit (metrics.Convert's order).
SELECT unit_id, topic, label, keys, asked, units, unit_asked, first_asked, last_asked,
       match_row, coalesce(match_title, ''), coalesce(match_category, ''), match_published, match_coverage
FROM convert_topics
WHERE $2 = 0 AND year = $1 AND param = $3 AND ($4 = 0 OR unit_id = $4)
UNION ALL
SELECT unit_id, topic, label, keys, asked, units, unit_asked, first_asked, last_asked,
       match_row, coalesce(match_title, ''), coalesce(match_category, ''), match_published, match_coverage
FROM version_convert_topics
WHERE $2 <> 0 AND year = $1 AND version = $2 AND param = $3 AND ($4 = 0 OR unit_id = $4)
ORDER BY topic, unit_id;
