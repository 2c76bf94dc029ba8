package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gongkai"
	"gongkai/reports"
	"gongkai/store"
)

// reportCLI is a database file holding the fixture county of
// reports/testdata/ledgers, loaded through the ingest command.
func reportCLI(t *testing.T) *cli {
	t.Helper()
	dir := t.TempDir()
	c := &cli{t: t, dir: dir, db: filepath.Join(dir, "g.duckdb")}
	ctx := context.Background()
	db, err := store.Open(ctx, c.db)
	if err != nil {
		t.Fatal(err)
	}
	err = db.SaveUnits(ctx, []gongkai.Unit{
		{ID: 1, Name: "平安县人民政府", Type: "县级政府"},
		{ID: 2, Name: "平安县财政局", Type: "部门", ParentID: 1, Aliases: []string{"财政局"}},
		{ID: 3, Name: "平安县教育局", Type: "部门", ParentID: 1, Aliases: []string{"教育局"}},
		{ID: 4, Name: "城关镇人民政府", Type: "乡镇", ParentID: 1, Aliases: []string{"城关镇"}},
		{ID: 5, Name: "城关镇东街社区", Type: "其他", ParentID: 4},
		{ID: 6, Name: "平安县审计局", Type: "部门", ParentID: 1},
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "reports", "testdata", "ledgers", "*.csv"))
	if len(files) == 0 {
		t.Fatal("no fixture ledgers")
	}
	c.want(0, append([]string{"ingest", "--db", c.db}, files...)...)
	return c
}

func TestAnnualReport(t *testing.T) {
	t.Parallel()
	c := reportCLI(t)
	out := filepath.Join(c.dir, "财政局.xlsx")
	stdout, _ := c.want(0, "annual-report", "--db", c.db, "--year", "2024", "--unit", "财政局", "--out", out)
	if !strings.HasPrefix(stdout, "已生成平安县财政局2024年政府信息公开工作年度报告（仅本单位台账）："+out+"\n") ||
		!strings.Contains(stdout, "提示：平安县财政局 表四：1 条收到（立案）日期不在本年度，未计入（(2023)复009）") {
		t.Errorf("stdout %q", stdout)
	}
	// The written workbook reads back as the derived report and is consistent.
	r, err := reports.ReadXLSX(out)
	if err != nil {
		t.Fatal(err)
	}
	if r.Unit != "平安县财政局" || r.Year != 2024 || r.Table3.Cell("new", reports.ColTOT).V != 22 ||
		r.Sections.Other != "本年度共收取信息处理费 150.5 元。" {
		t.Errorf("read back: %s %d 新收 %v 六 %q", r.Unit, r.Year, r.Table3.Cell("new", reports.ColTOT).V, r.Sections.Other)
	}
	// Its cells pass every rule; the text the office writes is missing
	// (SECT), which check-report says.
	stdout, _ = c.want(1, "check-report", out)
	if !strings.HasPrefix(stdout, "财政局.xlsx（2024年度，2021年格式）：发现 2 个错误、0 个警告\n  [错误 SECT] 未找到第一部分“总体情况”") ||
		strings.Count(stdout, "[") != 2 || !strings.Contains(stdout, "[错误 SECT] 未找到第五部分“存在的主要问题及改进情况”") {
		t.Errorf("check-report of the derived report: %q", stdout)
	}

	// JSON to stdout, rolled up for the county.
	stdout, stderr := c.want(0, "annual-report", "--db", c.db, "--year", "2024", "--unit", "平安县人民政府", "--rollup", "--format", "json", "--out", "-")
	var county reports.Report
	if err := json.Unmarshal([]byte(stdout), &county); err != nil {
		t.Fatalf("json: %v\n%s", err, stdout)
	}
	if county.Unit != "平安县人民政府" || county.Table3.Cell("new", reports.ColTOT).V != 28 {
		t.Errorf("county roll-up 新收 = %v", county.Table3.Cell("new", reports.ColTOT).V)
	}
	if !strings.Contains(stderr, "本单位及全部下级单位台账汇总") {
		t.Errorf("stderr %q", stderr)
	}

	// HTML by extension.
	html := filepath.Join(c.dir, "edu.html")
	c.want(0, "annual-report", "--db", c.db, "--year", "2024", "--unit", "教育局", "--out", html)
	page, err := os.ReadFile(html)
	if err != nil || !strings.Contains(string(page), "<h1>平安县教育局2024年政府信息公开工作年度报告</h1>") ||
		!strings.Contains(string(page), "本年度共收取信息处理费 10 元。") {
		t.Errorf("html: %v", err)
	}

	// Usage errors and an unknown unit: 2.
	c.want(2, "annual-report", "--db", c.db, "--year", "2024", "--unit", "财政局")
	c.want(2, "annual-report", "--db", c.db, "--unit", "财政局", "--out", out)
	c.want(2, "annual-report", "--db", c.db, "--year", "2024", "--unit", "财政局", "--format", "pdf", "--out", out)
	_, e := c.want(2, "annual-report", "--db", c.db, "--year", "2024", "--unit", "不存在局", "--out", out)
	if !strings.Contains(e, "不在单位名录中") {
		t.Errorf("unknown unit: %q", e)
	}
	c.want(2, "annual-report", "--year", "2024", "--unit", "财政局", "--out", out)
	// An unwritable output: 1.
	c.want(1, "annual-report", "--db", c.db, "--year", "2024", "--unit", "财政局", "--out", filepath.Join(c.dir, "no", "such", "dir.json"))
}

