// Package metrics scores units against the year's assessment scheme
// (考核细则): the scheme is data in the database, every measure is a named
// SQL file run by DuckDB over the ledgers, and the rule engine that turns
// values into points is SQL too. Go only loads, orders and reports.
package metrics

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/6tail/lunar-go/HolidayUtil"

	sqlfiles "gongkai/sql"
)

// Calendar coverage: lunar-go carries the State Council holiday notices from
// 2001-12-29; its 2026 data matches the notice of 2025-11-04. Later years
// are unknown until announced, so dates after CalendarEnd are flagged.
var (
	CalendarStart = time.Date(2002, 1, 1, 0, 0, 0, 0, time.UTC)
	CalendarEnd   = time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
)

// Exception is a day that breaks the Monday–Friday rule.
type Exception struct {
	Day    time.Time
	IsWork bool // 调休 make-up working day
	Name   string
}

// HolidayExceptions lists holidays and 调休 working days from lunar-go for
// the covered years.
func HolidayExceptions() []Exception {
	var out []Exception
	for y := CalendarStart.Year(); y <= CalendarEnd.Year(); y++ {
		l := HolidayUtil.GetHolidaysByYear(y)
		for e := l.Front(); e != nil; e = e.Next() {
			h := e.Value.(*HolidayUtil.Holiday)
			d, err := time.Parse("2006-01-02", h.GetDay())
			if err != nil || d.Before(CalendarStart) || d.After(CalendarEnd) {
				continue
			}
			out = append(out, Exception{Day: d, IsWork: h.IsWork(), Name: h.GetName()})
		}
	}
	return out
}

// EnsureCalendar fills holiday_exceptions and builds the calendar table
// once per database.
func EnsureCalendar(ctx context.Context, db *sql.DB) error {
	var n int
	var covered string
	if err := db.QueryRowContext(ctx, sqlfiles.Query("calendar_status")).Scan(&n, &covered); err != nil {
		return fmt.Errorf("calendar status: %w", err)
	}
	if n > 0 && covered == CalendarEnd.Format("2006-01-02") {
		return nil
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("calendar: %w", err)
	}
	defer tx.Rollback()
	for _, e := range HolidayExceptions() {
		if _, err := tx.ExecContext(ctx, sqlfiles.Query("holiday_insert"), e.Day, e.IsWork, e.Name); err != nil {
			return fmt.Errorf("calendar: %w", err)
		}
	}
	for _, q := range sqlfiles.Statements("calendar_coverage_set") {
		var args []any
		if strings.Contains(q, "$1") {
			args = []any{CalendarStart.Format("2006-01-02"), CalendarEnd.Format("2006-01-02")}
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("calendar coverage: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, sqlfiles.Query("calendar_build")); err != nil {
		return fmt.Errorf("calendar build: %w", err)
	}
	return tx.Commit()
}

// ErrBeyondCalendar: the holiday arrangements for that year are not yet known.
var ErrBeyondCalendar = fmt.Errorf("该日期超出国务院节假日安排的已知范围（至 %s）", CalendarEnd.Format("2006-01-02"))

// WorkdayAdd returns the date n working days after d (d is day 0).
func WorkdayAdd(ctx context.Context, db *sql.DB, d time.Time, n int) (time.Time, error) {
	var out time.Time
	if err := db.QueryRowContext(ctx, sqlfiles.Query("workday_add"), d.Format("2006-01-02"), n).Scan(&out); err != nil {
		return out, fmt.Errorf("workday add: %w", err)
	}
	if out.After(CalendarEnd) {
		return out, fmt.Errorf("%w: %s", ErrBeyondCalendar, out.Format("2006-01-02"))
	}
	return out, nil
}
