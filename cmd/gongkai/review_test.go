package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gongkai/reports"

	"github.com/xuri/excelize/v2"
)

func docFixture(name string) string {
	return filepath.Join("..", "..", "reports", "testdata", "docs", name)
}

// reviewDir is a county folder of mixed formats: a Word draft, two PDFs (one
// a scan) and a saved page; last year's page of the first unit is in prev.
func reviewDir(t *testing.T) (cur, prev string) {
	t.Helper()
	dir := t.TempDir()
	cur, prev = filepath.Join(dir, "2023"), filepath.Join(dir, "2022")
	os.Mkdir(cur, 0o755)
	os.Mkdir(prev, 0o755)
	for src, dst := range map[string]string{
		"word_2023.docx":    filepath.Join(cur, "自然资源.docx"),
		"review_b_2023.pdf": filepath.Join(cur, "教育局.pdf"),
		"scan_2023.pdf":     filepath.Join(cur, "扫描.pdf"),
	} {
		b, err := os.ReadFile(docFixture(src))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(dst, b, 0o644)
	}
	page, _ := os.ReadFile(docFixture("plain_2023.html"))
	third := strings.ReplaceAll(string(page), "某县自然资源和规划局", "某县卫生健康委员会")
	third = strings.Replace(third, "一是公开内容不够全面；二是解读形式较为单一。下一步，我局将进一步拓展公开内容。",
		"政策解读的数量偏少，部分解读材料发布不及时；明年将建立解读与文件同步起草、同步审签的机制。", 1)
	os.WriteFile(filepath.Join(cur, "卫健委.html"), []byte(third), 0o644)
	os.WriteFile(filepath.Join(prev, "自然资源2022.htm"), []byte(strings.ReplaceAll(string(page), "2023年", "2022年")), 0o644)
	return cur, prev
}

