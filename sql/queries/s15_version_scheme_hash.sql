-- s15_version_scheme_hash: the hash of the scheme a version of a year was
-- published with (result_versions.scheme_text, which a publication copies
-- from the scheme the draft was scored with); version 0 = the draft's
-- (score_scheme, migration 0020). '' when there is none.
-- inputs: $1 year, $2 version. output: one hash.
SELECT coalesce(CASE WHEN $2 > 0
    THEN (SELECT sha256(scheme_text) FROM result_versions WHERE year = $1 AND version = $2)
    ELSE (SELECT scheme_hash FROM score_scheme WHERE year = $1) END, '');
