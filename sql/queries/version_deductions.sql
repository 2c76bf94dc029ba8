-- version_deductions: leadership_deductions.sql over a published version:
-- every lost point (score-section leaves short of their maximum) with the
-- ledger rows behind it as published. A loss without rows gives one row
-- with NULL row fields.
-- inputs: $1 year, $2 version.
-- output: unit_id, grp, rank, unit name, id, indicator name, lost (rounded
--   to 0.01), row_id, file_name, sheet, row, label; in group, rank, unit,
--   indicator tree, sheet and row order.
WITH items AS (
    SELECT DISTINCT unit_id, id, name, round(max - points, 2) AS lost
    FROM version_explain
    WHERE year = $1 AND version = $2 AND rule NOT IN ('bonus', 'veto') AND points < max - 1e-9
), rows AS (
    SELECT unit_id, id, row_id, file_name, src_sheet, src_row, label
    FROM version_explain
    WHERE year = $1 AND version = $2 AND row_id IS NOT NULL AND NOT unknown
)
SELECT it.unit_id, r0.grp, r0.rank, r0.unit, it.id, it.name, it.lost,
       r.row_id, r.file_name, r.src_sheet, r.src_row, r.label
FROM items it
JOIN version_results r0 ON r0.year = $1 AND r0.version = $2 AND r0.unit_id = it.unit_id
LEFT JOIN rows r ON r.unit_id = it.unit_id AND r.id = it.id
ORDER BY r0.grp, r0.rank, r0.unit, it.unit_id,
         list_transform(string_split(it.id, '.'), lambda x: x::INTEGER), it.id,
         -- as explain.sql orders them (a CSV's rows, without a sheet, after
         -- a workbook's when a loss has rows of both)
         r.src_sheet, r.src_row, r.row_id;
