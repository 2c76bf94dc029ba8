-- proposal_unit: the 人大代表建议和政协提案 a unit hosts (主办单位) in a year,
-- for the unit page's block, with each one's standing as the measures judge
-- it: from the view proposal_checks (migration 0016) that they read, and the
-- N days of the year's scheme item proposal_public (its param, default 15,
-- as the measure's own default).
-- input: $1 unit id (0: every unit's, for the cockpit), $2 year.
-- output: 主办单位 unit_id, row_id, file name, source row, 编号, 类别, 标题, 协办单位, 交办日期,
--   办结期限, 办结日期, 答复类别, 是否公开答复全文, 公开日期, 满意度;
--   due_counted, late (按期办结), public_counted, public_timely (答复全文
--   公开, within N days), satisfied (NULL when not rated); N. By unit,
--   then 编号.
WITH n AS (
    SELECT coalesce((SELECT try_cast(nullif(param, '') AS INTEGER) FROM scheme_indicators
                     WHERE year = $2 AND measure = 'proposal_public' ORDER BY id LIMIT 1), 15) AS n
)
SELECT p.unit_id, p.row_id, coalesce(b.file_name, ''), p.src_row, coalesce(p.proposal_no, ''), coalesce(p.category, ''),
       coalesce(p.title, ''), coalesce(p.partners, ''), p.assigned, p.due, p.done_date,
       coalesce(p.reply_class, ''), p.full_text_public, p.published, coalesce(p.satisfaction, ''),
       p.due_counted, p.late,
       p.done_date IS NOT NULL AND (p.public_days IS NOT NULL OR p.full_text_public = false
         OR p.done_date + n.n < make_date(p.year, 12, 31)) AS public_counted,
       p.full_text_public IS DISTINCT FROM false AND coalesce(p.public_days <= n.n, false) AS public_timely,
       p.satisfied, n.n
FROM proposal_checks p
CROSS JOIN n
LEFT JOIN batches b ON b.batch_id = p.batch_id
WHERE ($1 = 0 OR p.unit_id = $1) AND p.year = $2
ORDER BY p.unit_id, p.category, length(p.proposal_no), p.proposal_no, p.row_id;
