-- version_insert: record a version of a year's results: a publication (the
-- year's scheme and how many units it scored are kept with it; its rows
-- come from version_copy.sql) or a withdrawal (no results).
-- inputs: $1 year, $2 version, $3 state ('published' or 'withdrawn'), $4 by
-- whom, $5 reason.
INSERT INTO result_versions
SELECT $1, $2, $3, now()::TIMESTAMP, $4, $5,
       CASE WHEN $3 = 'published' THEN coalesce((SELECT name FROM schemes WHERE year = $1), '') ELSE '' END,
       CASE WHEN $3 = 'published' THEN coalesce((SELECT source_text FROM schemes WHERE year = $1), '') ELSE '' END,
       CASE WHEN $3 = 'published' THEN (SELECT count(*) FROM score_results WHERE year = $1) ELSE 0 END;
