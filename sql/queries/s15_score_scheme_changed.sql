-- s15_score_scheme_changed: whether the scheme of a year now differs from
-- the one its draft was scored with (score_scheme, migration 0020): the
-- hashes of the normalised YAML differ, or either is missing. Loading the
-- same scheme again changes nothing. input: $1 year. output: one boolean.
SELECT (SELECT scheme_hash FROM score_scheme WHERE year = $1)
       IS DISTINCT FROM (SELECT sha256(source_text) FROM schemes WHERE year = $1);
