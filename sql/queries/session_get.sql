-- session_get: the session and its account. input: id_hash.
-- output: account_id, name, role, unit_id (0 if none), unit name, disabled, csrf, expires_at.
SELECT a.account_id, a.name, a.role, coalesce(a.unit_id, 0), coalesce(u.name, ''), a.disabled, s.csrf, s.expires_at
FROM sessions s JOIN accounts a USING (account_id) LEFT JOIN units u ON u.unit_id = a.unit_id
WHERE s.id_hash = $1;
