package metrics

import (
	"context"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"

	"gongkai"
)

// expand lists every date from a to b inclusive.
func expand(a, b string) []string {
	var out []string
	for d := day(a); !d.After(day(b)); d = d.AddDate(0, 0, 1) {
		out = append(out, d.Format("2006-01-02"))
	}
	return out
}

// TestLunarGo2027MatchesNotice checks the library's 2027 data against the
// State Council's 2027 arrangement, written out here by hand from the
// notice rather than taken from the library.
func TestLunarGo2027MatchesNotice(t *testing.T) {
	var off []string
	for _, r := range [][2]string{
		{"2027-01-01", "2027-01-03"}, // 元旦
		{"2027-02-05", "2027-02-13"}, // 春节
		{"2027-04-03", "2027-04-05"}, // 清明
		{"2027-05-01", "2027-05-05"}, // 劳动节
		{"2027-06-09", "2027-06-09"}, // 端午
		{"2027-09-15", "2027-09-15"}, // 中秋
		{"2027-10-01", "2027-10-07"}, // 国庆
	} {
		off = append(off, expand(r[0], r[1])...)
	}
	work := []string{"2027-01-31", "2027-02-14", "2027-05-08", "2027-09-26", "2027-10-09"}

	c, err := Year(2027)
	if err != nil {
		t.Fatal(err)
	}
	var gotOff, gotWork []string
	for _, d := range c.Holidays {
		gotOff = append(gotOff, d.Date)
	}
	for _, d := range c.MakeupDays {
		gotWork = append(gotWork, d.Date)
	}
	sort.Strings(gotOff)
	sort.Strings(gotWork)
	if !reflect.DeepEqual(gotOff, off) {
		t.Errorf("2027 holidays from lunar-go:\n got %v\nwant %v", gotOff, off)
	}
	if !reflect.DeepEqual(gotWork, work) {
		t.Errorf("2027 make-up working days from lunar-go:\n got %v\nwant %v", gotWork, work)
	}
	if c.WorkingDays != 248 {
		t.Errorf("2027 working days = %d, want 248", c.WorkingDays)
	}
}

func TestYearWorkingDays(t *testing.T) {
	for y, want := range map[int]int{2024: 251, 2025: 248, 2026: 248, 2027: 248} {
		c, err := Year(y)
		if err != nil {
			t.Fatal(err)
		}
		if c.WorkingDays != want {
			t.Errorf("%d: %d working days, want %d", y, c.WorkingDays, want)
		}
	}
	for _, y := range []int{2001, 2028} {
		if _, err := Year(y); !errors.Is(err, ErrYearUnknown) {
			t.Errorf("%d: err = %v, want ErrYearUnknown", y, err)
		}
	}
}

