-- holiday_list: every stored holiday and 调休 working day, in date order,
-- to compare with the build's own list. output: d, is_work, name.
SELECT d, is_work, name FROM holiday_exceptions ORDER BY d;
