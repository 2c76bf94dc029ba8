-- audit_count: how many entries of the audit log pass a filter (audit_list's).
-- input: account ('' = any), action ('' = any), first day (NULL = open),
-- last day, inclusive (NULL = open). output: the count.
SELECT count(*)
FROM audit_log l
WHERE ($1 = '' OR l.account = $1)
  AND ($2 = '' OR l.action = $2)
  AND ($3::DATE IS NULL OR l.logged_at >= $3::DATE)
  AND ($4::DATE IS NULL OR l.logged_at < $4::DATE + 1);
