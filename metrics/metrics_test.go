package metrics

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"gongkai"
	"gongkai/ingest"
	"gongkai/store"
)

func openDB(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func saveUnits(t *testing.T, db *store.DB, units ...gongkai.Unit) {
	t.Helper()
	if err := db.SaveUnits(context.Background(), units); err != nil {
		t.Fatal(err)
	}
}

func day(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestCalendarKnownDays(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	if err := EnsureCalendar(ctx, db); err != nil {
		t.Fatal(err)
	}
	cases := map[string]bool{
		"2024-02-04": true,  // Sunday, 调休 working day before 春节
		"2024-02-18": true,  // Sunday, 调休 working day after 春节
		"2024-02-09": true,  // 除夕 was a working day in 2024
		"2024-02-12": false, // 春节
		"2024-02-17": false, // Saturday inside the holiday
		"2024-09-29": true,  // Sunday, 调休 for 国庆
		"2024-10-12": true,  // Saturday, 调休 for 国庆
		"2024-09-28": false, // ordinary Saturday
		"2024-03-13": true,  // ordinary Wednesday
		"2025-01-28": false, // 除夕 became a holiday in 2025
		"2025-01-26": true,  // Sunday, 调休
		"2026-02-14": true,  // Saturday, 调休 (2025-11-04 notice)
		"2026-10-01": false,
	}
	for _, d := range []string{"2024-10-01", "2024-10-02", "2024-10-03", "2024-10-04", "2024-10-05", "2024-10-06", "2024-10-07"} {
		cases[d] = false
	}
	for d, want := range cases {
		var got bool
		if err := db.Raw().QueryRowContext(ctx, `SELECT is_work FROM calendar WHERE d = ?::DATE`, d).Scan(&got); err != nil {
			t.Fatalf("%s: %v", d, err)
		}
		if got != want {
			t.Errorf("%s: is_work = %v, want %v", d, got, want)
		}
	}
}

// workdayCase: from + n working days = want.
type workdayCase struct {
	from string
	n    int
	want string
}

func wantWorkdays(t *testing.T, db *store.DB, cases []workdayCase) {
	t.Helper()
	for _, c := range cases {
		got, err := WorkdayAdd(context.Background(), db, day(c.from), c.n)
		if err != nil {
			t.Fatalf("%s + %d: %v", c.from, c.n, err)
		}
		if got.Format("2006-01-02") != c.want {
			t.Errorf("%s + %d working days = %s, want %s", c.from, c.n, got.Format("2006-01-02"), c.want)
		}
	}
}

func TestWorkdayAddAcrossHolidays(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	if err := EnsureCalendar(ctx, db); err != nil {
		t.Fatal(err)
	}
	wantWorkdays(t, db, []workdayCase{
		// 春节 2024: Feb 10–17 off, Feb 4 and 18 (Sundays) worked; counted by hand:
		// Feb 9, 18, 19–23, 26–29, Mar 1, 4–8, 11, 12, 13 → the 20th is Mar 13.
		{"2024-02-08", 20, "2024-03-13"},
		// received on a holiday: counting starts at the next working day (Feb 18).
		{"2024-02-12", 1, "2024-02-18"},
		// 国庆 2024: Sep 29 (Sunday) worked, Oct 1–7 off.
		{"2024-09-27", 5, "2024-10-10"},
		{"2024-09-27", 1, "2024-09-29"},
		// +20 with 延期 = 40 working days: Mar 14 … Apr 3 are the 21st–35th,
		// 清明 Apr 4–6 off, Sunday Apr 7 worked (36th), Apr 8–11 the 37th–40th.
		{"2024-02-08", 40, "2024-04-11"},
		{"2024-03-13", 0, "2024-03-13"},
	})
	// 2028's holidays are not announced: a deadline there is flagged, not guessed.
	if _, err := WorkdayAdd(ctx, db, day("2027-12-20"), 20); !errors.Is(err, ErrBeyondCalendar) {
		t.Errorf("deadline in 2028: err = %v, want ErrBeyondCalendar", err)
	}
}

// fixtureUnits are the units of testdata/fixture-scheme.yaml.
func fixtureUnits(t *testing.T, db *store.DB) {
	saveUnits(t, db,
		gongkai.Unit{ID: 1, Name: "单位一", Group: "A类"},
		gongkai.Unit{ID: 2, Name: "单位二", Group: "A类"},
		gongkai.Unit{ID: 3, Name: "单位三", Group: "A类"},
		gongkai.Unit{ID: 4, Name: "单位四", Group: "A类"},
		gongkai.Unit{ID: 5, Name: "单位五", Group: "A类"},
		gongkai.Unit{ID: 6, Name: "单位六", Group: "B类"},
	)
}

func loadFixtureScheme(t *testing.T, db *store.DB, edit func(*Scheme)) {
	t.Helper()
	s, err := ParseSchemeFile("testdata/fixture-scheme.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(s)
	}
	if err := LoadScheme(context.Background(), db, s, "fixture-scheme.yaml", LoadOptions{}); err != nil {
		t.Fatal(err)
	}
}

type mv struct {
	measure, param string
	value          float64
}

func setValues(t *testing.T, db *sql.DB, unit int64, vals ...mv) {
	t.Helper()
	for _, v := range vals {
		if _, err := db.Exec(`INSERT INTO measure_values VALUES (2024, ?, ?, ?, ?, ?, [])`, unit, v.measure, v.param, v.value, 10); err != nil {
			t.Fatal(err)
		}
	}
}

// perfect are the values of a unit that earns every point.
var perfect = []mv{
	{"reply_on_time", "", 1}, {"publish_on_time", "", 1}, {"corrected_appeals", "", 0},
	{"activity_count", "市民代表列席会议", 2}, {"activity_count", "政务公开专题培训", 4},
	{"media_violations", "", 0}, {"unreviewed_publications", "", 0}, {"task_on_time", "", 0},
	{"annual_report_on_time", "", 1}, {"diverse_interpretation", "", 0}, {"activity_count", "其他", 0},
}

func with(base []mv, over ...mv) []mv {
	out := append([]mv{}, base...)
	for _, o := range over {
		found := false
		for i := range out {
			if out[i].measure == o.measure && out[i].param == o.param {
				out[i].value, found = o.value, true
			}
		}
		if !found {
			out = append(out, o)
		}
	}
	return out
}

// TestRuleEngineHandComputed feeds known measure values to the SQL rule
// engine; every expected figure is worked out in the comments.
func TestRuleEngineHandComputed(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	fixtureUnits(t, db)
	loadFixtureScheme(t, db, nil)
	sdb := db.Raw()
	// 单位一: everything perfect → 30 + 20 + 10 + 40 = 100.
	setValues(t, sdb, 1, perfect...)
	// 单位二: reply 99.9% → 1.1 = 9.99; one 列席 (min 2, all-or-nothing) → 2.1 = 0.
	// 100 − 0.01 − 10 = 89.99 → 良好 (just under 90).
	setValues(t, sdb, 2, with(perfect, mv{"reply_on_time", "", 0.999}, mv{"activity_count", "市民代表列席会议", 1})...)
	// 单位三: only the 列席 loss → exactly 90.00 → 优秀.
	setValues(t, sdb, 3, with(perfect, mv{"activity_count", "市民代表列席会议", 1})...)
	// 单位四: caps at every level.
	//  1.1 no applications (NULL) → full 10; 1.2 95% → band 0.9 → 7;
	//  1.3 3 corrected × 4 = 12, capped at 6 → 4.  一级1 = 21.
	//  2.1 = 10; 2.2.1 2 of 4 proportional → 5 (lost 5); 2.2.2 one violation × 5 → lost 5;
	//  2.2 loses min(10, 10) = 10 → 0.  一级2 = 10.
	//  3.1 2 × 3 = 6 lost; 3.2 2 × 4 = 8 lost; 一级3 loses min(10, 14) → 0.
	//  4 = 40.  Base 71; bonus 5 × 1 capped at item 3, then at scheme 2 → 73 → 合格.
	setValues(t, sdb, 4, with(perfect,
		mv{"publish_on_time", "", 0.95}, mv{"corrected_appeals", "", 3}, mv{"activity_count", "政务公开专题培训", 2},
		mv{"media_violations", "", 1}, mv{"unreviewed_publications", "", 2}, mv{"task_on_time", "", 2},
		mv{"diverse_interpretation", "", 5})...)
	if _, err := sdb.Exec(`DELETE FROM measure_values WHERE unit_id = 4 AND measure = 'reply_on_time'`); err != nil {
		t.Fatal(err)
	}
	// 单位五: perfect but a veto fires → 100 points, grade forced to 不合格, ranked last, 0 in the overall assessment.
	setValues(t, sdb, 5, with(perfect, mv{"activity_count", "其他", 1})...)
	// 单位六 (B类): no values at all: ratios full (nothing to count) 30; 2.1 lost 10;
	// 2.2.1 0 of 4 → lost 10, 2.2 capped at 10 → 0; 3 = 10; 4 presence missing → 0.
	// Total 40 → 不合格; overall 40% of 4 = 1.6.

	if err := ApplyRules(ctx, db, 2024); err != nil {
		t.Fatal(err)
	}
	res, err := Results(ctx, db, 2024, "")
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		unit                string
		group               string
		total, bonus, score float64
		rank                int
		grade               string
		vetoed              bool
		overall             float64
	}
	want := []row{
		{"单位一", "A类", 100, 0, 100, 1, "优秀", false, 4},
		{"单位三", "A类", 90, 0, 90, 2, "优秀", false, 3.6},
		{"单位二", "A类", 89.99, 0, 89.99, 3, "良好", false, 3.6},
		{"单位四", "A类", 73, 2, 73, 4, "合格", false, 2.92},
		{"单位五", "A类", 100, 0, 100, 5, "不合格", true, 0},
		{"单位六", "B类", 40, 0, 40, 1, "不合格", false, 1.6},
	}
	var got []row
	for _, u := range res {
		got = append(got, row{u.Unit, u.Group, u.Total, u.Bonus, u.Normalized, u.Rank, u.Grade, u.Vetoed, u.OverallPoints})
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("results:\n got %+v\nwant %+v", got, want)
	}
	// Indicator points of 单位四, every level.
	wantItems := map[string]float64{
		"1": 21, "1.1": 10, "1.2": 7, "1.3": 4,
		"2": 10, "2.1": 10, "2.2": 0, "2.2.1": 5, "2.2.2": 5,
		"3": 0, "3.1": 4, "3.2": 2,
		"4": 40, "B1": 3, "V1": 0,
	}
	for _, u := range res {
		if u.Unit != "单位四" {
			continue
		}
		gotItems := map[string]float64{}
		for _, it := range u.Indicators {
			gotItems[it.ID] = it.Points
		}
		if !reflect.DeepEqual(gotItems, wantItems) {
			t.Errorf("单位四 items:\n got %v\nwant %v", gotItems, wantItems)
		}
	}
}

func TestVetoEffectZero(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	fixtureUnits(t, db)
	loadFixtureScheme(t, db, func(s *Scheme) { s.VetoEffect = "zero" })
	setValues(t, db.Raw(), 5, with(perfect, mv{"activity_count", "其他", 1})...)
	if err := ApplyRules(ctx, db, 2024); err != nil {
		t.Fatal(err)
	}
	res, err := Results(ctx, db, 2024, "A类")
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range res {
		if u.Unit == "单位五" && (u.Total != 0 || u.Grade != "不合格" || !u.Vetoed) {
			t.Errorf("veto zero: %+v", u)
		}
	}
}

func TestSchemeValidation(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	fixtureUnits(t, db)
	base, err := os.ReadFile("testdata/fixture-scheme.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, from, to, want string
	}{
		{"unknown rule", "rule: presence", "rule: magic", "规则类型“magic”未知"},
		{"leaf over parent", "{name: 按时答复, points: 10,", "{name: 按时答复, points: 35,", "分值 35 超过上级指标“依申请公开”的分值 30"},
		{"missing group", "{name: B类, units: [单位六]}", "{name: C类}", "考核分组“C类”没有成员"},
		{"unknown measure", "measure: reply_on_time", "measure: reply_fast", "度量“reply_fast”不存在"},
		{"misspelt key", "bonus_cap: 2", "bonus_capp: 2", "YAML 格式错误"},
		{"children short", "{name: 复议纠错, points: 10,", "{name: 复议纠错, points: 5,", "下级指标分值合计 25 小于其分值 30"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(string(base), c.from, c.to, 1)
			if src == string(base) {
				t.Fatalf("fixture edit %q did not apply", c.from)
			}
			s, err := ParseSchemeYAML([]byte(src), "bad.yaml")
			if err == nil {
				err = LoadScheme(ctx, db, s, "bad.yaml", LoadOptions{})
			}
			var ve *ValidationError
			if !errors.As(err, &ve) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want a ValidationError containing %q", err, c.want)
			}
		})
	}
	// Two top-level indicators of one name: exactly that one problem.
	src := strings.Replace(string(base), "  - name: 公众参与", "  - name: 依申请公开", 1)
	s, err := ParseSchemeYAML([]byte(src), "dup.yaml")
	if err != nil {
		t.Fatal(err)
	}
	err = LoadScheme(ctx, db, s, "dup.yaml", LoadOptions{})
	if want := "考核细则 dup.yaml 有 1 处错误：\n  - 指标2.“依申请公开”与指标1.同名：一级指标名称不能重复，请改名或合并为一项"; err == nil || err.Error() != want {
		t.Errorf("duplicate top-level name: err = %v, want %s", err, want)
	}
	// A refused scheme leaves nothing behind.
	var n int
	db.Raw().QueryRow(`SELECT count(*) FROM schemes`).Scan(&n)
	if n != 0 {
		t.Errorf("refused schemes were stored: %d", n)
	}
}

