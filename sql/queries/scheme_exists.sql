-- scheme_exists: 1 when a scheme is loaded for the year. input: $1 year.
SELECT count(*) FROM schemes WHERE year = $1;
