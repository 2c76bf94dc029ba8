-- owed_insert: a ledger kind the members of a 考核分组 owe (scheme_owes,
-- migration 0011). input: $1 year, $2 grp, $3 unit_type ('' = every type
-- the scheme does not name), $4 kind.
INSERT INTO scheme_owes (year, grp, unit_type, kind) VALUES ($1, $2, $3, $4);
