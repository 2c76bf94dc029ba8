-- batch_active: the active batches of the units, kinds and years a group
-- of batches loads (store.LoadBatches; one batch, or its restore): every
-- active batch whose unit, kind and year are each among the group's -- a
-- superset of the group's keys, which store narrows. {{units}}, {{kinds}}
-- and {{years}} are the group's unit ids, kind names and years, written
-- into the statement by store (numbers, and names from the code's own list
-- of kinds): for one key DuckDB plans the lookup as a plain filter, as
-- cheap as a lookup of that one key, and for many it makes the lists hash
-- joins; given as bound lists, a join had to be planned even for one key.
-- output: unit_id, kind, year, batch_id, sha256.
SELECT unit_id, kind, year, batch_id, sha256 FROM batches
WHERE status = 'active' AND unit_id IN ({{units}}) AND kind IN ({{kinds}}) AND year IN ({{years}});
