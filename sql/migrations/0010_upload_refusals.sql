-- 0010_upload_refusals: refused uploads are on record (issue 15). A file the
-- server refuses changes no ledger data and makes no batch; what the clerk
-- tried is kept here -- who, when, which file, why -- for the unit's
-- history and the admin's upload list, beside the audit log's entry. The
-- annotated workbook of a refusal stays in upload_files (migration 0004)
-- for a set time after it was made (the server's option, 90 days by
-- default) and is purged after; the refusal itself is never deleted.
-- IF NOT EXISTS: store's TestMigrationCountyBatches runs the migrations
-- from 0008 on again over a database that has them.
CREATE SEQUENCE IF NOT EXISTS refusal_seq START 1;
CREATE TABLE IF NOT EXISTS upload_refusals (
    refusal_id   BIGINT PRIMARY KEY,
    refused_at   TIMESTAMP NOT NULL,
    unit_id      BIGINT,               -- NULL: the file named no unit the registry knows; 0: the county (migration 0008)
    account_id   BIGINT NOT NULL,
    uploader     VARCHAR NOT NULL,
    file_name    VARCHAR NOT NULL,     -- the clerk's file name, shown only
    kind         VARCHAR NOT NULL,     -- '' when no ledger kind was recognised
    year         INTEGER NOT NULL,     -- 0 when no year was found
    code         VARCHAR NOT NULL,     -- gongkai.Error code (EROWSREFUSED, ENOUNIT, ...)
    reason       VARCHAR NOT NULL,     -- the reason in Chinese, as the clerk saw it
    rows_refused BIGINT NOT NULL,
    file_id      VARCHAR               -- its annotated workbook in upload_files, NULL if none
);
