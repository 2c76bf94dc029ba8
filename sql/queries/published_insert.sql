-- published_insert: publish a year's results. input: year, published_by.
-- No ON CONFLICT: publishing a published year is refused by the caller, and
-- a duplicate must fail rather than silently keep the earlier time.
INSERT INTO published_years (year, published_at, published_by) VALUES ($1, now()::TIMESTAMP, $2);
