-- version_results: a published version's unit scores, as score_results_read.sql
-- reads the draft's. inputs: $1 year, $2 version, $3 group ('' = all).
-- output: year, unit_id, unit name (as published), grp, base, bonus, total,
-- max, normalized, rank, grade, vetoed, overall_points.
SELECT year, unit_id, unit, grp, base, bonus, total, max, normalized, rank, grade, vetoed, overall_points
FROM version_results
WHERE year = $1 AND version = $2 AND ($3 = '' OR grp = $3)
ORDER BY grp, rank, unit;
