-- token_purge_account: revoke every API token of an account (its password
-- changed, or it was disabled). input: account_id.
DELETE FROM api_tokens WHERE account_id = $1;
