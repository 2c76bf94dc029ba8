-- token_insert: an API token. input: token_hash, account_id, label, expires_at (NULL = never).
INSERT INTO api_tokens (token_hash, account_id, label, created_at, expires_at) VALUES ($1, $2, $3, now()::TIMESTAMP, $4);
