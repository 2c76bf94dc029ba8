-- cockpit_measure_units: each scored unit's value of a measure in a year, for
-- the cockpit's tiles (e.g. annual_report_on_time: 1 on time, 0 late, NULL
-- when no report was found). A unit is listed when the year's scheme scores
-- it on an indicator using the measure (the first such indicator by id).
-- input: $1 year, $2 measure name.
-- output: unit_id, value (NULL when the measure found nothing for the unit).
SELECT s.unit_id, arg_min(s.value, s.id) AS value
FROM score_items s JOIN scheme_indicators i ON i.year = s.year AND i.id = s.id
WHERE s.year = $1 AND i.measure = $2
GROUP BY s.unit_id
ORDER BY s.unit_id;
