-- audit_list: the newest audit entries. input: limit.
-- output: audit_id, at, account, role, unit name, action, detail, remote, ok.
SELECT l.audit_id, strftime(l.logged_at, '%Y-%m-%d %H:%M:%S'), l.account, l.role, coalesce(u.name, ''), l.action, l.detail, l.remote, l.ok
FROM audit_log l LEFT JOIN units u ON u.unit_id = l.unit_id
ORDER BY l.audit_id DESC
LIMIT $1;
