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
// serves both.

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
// explanations with their ledger rows, active batches and grades.
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

// Versions lists a year's versions, oldest first; year 0 lists the latest
// version of every year, newest year first.
func (q *Queries) Versions(ctx context.Context, year int) ([]ResultVersion, error) {
	return list(ctx, q.q, "version_list", fields(func(v *ResultVersion) []any {
		return []any{&v.Year, &v.Version, &v.State, &v.At, &v.By, &v.Reason, &v.Scheme, &v.Units}
	}), year)
}

// VersionResults is ScoreResults of a published version.
func (q *Queries) VersionResults(ctx context.Context, year, n int, group string) ([]ScoreResult, error) {
	return list(ctx, q.q, "version_results", scanScoreResult, year, n, group)
}

// VersionItems is ScoreItems of a published version.
func (q *Queries) VersionItems(ctx context.Context, year, n int) ([]ScoreItem, error) {
	return list(ctx, q.q, "version_items", scanScoreItem, year, n)
}

// VersionExplain is Explain of a published version, of one unit or
// (unitID 0) of all.
func (q *Queries) VersionExplain(ctx context.Context, year, n int, unitID int64) ([]ExplainRow, error) {
	return list(ctx, q.q, "version_explain", scanExplain, year, n, unitID)
}

// VersionDeductions is LeadershipDeductions of a published version.
func (q *Queries) VersionDeductions(ctx context.Context, year, n int) ([]DeductionRow, error) {
	return list(ctx, q.q, "version_deductions", scanDeduction, year, n)
}

// VersionGrades is LeadershipGrades of a published version.
func (q *Queries) VersionGrades(ctx context.Context, year, n int) ([]SchemeGrade, error) {
	return list(ctx, q.q, "version_grades", scanGrade, year, n)
}

// VersionBatch is a ledger batch a version was published from.
type VersionBatch struct {
	UnitID  int64
	Kind    string
	BatchID int64
}

// VersionBatches lists the batches version n of a year was published from;
// n 0 lists the batches active for the year now.
func (q *Queries) VersionBatches(ctx context.Context, year, n int) ([]VersionBatch, error) {
	return list(ctx, q.q, "version_batches", fields(func(b *VersionBatch) []any {
		return []any{&b.UnitID, &b.Kind, &b.BatchID}
	}), year, n)
}

// VersionScoredRecord remembers the ledger batches active for a year as
// those its draft is scored from: run in the transaction that scores it.
func (q *Queries) VersionScoredRecord(ctx context.Context, year int) error {
	return execStatements(ctx, q.q, "version_scored_record", year)
}

// ChangedBatch is a ledger of a unit whose active batch is not the one the
// year's draft was scored from: Scored or Active is 0 when there was none.
type ChangedBatch struct {
	UnitID int64
	Unit   string // "" for the county (gongkai.CountyUnitID)
	Kind   string
	Scored int64
	Active int64
}

// VersionScoredChanged lists the ledgers of a year changed since its draft
// was scored.
func (q *Queries) VersionScoredChanged(ctx context.Context, year int) ([]ChangedBatch, error) {
	return q.VersionChanged(ctx, year, 0)
}

// VersionChanged lists the ledgers of a year changed since version n was
// scored (0: the draft).
func (q *Queries) VersionChanged(ctx context.Context, year, n int) ([]ChangedBatch, error) {
	return changedSince(ctx, q.q, "version_scored_changed", func(unitID int64, unit, kind string, scored, now int64) ChangedBatch {
		return ChangedBatch{UnitID: unitID, Unit: unit, Kind: kind, Scored: scored, Active: now}
	}, year, n)
}

// changedSince compares what a year's scores were computed from with what
// is in force now, per unit and kind (sql/queries/s10s_scored_changed.sql),
// the two given as the two SELECTs of the named query file; made is a row
// of what changed, scored or now 0 when there was none.
func changedSince[T any](ctx context.Context, q querier, name string, made func(unitID int64, unit, kind string, scored, now int64) T, args ...any) ([]T, error) {
	st := sqlfiles.Statements(name)
	if len(st) != 2 {
		return nil, fmt.Errorf("%s: %d statements, want the two compared", name, len(st))
	}
	query := sqlfiles.Fill(sqlfiles.Query("s10s_scored_changed"), "scored", st[0], "now", st[1])
	return listSQL(ctx, q, name, query, func(s scanner) (T, error) {
		var unitID int64
		var unit, kind string
		var scored, now sql.NullInt64
		err := s.Scan(&unitID, &unit, &kind, &scored, &now)
		return made(unitID, unit, kind, scored.Int64, now.Int64), err
	}, args...)
}
