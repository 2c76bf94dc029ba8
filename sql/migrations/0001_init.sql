-- 0001_init: unit registry, upload batches and the ten ledger kinds.
-- Every ledger row carries its batch and where it came from (sheet, row),
-- so a lost point can always be traced to the cell a clerk typed.
-- Rows are never deleted: a re-upload supersedes the earlier batch, which
-- stays in history and can be restored. Readers use the cur_* views.

CREATE TABLE units (
    unit_id    BIGINT PRIMARY KEY,
    name       VARCHAR NOT NULL,          -- 单位名称 (unique, checked on load)
    code       VARCHAR,                   -- 统一社会信用代码
    unit_type  VARCHAR,                   -- 乡镇 / 街道 / 部门 / 县级政府 ...
    grp        VARCHAR,                   -- 考核分组
    parent_id  BIGINT                     -- 上级单位
);

CREATE TABLE unit_aliases (
    alias   VARCHAR PRIMARY KEY,          -- 简称/别名, normalised
    unit_id BIGINT NOT NULL
);

CREATE SEQUENCE batch_seq START 1;

CREATE TABLE batches (
    batch_id     BIGINT PRIMARY KEY,
    kind         VARCHAR NOT NULL,
    unit_id      BIGINT NOT NULL,
    year         INTEGER NOT NULL,
    file_name    VARCHAR NOT NULL,
    sha256       VARCHAR NOT NULL,
    uploader     VARCHAR NOT NULL,
    uploaded_at  TIMESTAMP NOT NULL,
    rows_read    BIGINT NOT NULL,
    rows_loaded  BIGINT NOT NULL,
    rows_skipped BIGINT NOT NULL,
    rows_refused BIGINT NOT NULL,
    partial      BOOLEAN NOT NULL,
    -- active: the rows readers see; superseded: kept as history.
    status       VARCHAR NOT NULL,
    replaced_by  BIGINT,
    changed_at   TIMESTAMP NOT NULL
);

-- Common columns of every ledger table:
--   row_id    batch_id * 10,000,000 + position in the batch (evidence key)
--   batch_id  the upload
--   year      reporting year of the batch
--   unit_id   the submitting unit
--   src_sheet, src_row: where the row is in the uploaded file (1-based row)

CREATE TABLE ledger_applications (
    row_id BIGINT NOT NULL, batch_id BIGINT NOT NULL, year INTEGER NOT NULL, unit_id BIGINT NOT NULL,
    src_sheet VARCHAR, src_row INTEGER NOT NULL,
    app_no VARCHAR, received DATE, applicant_type VARCHAR, channel VARCHAR, content VARCHAR,
    correction_notice DATE, correction_done DATE, extended BOOLEAN, consult_days BIGINT,
    replied DATE, outcome VARCHAR, fee DOUBLE
);

CREATE TABLE ledger_disclosures (
    row_id BIGINT NOT NULL, batch_id BIGINT NOT NULL, year INTEGER NOT NULL, unit_id BIGINT NOT NULL,
    src_sheet VARCHAR, src_row INTEGER NOT NULL,
    title VARCHAR, index_no VARCHAR, doc_no VARCHAR, category VARCHAR, formed DATE, published DATE,
    channel VARCHAR, url VARCHAR, reviewer VARCHAR, secrecy_review BOOLEAN
);

CREATE TABLE ledger_documents (
    row_id BIGINT NOT NULL, batch_id BIGINT NOT NULL, year INTEGER NOT NULL, unit_id BIGINT NOT NULL,
    src_sheet VARCHAR, src_row INTEGER NOT NULL,
    doc_name VARCHAR, doc_no VARCHAR, doc_type VARCHAR, issued DATE, published DATE, repealed DATE,
    disclosure_attr VARCHAR, nondisclosure_reason VARCHAR, interpreted DATE, interp_form VARCHAR, interpreter VARCHAR
);

CREATE TABLE ledger_enforcement (
    row_id BIGINT NOT NULL, batch_id BIGINT NOT NULL, year INTEGER NOT NULL, unit_id BIGINT NOT NULL,
    src_sheet VARCHAR, src_row INTEGER NOT NULL,
    item VARCHAR, count BIGINT, amount DOUBLE
);

