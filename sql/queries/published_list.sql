-- published_list: the years whose results are published to the units, with
-- how many units were scored. output: year, published_at, published_by, units.
SELECT p.year, strftime(p.published_at, '%Y-%m-%d %H:%M:%S'), p.published_by,
       (SELECT count(*) FROM score_results r WHERE r.year = p.year)
FROM published_years p ORDER BY p.year DESC;
