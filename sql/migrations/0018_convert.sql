-- 0018_convert: 依申请公开 → 主动公开 转化 (issue 19, part 1). The requests
-- of the last N years grouped by matter (metrics.Convert, character bigrams:
-- internal/textgroup), written when a year is scored for each param of the
-- measure convert_share the scheme uses (param: "N年K次"), so that the
-- measure, the explanation and the Parquet export read one list.
--
-- convert_topics: one row per frequent matter (asked at least K times in the
-- window, over every unit and applicant) and unit that was asked it, with
-- the unit's matching publication in the 主动公开台账 since it was first
-- asked (NULL match_row: not converted).
CREATE TABLE convert_topics (
    year            INTEGER NOT NULL,  -- the year scored; the window ends with it
    param           VARCHAR NOT NULL,  -- the measure's param, e.g. 3年3次
    unit_id         BIGINT NOT NULL,
    topic           INTEGER NOT NULL,  -- the matter's number in the year's list, county-wide
    label           VARCHAR NOT NULL,  -- the request that best says it (medoid)
    keys            VARCHAR NOT NULL,  -- the bigrams its requests share, space-separated
    asked           INTEGER NOT NULL,  -- requests about it, every unit
    units           INTEGER NOT NULL,  -- units asked about it
    unit_asked      INTEGER NOT NULL,  -- requests to this unit
    first_asked     DATE NOT NULL,     -- this unit's first and last request
    last_asked      DATE NOT NULL,
    match_row       BIGINT,            -- the publication's row in ledger_disclosures
    match_title     VARCHAR,
    match_category  VARCHAR,
    match_published DATE,
    match_coverage  DOUBLE,            -- share of the shared bigrams' weight the title and 栏目 hold
    PRIMARY KEY (year, param, unit_id, topic)
);

-- convert_requests: the unit's requests of each topic (row_id of
-- ledger_applications), the evidence of an unconverted topic.
CREATE TABLE convert_requests (
    year     INTEGER NOT NULL,
    param    VARCHAR NOT NULL,
    unit_id  BIGINT NOT NULL,
    topic    INTEGER NOT NULL,
    row_id   BIGINT NOT NULL,
    app_no   VARCHAR NOT NULL,
    received DATE NOT NULL,
    content  VARCHAR NOT NULL,
    PRIMARY KEY (year, param, row_id)
);
