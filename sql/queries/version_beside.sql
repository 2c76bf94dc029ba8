-- version_beside: the publication of an earlier year that a version of a
-- year is shown beside, recorded when the version was published (migration
-- 0024); no row when that year had none in force then.
-- inputs: $1 year, $2 version, $3 the earlier year.
-- output: the earlier year's version.
SELECT other_version FROM version_beside WHERE year = $1 AND version = $2 AND other_year = $3;
