-- declare_insert: record a 零报告 act (declare or withdraw) of a unit for a
-- ledger kind and year; acts are never changed (migration 0011).
-- input: $1 unit_id, $2 kind, $3 year, $4 act, $5 note, $6 account.
-- output: the act's decl_id.
INSERT INTO declarations (decl_id, unit_id, kind, year, act, note, account, acted_at)
SELECT coalesce(max(decl_id), 0) + 1, $1, $2, $3, $4, $5, $6, now()::TIMESTAMP
FROM declarations
RETURNING decl_id;
