-- 0007_token_ids: API tokens get a number, so their owner and the admins can
-- list and revoke them without ever seeing the secret or its hash. The table
-- is rebuilt because DuckDB cannot add a PRIMARY KEY column to a table.
-- (Numbered 0007: 0006 is reserved for another change in flight.)
CREATE SEQUENCE token_seq START 1;
CREATE TABLE api_tokens_new (
    token_id   BIGINT PRIMARY KEY,
    token_hash VARCHAR NOT NULL UNIQUE,
    account_id BIGINT NOT NULL,
    label      VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP
);
INSERT INTO api_tokens_new (token_id, token_hash, account_id, label, created_at, expires_at)
SELECT nextval('token_seq'), token_hash, account_id, label, created_at, expires_at FROM api_tokens ORDER BY created_at, token_hash;
DROP TABLE api_tokens;
ALTER TABLE api_tokens_new RENAME TO api_tokens;
