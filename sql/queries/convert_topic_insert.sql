-- convert_topic_insert: one stored topic of a unit (migration 0018).
INSERT INTO convert_topics (year, param, unit_id, topic, label, keys, asked, units, unit_asked, first_asked, last_asked,
                            match_row, match_title, match_category, match_published, match_coverage)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16);