func TestCheckReport(t *testing.T) {
	t.Parallel()
	c := &cli{t: t}
	td := func(name string) string { return filepath.Join("..", "..", "reports", "testdata", name) }

	// The fixture leaves zeros blank (CELL) and its text states 85
	// applications where table 三 has 66 (NARR).
	out, _ := c.want(1, "check-report", td("filled_2023.xlsx"))
	if !strings.HasPrefix(out, "filled_2023.xlsx（2023年度，2021年格式）：发现 2 个错误、1 个警告\n  [错误 CELL]") ||
		!strings.Contains(out, "[错误 NARR] 正文所写政府信息公开申请数为85，与表格中的66不一致") {
		t.Errorf("stdout %q", out)
	}
	out, _ = c.want(1, "check-report", td("rule_m1.xlsx"))
	if !strings.Contains(out, "[错误 M1]") || !strings.Contains(out, "涉及：") {
		t.Errorf("stdout %q", out)
	}

	// JSON shape.
	out, _ = c.want(1, "check-report", "--json", td("rule_m1.xlsx"))
	var res map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"file", "year", "format", "findings"} {
		if _, ok := res[k]; !ok {
			t.Errorf("JSON lacks %q: %s", k, out)
		}
	}
	var findings []map[string]json.RawMessage
	if err := json.Unmarshal(res["findings"], &findings); err != nil || len(findings) == 0 {
		t.Fatalf("findings: %v %s", err, res["findings"])
	}
	for _, k := range []string{"rule", "severity", "cells", "expected", "found", "message"} {
		if _, ok := findings[0][k]; !ok {
			t.Errorf("finding lacks %q", k)
		}
	}
	clean := cleanReport(t, t.TempDir(), "clean.json", nil)
	out, _ = c.want(0, "check-report", clean)
	if out != "clean.json（2023年度，2021年格式）：勾稽关系全部一致，文字检查未发现问题\n" {
		t.Errorf("clean report: %q", out)
	}
	out, _ = c.want(0, "check-report", clean, "--json")
	if !strings.Contains(out, `"findings": []`) {
		t.Errorf("consistent report JSON: %s", out)
	}

	// Cross-year: a previous report whose carry-over does not match.
	out, _ = c.want(1, "check-report", clean, "--previous", td("rule_x1_prev_2022.xlsx"))
	if !strings.Contains(out, "X1") {
		t.Errorf("X1: %q", out)
	}

	c.want(2, "check-report")
	c.want(2, "check-report", "a.xlsx", "b.xlsx", "--previous", "c.xlsx")
	_, e := c.want(1, "check-report", td("not_a_report.xlsx"))
	if !strings.HasPrefix(e, "gongkai: ") {
		t.Errorf("stderr %q", e)
	}
	c.want(1, "check-report", filepath.Join(t.TempDir(), "missing.xlsx"))
}

