-- 0009_versions: publishing a year freezes its results as a numbered
-- version (issue 15). The live score tables (score_results, score_items,
-- measure_unknown) become the year's draft, which scoring may change at any
-- time; clerks and leaders read only the latest version, and only when it
-- is a publication. Every version stays readable: rows are copied, never
-- derived again, so a later upload, restore, registry or scheme change does
-- not alter what was published.

-- One row per publication or withdrawal of a year, numbered 1, 2, … per
-- year in the order they happened. A withdrawal carries no results: after
-- it the year is shown as withdrawn, not as the draft.
CREATE TABLE result_versions (
    year        INTEGER NOT NULL,
    version     INTEGER NOT NULL,
    state       VARCHAR NOT NULL,     -- published | withdrawn
    made_at     TIMESTAMP NOT NULL,
    made_by     VARCHAR NOT NULL,
    reason      VARCHAR NOT NULL,
    scheme_name VARCHAR NOT NULL,     -- the scheme the results were scored with ('' for a withdrawal)
    scheme_text VARCHAR NOT NULL,     -- its normalised YAML (schemes.source_text)
    units       INTEGER NOT NULL,     -- units in the version
    PRIMARY KEY (year, version)
);

-- score_results as published, with the unit's name as it then was.
CREATE TABLE version_results (
    year        INTEGER NOT NULL,
    version     INTEGER NOT NULL,
    unit_id     BIGINT NOT NULL,
    unit        VARCHAR NOT NULL,
    grp         VARCHAR NOT NULL,
    base        DOUBLE NOT NULL,
    bonus       DOUBLE NOT NULL,
    total       DOUBLE NOT NULL,
    max         DOUBLE NOT NULL,
    normalized  DOUBLE NOT NULL,
    rank        INTEGER NOT NULL,
    grade       VARCHAR NOT NULL,
    vetoed      BOOLEAN NOT NULL,
    overall_points DOUBLE NOT NULL,
    PRIMARY KEY (year, version, unit_id)
);

-- score_items as published, with the scheme's indicator they score.
CREATE TABLE version_items (
    year      INTEGER NOT NULL,
    version   INTEGER NOT NULL,
    unit_id   BIGINT NOT NULL,
    id        VARCHAR NOT NULL,
    name      VARCHAR NOT NULL,
    level     INTEGER NOT NULL,
    section   VARCHAR NOT NULL,
    rule      VARCHAR,
    points    DOUBLE NOT NULL,
    max       DOUBLE NOT NULL,
    value     DOUBLE,
    total     DOUBLE,
    triggered BOOLEAN NOT NULL,
    evidence  INTEGER NOT NULL,       -- evidence rows
    PRIMARY KEY (year, version, unit_id, id)
);

-- The explanations as published: explain_all.sql's rows (an indicator
-- where a unit lost points, a veto fired, a bonus was earned or rows could
-- not be judged, with each ledger row behind it; row fields NULL for a
-- loss without rows).
CREATE TABLE version_explain (
    year      INTEGER NOT NULL,
    version   INTEGER NOT NULL,
    unit_id   BIGINT NOT NULL,
    id        VARCHAR NOT NULL,
    name      VARCHAR NOT NULL,
    rule      VARCHAR NOT NULL,
    measure   VARCHAR NOT NULL,
    param     VARCHAR,
    points    DOUBLE NOT NULL,
    max       DOUBLE NOT NULL,
    value     DOUBLE,
    total     DOUBLE,
    triggered BOOLEAN NOT NULL,
    row_id    BIGINT,
    kind      VARCHAR,
    file_name VARCHAR,
    src_sheet VARCHAR,
    src_row   INTEGER,
    label     VARCHAR,
    unknown   BOOLEAN
);

-- The ledger batches that were active for the year when it was published:
-- what the version was scored from. A diff names the batches added and
-- removed since.
CREATE TABLE version_batches (
    year     INTEGER NOT NULL,
    version  INTEGER NOT NULL,
    unit_id  BIGINT NOT NULL,
    kind     VARCHAR NOT NULL,
    batch_id BIGINT NOT NULL,
    PRIMARY KEY (year, version, unit_id, kind)
);

