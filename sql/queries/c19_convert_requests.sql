-- c19_convert_requests: the requests of the stored topics of
-- c19_convert_topics.sql (same inputs), the draft's or a version's.
-- output: unit_id, topic, row_id, app_no, received, content; by unit and
--   topic, then in the order received (metrics.Convert's order).
SELECT unit_id, topic, row_id, app_no, received, content
FROM convert_requests
WHERE $2 = 0 AND year = $1 AND param = $3 AND ($4 = 0 OR unit_id = $4)
UNION ALL
SELECT unit_id, topic, row_id, app_no, received, content
FROM version_convert_requests
WHERE $2 <> 0 AND year = $1 AND version = $2 AND param = $3 AND ($4 = 0 OR unit_id = $4)
ORDER BY unit_id, topic, received, row_id;
