-- session_insert: a login session. input: id_hash, account_id, csrf, expires_at, remote.
INSERT INTO sessions (id_hash, account_id, csrf, created_at, expires_at, remote)
VALUES ($1, $2, $3, now()::TIMESTAMP, $4, $5);
