-- bulk_flip: second half of publishing a group: each batch of the group is
-- active, or superseded by the group's next batch of the same unit, kind and
-- year -- the end state of batch_flip applied to them in order.
-- inputs, lists of the same length: $1 batch_id, $2 the next batch of the
-- same key in the group (0 for the last, which becomes active).
UPDATE batches SET
    status      = CASE WHEN g.next_id = 0 THEN 'active' ELSE 'superseded' END,
    replaced_by = nullif(g.next_id, 0),
    changed_at  = now()::TIMESTAMP
FROM (SELECT unnest($1::BIGINT[]) AS batch_id, unnest($2::BIGINT[]) AS next_id) g
WHERE batches.batch_id = g.batch_id;
