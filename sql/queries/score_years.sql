-- score_years: years with results.
SELECT DISTINCT year FROM score_results;
