-- convert_topic_insert: the stored topics of a year and param (migration
-- 0018) in one statement, not one a topic: a province's year has tens of
-- thousands. $1 year, $2 param; then lists of the same length, one element
-- a topic: $3 unit_id, $4 topic, $5 label, $6 keys, $7 asked, $8 units,
-- $9 unit_asked, $10 first_asked, $11 last_asked ('YYYY-MM-DD'), $12
-- match_row, $13 match_title, $14 match_category, $15 match_published
-- ('YYYY-MM-DD'), $16 match_coverage; $17, $18 whether match_row and
-- match_coverage are set (else NULL; an empty title, 栏目 or date is NULL).
INSERT INTO convert_topics (year, param, unit_id, topic, label, keys, asked, units, unit_asked, first_asked, last_asked,
                            match_row, match_title, match_category, match_published, match_coverage)
SELECT $1::INTEGER, $2::VARCHAR, unit_id, topic, label, keys, asked, units, unit_asked, first_asked::DATE, last_asked::DATE,
       CASE WHEN has_row THEN match_row END, NULLIF(match_title, ''), NULLIF(match_category, ''),
       NULLIF(match_published, '')::DATE, CASE WHEN has_cov THEN match_coverage END
FROM (SELECT unnest($3::BIGINT[]) AS unit_id, unnest($4::BIGINT[]) AS topic, unnest($5::VARCHAR[]) AS label,
             unnest($6::VARCHAR[]) AS keys, unnest($7::BIGINT[]) AS asked, unnest($8::BIGINT[]) AS units,
             unnest($9::BIGINT[]) AS unit_asked, unnest($10::VARCHAR[]) AS first_asked,
             unnest($11::VARCHAR[]) AS last_asked, unnest($12::BIGINT[]) AS match_row,
             unnest($13::VARCHAR[]) AS match_title, unnest($14::VARCHAR[]) AS match_category,
             unnest($15::VARCHAR[]) AS match_published, unnest($16::DOUBLE[]) AS match_coverage,
             unnest($17::BOOLEAN[]) AS has_row, unnest($18::BOOLEAN[]) AS has_cov);
