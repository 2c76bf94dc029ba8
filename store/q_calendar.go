package store

import (
	"context"
	"time"
)

// The working-day calendar: metrics decides which holidays and range this
// build knows (lunar-go); these methods store them and build the calendar
// table the measures join.

const day = "2006-01-02"

// CalendarStatus is the stored coverage and the calendar table's first
// and last day, as YYYY-MM-DD ("" when empty).
type CalendarStatus struct {
	CoveredFrom, CoveredTo string
	First, Last            string
}

// CalendarStatus reads what the calendar covers, to tell whether it must
// be rebuilt.
func (q *Queries) CalendarStatus(ctx context.Context) (CalendarStatus, error) {
	return one(ctx, q.q, "calendar_status", fields(func(c *CalendarStatus) []any {
		return []any{&c.CoveredFrom, &c.CoveredTo, &c.First, &c.Last}
	}))
}

// Holiday is a day that breaks the Monday–Friday rule: a statutory
// holiday, or a 调休 working day when IsWork.
type Holiday struct {
	Day    time.Time
	IsWork bool
	Name   string
}

// Holidays lists the stored exceptions in date order.
func (q *Queries) Holidays(ctx context.Context) ([]Holiday, error) {
	return list(ctx, q.q, "holiday_list", fields(func(h *Holiday) []any {
		return []any{&h.Day, &h.IsWork, &h.Name}
	}))
}

// ClearHolidays drops the stored exceptions, so that one a newer notice
// dropped does not survive the rewrite.
func (q *Queries) ClearHolidays(ctx context.Context) error {
	return execNamed(ctx, q.q, "holiday_clear")
}

// InsertHolidays stores exceptions, all in one statement.
func (q *Queries) InsertHolidays(ctx context.Context, hs []Holiday) error {
	days, work, names := make([]string, len(hs)), make([]bool, len(hs)), make([]string, len(hs))
	for i, h := range hs {
		days[i], work[i], names[i] = h.Day.Format(day), h.IsWork, h.Name
	}
	return execNamed(ctx, q.q, "holiday_insert", days, work, names)
}

// SetCalendarCoverage records the range of days the calendar covers.
func (q *Queries) SetCalendarCoverage(ctx context.Context, from, to time.Time) error {
	return execStatements(ctx, q.q, "calendar_coverage_set", from.Format(day), to.Format(day))
}

// BuildCalendar rebuilds the calendar table from the stored exceptions
// over the covered range.
func (q *Queries) BuildCalendar(ctx context.Context) error {
	return execStatements(ctx, q.q, "calendar_build")
}

// WorkdayAdd returns the date n working days after d (d is day 0). A day
// outside the calendar finds no row: an error NotFound recognises.
func (q *Queries) WorkdayAdd(ctx context.Context, d time.Time, n int) (time.Time, error) {
	return one(ctx, q.q, "workday_add", scalar[time.Time], d.Format(day), n)
}
