-- calendar_status: how many exception days are loaded and the coverage end.
SELECT (SELECT count(*) FROM holiday_exceptions), coalesce((SELECT max(covered_to)::VARCHAR FROM calendar_coverage), '');
