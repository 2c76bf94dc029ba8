package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestReportExportUsage(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	out := filepath.Join(c.dir, "site")
	for _, args := range [][]string{
		{"report"},
		{"report", "--db", c.db, "--year", "2024"},
		{"report", "--db", c.db, "--out", out},
		{"report", "--db", c.db, "--year", "2024", "--out", out, "extra"},
		{"export", "--db", c.db, "--year", "2024"},
		{"export", "--db", c.db, "--year", "2024", "--out", filepath.Join(c.dir, "x.csv")},
	} {
		c.want(2, args...)
	}
	_, e := c.want(2, "report", "--db", filepath.Join(c.dir, "none.duckdb"), "--year", "2024", "--out", out)
	if !strings.Contains(e, "不存在") {
		t.Errorf("missing database: %q", e)
	}
	if _, err := os.Stat(filepath.Join(c.dir, "none.duckdb")); err == nil {
		t.Error("report created the missing database")
	}
	// A registry but no scores: refused with the reason, nothing written.
	_, e = c.want(1, "report", "--db", c.db, "--year", "2024", "--out", out)
	if !strings.Contains(e, "尚无考核得分") {
		t.Errorf("no scores: %q", e)
	}
	_, e = c.want(1, "export", "--db", c.db, "--year", "2024", "--out", filepath.Join(c.dir, "r.xlsx"))
	if !strings.Contains(e, "尚无考核得分") {
		t.Errorf("no scores: %q", e)
	}
	if _, err := os.Stat(filepath.Join(c.dir, "r.xlsx")); err == nil {
		t.Error("export wrote a workbook without scores")
	}
	c.want(0, "report", "-h")
	c.want(0, "export", "-h")
}

// The demo writes the site and the workbook of 2024; report and export
// write those of another year from the demo's database.
func TestReportExportOnDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("demo loads ~1,200 sample files")
	}
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "demo")
	c := &cli{t: t, dir: dir, db: filepath.Join(dir, "gongkai.duckdb")}
	out, _ := c.want(0, "demo", "--dir", dir)
	for _, want := range []string{
		"2024 年度考核结果网页：" + filepath.Join(dir, "site", "index.html") + "（56 个单位页面",
		"2024 年度考核排名表：" + filepath.Join(dir, "考核排名-2024.xlsx") + "（56 个单位，",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
	for _, p := range []string{"site/index.html", "site/assets/echarts.min.js", "site/units/u24.html", "site/units/u24-report.html", "考核排名-2024.xlsx"} {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p))); err != nil {
			t.Errorf("demo did not write %s: %v", p, err)
		}
	}

	site := filepath.Join(dir, "site-2023")
	out, _ = c.want(0, "report", "--db", c.db, "--year", "2023", "--out", site)
	if !strings.Contains(out, "已生成考核结果网页："+filepath.Join(site, "index.html")) || !strings.Contains(out, "56 个单位页面") {
		t.Errorf("report output: %q", out)
	}
	idx, err := os.ReadFile(filepath.Join(site, "index.html"))
	if err != nil || !strings.Contains(string(idx), "平安县2023年度政务公开工作考核结果") || !strings.Contains(string(idx), "草稿（未发布）；") {
		t.Errorf("index.html: %v", err)
	}
	book := filepath.Join(dir, "排名2023.xlsx")
	out, _ = c.want(0, "export", "--db", c.db, "--year", "2023", "--out", book)
	if !strings.Contains(out, "已写出考核排名表："+book+"（草稿（未发布）；56 个单位，") {
		t.Errorf("export output: %q", out)
	}
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 3 || got[2] != "失分明细" {
		t.Errorf("sheets %q", got)
	}
}
