-- version_grades: the grades of a published version's scheme, best first
-- (leadership_grades.sql for a version). inputs: $1 year, $2 version.
-- output: grade, min_score.
SELECT grade, min_score FROM version_grades WHERE year = $1 AND version = $2 ORDER BY ord, min_score DESC;
