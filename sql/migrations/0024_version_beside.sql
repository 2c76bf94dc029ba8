-- 0024_version_beside: the other years' publications a version of a year
-- is shown beside, fixed when it is published (probe D6). A version's
-- year-over-year figures (the previous year's score and rank and the change
-- from them) and the earlier years of its trends used to be read from each
-- earlier year's publication shown at the time of reading, so a published
-- version changed whenever an earlier year was published again or
-- withdrawn. Publishing now records, in the publishing transaction
-- (sql/queries/version_copy.sql), the version in force then of every
-- earlier year that had a publication in force; readers take those
-- versions, whose rows never change, so nothing of a version moves after it
-- is published. An earlier year withdrawn or never published at the time
-- has no row: the version shows no figures for it, then and later.
-- Recorded rather than derived from made_at at read time: the transaction
-- knows exactly what it saw, whatever the clock did (made_at is a
-- transaction's start, and a clock may be set back).
CREATE TABLE version_beside (
    year          INTEGER NOT NULL,   -- the publication
    version       INTEGER NOT NULL,
    other_year    INTEGER NOT NULL,   -- an earlier year
    other_version INTEGER NOT NULL,   -- its publication in force then
    PRIMARY KEY (year, version, other_year)
);

-- Versions published before this migration: each earlier year's latest
-- version made at or before the publication, when that is a publication
-- (not a withdrawal). made_at is the only record of the order across years
-- there is for them.
INSERT INTO version_beside
WITH cand AS (
    SELECT v.year, v.version, o.year AS other_year, o.version AS other_version, o.state,
           row_number() OVER (PARTITION BY v.year, v.version, o.year ORDER BY o.made_at DESC, o.version DESC) AS k
    FROM result_versions v JOIN result_versions o ON o.year < v.year AND o.made_at <= v.made_at
    WHERE v.state = 'published'
)
SELECT year, version, other_year, other_version FROM cand WHERE k = 1 AND state = 'published';
