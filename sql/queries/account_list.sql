-- account_list: every account, by role then name.
-- output: account_id, name, role, unit_id (0 if none), unit name, disabled, created_at, updated_at.
SELECT a.account_id, a.name, a.role, coalesce(a.unit_id, 0), coalesce(u.name, ''), a.disabled,
       strftime(a.created_at, '%Y-%m-%d %H:%M:%S'), strftime(a.updated_at, '%Y-%m-%d %H:%M:%S')
FROM accounts a LEFT JOIN units u ON u.unit_id = a.unit_id
ORDER BY CASE a.role WHEN 'admin' THEN 0 WHEN 'leader' THEN 1 ELSE 2 END, a.name;
