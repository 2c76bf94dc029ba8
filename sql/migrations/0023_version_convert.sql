-- 0023_version_convert: the 转化建议 of a published version (issue 19). A
-- year's frequent matters (convert_topics, convert_requests: migration 0018)
-- are rewritten each time the year is scored; publishing copies them beside
-- the version's results (sql/queries/version_copy.sql), so that the unit
-- page and the cockpit show a leader the list the published scores were
-- computed from, as they show the published points. Same columns as the
-- draft's tables, with the version after the year.
CREATE TABLE version_convert_topics (
    year            INTEGER NOT NULL,
    version         INTEGER NOT NULL,
    param           VARCHAR NOT NULL,
    unit_id         BIGINT NOT NULL,
    topic           INTEGER NOT NULL,
    label           VARCHAR NOT NULL,
    keys            VARCHAR NOT NULL,
    asked           INTEGER NOT NULL,
    units           INTEGER NOT NULL,
    unit_asked      INTEGER NOT NULL,
    first_asked     DATE NOT NULL,
    last_asked      DATE NOT NULL,
    match_row       BIGINT,
    match_title     VARCHAR,
    match_category  VARCHAR,
    match_published DATE,
    match_coverage  DOUBLE,
    PRIMARY KEY (year, version, param, unit_id, topic)
);

CREATE TABLE version_convert_requests (
    year     INTEGER NOT NULL,
    version  INTEGER NOT NULL,
    param    VARCHAR NOT NULL,
    unit_id  BIGINT NOT NULL,
    topic    INTEGER NOT NULL,
    row_id   BIGINT NOT NULL,
    app_no   VARCHAR NOT NULL,
    received DATE NOT NULL,
    content  VARCHAR NOT NULL,
    PRIMARY KEY (year, version, param, row_id)
);
