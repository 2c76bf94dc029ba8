package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"gongkai/metrics"
)

// cmdCalendar shows a year's holidays and make-up working days as gongkai
// counts them, so the office can hold them against the State Council's
// notice when a new year's arrangement comes out. It needs no database:
// the arrangement is compiled in.
func cmdCalendar(ctx context.Context, c *cmdLine, stdout, stderr io.Writer) int {
	year := c.yearFlag("`年度`")
	asJSON := c.jsonFlag()
	if _, code := c.parse(noArgs); code >= 0 {
		return code
	}
	cal, err := metrics.Year(int(*year))
	if errors.Is(err, metrics.ErrYearUnknown) {
		fmt.Fprintf(stderr, "gongkai: %v；国务院办公厅公布该年安排后，需换用收录了它的 gongkai（见 README“节假日日历”），在此之前该年的期限一律列为“%s”\n", err, metrics.UnknownNote)
		return exitRefused
	}
	if err != nil {
		return fail(stderr, exitRefused, err)
	}
	if *asJSON {
		writeJSON(stdout, cal)
		return exitOK
	}
	fmt.Fprintf(stdout, "%d 年节假日安排\n放假\n", cal.Year)
	for _, r := range holidayRuns(cal.Holidays) {
		if r.from == r.to {
			fmt.Fprintf(stdout, "  %s\t%s\t共 %d 天\n", r.name, r.from, r.days)
		} else {
			fmt.Fprintf(stdout, "  %s\t%s 至 %s\t共 %d 天\n", r.name, r.from, r.to, r.days)
		}
	}
	fmt.Fprintln(stdout, "调休上班")
	if len(cal.MakeupDays) == 0 {
		fmt.Fprintln(stdout, "  无")
	}
	for _, d := range cal.MakeupDays {
		fmt.Fprintf(stdout, "  %s\t%s（%s）\n", d.Name, d.Date, weekday(d.Date))
	}
	fmt.Fprintf(stdout, "全年工作日 %d 天\n", cal.WorkingDays)
	return exitOK
}

type holidayRun struct {
	name, from, to string
	days           int
}

// holidayRuns joins consecutive days off of the same holiday, as the notice
// writes them (春节 2月5日至13日).
func holidayRuns(days []metrics.Day) []holidayRun {
	var out []holidayRun
	for _, d := range days {
		if n := len(out); n > 0 && out[n-1].name == d.Name && nextDay(out[n-1].to) == d.Date {
			out[n-1].to = d.Date
			out[n-1].days++
			continue
		}
		out = append(out, holidayRun{name: d.Name, from: d.Date, to: d.Date, days: 1})
	}
	return out
}

func nextDay(s string) string {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		return ""
	}
	return d.AddDate(0, 0, 1).Format("2006-01-02")
}

func weekday(s string) string {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		return ""
	}
	return "星期" + string([]rune("日一二三四五六")[d.Weekday()])
}
