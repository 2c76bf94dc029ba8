-- declare_score_none: before the rule engine runs (score.sql), the leaves it
-- scores by their when_none for each unit: those whose every kind read by
-- the measure the unit declared it had none of (declared_none).
-- input: getvariable('year'). Writes score_none.
DELETE FROM score_none WHERE year = getvariable('year');
INSERT INTO score_none (year, unit_id, id, when_none)
SELECT n.year, d.unit_id, n.id, any_value(n.when_none)
FROM scheme_none n
JOIN declared_none d ON d.year = n.year AND d.kind = n.kind
WHERE n.year = getvariable('year')
GROUP BY n.year, d.unit_id, n.id
HAVING count(*) = (SELECT count(*) FROM scheme_none x WHERE x.year = n.year AND x.id = n.id);
