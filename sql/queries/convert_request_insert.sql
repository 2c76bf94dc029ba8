-- convert_request_insert: one request of a stored topic (migration 0018).
INSERT INTO convert_requests (year, param, unit_id, topic, row_id, app_no, received, content)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8);
