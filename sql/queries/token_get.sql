-- token_get: the account of an API token. input: token_hash.
-- output: account_id, name, role, unit_id (0 if none), unit name, disabled, expires_at (NULL = never).
SELECT a.account_id, a.name, a.role, coalesce(a.unit_id, 0), coalesce(u.name, ''), a.disabled, t.expires_at
FROM api_tokens t JOIN accounts a USING (account_id) LEFT JOIN units u ON u.unit_id = a.unit_id
WHERE t.token_hash = $1;
