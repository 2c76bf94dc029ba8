-- audit_insert: one audit entry. input: account, role, unit_id (NULL if none), action, detail, remote, ok.
INSERT INTO audit_log (audit_id, logged_at, account, role, unit_id, action, detail, remote, ok)
VALUES (nextval('audit_seq'), now()::TIMESTAMP, $1, $2, $3, $4, $5, $6, $7);
