-- account_insert: a new account. input: name, role, unit_id (NULL unless clerk), password_hash.
-- output: account_id.
INSERT INTO accounts (account_id, name, role, unit_id, password_hash, disabled, created_at, updated_at)
VALUES (nextval('account_seq'), $1, $2, $3, $4, false, now()::TIMESTAMP, now()::TIMESTAMP)
RETURNING account_id;
