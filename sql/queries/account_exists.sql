-- account_exists: 1 when an account has the login name, disabled or not.
-- input: $1 name.
SELECT count(*) FROM accounts WHERE name = $1;
