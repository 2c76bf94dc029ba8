-- token_delete: revoke one API token. input: token_id.
DELETE FROM api_tokens WHERE token_id = $1;
