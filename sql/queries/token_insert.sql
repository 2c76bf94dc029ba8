-- token_insert: an API token. input: token_hash, account_id, label, expires_at (NULL = never).
-- output: token_id.
INSERT INTO api_tokens (token_id, token_hash, account_id, label, created_at, expires_at)
VALUES (nextval('token_seq'), $1, $2, $3, now()::TIMESTAMP, $4)
RETURNING token_id;
