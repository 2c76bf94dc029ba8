-- token_by_id: one API token, for revoking it. input: token_id.
-- output: account_id, account name, label, token_hash.
SELECT t.account_id, a.name, t.label, t.token_hash
FROM api_tokens t JOIN accounts a USING (account_id)
WHERE t.token_id = $1;
