-- published_insert: publish a year's results. input: year, published_by.
INSERT INTO published_years (year, published_at, published_by) VALUES ($1, now()::TIMESTAMP, $2) ON CONFLICT DO NOTHING;
