-- parquet/results.sql: the tables the scoring writes (sql/queries/
-- measure_insert.sql, score.sql), empty, with the columns of migrations 0002 and 0006,
-- for scoring in a session over an export (after parquet/views.sql). The
-- exported results stay readable under the export's measure_values/,
-- score_items/ and score_results/ directories.
CREATE TABLE measure_values (
    year     INTEGER NOT NULL,
    unit_id  BIGINT NOT NULL,
    measure  VARCHAR NOT NULL,
    param    VARCHAR NOT NULL,
    value    DOUBLE,
    total    DOUBLE,
    evidence BIGINT[]
);

CREATE TABLE measure_unknown (
    year    INTEGER NOT NULL,
    unit_id BIGINT NOT NULL,
    measure VARCHAR NOT NULL,
    param   VARCHAR NOT NULL,
    row_id  BIGINT NOT NULL
);

CREATE TABLE score_items (
    year      INTEGER NOT NULL,
    unit_id   BIGINT NOT NULL,
    id        VARCHAR NOT NULL,
    points    DOUBLE NOT NULL,
    max       DOUBLE NOT NULL,
    value     DOUBLE,
    total     DOUBLE,
    triggered BOOLEAN NOT NULL,
    evidence  BIGINT[]
);

CREATE TABLE score_results (
    year        INTEGER NOT NULL,
    unit_id     BIGINT NOT NULL,
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
    PRIMARY KEY (year, unit_id)
);
-- Scoring asks whether the year is published (metrics.PublishedAt, issue
-- 15); an export does not carry the web app's publications, and a session
-- over it scores for study only, so nothing in it is published.
CREATE TABLE published_years (
    year         INTEGER PRIMARY KEY,
    published_at TIMESTAMP NOT NULL,
    published_by VARCHAR NOT NULL
);
