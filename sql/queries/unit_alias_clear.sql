-- unit_alias_clear: drop the aliases of the units being saved, before their
-- new lists are written. input: $1 a JSON array of unit ids.
DELETE FROM unit_aliases WHERE unit_id IN (SELECT unnest(from_json($1::JSON, '["BIGINT"]')));
