-- account_disable: disable or enable an account. input: name, disabled.
UPDATE accounts SET disabled = $2, updated_at = now()::TIMESTAMP WHERE name = $1;