-- The scheme's grades as published (the ranking workbook and the charts
-- name them).
CREATE TABLE version_grades (
    year      INTEGER NOT NULL,
    version   INTEGER NOT NULL,
    grade     VARCHAR NOT NULL,
    min_score DOUBLE,
    ord       INTEGER
);

-- A year published before versions existed becomes its version 1: it could
-- not be scored again while published, so the live tables still hold what
-- was published. The batches are those active now, the closest record.
INSERT INTO result_versions
SELECT p.year, 1, 'published', p.published_at, p.published_by, '（版本记录启用前发布）',
       coalesce(s.name, ''), coalesce(s.source_text, ''),
       (SELECT count(*) FROM score_results r WHERE r.year = p.year)
FROM published_years p LEFT JOIN schemes s ON s.year = p.year;

INSERT INTO version_results
SELECT r.year, 1, r.unit_id, u.name, r.grp, r.base, r.bonus, r.total, r.max, r.normalized, r.rank, r.grade,
       r.vetoed, r.overall_points
FROM score_results r JOIN units u USING (unit_id) JOIN published_years p ON p.year = r.year;

INSERT INTO version_items
SELECT s.year, 1, s.unit_id, s.id, i.name, i.level, i.section, i.rule, s.points, s.max, s.value, s.total,
       s.triggered, coalesce(len(s.evidence), 0)
FROM score_items s JOIN scheme_indicators i ON i.year = s.year AND i.id = s.id
JOIN published_years p ON p.year = s.year;

-- explain_all.sql for every published year (a migration never changes, so
-- it keeps its own copy of the query as it stands today).
INSERT INTO version_explain
WITH items AS (
    SELECT s.*, i.name, i.rule, i.measure, i.param, i.section
    FROM score_items s JOIN scheme_indicators i ON i.year = s.year AND i.id = s.id
    JOIN published_years p ON p.year = s.year
    WHERE i.rule IS NOT NULL
      AND (s.points < s.max - 1e-9 AND i.section = 'score' OR s.triggered
           OR EXISTS (SELECT 1 FROM measure_unknown u
                      WHERE u.year = s.year AND u.unit_id = s.unit_id AND u.measure = i.measure AND u.param = i.param))
), ev AS (
    SELECT items.year, items.unit_id, items.id,
           unnest(CASE WHEN len(items.evidence) = 0 OR items.evidence IS NULL THEN [NULL::BIGINT] ELSE items.evidence END) AS row_id,
           false AS unknown
    FROM items
    UNION ALL
    SELECT items.year, items.unit_id, items.id, u.row_id, true
    FROM items JOIN measure_unknown u
      ON u.year = items.year AND u.unit_id = items.unit_id AND u.measure = items.measure AND u.param = items.param
), rows AS (
    SELECT ev.year, ev.unit_id, ev.id, ev.row_id, ev.unknown, lr.kind, lr.batch_id, lr.src_sheet, lr.src_row, lr.label
    FROM ev JOIN ledger_rows lr ON lr.row_id = ev.row_id AND lr.year = ev.year
)
SELECT it.year, 1, it.unit_id, it.id, it.name, it.rule, it.measure, it.param, it.points, it.max, it.value, it.total,
       it.triggered, r.row_id, r.kind, b.file_name, r.src_sheet, r.src_row, r.label, r.unknown
FROM items it
LEFT JOIN rows r ON r.year = it.year AND r.unit_id = it.unit_id AND r.id = it.id
LEFT JOIN batches b ON b.batch_id = r.batch_id;

INSERT INTO version_batches
SELECT b.year, 1, b.unit_id, b.kind, b.batch_id
FROM batches b JOIN published_years p ON p.year = b.year
WHERE b.batch_id IN (SELECT batch_id FROM active_batches);

INSERT INTO version_grades
SELECT g.year, 1, g.grade, g.min_score, g.ord
FROM scheme_grades g JOIN published_years p ON p.year = g.year;

-- result_versions holds what published_years held, and more.
DROP TABLE published_years;
