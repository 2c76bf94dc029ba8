// Package metrics scores units against the year's assessment scheme
// (考核细则): the scheme is data in the database, every measure is a named
// SQL file run by DuckDB over the ledgers, and the rule engine that turns
// values into points is SQL too. Go only loads, orders and reports.
package metrics

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/6tail/lunar-go/HolidayUtil"

	sqlfiles "gongkai/sql"
)

// Calendar coverage: lunar-go carries the State Council holiday notices from
// 2001-12-29; v1.4.7 adds 2027. CalendarEnd moves only when a lunar-go
// release with the next year's notice is taken in (see README), because a
// year without data would otherwise read as weekends only. The calendar
// table holds exactly these days, so any date outside them joins to nothing
// and is treated as unknown, never as on time or late.
var (
	CalendarStart = time.Date(2002, 1, 1, 0, 0, 0, 0, time.UTC)
	CalendarEnd   = time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC)
)

// UnknownNote is what a clerk reads beside a row whose deadline cannot be
// worked out because a date lies outside the known calendar.
const UnknownNote = "节假日安排尚未公布，无法判定"

// Exception is a day that breaks the Monday–Friday rule.
type Exception struct {
	Day    time.Time
	IsWork bool // 调休 make-up working day
	Name   string
}

// YearKnown reports whether the holiday arrangements of year y are known.
func YearKnown(y int) bool {
	return y >= CalendarStart.Year() && y <= CalendarEnd.Year()
}

// HolidayExceptions lists holidays and 调休 working days from lunar-go for
// the covered years, in date order.
func HolidayExceptions() []Exception {
	var out []Exception
	for y := CalendarStart.Year(); y <= CalendarEnd.Year(); y++ {
		out = append(out, yearExceptions(y)...)
	}
	return out
}

func yearExceptions(y int) []Exception {
	var out []Exception
	l := HolidayUtil.GetHolidaysByYear(y)
	for e := l.Front(); e != nil; e = e.Next() {
		h := e.Value.(*HolidayUtil.Holiday)
		d, err := time.Parse("2006-01-02", h.GetDay())
		if err != nil || d.Year() != y || d.Before(CalendarStart) || d.After(CalendarEnd) {
			continue
		}
		out = append(out, Exception{Day: d, IsWork: h.IsWork(), Name: h.GetName()})
	}
	return out
}

// YearCalendar is one year's arrangement as `gongkai calendar` shows it.
type YearCalendar struct {
	Year        int   `json:"year"`
	Holidays    []Day `json:"holidays"`     // statutory days off that fall on a weekday or weekend
	MakeupDays  []Day `json:"makeup_days"`  // 调休: weekends that are working days
	WorkingDays int   `json:"working_days"` // Monday–Friday plus make-up days, minus holidays
}

// Day is one date of an arrangement with the holiday it belongs to.
type Day struct {
	Date string `json:"date"`
	Name string `json:"name"`
}

// ErrYearUnknown: the State Council has not announced (or gongkai does not
// yet carry) that year's arrangement.
var ErrYearUnknown = errors.New("该年度的节假日安排尚未收录")

// Year returns the arrangement of year y, or ErrYearUnknown outside the
// covered years. The count follows the rule calendar_build.sql applies, so
// it matches the calendar table (TestYearCalendarMatchesTable).
func Year(y int) (YearCalendar, error) {
	c := YearCalendar{Year: y, Holidays: []Day{}, MakeupDays: []Day{}}
	if !YearKnown(y) {
		return c, fmt.Errorf("%w：%d 年（已收录 %d–%d 年）", ErrYearUnknown, y, CalendarStart.Year(), CalendarEnd.Year())
	}
	exc := map[time.Time]bool{}
	for _, e := range yearExceptions(y) {
		exc[e.Day] = e.IsWork
		d := Day{Date: e.Day.Format("2006-01-02"), Name: e.Name}
		if e.IsWork {
			c.MakeupDays = append(c.MakeupDays, d)
		} else {
			c.Holidays = append(c.Holidays, d)
		}
	}
	for d := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() == y; d = d.AddDate(0, 0, 1) {
		work := d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
		if w, ok := exc[d]; ok {
			work = w
		}
		if work {
			c.WorkingDays++
		}
	}
	return c, nil
}

