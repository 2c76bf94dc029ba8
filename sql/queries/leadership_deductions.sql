-- leadership_deductions: every lost point of every scored unit of a year
-- (score-section leaves whose points fall short of their maximum), with the
-- ledger rows behind it — explain_all.sql's losses for all units in one
-- pass, for the ranking workbook. A loss without rows (e.g. a missing
-- activity) gives one row with NULL row fields.
-- input: $1 year.
-- output: unit_id, grp, rank, unit name, id, indicator name, lost (rounded to 0.01),
--   row_id, file_name, sheet, row, label; in group, rank, unit, indicator
--   tree, sheet and row order.
WITH items AS (
    SELECT s.unit_id, s.id, s.evidence, i.name, round(s.max - s.points, 2) AS lost
    FROM score_items s JOIN scheme_indicators i ON i.year = s.year AND i.id = s.id
    WHERE s.year = $1 AND i.rule IS NOT NULL AND i.section = 'score'
      AND s.points < s.max - 1e-9
), ev AS (
    SELECT unit_id, id, unnest(CASE WHEN len(evidence) = 0 OR evidence IS NULL THEN [NULL::BIGINT] ELSE evidence END) AS row_id
    FROM items
), rows AS (
    SELECT ev.unit_id, ev.id, ev.row_id, lr.batch_id, lr.src_sheet, lr.src_row, lr.label
    FROM ev JOIN ledger_rows lr ON lr.row_id = ev.row_id
    WHERE lr.year = $1
)
SELECT it.unit_id, r0.grp, r0.rank, u.name, it.id, it.name, it.lost,
       r.row_id, b.file_name, r.src_sheet, r.src_row, r.label
FROM items it
JOIN score_results r0 ON r0.year = $1 AND r0.unit_id = it.unit_id
JOIN units u ON u.unit_id = it.unit_id
LEFT JOIN rows r ON r.unit_id = it.unit_id AND r.id = it.id
LEFT JOIN batches b ON b.batch_id = r.batch_id
ORDER BY r0.grp, r0.rank, u.name, it.unit_id,
         list_transform(string_split(it.id, '.'), lambda x: x::INTEGER), it.id,
         -- as explain.sql orders them (a CSV's rows, without a sheet, after
         -- a workbook's when a loss has rows of both)
         r.src_sheet, r.src_row, r.row_id;
