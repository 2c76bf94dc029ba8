package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An artifact written to --out - or /dev/stdout is the only thing on
// stdout: the command's message goes to stderr.
func TestArtifactsToStdout(t *testing.T) {
	t.Parallel()
	c := reportCLI(t)
	for _, out := range []string{"-", "/dev/stdout"} {
		stdout, stderr := c.want(0, "template", "applications", "--out", out)
		if !strings.HasPrefix(stdout, "PK\x03\x04") || !strings.Contains(stderr, "已生成 依申请公开办理台账 模板") {
			t.Errorf("template --out %s: stdout %.20q, stderr %q", out, stdout, stderr)
		}
		stdout, stderr = c.want(0, "annual-report", "--db", c.db, "--year", "2024", "--unit", "财政局", "--format", "json", "--out", out)
		var r map[string]any
		if err := json.Unmarshal([]byte(stdout), &r); err != nil || !strings.Contains(stderr, "已生成平安县财政局2024年政府信息公开工作年度报告") {
			t.Errorf("annual-report json --out %s: %v; stderr %q", out, err, stderr)
		}
		stdout, stderr = c.want(0, "annual-report", "--db", c.db, "--year", "2024", "--unit", "财政局", "--out", out)
		if !strings.HasPrefix(stdout, "PK\x03\x04") || !strings.Contains(stderr, "已生成") {
			t.Errorf("annual-report xlsx --out %s: stdout %.20q, stderr %q", out, stdout, stderr)
		}
		stdout, stderr = c.want(0, "scheme", "export", "--in", filepath.Join("..", "..", "internal", "samples", "scheme-2024.yaml"), "--out", out)
		if !strings.HasPrefix(stdout, "PK\x03\x04") || !strings.Contains(stderr, "已写出") {
			t.Errorf("scheme export --out %s: stdout %.20q, stderr %q", out, stdout, stderr)
		}
	}
}

// A command that reads results, given a --db that does not exist, says so
// and creates nothing; so does ingest given a file that is not there.
func TestMissingDatabaseAndFile(t *testing.T) {
	t.Parallel()
	c := &cli{t: t, dir: t.TempDir()}
	none := filepath.Join(c.dir, "none.duckdb")
	for _, args := range [][]string{
		{"score", "--db", none, "--year", "2024"},
		{"explain", "--db", none, "--year", "2024", "--unit", "财政局"},
		{"history", "--db", none},
		{"report", "--db", none, "--year", "2024", "--out", filepath.Join(c.dir, "site")},
		{"weights", "--db", none, "--year", "2024"},
		{"annual-report", "--db", none, "--year", "2024", "--unit", "财政局", "--out", "-"},
		{"export", "--db", none, "--year", "2024", "--out", filepath.Join(c.dir, "r.xlsx")},
		{"export-parquet", "--db", none, "--out", filepath.Join(c.dir, "pq")},
		{"restore", "--db", none, "1"},
	} {
		stdout, stderr := c.want(2, args...)
		if stdout != "" || !strings.Contains(stderr, "数据库文件 "+none+" 不存在") {
			t.Errorf("%s: stdout %q stderr %q", args[0], stdout, stderr)
		}
		if _, err := os.Stat(none); err == nil {
			t.Fatalf("%s created the database", args[0])
		}
	}
	stdout, stderr := c.want(1, "ingest", "--db", none, filepath.Join(c.dir, "nope.xlsx"))
	if stdout != "" || !strings.Contains(stderr, "文件 "+filepath.Join(c.dir, "nope.xlsx")+" 不存在") {
		t.Errorf("ingest of a missing file: stdout %q stderr %q", stdout, stderr)
	}
	if _, err := os.Stat(none); err == nil {
		t.Error("ingest of a missing file created the database")
	}
}

// Flag errors and a database that cannot be opened are said in Chinese.
func TestErrorsInChinese(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"ingest", "--bogus", "x.csv"}, "没有参数 --bogus"},
		{[]string{"ingest", "--db", c.db, "--year", "abc", "x.csv"}, "参数 --year 的值“abc”无效：应为数字"},
		{[]string{"score", "--db", c.db, "--year", "1999"}, "参数 --year 的值“1999”无效：应在 2000 到 2100 之间"},
		{[]string{"calendar", "--year", "20244"}, "参数 --year 的值“20244”无效：应在 2000 到 2100 之间"},
		{[]string{"history", "--db"}, "参数 --db 需要一个值"},
		{[]string{"ingest", "--db", c.db, "--partial=maybe", "x.csv"}, "参数 --partial 的值“maybe”无效：应为 true 或 false"},
	} {
		_, stderr := c.want(2, tc.args...)
		if !strings.Contains(stderr, tc.want) || strings.Contains(stderr, "flag provided") || strings.Contains(stderr, "invalid value") {
			t.Errorf("%v: %q, want %q", tc.args, stderr, tc.want)
		}
	}
	text := filepath.Join(c.dir, "notes.duckdb")
	os.WriteFile(text, []byte("这不是数据库"), 0o644)
	for path, want := range map[string]string{
		c.dir: "无法打开数据库文件 " + c.dir + "：这是一个文件夹，不是数据库文件",
		text:  "无法打开数据库文件 " + text + "：不是 gongkai 的数据库文件，或文件已损坏",
	} {
		_, stderr := c.want(1, "history", "--db", path)
		if !strings.Contains(stderr, want) || strings.Contains(stderr, "open database") {
			t.Errorf("--db %s: %q, want %q", path, stderr, want)
		}
	}
}

// A year without data is said, and is an exit 1, not an empty answer.
func TestYearWithoutData(t *testing.T) {
	t.Parallel()
	c := reportCLI(t)
	_, stderr := c.want(1, "weights", "--db", c.db, "--year", "2030")
	if !strings.Contains(stderr, "2030 年既没有综合考核权重表，也没有考核细则") {
		t.Errorf("weights: %q", stderr)
	}
	stdout, stderr := c.want(1, "annual-report", "--db", c.db, "--year", "2019", "--unit", "财政局", "--format", "json", "--out", "-")
	if stdout != "" || !strings.Contains(stderr, "2019 年没有任何台账（有台账的年度：2024") {
		t.Errorf("annual-report: stdout %q stderr %q", stdout, stderr)
	}
}
