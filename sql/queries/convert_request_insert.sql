-- convert_request_insert: the requests of the stored topics (migration
-- 0018) in one statement. $1 year, $2 param; then lists of the same
-- length, one element a request: $3 unit_id, $4 topic, $5 row_id,
-- $6 app_no, $7 received ('YYYY-MM-DD'), $8 content.
INSERT INTO convert_requests (year, param, unit_id, topic, row_id, app_no, received, content)
SELECT $1::INTEGER, $2::VARCHAR, unit_id, topic, row_id, app_no, received::DATE, content
FROM (SELECT unnest($3::BIGINT[]) AS unit_id, unnest($4::BIGINT[]) AS topic, unnest($5::BIGINT[]) AS row_id,
             unnest($6::VARCHAR[]) AS app_no, unnest($7::VARCHAR[]) AS received, unnest($8::VARCHAR[]) AS content);
