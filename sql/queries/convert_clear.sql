-- convert_clear: drop a year's stored topics of one param before they are
-- written again (metrics.Score). input: $1 year, $2 param.
DELETE FROM convert_requests WHERE year = $1 AND param = $2;
DELETE FROM convert_topics WHERE year = $1 AND param = $2;
