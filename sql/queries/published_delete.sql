-- published_delete: withdraw a year's results. input: year.
DELETE FROM published_years WHERE year = $1;
