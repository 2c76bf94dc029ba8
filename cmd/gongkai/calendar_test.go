package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gongkai/store"
)

func TestCalendarCommand(t *testing.T) {
	t.Parallel()
	c := &cli{t: t}
	out, _ := c.want(0, "calendar", "--year", "2027")
	for _, s := range []string{
		"2027 年节假日安排\n",
		"  春节\t2027-02-05 至 2027-02-13\t共 9 天\n",
		"  国庆节\t2027-10-01 至 2027-10-07\t共 7 天\n",
		"  春节\t2027-01-31（星期日）\n  春节\t2027-02-14（星期日）\n",
		"  国庆节\t2027-09-26（星期日）\n  国庆节\t2027-10-09（星期六）\n",
		"全年工作日 248 天\n",
	} {
		if !strings.Contains(out, s) {
			t.Errorf("calendar --year 2027 lacks %q:\n%s", s, out)
		}
	}
	out, _ = c.want(0, "calendar", "--year", "2026", "--json")
	var got struct {
		Year        int `json:"year"`
		WorkingDays int `json:"working_days"`
		Holidays    []struct {
			Date, Name string
		} `json:"holidays"`
		MakeupDays []struct {
			Date, Name string
		} `json:"makeup_days"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if got.Year != 2026 || got.WorkingDays != 248 || len(got.Holidays) == 0 || len(got.MakeupDays) == 0 {
		t.Errorf("calendar --year 2026 --json: %+v", got)
	}
	out, errOut := c.want(1, "calendar", "--year", "2028")
	if out != "" || !strings.Contains(errOut, "2028 年") || !strings.Contains(errOut, "尚未收录") {
		t.Errorf("2028: stdout %q stderr %q", out, errOut)
	}
	c.want(2, "calendar")
}

// TestOldDatabaseGets2027OnOpen: a database whose calendar ended in 2026
// (weekends only after it) gets 2027's arrangement when any command opens it.
func TestOldDatabaseGets2027OnOpen(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	ctx := context.Background()
	db, err := store.Open(ctx, c.db)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`DELETE FROM holiday_exceptions WHERE d > '2026-12-31'`,
		`UPDATE calendar_coverage SET covered_to = '2026-12-31'`,
		`UPDATE calendar SET is_work = isodow(d) <= 5 WHERE d > '2026-12-31'`,
	} {
		if _, err := db.Raw().ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	c.want(0, "history", "--db", c.db)
	db, err = store.Open(ctx, c.db)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var to, feb8 string
	if err := db.Raw().QueryRowContext(ctx, `SELECT (SELECT covered_to::VARCHAR FROM calendar_coverage), (SELECT is_work::VARCHAR FROM calendar WHERE d = '2027-02-08')`).Scan(&to, &feb8); err != nil {
		t.Fatal(err)
	}
	if to != "2027-12-31" || feb8 != "false" {
		t.Errorf("after open: covered to %s, 2027-02-08 is_work %s", to, feb8)
	}
}

// TestScoreWarnsBeyondCalendar: an application whose deadline falls in
// 2028 is not judged; score says so on stderr and explain lists the row.
func TestScoreWarnsBeyondCalendar(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	app := filepath.Join(c.dir, "平安县财政局-依申请-2027.csv")
	if err := os.WriteFile(app, []byte(`申请编号,收到日期,申请人类型,是否延期,征求意见天数,补正完成日期,答复日期,办理结果
Y1,2027-01-20,自然人,否,0,,2027-02-23,予以公开
Y2,2027-12-20,自然人,否,0,,,
`), 0o644); err != nil {
		t.Fatal(err)
	}
	c.want(0, "ingest", "--db", c.db, "--annotate-dir", c.dir, app)
	b, err := os.ReadFile(filepath.Join("..", "..", "internal", "samples", "scheme-2024.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	scheme := filepath.Join(c.dir, "scheme-2027.yaml")
	if err := os.WriteFile(scheme, []byte(strings.Replace(string(b), "year: 2024", "year: 2027", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	c.want(0, "scheme", "load", "--db", c.db, scheme)
	out, errOut := c.want(0, "score", "--db", c.db, "--year", "2027", "--json")
	if !json.Valid([]byte(out)) {
		t.Errorf("score --json: %s", out)
	}
	want := "警告：2027 年有 1 条台账记录的期限超出已知节假日安排（2002-01-01 至 2027-12-31），节假日安排尚未公布，无法判定，未计入得分；用 gongkai explain 查看是哪几条\n"
	if errOut != want {
		t.Errorf("score stderr %q, want %q", errOut, want)
	}
	out, _ = c.want(0, "explain", "--db", c.db, "--year", "2027", "--unit", "平安县财政局")
	if !strings.Contains(out, "平安县财政局-依申请-2027.csv 第 3 行：Y2（节假日安排尚未公布，无法判定）\n") ||
		!strings.Contains(out, "另有 1 项节假日安排尚未公布，无法判定，未计入") {
		t.Errorf("explain:\n%s", out)
	}
}
