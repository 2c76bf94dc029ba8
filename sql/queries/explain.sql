-- explain: every indicator where a unit lost points (or a veto fired, or a
-- bonus was earned), with the ledger rows behind it.
-- inputs: $1 year, $2 unit_id.
-- output: id, indicator name, rule, measure, param, points, max, value, total,
--   triggered, row_id, kind, file_name, sheet, row, label (row fields NULL when
--   the loss has no rows behind it, e.g. a missing activity).
WITH items AS (
    SELECT s.*, i.name, i.rule, i.measure, i.param, i.section
    FROM score_items s JOIN scheme_indicators i ON i.year = s.year AND i.id = s.id
    WHERE s.year = $1 AND s.unit_id = $2 AND i.rule IS NOT NULL
      AND (s.points < s.max - 1e-9 AND i.section = 'score' OR s.triggered)
), ev AS (
    SELECT items.id, unnest(CASE WHEN len(items.evidence) = 0 THEN [NULL::BIGINT] ELSE items.evidence END) AS row_id
    FROM items
)
SELECT it.id, it.name, it.rule, it.measure, it.param, it.points, it.max, it.value, it.total, it.triggered,
       ev.row_id, lr.kind, b.file_name, lr.src_sheet, lr.src_row, lr.label
FROM items it
JOIN ev ON ev.id = it.id
LEFT JOIN ledger_rows lr ON lr.row_id = ev.row_id
LEFT JOIN batches b ON b.batch_id = lr.batch_id
ORDER BY list_transform(string_split(regexp_replace(it.id, '^[BV]', ''), '.'), lambda x: x::INTEGER), it.id, lr.src_sheet, lr.src_row;
