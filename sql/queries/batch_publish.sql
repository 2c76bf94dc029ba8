-- batch_publish: make batches the ones readers of cur_* see, by appending
-- them to the active log (migration 0005) in one statement, in order: the
-- sequence numbers are taken row by row in list order, which store checks
-- with the rows returned. {{ids}}, {{units}}, {{kinds}}, {{years}}: the
-- batches, their unit ids, kind names and years, lists of the same length
-- written into the statement by store (numbers, and names from the code's
-- own list of kinds; see batch_active). output: seq, batch_id.
INSERT INTO batch_active_log
SELECT nextval('active_seq'), unnest([{{units}}]), unnest([{{kinds}}]), unnest([{{years}}]), unnest([{{ids}}])
RETURNING seq, batch_id;
