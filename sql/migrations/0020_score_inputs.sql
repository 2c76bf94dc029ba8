-- 0020_score_inputs: besides its batches (0015), a year's draft remembers
-- the other things it was computed from: the 零报告 declarations in force
-- (a declared leaf scores by its when_none) and the scheme (a hash of its
-- normalised YAML, schemes.source_text). Scoring writes both in the
-- transaction that writes the scores; a publication is refused while either
-- differs from what is in force now (a declaration made or withdrawn, a
-- different scheme loaded after the last 计算), and copies the declarations
-- into version_declarations, so a version diff can name them.
CREATE TABLE score_declarations (
    year    INTEGER NOT NULL,
    unit_id BIGINT NOT NULL,
    kind    VARCHAR NOT NULL,
    decl_id BIGINT NOT NULL,
    PRIMARY KEY (year, unit_id, kind)
);

CREATE TABLE score_scheme (
    year        INTEGER PRIMARY KEY,
    scheme_hash VARCHAR NOT NULL   -- sha256 of schemes.source_text
);

-- The declarations a version of a year was published from.
CREATE TABLE version_declarations (
    year    INTEGER NOT NULL,
    version INTEGER NOT NULL,
    unit_id BIGINT NOT NULL,
    kind    VARCHAR NOT NULL,
    decl_id BIGINT NOT NULL,
    PRIMARY KEY (year, version, unit_id, kind)
);

-- A year scored or published before this migration: the declarations of
-- the kinds its scheme scores by when_none in force now and its scheme now,
-- the closest record (as 0015 did for the batches), so that a diff does not
-- take every declaration for a new one.
INSERT INTO score_declarations
SELECT d.year, d.unit_id, d.kind, d.decl_id
FROM declared_none d
WHERE d.year IN (SELECT DISTINCT year FROM score_results)
  AND d.kind IN (SELECT kind FROM scheme_none n WHERE n.year = d.year);

INSERT INTO version_declarations
SELECT v.year, v.version, d.unit_id, d.kind, d.decl_id
FROM result_versions v JOIN declared_none d ON d.year = v.year
WHERE v.state = 'published'
  AND d.kind IN (SELECT kind FROM scheme_none n WHERE n.year = d.year);

INSERT INTO score_scheme
SELECT s.year, sha256(s.source_text)
FROM schemes s
WHERE s.year IN (SELECT DISTINCT year FROM score_results);
