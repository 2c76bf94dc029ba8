-- declare_in_force: a unit's 零报告 declarations in force for a year
-- (declared_none, migration 0011), for its status.
-- input: $1 unit_id, $2 year. output: kind, decl_id, note, account, acted_at.
SELECT kind, decl_id, note, account, strftime(acted_at, '%Y-%m-%d %H:%M:%S')
FROM declared_none WHERE unit_id = $1 AND year = $2
ORDER BY kind;
