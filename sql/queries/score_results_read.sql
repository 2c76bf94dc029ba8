-- score_results_read: a year's unit scores. inputs: $1 year, $2 group ('' = all).
-- output: year, unit_id, unit name, grp, base, bonus, total, max, normalized,
-- rank, grade, vetoed, overall_points.
SELECT r.year, r.unit_id, u.name, r.grp, r.base, r.bonus, r.total, r.max, r.normalized,
       r.rank, r.grade, r.vetoed, r.overall_points
FROM score_results r JOIN units u USING (unit_id)
WHERE r.year = $1 AND ($2 = '' OR r.grp = $2)
ORDER BY r.grp, r.rank, u.name;
