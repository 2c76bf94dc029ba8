-- audit_list: a page of the audit log, newest first, filtered.
-- input: account ('' = any), action ('' = any), first day (NULL = open),
-- last day, inclusive (NULL = open), limit, offset.
-- output: audit_id, at, account, role, unit name, action, detail, remote, ok.
SELECT l.audit_id, strftime(l.logged_at, '%Y-%m-%d %H:%M:%S'), l.account, l.role, coalesce(u.name, ''), l.action, l.detail, l.remote, l.ok
FROM audit_log l LEFT JOIN units u ON u.unit_id = l.unit_id
WHERE ($1 = '' OR l.account = $1)
  AND ($2 = '' OR l.action = $2)
  AND ($3::DATE IS NULL OR l.logged_at >= $3::DATE)
  AND ($4::DATE IS NULL OR l.logged_at < $4::DATE + 1)
ORDER BY l.audit_id DESC
LIMIT $5 OFFSET $6;
