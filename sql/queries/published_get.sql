-- published_get: when and by whom a year's results were published.
-- input: year. output: published_at, published_by (no row: not published).
SELECT strftime(published_at, '%Y-%m-%d %H:%M:%S'), published_by FROM published_years WHERE year = $1;
