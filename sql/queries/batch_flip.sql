-- batch_flip: the history half of publishing batches (a loaded group, or
-- one batch restored), in one statement: every batch given takes its new
-- state -- the end state of publishing the batches one after another:
-- each key's batch active before is superseded by the key's first
-- published batch, each published batch by the next published batch of
-- its key, and the last of each key is active. Which batch readers see is
-- decided by batch_publish (migration 0005); batches.status is the
-- history's record. Written into the statement by store, as numbers:
-- {{ids}} the batches, {{active}} those that become active, and
-- {{replaced}} "WHEN batch_id THEN replaced_by" for each batch (NULL for
-- the active ones). For a few batches DuckDB plans this as a plain filter,
-- for many it makes the lists hash joins; bound lists, and list functions
-- to look a batch up in them, cost more than the statement itself for one
-- batch (see batch_active).
UPDATE batches SET
    status      = CASE WHEN batch_id IN ({{active}}) THEN 'active' ELSE 'superseded' END,
    replaced_by = CASE batch_id {{replaced}} END,
    changed_at  = now()::TIMESTAMP
WHERE batch_id IN ({{ids}});
