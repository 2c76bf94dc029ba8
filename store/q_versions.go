package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	sqlfiles "gongkai/sql"
)

// Versions of a year's results (migration 0009, issue 15): a publication
// freezes the draft (the live score tables) as numbered rows that nothing
// changes afterwards; a withdrawal is a version without rows. The reads of
// a version return the types of the draft's reads, so one presentation
// serves both; a method of such a read takes the version, Draft for the
// draft, so that no caller chooses between two queries.

// Draft is the version number that names a year's draft, the live score
// tables, where a method takes a version.
const Draft = 0

// versioned lists version n of a year (Draft: the draft) by the draft's
// query or the version's, each run with the year, the version's with n
// after it, then args. Both scan into one type, so a version reads as the
// draft does.
func versioned[T any](ctx context.Context, q querier, draft, version string, scan func(scanner) (T, error), year, n int, args ...any) ([]T, error) {
	if n == Draft {
		return list(ctx, q, draft, scan, append([]any{year}, args...)...)
	}
	return list(ctx, q, version, scan, append([]any{year, n}, args...)...)
}

// Version states.
const (
	VersionPublished = "published"
	VersionWithdrawn = "withdrawn"
)

// ResultVersion is one version of a year's results.
type ResultVersion struct {
	Year    int    `json:"year"`
	Version int    `json:"version"`
	State   string `json:"state"`   // VersionPublished or VersionWithdrawn
	At      string `json:"made_at"` // 2006-01-02 15:04:05
	By      string `json:"made_by"`
	Reason  string `json:"reason"`
	Scheme  string `json:"scheme,omitempty"`
	Units   int    `json:"units"`
}

// VersionNext is the number the next version of a year takes.
func (q *Queries) VersionNext(ctx context.Context, year int) (int, error) {
	return one(ctx, q.q, "version_next", scalar[int], year)
}

// VersionInsert records version n of a year in state (VersionPublished,
// whose rows VersionCopy then writes, or VersionWithdrawn).
func (q *Queries) VersionInsert(ctx context.Context, year, n int, state, by, reason string) error {
	return execNamed(ctx, q.q, "version_insert", year, n, state, by, reason)
}

// VersionCopy freezes the year's draft as version n: results, items,
// explanations with their ledger rows, active batches, grades, and the
// earlier years' publications in force, which n is shown beside
// (VersionBeside).
func (q *Queries) VersionCopy(ctx context.Context, year, n int) error {
	for _, st := range sqlfiles.Statements("version_copy") {
		if _, err := q.q.ExecContext(ctx, st, year, n); err != nil {
			return fmt.Errorf("version_copy: %w", err)
		}
	}
	explain := strings.TrimSuffix(strings.TrimSpace(sqlfiles.Query(explainAll)), ";")
	st := sqlfiles.Fill(sqlfiles.Query("version_copy_explain"), "explain_rows", explain)
	if _, err := q.q.ExecContext(ctx, st, year, 0, n); err != nil {
		return fmt.Errorf("version_copy_explain: %w", err)
	}
	return nil
}

// VersionBeside is the version of an earlier year other that version n
// of a year is shown beside: the publication of other in force when n was
// published, recorded then (migration 0024). ok is false when other had
// none in force then: n shows no figures of other, now or later.
func (q *Queries) VersionBeside(ctx context.Context, year, n, other int) (v int, ok bool, err error) {
	v, err = one(ctx, q.q, "version_beside", scalar[int], year, n, other)
	if NotFound(err) {
		return 0, false, nil
	}
	return v, err == nil, err
}

// Versions lists a year's versions, oldest first; year 0 lists the latest
// version of every year, newest year first.
func (q *Queries) Versions(ctx context.Context, year int) ([]ResultVersion, error) {
	return list(ctx, q.q, "version_list", fields(func(v *ResultVersion) []any {
		return []any{&v.Year, &v.Version, &v.State, &v.At, &v.By, &v.Reason, &v.Scheme, &v.Units}
	}), year)
}

// ScoredFrom is a record of a unit's ledger kind behind a year's results:
// a batch (VersionBatches) or a 零报告 declaration (VersionDeclarations),
// by its ID.
type ScoredFrom struct {
	UnitID int64
	Kind   string
	ID     int64
}

// scanScoredFrom scans a row of version_batches.sql or
// s15_version_declarations.sql.
var scanScoredFrom = fields(func(r *ScoredFrom) []any { return []any{&r.UnitID, &r.Kind, &r.ID} })

// VersionBatches lists the batches version n of a year was published from;
// n 0 lists the batches active for the year now.
func (q *Queries) VersionBatches(ctx context.Context, year, n int) ([]ScoredFrom, error) {
	return list(ctx, q.q, "version_batches", scanScoredFrom, year, n)
}

// VersionScoredRecord remembers the ledger batches active for a year as
// those its draft is scored from: run in the transaction that scores it.
func (q *Queries) VersionScoredRecord(ctx context.Context, year int) error {
	return execStatements(ctx, q.q, "version_scored_record", year)
}

// Changed is a ledger kind of a unit whose batch (VersionChanged) or 零报告
// declaration (ScoreDeclarationsChanged) is not the one the year's results
// were scored from: Scored is the one then, Now the one now; either is 0
// when there was none.
type Changed struct {
	UnitID int64
	Unit   string // "" for the county (gongkai.CountyUnitID)
	Kind   string
	Scored int64
	Now    int64
}

// scanChanged scans a row of version_scored_changed.sql or
// s15_score_declarations_changed.sql.
func scanChanged(s scanner) (Changed, error) {
	var c Changed
	var scored, now sql.NullInt64
	err := s.Scan(&c.UnitID, &c.Unit, &c.Kind, &scored, &now)
	c.Scored, c.Now = scored.Int64, now.Int64
	return c, err
}

// VersionScoredChanged lists the ledgers of a year changed since its draft
// was scored.
func (q *Queries) VersionScoredChanged(ctx context.Context, year int) ([]Changed, error) {
	return q.VersionChanged(ctx, year, 0)
}

// VersionChanged lists the ledgers of a year changed since version n was
// scored (0: the draft).
func (q *Queries) VersionChanged(ctx context.Context, year, n int) ([]Changed, error) {
	return changedSince(ctx, q.q, "version_scored_changed", year, n)
}

// changedSince compares what a year's scores were computed from with what
// is in force now, per unit and kind (sql/queries/s10s_scored_changed.sql),
// the two given as the two SELECTs of the named query file; a row is
// scanned by scanChanged.
func changedSince(ctx context.Context, q querier, name string, args ...any) ([]Changed, error) {
	st := sqlfiles.Statements(name)
	if len(st) != 2 {
		return nil, fmt.Errorf("%s: %d statements, want the two compared", name, len(st))
	}
	query := sqlfiles.Fill(sqlfiles.Query("s10s_scored_changed"), "scored", st[0], "now", st[1])
	return listSQL(ctx, q, name, query, scanChanged, args...)
}
