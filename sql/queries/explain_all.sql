-- explain_all: every indicator where a unit lost points (or a veto fired,
-- or a bonus was earned, or its measure could not judge some rows), with
-- the ledger rows behind it: of one unit (explain), or of every unit of a
-- year in one pass (the leadership site shows every unit's lost points;
-- version_copy freezes them). The unit filter stands on score_items, so
-- one unit's evidence alone reaches the ledger scans.
-- inputs: $1 year, $2 unit_id (0 = every unit).
-- output: unit_id, id, indicator name, rule, measure, param, points, max,
--   value, total, triggered, row_id, kind, file_name, sheet, row, label,
--   unknown (row fields NULL when the loss has no rows behind it, e.g. a
--   missing activity; unknown true for a row the measure left out because
--   a date lies outside the known holiday calendar, false for a row that
--   cost points), then gap_from, gap_to, platform, account (a new-media
--   post that ended a gap: the post before it, and its own date) and
--   when_none (the leaf was scored by a 零报告 of the unit: full, exempt or
--   zero; NULL if not); in unit, indicator tree and ledger-row order (rows
--   that cost points before rows that could not be judged; row_id breaks
--   ties, so the order is stable).
WITH items AS (
    SELECT s.*, i.name, i.rule, i.measure, i.param, i.section
    FROM score_items s JOIN scheme_indicators i ON i.year = s.year AND i.id = s.id
    WHERE s.year = $1 AND ($2 = 0 OR s.unit_id = $2) AND i.rule IS NOT NULL
      AND (s.points < s.max - 1e-9 AND i.section = 'score' OR s.triggered
           OR EXISTS (SELECT 1 FROM measure_unknown u
                      WHERE u.year = s.year AND u.unit_id = s.unit_id AND u.measure = i.measure AND u.param = i.param))
), ev AS (
    SELECT items.unit_id, items.id,
           unnest(CASE WHEN len(items.evidence) = 0 OR items.evidence IS NULL THEN [NULL::BIGINT] ELSE items.evidence END) AS row_id,
           false AS unknown
    FROM items
    UNION ALL
    SELECT items.unit_id, items.id, u.row_id, true
    FROM items JOIN measure_unknown u
      ON u.year = items.year AND u.unit_id = items.unit_id AND u.measure = items.measure AND u.param = items.param
),
-- An inner join lets DuckDB build on the few evidence ids and push their
-- range into the ledger scans; the outer join to items comes after.
rows AS (
    SELECT ev.unit_id, ev.id, ev.row_id, ev.unknown, lr.kind, lr.batch_id, lr.src_sheet, lr.src_row, lr.label
    FROM ev JOIN ledger_rows lr ON lr.row_id = ev.row_id
    WHERE lr.year = $1
), gaps AS (
    -- a new-media post among the evidence ended a gap in its account's
    -- updates: the account's post before it in the year, for the events of
    -- the explanation (media_violations)
    SELECT m.row_id, m.platform, m.account,
           (SELECT max(p.posted) FROM ledger_media p
            WHERE p.batch_id = m.batch_id AND p.platform = m.platform AND p.account = m.account
              AND p.posted < m.posted AND year(p.posted) = year(m.posted)) AS gap_from,
           m.posted AS gap_to
    FROM ledger_media m WHERE m.row_id IN (SELECT row_id FROM rows)
)
SELECT it.unit_id, it.id, it.name, it.rule, it.measure, it.param, it.points, it.max, it.value, it.total, it.triggered,
       r.row_id, r.kind, b.file_name, r.src_sheet, r.src_row, r.label, r.unknown,
       g.gap_from, g.gap_to, g.platform, g.account, sn.when_none
FROM items it
LEFT JOIN rows r ON r.unit_id = it.unit_id AND r.id = it.id
LEFT JOIN batches b ON b.batch_id = r.batch_id
LEFT JOIN gaps g ON g.row_id = r.row_id
LEFT JOIN score_none sn ON sn.year = it.year AND sn.unit_id = it.unit_id AND sn.id = it.id
ORDER BY it.unit_id, list_transform(string_split(regexp_replace(it.id, '^[BV]', ''), '.'), lambda x: x::INTEGER), it.id,
         r.unknown, r.src_sheet, r.src_row, r.row_id;
