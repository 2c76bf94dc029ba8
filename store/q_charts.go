package store

import (
	"context"
	"database/sql"
)

// What the leadership outputs (charts: site, dashboards, ranking workbook)
// read besides the scores.

// SchemeGrade is a grade band of a year's scheme.
type SchemeGrade struct {
	Name string
	Min  float64
}

// LeadershipGrades lists the grades of the scheme of version n of a year
// (Draft: the year's scheme now), best first.
func (q *Queries) LeadershipGrades(ctx context.Context, year, n int) ([]SchemeGrade, error) {
	return versioned(ctx, q.q, "leadership_grades", "version_grades", scanGrade, year, n)
}

// scanGrade scans a row of leadership_grades.sql or version_grades.sql.
var scanGrade = fields(func(g *SchemeGrade) []any { return []any{&g.Name, &g.Min} })

// ReplyDays is how many applications of a ledger year were answered in a
// bucket of working days (0: outside the known calendar, 1: ≤5 … 6: over
// 40), and how many of them late.
type ReplyDays struct {
	Year     int
	Bucket   int
	Answered int
	Late     int
}

// LeadershipReplyDays counts reply times county-wide for the ledger years
// from … to, by year and bucket.
func (q *Queries) LeadershipReplyDays(ctx context.Context, from, to int) ([]ReplyDays, error) {
	return list(ctx, q.q, "leadership_reply_days", fields(func(r *ReplyDays) []any {
		return []any{&r.Year, &r.Bucket, &r.Answered, &r.Late}
	}), from, to)
}

// DeductionRow is one ledger row behind a lost point of a year (Row 0 and
// empty text when the loss has no rows), with the unit's group and rank.
type DeductionRow struct {
	UnitID int64
	Group  string
	Rank   int
	Unit   string
	ID     string // indicator
	Name   string
	Lost   float64
	File   string
	Sheet  string
	Row    int
	Label  string
}

// LeadershipDeductions lists every lost point of every unit of version n
// of a year (Draft: the draft) with its ledger rows, in group, rank,
// indicator and ledger-row order.
func (q *Queries) LeadershipDeductions(ctx context.Context, year, n int) ([]DeductionRow, error) {
	return versioned(ctx, q.q, "leadership_deductions", "version_deductions", scanDeduction, year, n)
}

// scanDeduction scans a row of leadership_deductions.sql or version_deductions.sql.
func scanDeduction(s scanner) (d DeductionRow, err error) {
	var (
		rowID, srcRow      sql.NullInt64
		file, sheet, label sql.NullString
	)
	err = s.Scan(&d.UnitID, &d.Group, &d.Rank, &d.Unit, &d.ID, &d.Name, &d.Lost, &rowID, &file, &sheet, &srcRow, &label)
	d.File, d.Sheet, d.Label, d.Row = file.String, sheet.String, label.String, int(srcRow.Int64)
	return d, err
}