CREATE TABLE ledger_appeals (
    row_id BIGINT NOT NULL, batch_id BIGINT NOT NULL, year INTEGER NOT NULL, unit_id BIGINT NOT NULL,
    src_sheet VARCHAR, src_row INTEGER NOT NULL,
    case_no VARCHAR, case_type VARCHAR, received DATE, result VARCHAR, related_app VARCHAR
);

CREATE TABLE ledger_tasks (
    row_id BIGINT NOT NULL, batch_id BIGINT NOT NULL, year INTEGER NOT NULL, unit_id BIGINT NOT NULL,
    src_sheet VARCHAR, src_row INTEGER NOT NULL,
    task_no VARCHAR, task VARCHAR, lead_unit_id BIGINT, partners VARCHAR,
    deadline DATE, deadline_text VARCHAR, done_date DATE, status VARCHAR, evidence VARCHAR
);

CREATE TABLE ledger_media (
    row_id BIGINT NOT NULL, batch_id BIGINT NOT NULL, year INTEGER NOT NULL, unit_id BIGINT NOT NULL,
    src_sheet VARCHAR, src_row INTEGER NOT NULL,
    account VARCHAR, platform VARCHAR, posted DATE, title VARCHAR
);

CREATE TABLE ledger_activities (
    row_id BIGINT NOT NULL, batch_id BIGINT NOT NULL, year INTEGER NOT NULL, unit_id BIGINT NOT NULL,
    src_sheet VARCHAR, src_row INTEGER NOT NULL,
    act_type VARCHAR, held DATE, name VARCHAR, participants BIGINT, evidence VARCHAR
);

CREATE TABLE ledger_responses (
    row_id BIGINT NOT NULL, batch_id BIGINT NOT NULL, year INTEGER NOT NULL, unit_id BIGINT NOT NULL,
    src_sheet VARCHAR, src_row INTEGER NOT NULL,
    source VARCHAR, received_at TIMESTAMP, responded_at TIMESTAMP, level VARCHAR, subject VARCHAR
);

CREATE TABLE ledger_weights (
    row_id BIGINT NOT NULL, batch_id BIGINT NOT NULL, year INTEGER NOT NULL, unit_id BIGINT NOT NULL,
    src_sheet VARCHAR, src_row INTEGER NOT NULL,
    -- 被考核单位: a unit of the registry, or a 考核分组 of the registry.
    assessed_unit_id BIGINT, assessed_group VARCHAR,
    item VARCHAR, points DOUBLE, counts_disclosure BOOLEAN
);

CREATE VIEW cur_applications AS SELECT l.* FROM ledger_applications l JOIN batches b USING (batch_id) WHERE b.status = 'active';
CREATE VIEW cur_disclosures  AS SELECT l.* FROM ledger_disclosures  l JOIN batches b USING (batch_id) WHERE b.status = 'active';
CREATE VIEW cur_documents    AS SELECT l.* FROM ledger_documents    l JOIN batches b USING (batch_id) WHERE b.status = 'active';
CREATE VIEW cur_enforcement  AS SELECT l.* FROM ledger_enforcement  l JOIN batches b USING (batch_id) WHERE b.status = 'active';
CREATE VIEW cur_appeals      AS SELECT l.* FROM ledger_appeals      l JOIN batches b USING (batch_id) WHERE b.status = 'active';
CREATE VIEW cur_tasks        AS SELECT l.* FROM ledger_tasks        l JOIN batches b USING (batch_id) WHERE b.status = 'active';
CREATE VIEW cur_media        AS SELECT l.* FROM ledger_media        l JOIN batches b USING (batch_id) WHERE b.status = 'active';
CREATE VIEW cur_activities   AS SELECT l.* FROM ledger_activities   l JOIN batches b USING (batch_id) WHERE b.status = 'active';
CREATE VIEW cur_responses    AS SELECT l.* FROM ledger_responses    l JOIN batches b USING (batch_id) WHERE b.status = 'active';
CREATE VIEW cur_weights      AS SELECT l.* FROM ledger_weights      l JOIN batches b USING (batch_id) WHERE b.status = 'active';
