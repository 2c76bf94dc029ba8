-- calendar_build: rebuild the working-day calendar from holiday_exceptions.
-- Weekdays work and weekends rest unless an exception says otherwise.
DELETE FROM calendar;
INSERT INTO calendar
SELECT d, is_work, sum(is_work::INTEGER) OVER (ORDER BY d) AS wd_seq
FROM (
    SELECT g.d::DATE AS d, coalesce(h.is_work, isodow(g.d) <= 5) AS is_work
    FROM generate_series(TIMESTAMP '2015-01-01', TIMESTAMP '2035-12-31', INTERVAL 1 DAY) AS g(d)
    LEFT JOIN holiday_exceptions h ON h.d = g.d::DATE
);
