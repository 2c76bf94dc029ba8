-- stale_carried: applications a year's ledger lists as carried in although
-- they were received AND answered before that year (test only). The
-- derivation leaves them out (they belong to the previous year's report);
-- the sample generator (samples/gen) counts them as carried in and decided
-- in the year, so its expected.json is adjusted by these rows.
-- Output: unit name, year, outcome, n.
SELECT u.name, a.year, a.outcome, count(*) AS n
FROM cur_applications a JOIN units u USING (unit_id)
WHERE a.received < make_date(a.year, 1, 1) AND a.replied < make_date(a.year, 1, 1)
GROUP BY u.name, a.year, a.outcome
ORDER BY u.name, a.year, a.outcome;
