-- holiday_clear: drop the stored exceptions before they are written again.
DELETE FROM holiday_exceptions;
