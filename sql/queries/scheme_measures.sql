-- scheme_measures: the distinct measures (with parameters) a year's scheme uses.
-- input: $1 year. output: measure, param.
SELECT DISTINCT measure, param FROM scheme_indicators
WHERE year = $1 AND measure IS NOT NULL ORDER BY measure, param;
