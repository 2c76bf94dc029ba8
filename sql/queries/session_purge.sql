-- session_purge: drop expired sessions and the sessions of an account (on
-- a password change or when disabled). input: now, account_id (0 = none).
DELETE FROM sessions WHERE expires_at < $1 OR account_id = $2;
