-- catalog_items: a unit's 公开事项目录 items of a year with what the checks
-- found (the unit page's block): the elements missing (as catalog_complete
-- counts them) and the deadlines (catalog_deadlines, as catalog_overdue
-- judges them), with the evidence: the matching publication of each
-- overdue or on-time deadline.
-- input: $1 year, $2 unit_id (0: every unit's, for the cockpit: one pass
--   over catalog_deadlines instead of one per unit).
-- output: unit_id, row_id, file_name, sheet, row, domain, item, time_limit, missing
--   (element names, in the catalogue's order), state (逾期 if any deadline
--   is overdue, else 无法判定 if none was judged and one could not be, else
--   按时 if one was met, else 未到期), overdue (the overdue periods, each
--   with its late publication if any), note (why not judged), matched (the
--   titles and dates of the publications found in time), by unit, then in
--   sheet and row order.
WITH c AS (
    SELECT l.unit_id, l.row_id, l.batch_id, l.src_sheet, l.src_row, l.domain, l.item, l.time_limit,
           list_filter(['公开事项名称', '公开内容（要素）', '公开依据', '公开时限', '公开主体', '公开方式', '公开渠道', '公开对象'],
                       lambda n, i: [l.item, l.content, l.basis, l.time_limit, l.subject, l.method, l.channel, l.audience][i] IS NULL
                                    OR trim([l.item, l.content, l.basis, l.time_limit, l.subject, l.method, l.channel, l.audience][i]) = '') AS missing
    FROM cur_catalog l
    WHERE l.year = $1 AND ($2 = 0 OR l.unit_id = $2)
), d AS (
    SELECT k.row_id,
           bool_or(k.state = '逾期') AS late,
           bool_or(k.state IN ('按时', '逾期')) AS judged,
           bool_or(k.state = '按时') AS met,
           bool_or(k.state = '无法判定') AS unsure,
           string_agg(coalesce(k.period, '') || '逾期' || coalesce('（' || p.title || ' ' || strftime(k.published, '%Y-%m-%d') || ' 公开）', '（未见公开）'), '；' ORDER BY k.nth)
               FILTER (WHERE k.state = '逾期') AS overdue,
           string_agg(p.title || ' ' || strftime(k.published, '%Y-%m-%d'), '；' ORDER BY k.nth) FILTER (WHERE k.state = '按时') AS matched,
           any_value(k.note) FILTER (WHERE k.state = '无法判定') AS note
    FROM catalog_deadlines k
    LEFT JOIN cur_disclosures p ON p.row_id = k.pub_row
    WHERE k.year = $1 AND ($2 = 0 OR k.unit_id = $2)
    GROUP BY k.row_id
)
SELECT c.unit_id, c.row_id, b.file_name, coalesce(c.src_sheet, ''), c.src_row, coalesce(c.domain, ''), coalesce(c.item, ''), coalesce(c.time_limit, ''),
       c.missing,
       CASE WHEN d.late THEN '逾期' WHEN NOT d.judged AND d.unsure THEN '无法判定' WHEN d.met THEN '按时' ELSE '未到期' END,
       coalesce(d.overdue, ''), coalesce(d.note, ''), coalesce(d.matched, '')
FROM c
JOIN batches b ON b.batch_id = c.batch_id
LEFT JOIN d ON d.row_id = c.row_id
ORDER BY c.unit_id, c.src_sheet, c.src_row, c.row_id
