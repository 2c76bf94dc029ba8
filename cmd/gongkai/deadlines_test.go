package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDeadlinesCommand: the open applications of a ledger with their
// deadlines worked out by hand on the 2024 calendar (元旦 2025-01-01 off).
func TestDeadlinesCommand(t *testing.T) {
	c := newCLI(t)
	f := filepath.Join(c.dir, "财政局-依申请-2024.csv")
	if err := os.WriteFile(f, []byte(`申请编号,收到日期,申请人类型,是否延期,征求意见天数,补正完成日期,答复日期,办理结果
A1,2024-11-01,自然人,否,0,,,
A2,2024-11-25,自然人,否,0,,,
A3,2024-12-16,自然人,否,0,,,
A4,2024-11-01,自然人,否,0,,2024-11-20,予以公开
A5,2024-12-23,自然人,否,0,,,
`), 0o644); err != nil {
		t.Fatal(err)
	}
	c.want(0, "ingest", "--db", c.db, "--unit", "县财政局", f)
	out, _ := c.want(0, "deadlines", "--db", c.db, "--as-of", "2024-12-20")
	// A1: 20 working days from Fri 11-01 → 11-29, 15 working days before 12-20.
	// A2: from Mon 11-25 → Mon 12-23, one working day left (预警).
	// A3: from Mon 12-16 across 元旦 → 2025-01-14, 16 working days left.
	// A4 answered; A5 received after the day.
	want := "截至 2024-12-20 尚未答复的依申请公开申请 3 件：已逾期 1 件，5 个工作日内到期（预警）1 件，节假日安排尚未公布，无法判定 0 件\n" +
		"状态\t单位\t申请编号\t收到日期\t起算日期\t法定答复期限\t剩余工作日\n" +
		"已逾期\t平安县财政局\tA1\t2024-11-01\t2024-11-01\t2024-11-29\t已超 15 个工作日\n" +
		"预警\t平安县财政局\tA2\t2024-11-25\t2024-11-25\t2024-12-23\t1 个工作日\n" +
		"办理中\t平安县财政局\tA3\t2024-12-16\t2024-12-16\t2025-01-14\t16 个工作日\n"
	if out != want {
		t.Errorf("deadlines:\n%s\nwant:\n%s", out, want)
	}
	out, _ = c.want(0, "deadlines", "--db", c.db, "--as-of", "2024-12-23", "--unit", "财政局", "--json")
	var rep struct {
		Counts       map[string]int
		Applications []struct {
			AppNo    string `json:"app_no"`
			DaysLeft *int   `json:"workdays_left"`
			Text     string `json:"workdays_left_text"`
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Applications) != 4 || rep.Applications[1].AppNo != "A2" || *rep.Applications[1].DaysLeft != 0 || rep.Applications[1].Text != "今天到期" || rep.Counts["due"] != 1 {
		t.Errorf("as of 12-23: %s", out)
	}
	_, errOut := c.want(2, "deadlines", "--db", c.db, "--as-of", "2024-02-30")
	if want := "日期 \"2024-02-30\" 应写成 2024-12-31 这样的年-月-日"; !strings.Contains(errOut, want) {
		t.Errorf("bad date: %q", errOut)
	}
}
