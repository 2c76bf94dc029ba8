-- 0008_county_batches: a county-wide ledger (gongkai.Kind.CountyWide: the
-- 重点任务台账 and the 综合考核权重表) is the county's, not a unit's. Its
-- batches, their active-log entries and its rows carry unit_id 0
-- (gongkai.CountyUnitID), which no unit of the registry has (ids start at
-- 1), so batches.unit_id stays NOT NULL and the active key (unit_id, kind,
-- year) needs no change: one active batch per county-wide kind and year,
-- replaced, restored and de-duplicated like a unit's. The history shows the
-- county as gongkai.CountyName (store.History).
-- Batches loaded before under the unit that uploaded them move to the county.
-- Where several units each had an active one of a kind and year, the one the
-- active log now shows (the latest published) stays active and the others
-- become its history, as a replacement would have left them.
UPDATE batches SET unit_id = 0 WHERE kind IN ('tasks', 'weights');
UPDATE batch_active_log SET unit_id = 0 WHERE kind IN ('tasks', 'weights');
UPDATE ledger_tasks SET unit_id = 0;
UPDATE ledger_weights SET unit_id = 0;
UPDATE batches SET status = 'superseded', replaced_by = a.batch_id, changed_at = now()::TIMESTAMP
FROM (
    SELECT kind, year, arg_max(batch_id, seq) AS batch_id
    FROM batch_active_log WHERE kind IN ('tasks', 'weights') GROUP BY kind, year
) a
WHERE batches.kind = a.kind AND batches.year = a.year AND batches.status = 'active' AND batches.batch_id <> a.batch_id;
