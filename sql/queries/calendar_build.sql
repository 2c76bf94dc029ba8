-- calendar_build: rebuild the working-day calendar from holiday_exceptions
-- over exactly the covered range (calendar_coverage). Weekdays work and
-- weekends rest unless an exception says otherwise. No day outside the
-- range is stored: a year whose notice is not known must not pass for
-- weekends only, so a date outside joins to nothing and is unknown.
DELETE FROM calendar;
INSERT INTO calendar
SELECT d, is_work, sum(is_work::INTEGER) OVER (ORDER BY d) AS wd_seq
FROM (
    SELECT g.d::DATE AS d, coalesce(h.is_work, isodow(g.d) <= 5) AS is_work
    FROM calendar_coverage cc,
         generate_series(cc.covered_from::TIMESTAMP, cc.covered_to::TIMESTAMP, INTERVAL 1 DAY) AS g(d)
    LEFT JOIN holiday_exceptions h ON h.d = g.d::DATE
);
