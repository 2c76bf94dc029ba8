-- version_list: the versions of a year's results, oldest first; year 0 =
-- the latest version of every year, newest year first.
-- input: $1 year (0 = every year's latest).
-- output: year, version, state, made_at, made_by, reason, scheme_name, units.
SELECT year, version, state, strftime(made_at, '%Y-%m-%d %H:%M:%S'), made_by, reason, scheme_name, units
FROM result_versions v
WHERE year = $1
   OR $1 = 0 AND version = (SELECT max(version) FROM result_versions w WHERE w.year = v.year)
ORDER BY year DESC, version;
