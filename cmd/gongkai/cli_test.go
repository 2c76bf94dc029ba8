package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"gongkai"
	"gongkai/ingest"
	"gongkai/store"
)

// The ledgers of the ingest package's tests.
func ledger(name string) string { return filepath.Join("..", "..", "ingest", "testdata", name) }

type cli struct {
	t   *testing.T
	dir string
	db  string
}

func newCLI(t *testing.T) *cli {
	t.Helper()
	dir := t.TempDir()
	c := &cli{t: t, dir: dir, db: filepath.Join(dir, "g.duckdb")}
	code, out, errOut := c.run("units", "load", "--db", c.db, ledger("units.xlsx"))
	if code != 0 || out != "units.xlsx：单位名录已导入，新增 5 个，更新 0 个\n" {
		t.Fatalf("units load: %d %q %q", code, out, errOut)
	}
	return c
}

func (c *cli) run(args ...string) (int, string, string) {
	c.t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func (c *cli) want(code int, args ...string) (string, string) {
	c.t.Helper()
	got, out, errOut := c.run(args...)
	if got != code {
		c.t.Errorf("gongkai %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), got, code, out, errOut)
	}
	return out, errOut
}

func TestExitCodes(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	ann := "--annotate-dir=" + c.dir
	// Usage errors: 2.
	c.want(2)
	c.want(2, "bogus")
	_, e := c.want(2, "ingest", "--bogus", ledger("app-bom.csv"))
	if !strings.Contains(e, "没有参数 --bogus") {
		t.Errorf("unknown flag: %q", e)
	}
	_, e = c.want(2, "ingest", ledger("app-bom.csv"))
	if !strings.Contains(e, "需要 --db 指定数据库文件") {
		t.Errorf("missing --db: %q", e)
	}
	_, e = c.want(2, "ingest", "--db", c.db, "--kind", "nope", ledger("app-bom.csv"))
	if !strings.Contains(e, `未知的台账类型 "nope"`) {
		t.Errorf("unknown kind: %q", e)
	}
	c.want(2, "ingest", "--db", c.db)
	c.want(2, "ingest", "--db", c.db, "--year", "abc", ledger("app-bom.csv"))
	c.want(2, "template", "nope", "--out", filepath.Join(c.dir, "x.xlsx"))
	c.want(2, "template", "applications")
	c.want(2, "history")
	c.want(2, "restore", "--db", c.db)
	c.want(2, "restore", "--db", c.db, "abc")
	c.want(2, "units")
	c.want(2, "units", "load", "--db", c.db)
	// Refused input: 1.
	out, _ := c.want(1, "ingest", "--db", c.db, ann, ledger("app-bad-rows.xlsx"))
	// The refusal's sentence is the CLI's: ingest's reason and the flag (words.go).
	if !strings.Contains(out, "app-bad-rows.xlsx：已拒收。8 行有错误，整个文件未导入（数据未作任何改动）。请改正后重新上传，或使用 --partial 只导入正确的行\n") || !strings.Contains(out, "工作表“办理台账” 第 4 行 “收到日期”列（B4）：“2024-02-30”不是有效日期（月或日超出范围）") ||
		!strings.Contains(out, "错误标注文件："+filepath.Join(c.dir, "app-bad-rows-错误标注.xlsx")) {
		t.Errorf("refused output:\n%s", out)
	}
	out, _ = c.want(1, "ingest", "--db", c.db, "--json", "--annotate-dir", c.dir, ledger("app-bad-rows.xlsx"))
	if !strings.Contains(out, `"code": "EROWSREFUSED",`) || !strings.Contains(out, `请改正后重新上传，或使用 --partial 只导入正确的行"`) {
		t.Errorf("refused JSON:\n%s", out)
	}
	c.want(1, "ingest", "--db", c.db, ann, ledger("truncated.xlsx"))
	c.want(1, "units", "load", "--db", c.db, ledger("units-bad.xlsx"))
	c.want(1, "restore", "--db", c.db, "999")
	// Loaded: 0; any refused file or row in the run: 1.
	out, _ = c.want(0, "ingest", "--db", c.db, ledger("app-bom.csv"))
	if out != "app-bom.csv：已导入 依申请公开办理台账（平安县财政局，2024年）2 行，跳过 0 行（空行/合计行）\n" {
		t.Errorf("loaded output %q", out)
	}
	out, _ = c.want(0, "ingest", "--db", c.db, ledger("app-bom.csv"))
	if !strings.Contains(out, "app-bom.csv：与已导入的文件相同，未改动") {
		t.Errorf("unchanged output %q", out)
	}
	c.want(1, "ingest", "--db", c.db, ann, ledger("kinds/media.csv"), ledger("picture.xlsx"))
	// --partial previews what it would load and replace; --yes loads it.
	hist, _ := c.want(0, "history", "--db", c.db)
	// The batch of app-bom.csv: ids are not dense (a refused load, whose
	// refusal is on record, used one).
	js, _ := c.want(0, "history", "--db", c.db, "--json")
	var entries []struct {
		ID      int64  `json:"batch_id"`
		File    string `json:"file"`
		Refused bool   `json:"refused"`
	}
	if err := json.Unmarshal([]byte(js), &entries); err != nil {
		t.Fatal(err)
	}
	bom := ""
	for _, e := range entries {
		if !e.Refused && e.File == "app-bom.csv" {
			bom = fmt.Sprintf("第 %d 批次", e.ID)
		}
	}
	out, _ = c.want(1, "ingest", "--db", c.db, ann, "--partial", ledger("app-bad-rows.xlsx"))
	if !strings.Contains(out, "app-bad-rows.xlsx：尚未导入（预览，数据未作任何改动）依申请公开办理台账（平安县财政局，2024年）8 行有错误。只导入正确的行将替换"+bom+"（app-bom.csv，2 行，cli 于 ") ||
		!strings.Contains(out, "上传），替换后为 2 行\n  确认只导入正确的行：加 --yes 再运行同一命令\n") || !strings.Contains(out, "错误标注文件：") {
		t.Errorf("partial preview output %q", out)
	}
	if h, _ := c.want(0, "history", "--db", c.db); h != hist {
		t.Errorf("a preview changed the history:\n%s", h)
	}
	out, _ = c.want(1, "ingest", "--db", c.db, "--partial", "--yes", ledger("app-bad-rows.xlsx"))
	if !strings.Contains(out, "部分导入 依申请公开办理台账（平安县财政局，2024年）2 行，拒收 8 行") || !strings.Contains(out, "  替换了"+bom+"（已保留在历史中，可用 restore 恢复）\n  原批次：app-bom.csv，2 行；现为 2 行\n") {
		t.Errorf("partial output %q", out)
	}
	if h, _ := c.want(0, "history", "--db", c.db); !strings.Contains(h, "\t生效（部分导入，拒收 8 行）\t依申请公开办理台账\t平安县财政局\t2024\t2\t") {
		t.Errorf("history of a partial import:\n%s", h)
	}
	// --unit does not file another unit's ledger under it: the title names
	// 平安县财政局 (issue 13, unit integrity).
	out, _ = c.want(1, "ingest", "--db", c.db, "--kind", "applications", "--unit", "教育局", "--year", "2023", ledger("app-short-rows.csv"))
	if !strings.Contains(out, "标题表明这是“平安县财政局”的台账，不能作为“平安县教育局”的台账导入") {
		t.Errorf("other unit's title under --unit: %q", out)
	}
	// Nor under another year than its title and its dates state (2024).
	out, _ = c.want(1, "ingest", "--db", c.db, "--kind", "applications", "--unit", "财政局", "--year", "2023", ledger("app-short-rows.csv"))
	if !strings.Contains(out, "指定的年度 2023 年与文件不符：表格标题写的是 2024 年，“收到日期”也大多在 2024 年。") {
		t.Errorf("another year under --year: %q", out)
	}
	c.want(0, "ingest", "--db", c.db, "--kind", "applications", "--unit", "财政局", "--year", "2024", ledger("app-short-rows.csv"))
	// Flags after the file names work too.
	c.want(0, "ingest", ledger("kinds/appeals.csv"), "--db", c.db)
}

func TestIngestJSON(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	out, errOut := c.want(1, "ingest", "--db", c.db, "--json", "--annotate-dir", c.dir,
		ledger("app-bad-rows.xlsx"), ledger("kinds/tasks.csv"), ledger("encrypted.xlsx"))
	if errOut != "" {
		t.Errorf("stderr %q", errOut)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not a JSON array: %v\n%s", err, out)
	}
	if len(got) != 3 {
		t.Fatalf("%d objects", len(got))
	}
	for i, r := range got {
		for _, k := range []string{"file", "kind", "unit", "year", "rows_read", "rows_loaded", "rows_skipped", "rows_refused", "status", "errors"} {
			if _, ok := r[k]; !ok {
				t.Errorf("object %d lacks %q: %v", i, k, r)
			}
		}
		if _, ok := r["errors"].([]any); !ok {
			t.Errorf("object %d: errors is %T, want an array", i, r["errors"])
		}
	}
	bad := got[0]
	if bad["file"] != "app-bad-rows.xlsx" || bad["kind"] != "applications" || bad["unit"] != "平安县财政局" || bad["status"] != "refused" ||
		bad["rows_read"] != 11.0 || bad["rows_loaded"] != 0.0 || bad["rows_skipped"] != 1.0 || bad["rows_refused"] != 8.0 {
		t.Errorf("bad file: %v", bad)
	}
	errs := bad["errors"].([]any)
	if len(errs) != 9 {
		t.Fatalf("%d errors", len(errs))
	}
	first := errs[0].(map[string]any)
	want := map[string]any{"sheet": "办理台账", "row": 4.0, "column": "收到日期", "cell": "B4", "value": "2024-02-30", "reason": "“2024-02-30”不是有效日期（月或日超出范围）"}
	if fmt.Sprint(first) != fmt.Sprint(want) {
		t.Errorf("first error %v, want %v", first, want)
	}
	if got[0]["annotated"] != filepath.Join(c.dir, "app-bad-rows-错误标注.xlsx") {
		t.Errorf("annotated %v", got[0]["annotated"])
	}
	tasks := got[1]
	if tasks["file"] != "tasks.csv" || tasks["kind"] != "tasks" || tasks["status"] != "loaded" || tasks["rows_loaded"] != 4.0 || tasks["rows_stored"] != 5.0 || tasks["county"] != true || tasks["unit"] != "全县" || tasks["rows_read"] != 4.0 || tasks["year"] != 2024.0 {
		t.Errorf("tasks: %v", tasks)
	}
	enc := got[2]
	if enc["status"] != "refused" || enc["kind"] != "" || enc["unit"] != "" || !strings.Contains(enc["reason"].(string), "文件已加密") || len(enc["errors"].([]any)) != 0 {
		t.Errorf("encrypted: %v", enc)
	}
}

// A cell value that a clerk would type in each column of a template.
func sampleValue(c gongkai.Column) any {
	switch c.Type {
	case gongkai.TText:
		return "测试" + c.Name
	case gongkai.TDate:
		return time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	case gongkai.TDateTime:
		return "2024-03-05 09:00"
	case gongkai.TDeadline:
		return "2024年10月底前"
	case gongkai.TInt:
		return 3
	case gongkai.TDecimal:
		return 1.5
	case gongkai.TBool:
		return "是"
	case gongkai.TEnum, gongkai.TMultiEnum:
		return c.Enum[0]
	case gongkai.TUnit:
		return "平安县财政局"
	case gongkai.TOutcome:
		return "（三）不予公开/1.属于国家秘密"
	case gongkai.TUnitOrGroup:
		return "B类 县直部门"
	}
	return nil
}

func TestTemplateRoundTrip(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	for _, k := range gongkai.Kinds {
		path := filepath.Join(c.dir, k.Name+".xlsx")
		out, _ := c.want(0, "template", k.Name, "--out", path)
		if out != "已生成 "+k.Title+" 模板："+path+"\n" {
			t.Errorf("%s: %q", k.Name, out)
		}
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		sheet := k.Title
		rows, err := f.GetRows(sheet)
		if err != nil || len(rows) < 2 {
			t.Fatalf("%s: rows %v %v", k.Name, rows, err)
		}
		for i, col := range k.Columns {
			want := col.Name
			if col.Required {
				want = "*" + want
			}
			if i >= len(rows[1]) || rows[1][i] != want {
				t.Errorf("%s: header %d = %q, want %q", k.Name, i, rows[1], want)
			}
		}
		dvs, err := f.GetDataValidations(sheet)
		if err != nil {
			t.Fatal(err)
		}
		bySqref := map[string]*excelize.DataValidation{}
		for _, dv := range dvs {
			bySqref[strings.SplitN(dv.Sqref, ":", 2)[0]] = dv
		}
		for i, col := range k.Columns {
			letter, _ := excelize.ColumnNumberToName(i + 1)
			dv := bySqref[letter+"3"]
			switch col.Type {
			case gongkai.TEnum, gongkai.TBool:
				if dv == nil || dv.Type != "list" {
					t.Errorf("%s.%s: no dropdown (%v)", k.Name, col.Name, dv)
				} else if col.Type == gongkai.TEnum && !strings.Contains(dv.Formula1, col.Enum[len(col.Enum)-1]) {
					t.Errorf("%s.%s: dropdown %q lacks %q", k.Name, col.Name, dv.Formula1, col.Enum[len(col.Enum)-1])
				}
			case gongkai.TOutcome:
				if dv == nil || dv.Type != "list" || !strings.Contains(dv.Formula1, "填写说明") {
					t.Errorf("%s.%s: outcome dropdown %+v", k.Name, col.Name, dv)
				}
			case gongkai.TDate:
				if dv == nil || dv.Type != "date" {
					t.Errorf("%s.%s: no date validation (%+v)", k.Name, col.Name, dv)
				}
			}
		}
		// Filled with one valid row it loads.
		for i, col := range k.Columns {
			cell, _ := excelize.CoordinatesToCellName(i+1, 3)
			if err := f.SetCellValue(sheet, cell, sampleValue(col)); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.Save(); err != nil {
			t.Fatal(err)
		}
		f.Close()
		// A county-wide ledger needs no unit; a unit's ledger gets one.
		args := []string{"ingest", "--db", c.db, "--json", "--year", "2024", path}
		if !k.CountyWide {
			args = append(args, "--unit", "平安县财政局")
		}
		out, _ = c.want(0, args...)
		var rs []ingest.Result
		if err := json.Unmarshal([]byte(out), &rs); err != nil {
			t.Fatal(err)
		}
		if len(rs) != 1 || rs[0].Kind != k.Name || rs[0].Status != ingest.StatusLoaded || rs[0].RowsLoaded != 1 || rs[0].RowsRead != 1 || rs[0].RowsSkipped != 0 || len(rs[0].Warnings) != 0 {
			t.Errorf("%s round trip: %+v", k.Name, rs)
		}
	}
}

func writeCSV(t *testing.T, path string, rows ...string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(strings.Join(rows, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestHistoryAndRestore(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	out, _ := c.want(0, "history", "--db", c.db, "--json")
	if strings.TrimSpace(out) != "[]" {
		t.Errorf("empty history %q", out)
	}
	v1, v2 := filepath.Join(c.dir, "v1.csv"), filepath.Join(c.dir, "v2.csv")
	head := "平安县财政局2024年依申请公开办理台账\n申请编号,收到日期,申请人类型"
	writeCSV(t, v1, head, "A-1,2024-03-05,自然人", "A-2,2024-03-06,自然人")
	writeCSV(t, v2, head, "B-1,2024-04-05,自然人")
	c.want(0, "ingest", "--db", c.db, "--uploader", "张三", v1)
	out, _ = c.want(0, "ingest", "--db", c.db, v2)
	if !strings.Contains(out, "替换了第 1 批次（已保留在历史中，可用 restore 恢复）") {
		t.Errorf("replace output %q", out)
	}
	out, _ = c.want(0, "history", "--db", c.db)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || lines[0] != "批次\t状态\t台账\t单位\t年度\t行数\t上传时间\t上传人\t文件" ||
		!strings.HasPrefix(lines[1], "2\t生效\t依申请公开办理台账\t平安县财政局\t2024\t1\t") || !strings.HasSuffix(lines[1], "\tcli\tv2.csv") ||
		!strings.HasPrefix(lines[2], "1\t已替换\t依申请公开办理台账\t平安县财政局\t2024\t2\t") || !strings.HasSuffix(lines[2], "\t张三\tv1.csv") {
		t.Errorf("history:\n%s", out)
	}
	out, _ = c.want(0, "restore", "--db", c.db, "1")
	if out != "第 1 批次已恢复为生效批次\n" {
		t.Errorf("restore %q", out)
	}
	out, _ = c.want(0, "history", "--db", c.db, "--json")
	var h []map[string]any
	if err := json.Unmarshal([]byte(out), &h); err != nil {
		t.Fatal(err)
	}
	if len(h) != 2 || h[0]["batch_id"] != 2.0 || h[0]["status"] != "superseded" || h[0]["replaced_by"] != 1.0 ||
		h[1]["batch_id"] != 1.0 || h[1]["status"] != "active" || h[1]["rows_loaded"] != 2.0 || h[1]["file"] != "v1.csv" {
		t.Errorf("history json %v", h)
	}
	// The restored file is the active one again: unchanged.
	out, _ = c.want(0, "ingest", "--db", c.db, v1)
	if !strings.Contains(out, "与已导入的文件相同，未改动") {
		t.Errorf("after restore %q", out)
	}
}

func TestHelp(t *testing.T) {
	t.Parallel()
	c := &cli{t: t}
	for _, args := range [][]string{{"-h"}, {"--help"}, {"help"}} {
		_, e := c.want(0, args...)
		if !strings.Contains(e, "用法: gongkai <命令>") {
			t.Errorf("%v: %q", args, e)
		}
	}
	for _, cmd := range commands() {
		for _, h := range []string{"-h", "--help"} {
			_, e := c.want(0, cmd.name, h)
			if n := strings.Count(e, "用法: gongkai "+cmd.name); n != 1 {
				t.Errorf("%s %s: the usage line %d times: %q", cmd.name, h, n, e)
			}
		}
		// An unknown flag is said, then the usage once (a command of
		// subcommands takes it for an unknown subcommand: usage only).
		args := []string{cmd.name, "--no-such-flag"}
		if cmd.name == "units" || cmd.name == "scheme" || cmd.name == "user" {
			args = []string{cmd.name, "load", "--no-such-flag"}
			if cmd.name == "user" {
				args[1] = "list"
			}
		}
		_, e := c.want(2, args...)
		if !strings.Contains(e, "没有参数 --no-such-flag") || strings.Count(e, "用法: gongkai "+cmd.name) != 1 {
			t.Errorf("%s --no-such-flag: %q", cmd.name, e)
		}
	}
	_, e := c.want(0, "units", "load", "-h")
	if !strings.Contains(e, "-db") {
		t.Errorf("units load -h: %q", e)
	}
	_, e = c.want(0, "ingest", "-h")
	for _, flag := range []string{"-db", "-year", "-kind", "-unit", "-partial", "-json", "-annotate-dir", "-jobs"} {
		if !strings.Contains(e, flag) {
			t.Errorf("ingest -h lacks %s", flag)
		}
	}
}

// A path that is no database is a clear error, not a crash.
func TestBadDatabasePath(t *testing.T) {
	t.Parallel()
	c := &cli{t: t}
	dir := t.TempDir()
	// A directory is not a database file: the database cannot be opened (1),
	// which is not a usage error (2, kept for a missing --db).
	_, e := c.want(1, "history", "--db", dir)
	if !strings.HasPrefix(e, "gongkai: ") {
		t.Errorf("stderr %q", e)
	}
	c.want(2, "history")
}

// Several files go through ingest.Files: the output (text and JSON) and the
// exit code are those of File called on each file in turn (what ingest did
// before), whatever --jobs.
func TestIngestSeveralFiles(t *testing.T) {
	t.Parallel()
	loadTime := regexp.MustCompile(`"uploaded_at": "[^"]*"`)
	files := []string{ledger("app-bom.csv"), ledger("kinds/media.csv"), ledger("app-bad-rows.xlsx"), ledger("kinds/tasks.csv"),
		ledger("picture.xlsx"), ledger("kinds/media.csv"), ledger("kinds/responses.xlsx"), ledger("app-gb18030.csv")}
	ctx := context.Background()
	ref := newCLI(t)
	db, err := store.Open(ctx, ref.db)
	if err != nil {
		t.Fatal(err)
	}
	in, err := ingest.New(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	var all []ingest.Result
	for _, f := range files {
		all = append(all, in.File(ctx, f, "", ingest.Options{Uploader: "cli", AnnotateDir: ref.dir})...)
	}
	db.Close()
	cliWorded(all)
	var wantText, wantJSON bytes.Buffer
	for _, r := range all {
		printResult(&wantText, r)
	}
	writeJSON(&wantJSON, all)

	for _, jobs := range []string{"1", "3"} {
		for _, asJSON := range []bool{false, true} {
			c := newCLI(t)
			args := append([]string{"ingest", "--db", c.db, "--annotate-dir", ref.dir, "--jobs", jobs}, files...)
			want := wantText.String()
			if asJSON {
				args, want = append(args, "--json"), wantJSON.String()
			}
			// The replaced batch's load time differs between the two databases.
			if out, _ := c.want(1, args...); loadTime.ReplaceAllString(out, "") != loadTime.ReplaceAllString(want, "") {
				t.Errorf("--jobs %s (json %v):\n got %s\nwant %s", jobs, asJSON, out, want)
			}
		}
	}
}
