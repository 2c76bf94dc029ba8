-- annual_units: the unit registry as the annual-report derivation needs it.
-- Meaning: every unit gets a report; parent_id drives the roll-up of a
--   parent's report (its own ledgers plus all descendants').
-- Inputs: units.
-- Output: unit_id, name, parent_id (0 when the unit has no parent), in
--   unit_id order.
SELECT unit_id, name, coalesce(parent_id, 0) AS parent_id
FROM units
ORDER BY unit_id;
