-- batch_flip: make one batch the active batch of its unit, kind and year and
-- move the batch that was active to history, in ONE statement. Readers must
-- never see both or neither active: a transaction that both appended ledger
-- rows and changed batches was seen half-committed by concurrent readers
-- (DuckDB 1.5.6), so rows are committed first under status 'loading' and
-- only this single-table update publishes them. (The half-committed reads
-- fit the stale-statistics plans that store/snapshot.go removes; see there.)
-- inputs: $1 batch_id to activate, $2 unit_id, $3 kind, $4 year.
UPDATE batches SET
    status      = CASE WHEN batch_id = $1 THEN 'active' ELSE 'superseded' END,
    replaced_by = CASE WHEN batch_id = $1 THEN NULL ELSE $1 END,
    changed_at  = now()::TIMESTAMP
WHERE batch_id = $1
   OR (unit_id = $2 AND kind = $3 AND year = $4 AND status = 'active');