func TestCompareReport(t *testing.T) {
	t.Parallel()
	c := reportCLI(t)
	filed := filepath.Join(c.dir, "filed.json")
	c.want(0, "annual-report", "--db", c.db, "--year", "2024", "--unit", "城关镇", "--rollup", "--out", filed)

	out, _ := c.want(0, "compare-report", "--db", c.db, "--year", "2024", "--unit", "城关镇", "--rollup", filed)
	if !strings.Contains(out, "filed.json 与 城关镇人民政府 2024年台账推算结果（本单位及全部下级单位台账汇总）对比：\n  200 个单元格全部一致\n") {
		t.Errorf("stdout %q", out)
	}
	// Without roll-up the community's application is missing from the
	// town's own ledgers.
	out, _ = c.want(1, "compare-report", "--db", c.db, "--year", "2024", "--unit", "城关镇", filed)
	if !strings.Contains(out, "表三/一、本年新收政府信息公开申请数量/社会公益组织：报送 1，台账推算 0") {
		t.Errorf("stdout %q", out)
	}

	// An office's edits: a blank for 0 is no difference, a changed count is.
	var r reports.Report
	b, _ := os.ReadFile(filed)
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	r.Table3.Cell("3.1", reports.ColNP).State = reports.Blank
	r.Table3.Cell("2", reports.ColNP).Set(3)
	*r.Table4.Cell("review", "total") = reports.NACell()
	b, _ = json.Marshal(r)
	edited := filepath.Join(c.dir, "edited.json")
	os.WriteFile(edited, b, 0o644)
	out, _ = c.want(1, "compare-report", "--db", c.db, "--year", "2024", "--unit", "城关镇", "--rollup", "--json", edited)
	var res struct {
		File        string `json:"file"`
		Unit        string `json:"unit"`
		Year        int    `json:"year"`
		Rollup      bool   `json:"rollup"`
		Identical   bool   `json:"identical"`
		Differences []struct {
			Cell    string `json:"cell"`
			Filed   any    `json:"filed"`
			Derived any    `json:"derived"`
		} `json:"differences"`
		Warnings []string `json:"warnings"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if res.File != "edited.json" || res.Unit != "城关镇人民政府" || res.Year != 2024 || !res.Rollup || res.Identical {
		t.Errorf("header: %+v", res)
	}
	// Only the changed count differs: the blank and the "/" stand for 0,
	// and the 总计 column still holds the derived value.
	if len(res.Differences) != 1 || res.Differences[0].Cell != "表三/（二）部分公开（区分处理的，只计这一情形，不计其他情形）/自然人" ||
		res.Differences[0].Filed != 3.0 || res.Differences[0].Derived != 1.0 {
		t.Errorf("differences = %+v", res.Differences)
	}
	if len(res.Warnings) != 0 {
		t.Errorf("warnings = %v", res.Warnings)
	}

	// A report of another year and unit is compared but flagged.
	out, _ = c.want(1, "compare-report", "--db", c.db, "--year", "2023", "--unit", "财政局", filed)
	if !strings.Contains(out, "报送的报告为2024年度，与 --year 2023 不一致") || !strings.Contains(out, "报送的报告单位为“城关镇人民政府”") {
		t.Errorf("stdout %q", out)
	}

	c.want(2, "compare-report", "--db", c.db, "--year", "2024", "--unit", "城关镇")
	c.want(2, "compare-report", "--db", c.db, "--unit", "城关镇", filed)
	c.want(2, "compare-report", "--db", c.db, "--year", "2024", "--unit", "无此单位", filed)
	c.want(1, "compare-report", "--db", c.db, "--year", "2024", "--unit", "城关镇", filepath.Join(c.dir, "missing.json"))
}
