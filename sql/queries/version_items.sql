-- version_items: a published version's indicator points per unit, as
-- score_items_read.sql reads the draft's. inputs: $1 year, $2 version.
-- output: unit_id, id, name, level, section, rule, points, max, value,
-- total, triggered, number of evidence rows; by unit in tree order.
SELECT unit_id, id, name, level, section, rule, points, max, value, total, triggered, evidence
FROM version_items
WHERE year = $1 AND version = $2
ORDER BY unit_id, section DESC,
         list_transform(string_split(regexp_replace(id, '^[BV]', ''), '.'), lambda x: x::INTEGER);
