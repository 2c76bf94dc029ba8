package store

import (
	"context"
	"database/sql"
	"time"
)

// Deadline is an open application with its statutory reply deadline
// (query deadlines, view application_deadlines).
type Deadline struct {
	UnitID   int64
	Unit     string
	RowID    int64
	Year     int
	AppNo    string
	Received time.Time
	Start    time.Time // 收到日期, or 补正完成日期 when the request was completed later
	Allowed  int       // working days the law allows this application
	// Deadline and DaysLeft are nil when a date lies outside the known
	// holiday calendar (State: "unknown").
	Deadline *time.Time
	DaysLeft *int
	State    string // overdue | due | open | unknown
}

// Deadlines lists the applications open on asOf (received by then, not yet
// answered), of one unit or of every unit (unitID 0), most urgent first;
// "due" is at most warnDays working days left.
func (q *Queries) Deadlines(ctx context.Context, asOf time.Time, unitID int64, warnDays int) ([]Deadline, error) {
	return list(ctx, q.q, "deadlines", func(s scanner) (Deadline, error) {
		var d Deadline
		var dl sql.NullTime
		var left sql.NullInt64
		err := s.Scan(&d.UnitID, &d.Unit, &d.RowID, &d.Year, &d.AppNo, &d.Received, &d.Start, &d.Allowed, &dl, &left, &d.State)
		if dl.Valid {
			d.Deadline = &dl.Time
		}
		if left.Valid {
			n := int(left.Int64)
			d.DaysLeft = &n
		}
		return d, err
	}, asOf.Format(day), unitID, warnDays)
}
