-- 0002_scoring: the working-day calendar, the scoring scheme as data, and
-- score results with the evidence behind every lost point.

-- Days that differ from the Monday–Friday rule: statutory holidays
-- (is_work = false) and 调休 make-up working weekends (is_work = true),
-- from the State Council notices as packaged by github.com/6tail/lunar-go.
CREATE TABLE holiday_exceptions (
    d       DATE PRIMARY KEY,
    is_work BOOLEAN NOT NULL,
    name    VARCHAR NOT NULL
);

-- The years the exceptions cover. The calendar table is built over this
-- range only (calendar_build.sql), so a date outside it is unknown: the
-- working-day measures leave its row out and list it (measure_unknown,
-- migration 0006), and scoring warns about them.
CREATE TABLE calendar_coverage (covered_from DATE, covered_to DATE);

-- calendar: every day with its working-day ordinal. wd_seq counts working
-- days up to and including d, so "N working days after d" is the working
-- day whose wd_seq = wd_seq(d) + N. Rebuilt by calendar_build.sql.
CREATE TABLE calendar (
    d       DATE PRIMARY KEY,
    is_work BOOLEAN NOT NULL,
    wd_seq  INTEGER NOT NULL
);

CREATE TABLE schemes (
    year             INTEGER PRIMARY KEY,
    name             VARCHAR NOT NULL,
    source_file      VARCHAR NOT NULL,
    source_text      VARCHAR NOT NULL,     -- the YAML as loaded, normalised
    overall_total    DOUBLE NOT NULL,      -- points of the overall performance assessment
    overall_disclosure DOUBLE NOT NULL,    -- of which 政务公开
    allow_under_4pct BOOLEAN NOT NULL,
    bonus_cap        DOUBLE NOT NULL,
    veto_effect      VARCHAR NOT NULL,     -- grade: forced 不合格; zero: score 0
    loaded_at        TIMESTAMP NOT NULL
);

CREATE TABLE scheme_settings (year INTEGER, key VARCHAR, value VARCHAR, PRIMARY KEY (year, key));

CREATE TABLE scheme_groups (year INTEGER, grp VARCHAR, unit_id BIGINT, PRIMARY KEY (year, unit_id));

CREATE TABLE scheme_grades (year INTEGER, grade VARCHAR, min_score DOUBLE, ord INTEGER);

-- The indicator tree. A leaf has a rule; inner nodes only points (their cap).
CREATE TABLE scheme_indicators (
    year      INTEGER NOT NULL,
    id        VARCHAR NOT NULL,      -- dotted path: 1, 1.2, 1.2.3; B1 for bonus, V1 for veto
    parent_id VARCHAR,
    level     INTEGER NOT NULL,
    ord       INTEGER NOT NULL,
    name      VARCHAR NOT NULL,
    points    DOUBLE NOT NULL,       -- max points (bonus: cap)
    section   VARCHAR NOT NULL,      -- score, bonus, veto
    rule      VARCHAR,               -- presence, deduction, ratio, threshold, bonus, veto
    measure   VARCHAR,
    param     VARCHAR NOT NULL DEFAULT '',
    per       DOUBLE,                -- deduction/bonus per occurrence
    cap       DOUBLE,                -- most a deduction may take
    min_value DOUBLE,                -- threshold minimum; veto trigger
    mode      VARCHAR,               -- ratio: linear or bands; threshold: all or proportional
    bands     VARCHAR,               -- JSON [{"min":0.95,"points":10},...]
    groups    VARCHAR,               -- JSON array: only for these groups; NULL = all
    description VARCHAR,
    PRIMARY KEY (year, id)
);

-- One value per measure, parameter, unit and year, with the ledger rows
-- that explain it (the rows that cost points).
CREATE TABLE measure_values (
    year     INTEGER NOT NULL,
    unit_id  BIGINT NOT NULL,
    measure  VARCHAR NOT NULL,
    param    VARCHAR NOT NULL,
    value    DOUBLE,
    total    DOUBLE,
    evidence BIGINT[]
);

CREATE TABLE score_items (
    year      INTEGER NOT NULL,
    unit_id   BIGINT NOT NULL,
    id        VARCHAR NOT NULL,
    points    DOUBLE NOT NULL,
    max       DOUBLE NOT NULL,
    value     DOUBLE,
    total     DOUBLE,
    triggered BOOLEAN NOT NULL,     -- veto fired / bonus given
    evidence  BIGINT[]
);

CREATE TABLE score_results (
    year        INTEGER NOT NULL,
    unit_id     BIGINT NOT NULL,
    grp         VARCHAR NOT NULL,
    base        DOUBLE NOT NULL,    -- sum of 一级 indicators
    bonus       DOUBLE NOT NULL,
    total       DOUBLE NOT NULL,
    max         DOUBLE NOT NULL,
    normalized  DOUBLE NOT NULL,    -- total / max * 100
    rank        INTEGER NOT NULL,
    grade       VARCHAR NOT NULL,
    vetoed      BOOLEAN NOT NULL,
    overall_points DOUBLE NOT NULL, -- converted into the overall assessment
    PRIMARY KEY (year, unit_id)
);

-- Every ledger row in one place, for evidence: where it came from and a
-- short description a clerk recognises.
CREATE VIEW ledger_rows AS
          SELECT row_id, batch_id, 'applications' AS kind, src_sheet, src_row, coalesce(app_no, '') AS label FROM ledger_applications
UNION ALL SELECT row_id, batch_id, 'disclosures', src_sheet, src_row, coalesce(title, '') FROM ledger_disclosures
UNION ALL SELECT row_id, batch_id, 'documents', src_sheet, src_row, coalesce(doc_name, '') FROM ledger_documents
UNION ALL SELECT row_id, batch_id, 'enforcement', src_sheet, src_row, coalesce(item, '') FROM ledger_enforcement
UNION ALL SELECT row_id, batch_id, 'appeals', src_sheet, src_row, coalesce(case_no, '') FROM ledger_appeals
UNION ALL SELECT row_id, batch_id, 'tasks', src_sheet, src_row, coalesce(task_no || ' ', '') || coalesce(task, '') FROM ledger_tasks
UNION ALL SELECT row_id, batch_id, 'media', src_sheet, src_row, coalesce(account, '') || ' ' || coalesce(strftime(posted, '%Y-%m-%d'), '') FROM ledger_media
UNION ALL SELECT row_id, batch_id, 'activities', src_sheet, src_row, coalesce(act_type, '') || ' ' || coalesce(name, '') FROM ledger_activities
UNION ALL SELECT row_id, batch_id, 'responses', src_sheet, src_row, coalesce(subject, '') FROM ledger_responses
UNION ALL SELECT row_id, batch_id, 'weights', src_sheet, src_row, coalesce(item, '') FROM ledger_weights;