// EnsureCalendar makes the database's calendar match this build's: it is
// rebuilt when the covered range or any exception differs, so a database
// made by an older gongkai gets the newly known year on open.
func EnsureCalendar(ctx context.Context, db *sql.DB) error {
	want := HolidayExceptions()
	same, err := calendarCurrent(ctx, db, want)
	if err != nil || same {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("calendar: %w", err)
	}
	defer tx.Rollback()
	// Cleared first: an exception a newer notice dropped must not survive.
	if _, err := tx.ExecContext(ctx, sqlfiles.Query("holiday_clear")); err != nil {
		return fmt.Errorf("calendar: %w", err)
	}
	days, work, names := make([]string, len(want)), make([]bool, len(want)), make([]string, len(want))
	for i, e := range want {
		days[i], work[i], names[i] = e.Day.Format("2006-01-02"), e.IsWork, e.Name
	}
	if _, err := tx.ExecContext(ctx, sqlfiles.Query("holiday_insert"), days, work, names); err != nil {
		return fmt.Errorf("calendar: %w", err)
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
	for _, q := range sqlfiles.Statements("calendar_build") {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("calendar build: %w", err)
		}
	}
	return tx.Commit()
}

// calendarCurrent compares the stored coverage, calendar span and
// exceptions with want. A few hundred rows: cheap enough for every open.
func calendarCurrent(ctx context.Context, db *sql.DB, want []Exception) (bool, error) {
	var from, to, first, last string
	if err := db.QueryRowContext(ctx, sqlfiles.Query("calendar_status")).Scan(&from, &to, &first, &last); err != nil {
		return false, fmt.Errorf("calendar status: %w", err)
	}
	s, e := CalendarStart.Format("2006-01-02"), CalendarEnd.Format("2006-01-02")
	if from != s || to != e || first != s || last != e {
		return false, nil
	}
	rows, err := db.QueryContext(ctx, sqlfiles.Query("holiday_list"))
	if err != nil {
		return false, fmt.Errorf("calendar status: %w", err)
	}
	defer rows.Close()
	i := 0
	for rows.Next() {
		var x Exception
		if err := rows.Scan(&x.Day, &x.IsWork, &x.Name); err != nil {
			return false, fmt.Errorf("calendar status: %w", err)
		}
		if i >= len(want) || !x.Day.Equal(want[i].Day) || x.IsWork != want[i].IsWork || x.Name != want[i].Name {
			return false, rows.Err()
		}
		i++
	}
	return i == len(want), rows.Err()
}

// ErrBeyondCalendar: the holiday arrangements for that date are not yet known.
var ErrBeyondCalendar = fmt.Errorf("%s（已知范围 %s 至 %s）", UnknownNote, CalendarStart.Format("2006-01-02"), CalendarEnd.Format("2006-01-02"))

// WorkdayAdd returns the date n working days after d (d is day 0). A start
// or result outside the known calendar is ErrBeyondCalendar: the calendar
// table holds no such day, so the query finds nothing.
func WorkdayAdd(ctx context.Context, db *sql.DB, d time.Time, n int) (time.Time, error) {
	var out time.Time
	err := db.QueryRowContext(ctx, sqlfiles.Query("workday_add"), d.Format("2006-01-02"), n).Scan(&out)
	if errors.Is(err, sql.ErrNoRows) {
		return out, fmt.Errorf("%w: %s + %d 个工作日", ErrBeyondCalendar, d.Format("2006-01-02"), n)
	}
	if err != nil {
		return out, fmt.Errorf("workday add: %w", err)
	}
	return out, nil
}

// UnknownRows counts the ledger rows of a year that the working-day
// measures left out because a date lies outside the known calendar, so
// that scoring can warn about them instead of passing them over silently.
func UnknownRows(ctx context.Context, db *sql.DB, year int) (int, error) {
	var n int
	if err := db.QueryRowContext(ctx, sqlfiles.Query("measure_unknown_count"), year).Scan(&n); err != nil {
		return 0, fmt.Errorf("unknown rows: %w", err)
	}
	return n, nil
}
