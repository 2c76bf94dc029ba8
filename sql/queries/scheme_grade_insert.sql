-- scheme_grade_insert: inputs: year, grade, min_score, ord.
INSERT INTO scheme_grades VALUES ($1, $2, $3, $4);
