-- 0011_declarations: 零报告 and the ledgers a unit owes (issue 15).
--
-- declarations: a unit's statements that it had nothing of a ledger kind in
-- a year ("本年度无此类事项"), kept as history like uploads: every act is a
-- row, never changed or deleted, so who declared or withdrew what and when
-- stays readable. act is 'declare' or 'withdraw'. A unit declares only its
-- own kinds (gongkai.UnitKinds), never a county-wide one; the unit_id is a
-- registry unit. ingest.Declare refuses a declaration while the unit has an
-- active batch of that kind and year.
CREATE TABLE declarations (
    decl_id  BIGINT PRIMARY KEY,
    unit_id  BIGINT NOT NULL,
    kind     VARCHAR NOT NULL,
    year     INTEGER NOT NULL,
    act      VARCHAR NOT NULL,           -- declare, withdraw
    note     VARCHAR NOT NULL,           -- the clerk's optional note, '' if none
    account  VARCHAR NOT NULL,           -- who: the account (or the CLI's user)
    acted_at TIMESTAMP NOT NULL
);

-- declared_none: the declarations in force, one per unit, kind and year: the
-- latest act is a declaration and no batch of the kind and year is active.
-- An upload made after the declaration therefore ends it (the newer act
-- wins; a declaration is refused while a batch is active), and it stays
-- ended: withdrawing or declaring again is a new act.
CREATE VIEW declared_none AS
SELECT d.unit_id, d.kind, d.year, d.decl_id, d.note, d.account, d.acted_at
FROM (
    SELECT *, row_number() OVER (PARTITION BY unit_id, kind, year ORDER BY decl_id DESC) AS nth
    FROM declarations
) d
WHERE d.nth = 1 AND d.act = 'declare'
  AND NOT EXISTS (SELECT 1 FROM batches b
                  WHERE b.unit_id = d.unit_id AND b.kind = d.kind AND b.year = d.year AND b.status = 'active');

-- scheme_owes: the ledger kinds the members of a 考核分组 must keep (the
-- scheme's owes:), per registry unit type ('' = the group's list for every
-- type the scheme does not name). A group with no rows owes every kind kept
-- per unit (gongkai.UnitKinds); the reminders (催报) and the status pages ask
-- a unit only for what it owes.
CREATE TABLE scheme_owes (
    year      INTEGER NOT NULL,
    grp       VARCHAR NOT NULL,
    unit_type VARCHAR NOT NULL,
    kind      VARCHAR NOT NULL
);

-- unit_owes, what each unit owes in each year by scheme_owes, is a view
-- store makes at every Open (sql/views/unit_list.sql). A unit without rows
-- in a year owes every kind kept per unit.

-- scheme_none: how a leaf indicator scores a unit that declared it had
-- nothing of the kinds its measure reads (the scheme's when_none, inherited
-- from the parent): full (all its points), exempt (no points, and its
-- points leave the unit's maximum), zero (no points). One row per unit kind
-- the measure reads; a leaf without when_none has no rows and is scored by
-- its rule as an empty ledger.
CREATE TABLE scheme_none (
    year      INTEGER NOT NULL,
    id        VARCHAR NOT NULL,
    when_none VARCHAR NOT NULL,
    kind      VARCHAR NOT NULL
);

-- score_none: the leaves the rule engine (queries/score.sql) scores by their
-- when_none for a unit, written at scoring time from scheme_none and
-- declared_none (queries/declare_score_none.sql), like measure_values.
CREATE TABLE score_none (
    year      INTEGER NOT NULL,
    unit_id   BIGINT NOT NULL,
    id        VARCHAR NOT NULL,
    when_none VARCHAR NOT NULL
);
