-- 0004_accounts: the web service (gongkai serve): accounts and their roles,
-- login sessions and API tokens (only hashes of the secrets are stored), the
-- audit log of uploads and admin actions, the years whose results the office
-- has published to the units, and the annotated workbooks kept for download.

CREATE SEQUENCE account_seq START 1;

CREATE TABLE accounts (
    account_id    BIGINT PRIMARY KEY,
    name          VARCHAR NOT NULL UNIQUE,    -- login name
    role          VARCHAR NOT NULL,           -- clerk 填报员, admin 管理员, leader 领导
    unit_id       BIGINT,                     -- a clerk's unit; NULL for admin and leader
    password_hash VARCHAR NOT NULL,           -- bcrypt
    disabled      BOOLEAN NOT NULL DEFAULT false,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);

-- A session cookie holds 32 random bytes; the table holds their SHA-256.
CREATE TABLE sessions (
    id_hash    VARCHAR PRIMARY KEY,
    account_id BIGINT NOT NULL,
    csrf       VARCHAR NOT NULL,              -- the session's CSRF token
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    remote     VARCHAR
);

-- Bearer tokens for scripts; the table holds their SHA-256.
CREATE TABLE api_tokens (
    token_hash VARCHAR PRIMARY KEY,
    account_id BIGINT NOT NULL,
    label      VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP
);

CREATE SEQUENCE audit_seq START 1;

-- Who did what, when and from where: every upload and admin action.
CREATE TABLE audit_log (
    audit_id BIGINT PRIMARY KEY,
    logged_at TIMESTAMP NOT NULL,
    account  VARCHAR NOT NULL,
    role     VARCHAR NOT NULL,
    unit_id  BIGINT,
    action   VARCHAR NOT NULL,                -- upload, units, scheme, score, publish, ...
    detail   VARCHAR NOT NULL,
    remote   VARCHAR NOT NULL,                -- the client's address
    ok       BOOLEAN NOT NULL
);

-- A year's results are visible to the units' clerks once published.
CREATE TABLE published_years (
    year         INTEGER PRIMARY KEY,
    published_at TIMESTAMP NOT NULL,
    published_by VARCHAR NOT NULL
);

-- Annotated copies of refused workbooks, stored under file_id (random);
-- the clerk's file name is only shown, never used as a path.
CREATE TABLE upload_files (
    file_id      VARCHAR PRIMARY KEY,
    unit_id      BIGINT,
    account_id   BIGINT NOT NULL,
    display_name VARCHAR NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
