-- 0019_unit_tree: every registry unit under each of its ancestors, itself
-- included (root = unit_id), walked down units.parent_id once here for
-- every query that rolls a unit's descendants up (the annual report's
-- tables 二, 三 and 四) instead of a recursive walk in each of them.
CREATE VIEW unit_tree AS
WITH RECURSIVE t(root, unit_id) AS (
    SELECT unit_id, unit_id FROM units
    UNION
    SELECT t.root, u.unit_id FROM units u JOIN t ON u.parent_id = t.unit_id
)
SELECT root, unit_id FROM t;
