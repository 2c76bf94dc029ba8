-- account_by_name: one account by login name. input: name.
-- output: account_id, name, role, unit_id (0 if none), unit name, password_hash, disabled.
SELECT a.account_id, a.name, a.role, coalesce(a.unit_id, 0), coalesce(u.name, ''), a.password_hash, a.disabled
FROM accounts a LEFT JOIN units u ON u.unit_id = a.unit_id
WHERE a.name = $1;
