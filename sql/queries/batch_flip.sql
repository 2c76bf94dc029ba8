-- batch_flip: the history half of publishing batches (a loaded group, or
-- one batch restored), in one statement: every batch given takes its new
-- state -- the end state of publishing the batches one after another:
-- each key's batch active before is superseded by the key's first
-- published batch, each published batch by the next published batch of
-- its key, and the last of each key is active. Which batch readers see is
-- decided by batch_publish (migration 0005); batches.status is the
-- history's record. $1 the batches and $2 the batch that replaces each (0
-- for those that become active), lists of the same length, joined to
-- batches unnested: a CASE with one WHEN per batch, written into the
-- statement, cost DuckDB over a second for a group of 2,000 batches (most
-- of it planning), lists written as numbers a tenth of that, bound lists
-- half as much again; for one batch all three cost the same.
UPDATE batches SET
    status      = CASE WHEN g.by_id = 0 THEN 'active' ELSE 'superseded' END,
    replaced_by = nullif(g.by_id, 0),
    changed_at  = now()::TIMESTAMP
FROM (SELECT unnest($1::BIGINT[]) AS batch_id, unnest($2::BIGINT[]) AS by_id) g
WHERE batches.batch_id = g.batch_id;