func TestScheme4Percent(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	fixtureUnits(t, db)
	s, err := ParseSchemeFile("testdata/fixture-scheme.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s.Overall = Overall{TotalPoints: 1000, DisclosurePoints: 39.9}
	if err := LoadScheme(ctx, db, s, "x.yaml", LoadOptions{}); !errors.Is(err, ErrUnder4Pct) {
		t.Fatalf("39.9 of 1000: err = %v, want ErrUnder4Pct", err)
	}
	if err := LoadScheme(ctx, db, s, "x.yaml", LoadOptions{AllowUnder4Pct: true}); err != nil {
		t.Fatalf("with allow: %v", err)
	}
	s.Overall = Overall{TotalPoints: 150, DisclosurePoints: 6} // exactly 4%
	if err := LoadScheme(ctx, db, s, "x.yaml", LoadOptions{}); err != nil {
		t.Fatalf("exactly 4%%: %v", err)
	}
}

func TestSchemeXLSXRoundTrip(t *testing.T) {
	for _, f := range []string{"testdata/fixture-scheme.yaml", "../internal/samples/scheme-2024.yaml"} {
		s, err := ParseSchemeFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if s.VetoEffect == "" {
			s.VetoEffect = "grade"
		}
		out := filepath.Join(t.TempDir(), "s.xlsx")
		if err := WriteSchemeXLSX(s, out); err != nil {
			t.Fatal(err)
		}
		back, err := ReadSchemeXLSX(out)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(s, back) {
			t.Errorf("%s: xlsx round trip differs:\n got %+v\nwant %+v", f, back, s)
		}
	}
}

// writeLedger writes a UTF-8 CSV into dir.
func writeLedger(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func ingestAll(t *testing.T, db *store.DB, files ...string) {
	t.Helper()
	in, err := ingest.New(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		for _, r := range in.File(context.Background(), f, "", ingest.Options{}) {
			if r.Status != ingest.StatusLoaded {
				t.Fatalf("%s: %s %s %+v", f, r.Status, r.Reason, r.Errors)
			}
		}
	}
}

func TestWeights4Percent(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	saveUnits(t, db,
		gongkai.Unit{ID: 1, Name: "县政府办", Group: ""},
		gongkai.Unit{ID: 2, Name: "甲镇", Group: "A类"},
		gongkai.Unit{ID: 3, Name: "乙镇", Group: "A类"},
		gongkai.Unit{ID: 4, Name: "丙局", Group: "B类"},
		gongkai.Unit{ID: 5, Name: "丁局", Group: "B类"},
	)
	dir := t.TempDir()
	// A类 by group: 960 + 40 政务公开 = exactly 4%. 乙镇 overrides 政务公开 with 39 → 3.9%.
	// 丙局: 12345 hotline counts towards 政务公开 (as one city reported), 3 + 2 of 100 = 5%.
	// 丁局: 政务公开 3.9 of 100, the hotline does not count → short by 0.1.
	f := writeLedger(t, dir, "县政府办-综合考核权重表-2024.csv", `被考核单位,考核项目,分值,计入政务公开
A类,经济发展,960,否
A类,政务公开,40,是
乙镇,政务公开,39,是
丙局,业务工作,95,否
丙局,政务公开,3,是
丙局,政务服务(12345热线),2,是
丁局,业务工作,94.1,否
丁局,政务公开,3.9,是
丁局,政务服务(12345热线),2,否
`)
	ingestAll(t, db, f)
	ws, err := Weights(ctx, db, 2024)
	if err != nil {
		t.Fatal(err)
	}
	type w struct {
		name               string
		total, disc, share float64
		ok                 bool
		short              float64
	}
	var got []w
	for _, x := range ws {
		got = append(got, w{x.UnitName, x.TotalPoints, x.DisclosurePoints, x.Share, x.Compliant, x.ShortfallPoints})
	}
	want := []w{
		{"甲镇", 1000, 40, 0.04, true, 0},
		{"乙镇", 999, 39, 0.039039, false, 0.96},
		{"丙局", 100, 5, 0.05, true, 0},
		{"丁局", 100, 3.9, 0.039, false, 0.1},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		g, e := got[i], want[i]
		if g.name != e.name || math.Abs(g.total-e.total) > 1e-9 || math.Abs(g.disc-e.disc) > 1e-9 || math.Abs(g.share-e.share) > 1e-6 || g.ok != e.ok || math.Abs(g.short-e.short) > 1e-9 {
			t.Errorf("row %d: got %+v, want %+v", i, g, e)
		}
	}
}

// TestMeasuresOnLedgers runs the SQL measures over small real ledgers and
// checks each value and its evidence rows.
func TestMeasuresOnLedgers(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	saveUnits(t, db,
		gongkai.Unit{ID: 1, Name: "平安县甲局", Aliases: []string{"甲局"}, Group: "B类"},
		gongkai.Unit{ID: 2, Name: "平安县乙局", Aliases: []string{"乙局"}, Group: "B类"},
		gongkai.Unit{ID: 9, Name: "平安县人民政府办公室", Aliases: []string{"县政府办"}},
	)
	dir := t.TempDir()
	files := []string{
		// Line numbers are CSV lines (header = 1).
		writeLedger(t, dir, "甲局-依申请-2024.csv", `申请编号,收到日期,申请人类型,是否延期,征求意见天数,补正完成日期,答复日期,办理结果
A1,2024-02-08,自然人,否,0,,2024-03-13,予以公开
A2,2024-02-08,自然人,否,0,,2024-03-14,予以公开
A3,2024-02-08,商业企业,是,0,,2024-04-11,部分公开
A4,2024-09-27,自然人,否,3,,2024-10-31,予以公开
A5,2024-03-01,自然人,否,0,2024-03-20,2024-04-17,予以公开
A6,2024-11-01,自然人,否,0,,,
A7,2024-12-20,自然人,否,0,,,
A8,2023-12-25,自然人,否,0,,2024-01-10,予以公开
`),
		writeLedger(t, dir, "甲局-新媒体-2024.csv", `账号名称,平台,发布日期,标题
平安甲局,微信公众号,2024-01-02,a
平安甲局,微信公众号,2024-01-10,b
平安甲局,微信公众号,2024-01-30,c
平安甲局,微信公众号,2024-02-05,d
平安甲局,微博,2024-01-02,a
平安甲局,微博,2024-01-10,b
平安甲局,微博,2024-01-18,c
平安甲局,微博,2024-01-26,d
平安甲局,微博,2024-02-03,e
平安甲局,微博,2024-02-11,f
`),
		writeLedger(t, dir, "甲局-规范性文件-2024.csv", `文件名称,文件类型,印发日期,公开日期,解读日期,解读形式
办法一,行政规范性文件,2024-03-01,2024-03-01,2024-03-06,图解
办法二,行政规范性文件,2024-03-01,2024-03-01,2024-03-07,文字
办法三,规章,2024-05-01,2024-05-06,,
通知四,其他政策文件,2024-05-01,2024-05-06,,
`),
		writeLedger(t, dir, "县政府办-重点任务-2024.csv", `任务编号,任务内容,牵头单位,完成时限,完成日期,完成情况
1,任务一,甲局,2024年6月底前,2024-06-28,已完成
2,任务二,甲局、乙局,2024年10月底前,2024-11-05,已完成
3,任务三,乙局,年底前,,推进中
4,任务四,甲局,长期坚持,,推进中
`),
	}
	ingestAll(t, db, files...)
	scoreSample(t, db, 2024, Group{Name: "B类"})
	type val struct {
		value, total float64
		rows         []int // CSV lines of the evidence
	}
	get := func(unit int64, measure, param string) val {
		t.Helper()
		var v val
		var ev []any
		err := db.Raw().QueryRow(`SELECT coalesce(value, -1), total, evidence FROM measure_values WHERE year = 2024 AND unit_id = ? AND measure = ? AND param = ?`, unit, measure, param).Scan(&v.value, &v.total, &ev)
		if err != nil {
			t.Fatalf("%s(%s) unit %d: %v", measure, param, unit, err)
		}
		for _, e := range ev {
			var line int
			if err := db.Raw().QueryRow(`SELECT src_row FROM ledger_rows WHERE row_id = ?`, e).Scan(&line); err != nil {
				t.Fatal(err)
			}
			v.rows = append(v.rows, line)
		}
		return v
	}
	check := func(name string, got, want val) {
		t.Helper()
		if math.Abs(got.value-want.value) > 1e-9 || got.total != want.total || !reflect.DeepEqual(got.rows, want.rows) {
			t.Errorf("%s = %+v, want %+v", name, got, want)
		}
	}
	// A1 on the 20th working day across 春节 (on time); A2 one day late;
	// A3 extended to 40 working days (on time); A4 received 9-27 + 20 + 3
	// consulting days across 国庆 (Oct 12 worked) → deadline 11-04, replied 10-31 (on time);
	// A5 clock restarts at 补正 3-20 → deadline 4-18 (清明 Apr 4–6 off, Apr 7 worked), on time;
	// A6 still open at year end, deadline 11-29 passed → late; A7 open, deadline in 2025 → not counted;
	// A8 received 2023, answered 2024-01-10 → counted, on time.
	// Counted 7, late 2 (A2 line 3, A6 line 7) → 5/7.
	check("reply_on_time", get(1, "reply_on_time", ""), val{5.0 / 7, 7, []int{3, 7}})
	// 微信: gaps 8, 20, 6 → one gap over 14 days → violation; evidence: the
	// posts ending gaps over 7 days, 01-10 (line 3) and 01-30 (line 4).
	// 微博: five gaps of exactly 8 days → more than three gaps over a week → violation (lines 7–11).
	check("media_violations", get(1, "media_violations", ""), val{2, 2, []int{3, 4, 7, 8, 9, 10, 11}})
	// 规章 and 行政规范性文件 issued in 2024: 3; interpreted 2 → 2/3, missing 办法三 (line 4).
	check("interp_rate", get(1, "interp_rate", ""), val{2.0 / 3, 3, []int{4}})
	// 三同步 within 3 working days: 3-01 (Fri) → 3-06 is 3 working days (on time), 3-07 is 4 (late, line 3).
	check("interp_sync", get(1, "interp_sync", "3"), val{0.5, 2, []int{3}})
	// Tasks by lead unit: 甲局 leads 1 (on time) and 2 (late); 4 has no date.
	check("task_on_time 甲局", get(1, "task_on_time", ""), val{0.5, 2, []int{3}})
	// 乙局 shares task 2 (late) and leads 3 (unfinished).
	check("task_on_time 乙局", get(2, "task_on_time", ""), val{0, 2, []int{3, 4}})
	// 图解 earns the bonus once.
	check("diverse_interpretation", get(1, "diverse_interpretation", ""), val{1, 2, []int{2}})

	// explain names the file and row of every lost point.
	losses, err := Explain(ctx, db, 2024, 1)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, l := range losses {
		if l.Measure == "reply_on_time" {
			found = true
			if len(l.Rows) != 2 || l.Rows[0].File != "甲局-依申请-2024.csv" || l.Rows[0].Row != 3 || l.Rows[0].Label != "A2" {
				t.Errorf("reply_on_time evidence: %+v", l.Rows)
			}
			// 13 × 5/7 = 9.2857 → 9.29 points, 3.71 lost
			if l.Points != 9.29 || l.Lost != 3.71 {
				t.Errorf("reply_on_time points %v lost %v, want 9.29 and 3.71", l.Points, l.Lost)
			}
		}
	}
	if !found {
		t.Errorf("explain has no reply_on_time loss: %+v", losses)
	}
}

// TestPublishVersions: publishing freezes the draft as version 1; scoring
// again changes only the draft; publishing it needs a reason and a
// confirmation and becomes version 2; version 1 stays as it was; a
// withdrawal is version 3 (issue 15). The figures are
// TestRuleEngineHandComputed's.
func TestPublishVersions(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	fixtureUnits(t, db)
	loadFixtureScheme(t, db, nil)
	setValues(t, db.Raw(), 1, perfect...)
	// 单位三: only the 列席 loss → 90.00, 优秀, 2nd.
	setValues(t, db.Raw(), 3, with(perfect, mv{"activity_count", "市民代表列席会议", 1})...)
	if err := ApplyRules(ctx, db, 2024); err != nil {
		t.Fatal(err)
	}
	if _, err := Publish(ctx, db, PublishRequest{Year: 2023, By: "admin", Reason: "年度考核"}); !errors.Is(err, ErrNotScored) {
		t.Fatalf("publish of an unscored year: %v", err)
	}
	v1, err := Publish(ctx, db, PublishRequest{Year: 2024, By: "admin", Reason: "年度考核"})
	if err != nil || v1.Version != 1 || v1.State != store.VersionPublished || v1.Units != 6 || v1.Scheme != "测试细则" || v1.By != "admin" {
		t.Fatalf("publish: %+v %v", v1, err)
	}
	before, err := ResultsOf(ctx, db, 2024, 1, "")
	if err != nil {
		t.Fatal(err)
	}
	draft0, _ := Results(ctx, db, 2024, "")
	if !reflect.DeepEqual(before, draft0) {
		t.Errorf("version 1 differs from the draft it froze:\n%+v\n%+v", before, draft0)
	}
	lossesV1, err := ExplainOf(ctx, db, 2024, 1, 3)
	if err != nil || len(lossesV1) != 1 || lossesV1[0].ID != "2.1" || lossesV1[0].Lost != 10 {
		t.Fatalf("version 1's explanation of 单位三: %+v %v", lossesV1, err)
	}

	// 单位三's reply rate falls to 99.9%: 1.1 = 9.99, 89.99 → 良好.
	if _, err := db.Raw().Exec(`UPDATE measure_values SET value = 0.999 WHERE unit_id = 3 AND measure = 'reply_on_time'`); err != nil {
		t.Fatal(err)
	}
	if err := ApplyRules(ctx, db, 2024); err != nil {
		t.Fatalf("scoring a published year again: %v", err)
	}
	after, _ := ResultsOf(ctx, db, 2024, 1, "")
	if !reflect.DeepEqual(after, before) {
		t.Errorf("version 1 changed when the draft was scored again")
	}
	d, err := Diff(ctx, db, 2024, 1, Draft)
	if err != nil {
		t.Fatal(err)
	}
	want := []UnitDiff{{UnitID: 3, Unit: "单位三", Group: "A类", FromScore: 90, ToScore: 89.99, FromRank: 2, ToRank: 2,
		FromGrade: "优秀", ToGrade: "良好", Batches: []BatchDiff{}, Declared: []DeclDiff{}, Items: []ItemDiff{
			{ID: "1", Name: d.Units[0].Items[0].Name, FromPoints: 30, ToPoints: 29.99},
			{ID: "1.1", Name: d.Units[0].Items[1].Name, FromPoints: 10, ToPoints: 9.99,
				ToReason: "达标比例 99.9%（共 10 项，0 项未达标），得 9.99 分，满分 10.00 分"},
		}}}
	if d.FromLabel != Label(&v1) || d.ToLabel != "草稿（未发布）" || !reflect.DeepEqual(d.Units, want) {
		t.Errorf("diff:\n got %s → %s %+v\nwant %+v", d.FromLabel, d.ToLabel, d.Units, want)
	}

	const again = "2024年的考核结果已有第1版，%s 发布；发布草稿将成为第2版，替换各单位看到的结果，需要确认"
	day := v1.At[:10]
	if _, err := Publish(ctx, db, PublishRequest{Year: 2024, By: "admin", Reason: "更正"}); gongkai.ErrorCode(err) != gongkai.EPUBLISHED || err.Error() != fmt.Sprintf(again, day) {
		t.Fatalf("publish again without confirming: %v", err)
	}
	if _, err := Publish(ctx, db, PublishRequest{Year: 2024, By: "admin", Reason: " ", Confirm: true}); err != ErrNoReason {
		t.Fatalf("publish again without a reason: %v", err)
	}
	v2, err := Publish(ctx, db, PublishRequest{Year: 2024, By: "admin2", Reason: "更正单位三答复时限", Confirm: true})
	if err != nil || v2.Version != 2 || v2.Reason != "更正单位三答复时限" || Label(&v2) != "第2版，"+day+" 发布" {
		t.Fatalf("publish version 2: %+v %v", v2, err)
	}
	r2, _ := ResultsOf(ctx, db, 2024, 2, "")
	if r2[1].Unit != "单位三" || r2[1].Normalized != 89.99 || r2[1].Grade != "良好" {
		t.Errorf("version 2: %+v", r2[1])
	}
	if r1, _ := ResultsOf(ctx, db, 2024, 1, ""); !reflect.DeepEqual(r1, before) {
		t.Errorf("version 1 changed by version 2")
	}
	if d, err := Diff(ctx, db, 2024, 2, Draft); err != nil || len(d.Units) != 0 {
		t.Errorf("the draft just published differs from it: %+v %v", d, err)
	}

	if _, err := Withdraw(ctx, db, 2024, "admin", " "); err != ErrNoReason {
		t.Errorf("withdraw without a reason: %v", err)
	}
	v3, err := Withdraw(ctx, db, 2024, "admin", "单位三申诉")
	if err != nil || v3.Version != 3 || v3.State != store.VersionWithdrawn || Label(&v3) != "第3版，"+day+" 撤回" {
		t.Fatalf("withdraw: %+v %v", v3, err)
	}
	if _, ok, w, err := Published(ctx, db, 2024); ok || w == nil || w.Version != 3 || err != nil {
		t.Errorf("published after a withdrawal: %v %+v %v", ok, w, err)
	}
	if _, err := Withdraw(ctx, db, 2024, "admin", "again"); gongkai.ErrorCode(err) != gongkai.ENOTFOUND {
		t.Errorf("withdraw a withdrawn year: %v", err)
	}
	vs, err := Versions(ctx, db, 2024)
	if err != nil || len(vs) != 3 || vs[0].Reason != "年度考核" || vs[2].Reason != "单位三申诉" {
		t.Errorf("versions: %+v %v", vs, err)
	}
	if r1, _ := ResultsOf(ctx, db, 2024, 1, ""); !reflect.DeepEqual(r1, before) {
		t.Errorf("version 1 changed by the withdrawal")
	}
}
