-- leadership_grades: the grades of a year's scheme, best first.
-- input: $1 year. output: grade, min_score.
SELECT grade, min_score FROM scheme_grades WHERE year = $1 ORDER BY ord, min_score DESC;
