-- declare_rule_insert: how a leaf indicator scores a declared 零报告
-- (scheme_none, migration 0011), one row per unit kind its measure reads.
-- input: $1 year, $2 indicator id, $3 when_none (full, exempt, zero), $4 kind.
INSERT INTO scheme_none (year, id, when_none, kind) VALUES ($1, $2, $3, $4);
