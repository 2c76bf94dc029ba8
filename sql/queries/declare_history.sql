-- declare_history: the 零报告 acts of one unit, newest first, each with what
-- became of it: in force, withdrawn (a later withdrawal), ended by an upload
-- (a batch of the kind and year is active), or replaced by a later act.
-- input: $1 unit_id.
-- output: decl_id, kind, year, act, note, account, acted_at, state (in_force,
--   withdrawn, uploaded, later, or '' for a withdrawal), batch_id (the
--   active batch that ended it, 0 if none).
WITH a AS (
    SELECT d.*,
           lead(d.act) OVER (PARTITION BY d.unit_id, d.kind, d.year ORDER BY d.decl_id) AS next_act
    FROM declarations d WHERE d.unit_id = $1
)
SELECT a.decl_id, a.kind, a.year, a.act, a.note, a.account, strftime(a.acted_at, '%Y-%m-%d %H:%M:%S'),
       CASE WHEN a.act <> 'declare' THEN ''
            WHEN a.next_act = 'withdraw' THEN 'withdrawn'
            WHEN a.next_act IS NOT NULL THEN 'later'
            WHEN b.batch_id IS NOT NULL THEN 'uploaded'
            ELSE 'in_force' END,
       coalesce(CASE WHEN a.act = 'declare' AND a.next_act IS NULL THEN b.batch_id END, 0)
FROM a
LEFT JOIN batches b ON b.unit_id = a.unit_id AND b.kind = a.kind AND b.year = a.year AND b.status = 'active'
ORDER BY a.decl_id DESC;
