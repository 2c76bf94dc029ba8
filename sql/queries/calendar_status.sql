-- calendar_status: the recorded coverage and the first and last day of the
-- calendar table, to tell whether it must be rebuilt ('' when empty).
SELECT coalesce((SELECT min(covered_from)::VARCHAR FROM calendar_coverage), ''),
       coalesce((SELECT max(covered_to)::VARCHAR FROM calendar_coverage), ''),
       coalesce((SELECT min(d)::VARCHAR FROM calendar), ''),
       coalesce((SELECT max(d)::VARCHAR FROM calendar), '');
