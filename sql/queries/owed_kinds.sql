-- owed_kinds: the ledger kinds a unit owes in a year by its scheme's owes:
-- (view unit_owes, views/unit_list.sql). No rows: the scheme says nothing for the
-- unit, which then owes every kind kept per unit.
-- input: $1 unit_id, $2 year. output: kind.
SELECT kind FROM unit_owes WHERE unit_id = $1 AND year = $2 ORDER BY kind;
