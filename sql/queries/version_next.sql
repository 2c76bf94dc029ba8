-- version_next: the number the next version of a year takes (1 for the first).
-- input: $1 year. output: version.
SELECT coalesce(max(version), 0) + 1 FROM result_versions WHERE year = $1;
