package metrics

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/6tail/lunar-go/HolidayUtil"

	"gongkai"
)

// The deadline rule worked out independently of the calendar table: day by
// day from lunar-go's notices (a listed day is off or a 调休 working day;
// otherwise Monday–Friday work), the n-th working day after the start.
// Memoised: lunar-go looks a day up by scanning its whole table.
func isWorkday(d time.Time) bool {
	if w, ok := workdayMemo[d]; ok {
		return w
	}
	w := d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
	if h := HolidayUtil.GetHoliday(d.Format("2006-01-02")); h != nil {
		w = h.IsWork()
	}
	workdayMemo[d] = w
	return w
}

var workdayMemo = map[time.Time]bool{}

func addWorkdays(d time.Time, n int) time.Time {
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if isWorkday(d) {
			n--
		}
	}
	return d
}

// workdaysBetween counts the working days after a up to and including b
// (negative when b is before a).
func workdaysBetween(a, b time.Time) int {
	sign := 1
	if b.Before(a) {
		a, b, sign = b, a, -1
	}
	n := 0
	for d := a.AddDate(0, 0, 1); !d.After(b); d = d.AddDate(0, 0, 1) {
		if isWorkday(d) {
			n++
		}
	}
	return sign * n
}

type appCase struct {
	no                string
	received, start   time.Time
	extended          bool
	consult           int
	deadline, replied time.Time
	late              bool
}

func (c appCase) csv(replied bool) string {
	ext := "否"
	if c.extended {
		ext = "是"
	}
	corr := ""
	if !c.start.Equal(c.received) {
		corr = c.start.Format("2006-01-02")
	}
	rep, out := "", ""
	if replied {
		rep, out = c.replied.Format("2006-01-02"), "予以公开"
	}
	return fmt.Sprintf("%s,%s,自然人,%s,%d,%s,%s,%s\n", c.no, c.received.Format("2006-01-02"), ext, c.consult, corr, rep, out)
}

