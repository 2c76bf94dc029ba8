-- version_explain: a published version's explanations, in explain_all.sql's
-- columns and order. inputs: $1 year, $2 version, $3 unit_id (0 = every unit).
-- output: unit_id, id, indicator name, rule, measure, param, points, max,
-- value, total, triggered, row_id, kind, file_name, sheet, row, label, unknown,
-- gap_from, gap_to, platform, account, when_none (migration 0014).
SELECT unit_id, id, name, rule, measure, param, points, max, value, total, triggered,
       row_id, kind, file_name, src_sheet, src_row, label, unknown,
       gap_from, gap_to, platform, account, when_none
FROM version_explain
WHERE year = $1 AND version = $2 AND ($3 = 0 OR unit_id = $3)
ORDER BY unit_id, list_transform(string_split(regexp_replace(id, '^[BV]', ''), '.'), lambda x: x::INTEGER), id,
         unknown, src_sheet, src_row, row_id;
