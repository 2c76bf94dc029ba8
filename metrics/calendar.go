// Package metrics scores units against the year's assessment scheme
// (考核细则): the scheme is data in the database, every measure is a named
// SQL file run by DuckDB over the ledgers, and the rule engine that turns
// values into points is SQL too. Go only loads, orders and reports.
package metrics

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/6tail/lunar-go/HolidayUtil"

	"gongkai/store"
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
func EnsureCalendar(ctx context.Context, db *store.DB) error {
	want := HolidayExceptions()
	same, err := calendarCurrent(ctx, db, want)
	if err != nil || same {
		return err
	}
	hs := make([]store.Holiday, len(want))
	for i, e := range want {
		hs[i] = store.Holiday(e)
	}
	err = db.InTx(ctx, func(q *store.Queries) error {
		// Cleared first: an exception a newer notice dropped must not survive.
		if err := q.ClearHolidays(ctx); err != nil {
			return err
		}
		if err := q.InsertHolidays(ctx, hs); err != nil {
			return err
		}
		if err := q.SetCalendarCoverage(ctx, CalendarStart, CalendarEnd); err != nil {
			return err
		}
		return q.BuildCalendar(ctx)
	})
	if err != nil {
		return fmt.Errorf("calendar: %w", err)
	}
	return nil
}

// calendarCurrent compares the stored coverage, calendar span and
// exceptions with want. A few hundred rows: cheap enough for every open.
func calendarCurrent(ctx context.Context, db *store.DB, want []Exception) (bool, error) {
	st, err := db.CalendarStatus(ctx)
	if err != nil {
		return false, fmt.Errorf("calendar status: %w", err)
	}
	s, e := CalendarStart.Format("2006-01-02"), CalendarEnd.Format("2006-01-02")
	if st.CoveredFrom != s || st.CoveredTo != e || st.First != s || st.Last != e {
		return false, nil
	}
	have, err := db.Holidays(ctx)
	if err != nil {
		return false, fmt.Errorf("calendar status: %w", err)
	}
	if len(have) != len(want) {
		return false, nil
	}
	for i, x := range have {
		if !x.Day.Equal(want[i].Day) || x.IsWork != want[i].IsWork || x.Name != want[i].Name {
			return false, nil
		}
	}
	return true, nil
}

// ErrBeyondCalendar: the holiday arrangements for that date are not yet known.
var ErrBeyondCalendar = fmt.Errorf("%s（已知范围 %s 至 %s）", UnknownNote, CalendarStart.Format("2006-01-02"), CalendarEnd.Format("2006-01-02"))

// WorkdayAdd returns the date n working days after d (d is day 0). A start
// or result outside the known calendar is ErrBeyondCalendar: the calendar
// table holds no such day, so the query finds nothing.
func WorkdayAdd(ctx context.Context, db *store.DB, d time.Time, n int) (time.Time, error) {
	out, err := db.WorkdayAdd(ctx, d, n)
	if store.NotFound(err) {
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
func UnknownRows(ctx context.Context, db *store.DB, year int) (int, error) {
	n, err := db.UnknownRowCount(ctx, year)
	if err != nil {
		return 0, fmt.Errorf("unknown rows: %w", err)
	}
	return n, nil
}
