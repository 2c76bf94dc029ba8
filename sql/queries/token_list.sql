-- token_list: API tokens, never their hashes, newest first.
-- input: account_id (0 = every account), now (for expired).
-- output: token_id, account name, role, label, created_at, expires_at ('' = never), expired.
SELECT t.token_id, a.name, a.role, t.label,
       strftime(t.created_at, '%Y-%m-%d %H:%M:%S'),
       coalesce(strftime(t.expires_at, '%Y-%m-%d %H:%M:%S'), ''),
       coalesce(t.expires_at <= $2, false)
FROM api_tokens t JOIN accounts a USING (account_id)
WHERE $1 = 0 OR t.account_id = $1
ORDER BY t.token_id DESC;