// TestYearCalendarMatchesTable: what `gongkai calendar` prints is what the
// measures count with, year by year, and the table spans exactly the known
// range.
func TestYearCalendarMatchesTable(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	if err := EnsureCalendar(ctx, db); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Raw().QueryContext(ctx, `SELECT year(d), count(*) FILTER (WHERE is_work), min(d)::VARCHAR, max(d)::VARCHAR FROM calendar GROUP BY 1 ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var first, last string
	years := 0
	for rows.Next() {
		var y, n int
		var lo, hi string
		if err := rows.Scan(&y, &n, &lo, &hi); err != nil {
			t.Fatal(err)
		}
		if first == "" {
			first = lo
		}
		last = hi
		years++
		c, err := Year(y)
		if err != nil {
			t.Fatalf("%d is in the table: %v", y, err)
		}
		if c.WorkingDays != n {
			t.Errorf("%d: table has %d working days, Year says %d", y, n, c.WorkingDays)
		}
	}
	if first != "2002-01-01" || last != "2027-12-31" || years != 26 {
		t.Errorf("calendar spans %s … %s (%d years), want 2002-01-01 … 2027-12-31", first, last, years)
	}
}

func TestWorkdayAdd2027(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	if err := EnsureCalendar(ctx, db); err != nil {
		t.Fatal(err)
	}
	wantWorkdays(t, db, []workdayCase{
		// 元旦 2027: Dec 21–25 and 28–31 are the 1st–9th, Jan 1 (Fri) off,
		// Jan 4–8 the 10th–14th, Jan 11–15 the 15th–19th, Jan 18 the 20th
		// (weekends only would have said Jan 15).
		{"2026-12-20", 20, "2027-01-18"},
		// 春节 2027: Feb 5–13 off; Sundays Jan 31 and Feb 14 worked.
		{"2027-01-29", 1, "2027-01-31"},
		// Jan 31, Feb 1–4, Feb 14, Feb 15–18 → the 10th is Feb 18.
		{"2027-01-29", 10, "2027-02-18"},
		// received inside the holiday: the next working day is Sunday Feb 14.
		{"2027-02-08", 1, "2027-02-14"},
		// Jan 21–22, 25–29, 31, Feb 1–4 (12), Feb 14 (13), 15–19 (18), 22–23 (20).
		{"2027-01-20", 20, "2027-02-23"},
		// 国庆 2027: Sunday Sep 26 worked, Oct 1–7 off, Saturday Oct 9 worked.
		{"2027-09-24", 1, "2027-09-26"},
		{"2027-09-24", 5, "2027-09-30"},
		{"2027-09-24", 6, "2027-10-08"},
		{"2027-09-24", 7, "2027-10-09"},
		{"2027-09-24", 8, "2027-10-11"},
		// 中秋 Sep 15 off too: Sep 13–14, 16–17, 20–24 (9), 26 (10), 27–30 (14),
		// Oct 8 (15), 9 (16), 11–14 (20).
		{"2027-09-10", 20, "2027-10-14"},
	})
	// Outside the known range at either end: refused, with the Chinese reason.
	for _, c := range []struct {
		from string
		n    int
	}{{"2027-12-20", 20}, {"2028-01-03", 0}, {"2001-12-20", 1}} {
		_, err := WorkdayAdd(ctx, db, day(c.from), c.n)
		if !errors.Is(err, ErrBeyondCalendar) || !strings.Contains(err.Error(), UnknownNote) {
			t.Errorf("%s + %d: err = %v, want ErrBeyondCalendar", c.from, c.n, err)
		}
	}
}

// TestEnsureCalendarRebuildsOldDatabase: a database built by a gongkai
// whose calendar ended in 2026 (and ran on to 2035 with weekends only, with
// a since-dropped exception) gets the 2027 arrangement when it is ensured
// again, and nothing of the old build survives.
func TestEnsureCalendarRebuildsOldDatabase(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	for _, q := range []string{
		`INSERT INTO holiday_exceptions VALUES ('2026-12-31', false, '旧数据')`,
		`INSERT INTO calendar_coverage VALUES ('2002-01-01', '2026-12-31')`,
		`INSERT INTO calendar SELECT d, isodow(d) <= 5, sum((isodow(d) <= 5)::INTEGER) OVER (ORDER BY d)
		   FROM (SELECT g.d::DATE AS d FROM generate_series(TIMESTAMP '2015-01-01', TIMESTAMP '2035-12-31', INTERVAL 1 DAY) g(d))`,
	} {
		if _, err := db.Raw().ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if err := EnsureCalendar(ctx, db); err != nil {
		t.Fatal(err)
	}
	var lo, hi string
	var feb8, dec31, stale int
	if err := db.Raw().QueryRowContext(ctx, `SELECT min(d)::VARCHAR, max(d)::VARCHAR,
		count(*) FILTER (WHERE d = '2027-02-08' AND NOT is_work), count(*) FILTER (WHERE d = '2026-12-31' AND is_work),
		(SELECT count(*) FROM holiday_exceptions WHERE name = '旧数据') FROM calendar`).Scan(&lo, &hi, &feb8, &dec31, &stale); err != nil {
		t.Fatal(err)
	}
	if lo != "2002-01-01" || hi != "2027-12-31" || feb8 != 1 || dec31 != 1 || stale != 0 {
		t.Errorf("after rebuild: %s … %s, 2027-02-08 off %d, 2026-12-31 worked %d, stale exceptions %d", lo, hi, feb8, dec31, stale)
	}
	got, err := WorkdayAdd(ctx, db, day("2026-12-20"), 20)
	if err != nil || got.Format("2006-01-02") != "2027-01-18" {
		t.Errorf("2026-12-20 + 20 = %v, %v; want 2027-01-18", got, err)
	}
	// A second call finds nothing to do: the table is left as it is.
	if _, err := db.Raw().ExecContext(ctx, `UPDATE calendar SET wd_seq = -1 WHERE d = '2002-01-01'`); err != nil {
		t.Fatal(err)
	}
	if err := EnsureCalendar(ctx, db); err != nil {
		t.Fatal(err)
	}
	var seq int
	if err := db.Raw().QueryRowContext(ctx, `SELECT wd_seq FROM calendar WHERE d = '2002-01-01'`).Scan(&seq); err != nil || seq != -1 {
		t.Errorf("an up-to-date calendar was rebuilt (wd_seq %d, %v)", seq, err)
	}
}

// TestMeasures2027 scores 2027 ledgers: deadlines follow 2027's 元旦, 春节
// (with the Sunday make-up days) and 国庆, and a row whose deadline falls
// in 2028, whose holidays are not known, is left out of the total and
// listed with the Chinese note, in the measure's unknown rows and in
// explain.
func TestMeasures2027(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	saveUnits(t, db,
		gongkai.Unit{ID: 1, Name: "平安县甲局", Aliases: []string{"甲局"}, Group: "B类"},
		gongkai.Unit{ID: 2, Name: "平安县乙局", Aliases: []string{"乙局"}, Group: "B类"})
	dir := t.TempDir()
	files := []string{
		// Line numbers are CSV lines (header = 1).
		writeLedger(t, dir, "甲局-依申请-2027.csv", `申请编号,收到日期,申请人类型,是否延期,征求意见天数,补正完成日期,答复日期,办理结果
B1,2026-12-20,自然人,否,0,,2027-01-18,予以公开
B2,2026-12-20,自然人,否,0,,2027-01-19,予以公开
B3,2027-01-20,自然人,否,0,,2027-02-23,予以公开
B4,2027-01-20,自然人,否,0,,2027-02-24,予以公开
B5,2027-09-10,自然人,否,0,,2027-10-14,予以公开
B6,2027-09-10,自然人,否,0,,2027-10-15,予以公开
B7,2027-12-20,自然人,否,0,,,
`),
		// 乙局 loses nothing, yet its open application is listed.
		writeLedger(t, dir, "乙局-依申请-2027.csv", `申请编号,收到日期,申请人类型,是否延期,征求意见天数,补正完成日期,答复日期,办理结果
C1,2027-01-29,自然人,否,0,,2027-02-18,予以公开
C2,2027-12-21,自然人,是,0,,,
`),
		writeLedger(t, dir, "甲局-主动公开-2027.csv", `标题,形成日期,发布日期,保密审查
通知一,2027-09-24,2027-10-27,是
通知二,2027-09-24,2027-10-28,是
通知三,2027-12-20,2027-12-31,是
`),
		writeLedger(t, dir, "甲局-规范性文件-2027.csv", `文件名称,文件类型,印发日期,公开日期,解读日期,解读形式
办法一,行政规范性文件,2027-09-30,2027-09-30,2027-10-09,文字
办法二,行政规范性文件,2027-09-30,2027-09-30,2027-10-12,文字
办法三,行政规范性文件,2027-12-30,2027-12-30,2028-01-04,文字
`),
	}
	ingestAll(t, db, files...)
	scoreSample(t, db, 2027, Group{Name: "B类"})
	type val struct {
		value, total  float64
		late, unknown []int // CSV lines
	}
	lines := func(ids []any) []int {
		var out []int
		for _, e := range ids {
			var line int
			if err := db.Raw().QueryRow(`SELECT src_row FROM ledger_rows WHERE row_id = ?`, e).Scan(&line); err != nil {
				t.Fatal(err)
			}
			out = append(out, line)
		}
		return out
	}
	get := func(measure, param string) val {
		t.Helper()
		var v val
		var ev, unk []any
		err := db.Raw().QueryRow(`SELECT value, total, evidence,
			(SELECT coalesce(list(row_id ORDER BY row_id), []) FROM measure_unknown u
			 WHERE u.year = m.year AND u.unit_id = m.unit_id AND u.measure = m.measure AND u.param = m.param)
			FROM measure_values m WHERE year = 2027 AND unit_id = 1 AND measure = ? AND param = ?`, measure, param).Scan(&v.value, &v.total, &ev, &unk)
		if err != nil {
			t.Fatalf("%s(%s): %v", measure, param, err)
		}
		v.late, v.unknown = lines(ev), lines(unk)
		return v
	}
	// B1 is due 2027-01-18 across 元旦 (on time), B2 a day late; B3 is due
	// 02-23 across 春节 with Jan 31 and Feb 14 worked (on time), B4 late;
	// B5 is due 10-14 across 中秋 and 国庆 with Sep 26 and Oct 9 worked (on
	// time), B6 late. B7 is still open with its deadline in 2028: unknown,
	// not counted. 3 of 6 on time.
	for _, c := range []struct {
		measure, param string
		want           val
	}{
		{"reply_on_time", "", val{0.5, 6, []int{3, 5, 7}, []int{8}}},
		// 通知一 due 10-27 (Sep 26, 27–30, Oct 8, 9, 11–15, 18–22, 25–27), 通知二
		// late; 通知三's deadline lies in 2028.
		{"publish_on_time", "", val{0.5, 2, []int{3}, []int{4}}},
		// 办法一 interpreted on the 2nd working day (Oct 8, 9), 办法二 on the
		// 4th (Oct 8, 9, 11, 12); 办法三's interpretation date is in 2028.
		{"interp_sync", "3", val{0.5, 2, []int{3}, []int{4}}},
	} {
		if got := get(c.measure, c.param); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s = %+v, want %+v", c.measure, got, c.want)
		}
	}

	losses, err := Explain(ctx, db, 2027, 1)
	if err != nil {
		t.Fatal(err)
	}
	all, err := ExplainAll(ctx, db, 2027)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(all[1], losses) {
		t.Errorf("ExplainAll differs from Explain:\n%+v\n%+v", all[1], losses)
	}
	found := false
	for _, l := range losses {
		if l.Measure != "reply_on_time" {
			continue
		}
		found = true
		var got []string
		for _, r := range l.Rows {
			got = append(got, r.Label+"|"+r.Note)
		}
		want := []string{"B2|", "B4|", "B6|", "B7|" + UnknownNote}
		if !reflect.DeepEqual(got, want) || l.Unknown != 1 || *l.Total != 6 {
			t.Errorf("reply_on_time rows %v (unknown %d, total %v), want %v", got, l.Unknown, *l.Total, want)
		}
		if !strings.HasSuffix(l.Reason, "另有 1 项节假日安排尚未公布，无法判定，未计入") {
			t.Errorf("reason %q does not name the unknown row", l.Reason)
		}
	}
	if !found {
		t.Errorf("explain has no reply_on_time: %+v", losses)
	}
	// 乙局: C1 due 03-04 and answered 02-18, full points; C2 open with its
	// deadline in 2028 still shows, with no points lost.
	var c2 *Loss
	for i, l := range all[2] {
		if l.Measure == "reply_on_time" {
			c2 = &all[2][i]
		}
	}
	if c2 == nil || c2.Lost != 0 || c2.Unknown != 1 || len(c2.Rows) != 1 || c2.Rows[0].Label != "C2" || c2.Rows[0].Note != UnknownNote || *c2.Value != 1 || *c2.Total != 1 {
		t.Errorf("乙局 reply_on_time: %+v", c2)
	}
}