// TestDeadlinesWalkEveryTiaoxiu: for every holiday and 调休 working day of
// 2024–2026, applications received up to 29 days before it (so that the
// 20 or 40 working days cross it), some extended, some with 征求意见天数,
// some restarted by 补正. The deadline warnings (Deadlines, as of the
// exceptional day itself) give the deadline and working days left that the
// day-by-day rule gives; and reply_on_time, scored, counts a reply on that
// deadline as on time and one a working day later as late — to the day.
func TestDeadlinesWalkEveryTiaoxiu(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	saveUnits(t, db,
		gongkai.Unit{ID: 1, Name: "平安县甲局", Aliases: []string{"甲局"}, Group: "B类"},
		gongkai.Unit{ID: 2, Name: "平安县乙局", Aliases: []string{"乙局"}, Group: "B类"},
	)
	var exceptions []time.Time
	for y := 2024; y <= 2026; y++ {
		l := HolidayUtil.GetHolidaysByYear(y)
		for e := l.Front(); e != nil; e = e.Next() {
			d, err := time.Parse("2006-01-02", e.Value.(*HolidayUtil.Holiday).GetDay())
			if err != nil {
				t.Fatal(err)
			}
			if d.Year() == y {
				exceptions = append(exceptions, d)
			}
		}
	}
	if len(exceptions) < 90 {
		t.Fatalf("only %d holidays and 调休 days in 2024–2026", len(exceptions))
	}
	var open []appCase                // unit 1: still open
	replied := map[int][]appCase{}    // unit 2: by the year of the reply
	openByYear := map[int][]appCase{} // unit 1: by the year received
	n := 0
	for _, e := range exceptions {
		for _, k := range []int{0, 3, 7, 12, 18, 25, 29} {
			n++
			c := appCase{no: fmt.Sprintf("S%05d", n), received: e.AddDate(0, 0, -k), extended: n%4 == 0}
			c.start = c.received
			if n%5 == 1 {
				c.consult = 3
			}
			if n%7 == 2 {
				c.start = c.received.AddDate(0, 0, 2)
			}
			allowed := 20 + c.consult
			if c.extended {
				allowed += 20
			}
			c.deadline = addWorkdays(c.start, allowed)
			open = append(open, c)
			openByYear[c.received.Year()] = append(openByYear[c.received.Year()], c)
			onTime, late := c, c
			onTime.no, onTime.replied = "T"+c.no[1:], c.deadline
			late.no, late.replied, late.late = "L"+c.no[1:], addWorkdays(c.deadline, 1), true
			for _, r := range []appCase{onTime, late} {
				replied[r.replied.Year()] = append(replied[r.replied.Year()], r)
			}
		}
	}
	// One application whose deadline falls past the known calendar.
	beyond := appCase{no: "U00001", received: day("2027-12-10"), start: day("2027-12-10")}
	openByYear[2027] = append(openByYear[2027], beyond)

	dir := t.TempDir()
	const header = "申请编号,收到日期,申请人类型,是否延期,征求意见天数,补正完成日期,答复日期,办理结果\n"
	var files []string
	write := func(name string, cs []appCase, rep bool) {
		var b strings.Builder
		b.WriteString(header)
		for _, c := range cs {
			b.WriteString(c.csv(rep))
		}
		files = append(files, writeLedger(t, dir, name, b.String()))
	}
	for y, cs := range openByYear {
		write(fmt.Sprintf("甲局-依申请-%d.csv", y), cs, false)
	}
	for y, cs := range replied {
		write(fmt.Sprintf("乙局-依申请-%d.csv", y), cs, true)
	}
	ingestAll(t, db, files...)
	if err := EnsureCalendar(ctx, db); err != nil {
		t.Fatal(err)
	}

	// The warnings, as of each exceptional day.
	checked := 0
	for _, e := range exceptions {
		ds, err := Deadlines(ctx, db, e, 1)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, d := range ds {
			if d.Deadline == nil || d.DaysLeft == nil {
				t.Fatalf("as of %s: %s has no deadline", e.Format("2006-01-02"), d.AppNo)
			}
			got[d.AppNo] = fmt.Sprintf("%s %d %s", d.Deadline.Format("2006-01-02"), *d.DaysLeft, d.State)
		}
		want := map[string]string{}
		for _, c := range open {
			if c.received.After(e) {
				continue
			}
			left := workdaysBetween(e, c.deadline)
			state := "open"
			switch {
			case c.deadline.Before(e):
				state = "overdue"
			case left <= WarnDays:
				state = "due"
			}
			want[c.no] = fmt.Sprintf("%s %d %s", c.deadline.Format("2006-01-02"), left, state)
		}
		for no, w := range want {
			if got[no] != w {
				t.Errorf("as of %s: %s = %q, want %q", e.Format("2006-01-02"), no, got[no], w)
			}
		}
		if len(got) != len(want) {
			t.Errorf("as of %s: %d open applications listed, want %d", e.Format("2006-01-02"), len(got), len(want))
		}
		checked += len(want)
	}
	t.Logf("%d exceptional days, %d (day, application) deadlines checked", len(exceptions), checked)

	// Past the calendar: listed as unknown, never as on time or late.
	ds, err := Deadlines(ctx, db, day("2027-12-20"), 1)
	if err != nil {
		t.Fatal(err)
	}
	var unknown []string
	for _, d := range ds {
		if d.State == "unknown" {
			unknown = append(unknown, d.AppNo)
		}
	}
	if !slices.Equal(unknown, []string{"U00001"}) {
		t.Errorf("unknown deadlines as of 2027-12-20: %v, want [U00001]", unknown)
	}

	// reply_on_time judges the replies by the same deadline.
	for y := 2024; y <= 2027; y++ {
		if len(replied[y]) == 0 {
			continue
		}
		scoreSample(t, db, y, Group{Name: "B类"})
		var total float64
		var ev []any
		if err := db.Raw().QueryRow(`SELECT total, evidence FROM measure_values WHERE year = ? AND unit_id = 2 AND measure = 'reply_on_time'`, y).Scan(&total, &ev); err != nil {
			t.Fatal(err)
		}
		var gotLate []string
		for _, id := range ev {
			var no string
			if err := db.Raw().QueryRow(`SELECT app_no FROM ledger_applications WHERE row_id = ?`, id).Scan(&no); err != nil {
				t.Fatal(err)
			}
			gotLate = append(gotLate, no)
		}
		var wantLate []string
		for _, c := range replied[y] {
			if c.late {
				wantLate = append(wantLate, c.no)
			}
		}
		slices.Sort(gotLate)
		slices.Sort(wantLate)
		if int(total) != len(replied[y]) || !slices.Equal(gotLate, wantLate) {
			t.Errorf("%d: reply_on_time counted %v, late %d; want %d counted, late %d (first differences: %v)",
				y, total, len(gotLate), len(replied[y]), len(wantLate), firstDiff(gotLate, wantLate))
		}
	}
}

func firstDiff(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return a[i] + " vs " + b[i]
		}
	}
	return fmt.Sprintf("lengths %d vs %d", len(a), len(b))
}
