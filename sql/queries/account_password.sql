-- account_password: set an account's password. input: name, password_hash.
UPDATE accounts SET password_hash = $2, updated_at = now()::TIMESTAMP WHERE name = $1;