func TestReviewCommand(t *testing.T) {
	t.Parallel()
	cur, prev := reviewDir(t)
	c := &cli{t: t, dir: t.TempDir()}
	out := filepath.Join(c.dir, "问题清单.xlsx")
	stdout, stderr := c.want(1, "review", cur, "--previous", prev, "--out", out, "--max-chars", "总体情况=1000")
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 5 || stderr != "" {
		t.Fatalf("stdout:\n%s\nstderr: %s", stdout, stderr)
	}
	if !strings.HasPrefix(lines[4], "共审核 4 份报告，发现 ") || !strings.HasSuffix(lines[4], "问题清单已写入 "+out) {
		t.Errorf("last line %q", lines[4])
	}
	if !strings.Contains(stdout, "扫描.pdf：未能读取（扫描.pdf: PDF没有文字层：") {
		t.Errorf("scan not reported:\n%s", stdout)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if s := f.GetSheetList(); len(s) != 8 || s[0] != "问题清单" || s[1] != "汇总" {
		t.Errorf("sheets %v", s)
	}
	rows, _ := f.GetRows("问题清单")
	var rules []string
	for _, r := range rows[1:] {
		rules = append(rules, r[3])
	}
	all := strings.Join(rules, ",")
	for _, want := range []string{"READ 无法读取", "X1 跨年度结转衔接", "NARR 正文与表格数字不一致", "SAME 与其他单位报告雷同", "COPY 与上年报告雷同"} {
		if !strings.Contains(all, want) {
			t.Errorf("no %s in %s", want, all)
		}
	}

	// The usage errors.
	c.want(2, "review", cur)
	c.want(2, "review", cur, "--out", filepath.Join(c.dir, "x.csv"))
	_, e := c.want(2, "review", cur, "--out", out, "--max-chars", "摘要=10")
	if !strings.Contains(e, "没有名为“摘要”的部分") {
		t.Errorf("max-chars: %q", e)
	}
}

// TestReviewRegistry: with --db, units are named as the registry names them,
// and a unit it does not hold is a warning.
func TestReviewRegistry(t *testing.T) {
	t.Parallel()
	cur, _ := reviewDir(t)
	c := &cli{t: t, dir: t.TempDir()}
	c.db = filepath.Join(c.dir, "g.duckdb")
	reg := excelize.NewFile()
	reg.SetSheetRow("Sheet1", "A1", &[]any{"单位名称", "简称/别名"})
	reg.SetSheetRow("Sheet1", "A2", &[]any{"某县自然资源和规划局", "自然资源局"})
	reg.SetSheetRow("Sheet1", "A3", &[]any{"某县教育局", "教育局"})
	regPath := filepath.Join(c.dir, "units.xlsx")
	if err := reg.SaveAs(regPath); err != nil {
		t.Fatal(err)
	}
	c.want(0, "units", "load", "--db", c.db, regPath)
	out := filepath.Join(c.dir, "r.xlsx")
	c.want(1, "review", cur, "--db", c.db, "--out", out)
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("问题清单")
	unit := 0
	for _, r := range rows[1:] {
		if strings.HasPrefix(r[3], "UNIT") {
			unit++
			if r[2] != "卫健委.html" || !strings.Contains(r[8], "单位“某县卫生健康委员会”不在单位名录中") {
				t.Errorf("UNIT row %v", r)
			}
		}
	}
	if unit != 1 {
		t.Errorf("%d UNIT rows", unit)
	}
	c.want(2, "review", cur, "--db", filepath.Join(c.dir, "none.duckdb"), "--out", out)
}

// TestReviewLedgers: with --db, a report whose unit has ledgers loaded for
// its year is compared with the report derived from the ledgers it covers
// (rule CMP), as compare-report does: 城关镇's with its own and those of
// 城关镇东街社区, whose 上级单位 it is in the registry; a unit without
// ledgers that year is not compared.
func TestReviewLedgers(t *testing.T) {
	t.Parallel()
	c := reportCLI(t)
	filed := filepath.Join(c.dir, "filed.json")
	c.want(0, "annual-report", "--db", c.db, "--year", "2024", "--unit", "城关镇", "--rollup", "--out", filed)
	var r reports.Report
	b, _ := os.ReadFile(filed)
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	// The office's report grants one more natural person's application
	// than its ledgers hold.
	np := r.Table3.Cell("1", reports.ColNP)
	np.Set(np.Value() + 1)
	tot := r.Table3.Cell("1", reports.ColTOT)
	tot.Set(tot.Value() + 1)
	dir := filepath.Join(c.dir, "reports")
	os.Mkdir(dir, 0o755)
	b, _ = json.Marshal(r)
	os.WriteFile(filepath.Join(dir, "城关镇.json"), b, 0o644)
	out := filepath.Join(c.dir, "问题清单.xlsx")
	stdout, _ := c.want(1, "review", dir, "--db", c.db, "--out", out)
	if !strings.Contains(stdout, "城关镇.json（城关镇人民政府）：") {
		t.Errorf("stdout %q", stdout)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("问题清单")
	var cmp []string
	for _, row := range rows[1:] {
		if strings.HasPrefix(row[3], "CMP") {
			cmp = append(cmp, row[3]+"|"+row[4]+"|"+row[5]+"|"+row[8])
		}
	}
	want := []string{
		"CMP 与台账推算不一致|错误|表三/（一）予以公开/自然人|报送 1，本单位及下级单位共2个单位台账汇总推算 0",
		"CMP 与台账推算不一致|错误|表三/（一）予以公开/总计|报送 1，本单位及下级单位共2个单位台账汇总推算 0",
	}
	if strings.Join(cmp, "\n") != strings.Join(want, "\n") {
		t.Errorf("CMP rows:\n%s\nwant:\n%s", strings.Join(cmp, "\n"), strings.Join(want, "\n"))
	}
	// Without the database there is nothing to compare with.
	c.want(1, "review", dir, "--out", out)
	f2, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f2.Close()
	rows, _ = f2.GetRows("问题清单")
	for _, row := range rows[1:] {
		if strings.HasPrefix(row[3], "CMP") {
			t.Errorf("CMP without --db: %v", row)
		}
	}
}
