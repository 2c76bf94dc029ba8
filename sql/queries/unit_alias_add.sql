-- unit_alias_add: the aliases of the units being saved. input: $1 a JSON
-- array of {i, alias, unit_id}; an alias named by two units goes to the one
-- listed later (highest i), as when they were saved one after the other.
INSERT INTO unit_aliases (alias, unit_id)
SELECT alias, unit_id
FROM (
    SELECT *, row_number() OVER (PARTITION BY alias ORDER BY i DESC) AS nth
    FROM (SELECT unnest(from_json($1::JSON, '[{"i":"BIGINT","alias":"VARCHAR","unit_id":"BIGINT"}]'), recursive := true))
)
WHERE nth = 1
ON CONFLICT (alias) DO UPDATE SET unit_id = excluded.unit_id;
