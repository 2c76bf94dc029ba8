package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai"
)

// A file uploaded for a forced unit (a clerk's own, or --unit) whose title,
// sheet name or file name names another unit — in any spacing, width,
// bracket form, by alias or by credit code — and not the uploader is
// refused with the unit it names, and nothing changes. Files naming the
// uploader (also beside another unit), or no unit, load.
func TestForcedUnitOtherUnitNamed(t *testing.T) {
	const head = "申请编号,收到日期,申请人类型,申请方式,申请内容,补正告知日期,补正完成日期,是否延期,征求意见天数,答复日期,办理结果,信息处理费\n"
	const row = "E-1,2024-03-05,自然人,网络,,,,否,,2024-03-20,予以公开,\n"
	const uploader = "平安县教育局"
	cases := []struct {
		name, file, title string
		refused           string // "" loads; else the reason must contain this and the named unit
	}{
		{"other unit's title", "apps.csv", "平安县财政局2024年依申请公开办理台账", "标题表明这是“平安县财政局”的台账"},
		{"spaced title", "apps.csv", "平安县 财政局  2024年依申请公开办理台账", "标题表明这是“平安县财政局”的台账"},
		{"alias in brackets", "apps.csv", "【县财政局】2024年依申请公开办理台账", "标题表明这是“平安县财政局”的台账"},
		{"full-width alias", "apps.csv", "（财政局）２０２４年依申请公开办理台账", "标题表明这是“平安县财政局”的台账"},
		{"credit code", "apps.csv", "单位代码：11341234003020011M 2024年依申请公开办理台账", "标题表明这是“平安县财政局”的台账"},
		{"credit code lower case", "apps.csv", "11341234003020011m 2024年依申请公开办理台账", "标题表明这是“平安县财政局”的台账"},
		{"town by short name", "apps.csv", "城关镇2024年依申请公开办理台账", "标题表明这是“平安县城关镇人民政府”的台账"},
		{"other unit's file name", "平安县财政局-2024.csv", "2024年依申请公开办理台账", "文件名表明这是“平安县财政局”的台账"},
		{"uploader and another unit", "apps.csv", "平安县教育局（县财政局代填）2024年依申请公开办理台账", ""},
		{"uploader's alias", "apps.csv", "教育局2024年依申请公开办理台账", ""},
		{"uploader's code beside another name", "财政局.csv", "11341234003020020K 2024年依申请公开办理台账", ""},
		{"no unit", "apps.csv", "2024年依申请公开办理台账", ""},
		{"code inside a longer number", "apps.csv", "编号911341234003020011M 2024年依申请公开办理台账", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			e.loaded(td("app-gb18030.csv"), Options{}) // 平安县财政局's ledger stays as it is
			p := filepath.Join(t.TempDir(), c.file)
			if err := os.WriteFile(p, []byte(c.title+",,,,,,,,,,,\n"+head+row), 0o644); err != nil {
				t.Fatal(err)
			}
			before := e.snapshot()
			r := e.one(p, Options{Unit: uploader, NoAnnotate: true})
			if c.refused == "" {
				if r.Status != StatusLoaded || r.Unit != uploader || r.RowsLoaded != 1 {
					t.Fatalf("%+v", r)
				}
				return
			}
			if r.Code != gongkai.EOTHERUNIT || !strings.Contains(r.Reason, c.refused) || !strings.Contains(r.Reason, "不能作为“平安县教育局”的台账导入") {
				t.Fatalf("%+v", r)
			}
			e.unchangedSince(before)
		})
	}
}

// The sheet name says whose ledger it is, in a workbook of excelize's.
func TestForcedUnitOtherUnitSheet(t *testing.T) {
	e := newEnv(t)
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "县财政局")
	for i, v := range []any{"申请编号", "收到日期", "申请人类型", "申请方式", "答复日期", "办理结果"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		f.SetCellValue("县财政局", cell, v)
	}
	f.SetSheetRow("县财政局", "A2", &[]any{"S-1", "2024-03-05", "自然人", "网络", "2024-03-20", "予以公开"})
	p := filepath.Join(t.TempDir(), "2024年台账.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	before := e.snapshot()
	r := e.one(p, Options{Unit: "平安县教育局", NoAnnotate: true})
	if r.Status != StatusRefused || r.Reason != "工作表名称“县财政局”表明这是“平安县财政局”的台账，不能作为“平安县教育局”的台账导入。如确为本单位台账，请修改工作表名称后重新上传" {
		t.Fatalf("%+v", r)
	}
	e.unchangedSince(before)
	// Without a forced unit the sheet name decides the unit, as before.
	r = e.loaded(p, Options{})
	if r.Unit != "平安县财政局" {
		t.Errorf("%+v", r)
	}
}

// County-wide ledgers are the county's: a task ledger whose title names a
// department loads as the county's batch (unit 0) without any unit found,
// given or registered for the county government; a unit given is not used
// (with a notice), and a clerk, who speaks for one unit, is refused. The
// county's batch is replaced, de-duplicated and restored like a unit's.
func TestCountyWideLedger(t *testing.T) {
	e := newEnv(t)
	b, err := os.ReadFile(td("kinds/tasks.csv"))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(b), "平安县人民政府2024年政务公开重点任务台账", "平安县财政局牵头2024年政务公开重点任务台账", 1)
	p := filepath.Join(t.TempDir(), "tasks.csv")
	os.WriteFile(p, []byte(text), 0o644)
	r := e.loaded(p, Options{})
	if r.Unit != gongkai.CountyName || !r.County || r.Year != 2024 || r.RowsLoaded != 4 || r.RowsStored != 5 || len(r.Warnings) != 0 {
		t.Errorf("county: %+v", r)
	}
	first := r.BatchID
	if r = e.one(p, Options{}); r.Status != StatusUnchanged || r.BatchID != first {
		t.Errorf("same file again: %+v", r)
	}
	r = e.one(p, Options{Unit: "平安县人民政府"})
	if r.Status != StatusUnchanged || len(r.Warnings) != 2 || r.Warnings[0] != "“重点任务台账”是全县的台账，已按全县导入，未使用指定的单位“平安县人民政府”" {
		t.Errorf("unit given: %+v", r)
	}
	before := e.snapshot()
	r = e.one(p, Options{Unit: "平安县财政局", UnitOnly: true})
	if want := "“重点任务台账”是全县的台账，由政务公开科统一上传，不属于某个单位"; r.Status != StatusRefused || r.Code != gongkai.ECOUNTYWIDE || r.Reason != want {
		t.Errorf("clerk: %+v", r)
	}
	e.unchangedSince(before)
	// A second version replaces the first; restoring brings it back.
	p2 := filepath.Join(t.TempDir(), "tasks-v2.csv")
	os.WriteFile(p2, []byte(strings.Replace(text, "长期坚持", "持续推进", 1)), 0o644)
	r = e.loaded(p2, Options{})
	if r.Replaced != first || !r.County {
		t.Errorf("second version: %+v", r)
	}
	if got := e.rows(`SELECT unit_id, count(*) FROM cur_tasks GROUP BY ALL`); !slices.Equal(got, []string{"0|5"}) {
		t.Errorf("cur_tasks %v", got)
	}
	if err := e.db.Restore(e.ctx, first); err != nil {
		t.Fatal(err)
	}
	if got := e.rows(`SELECT DISTINCT batch_id FROM cur_tasks`); !slices.Equal(got, []string{fmt.Sprint(first)}) {
		t.Errorf("after restore: %v", got)
	}
	h, err := e.db.History(e.ctx)
	if err != nil || len(h) != 2 || h[0].Unit != gongkai.CountyName || h[1].Unit != gongkai.CountyName || h[1].Status != "active" {
		t.Errorf("history %+v %v", h, err)
	}
}

// A workbook whose formulas were saved without their values (a program
// wrote it: excelize, like openpyxl, stores none) is refused when the
// kind's columns hold them below the header, for those cells read as
// empty; a formula in a column the kind does not have (序号) loses nothing.
func TestFormulasWithoutValues(t *testing.T) {
	e := newEnv(t)
	write := func(replied bool) string {
		f := excelize.NewFile()
		f.SetSheetName("Sheet1", "台账")
		f.SetCellValue("台账", "A1", "平安县财政局2024年依申请公开台账")
		f.SetSheetRow("台账", "A2", &[]any{"序号", "申请编号", "收到日期", "申请人类型", "申请方式", "答复日期", "办理结果"})
		for i, no := range []string{"S-1", "S-2", "S-3"} {
			r := i + 3
			f.SetSheetRow("台账", fmt.Sprintf("B%d", r), &[]any{no, fmt.Sprintf("2024-03-0%d", i+1), "自然人", "网络"})
			f.SetCellValue("台账", fmt.Sprintf("G%d", r), "予以公开")
			f.SetCellFormula("台账", fmt.Sprintf("A%d", r), "ROW()-2")
			if replied && i > 0 {
				f.SetCellFormula("台账", fmt.Sprintf("F%d", r), fmt.Sprintf("C%d+15", r))
			} else {
				f.SetCellValue("台账", fmt.Sprintf("F%d", r), fmt.Sprintf("2024-03-2%d", i))
			}
		}
		p := filepath.Join(t.TempDir(), "台账.xlsx")
		if err := f.SaveAs(p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, excelizeOnly := range []bool{false, true} {
		before := e.snapshot()
		r := e.one(write(true), Options{NoAnnotate: true, ExcelizeOnly: excelizeOnly})
		if r.Status != StatusRefused || r.Code != gongkai.EFORMAT || r.Reason != "工作表“台账”中“答复日期”列的 2 个单元格（如 F4）是公式，但文件中没有保存公式的计算结果（文件由程序生成，未经 Excel 或 WPS 计算），读不出其中的数值。请用 Excel 或 WPS 打开此文件，保存后重新上传" {
			t.Errorf("excelize only %v: %+v", excelizeOnly, r)
		}
		e.unchangedSince(before)
	}
	if r := e.loaded(write(false), Options{}); r.RowsLoaded != 3 {
		t.Errorf("%+v", r)
	}
}

// A number repeated on another sheet of the workbook (a hidden copy of the
// ledger, the month before) is refused naming that sheet; one repeated on
// the same sheet names the row alone, as before.
func TestDuplicateNumberNamesTheSheet(t *testing.T) {
	e := newEnv(t)
	f := excelize.NewFile()
	head := []any{"申请编号", "收到日期", "申请人类型", "申请方式", "答复日期", "办理结果"}
	f.SetSheetName("Sheet1", "1月")
	f.SetSheetRow("1月", "A1", &head)
	f.SetSheetRow("1月", "A2", &[]any{"S-1", "2024-01-05", "自然人", "网络", "2024-01-20", "予以公开"})
	f.NewSheet("2月")
	f.SetSheetRow("2月", "A1", &head)
	f.SetSheetRow("2月", "A2", &[]any{"S-2", "2024-02-05", "自然人", "网络", "2024-02-20", "予以公开"})
	f.SetSheetRow("2月", "A3", &[]any{"S-1", "2024-02-06", "自然人", "网络", "2024-02-21", "予以公开"})
	f.SetSheetRow("2月", "A4", &[]any{"S-2", "2024-02-07", "自然人", "网络", "2024-02-22", "予以公开"})
	p := filepath.Join(t.TempDir(), "平安县财政局2024年依申请公开台账.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	r := e.one(p, Options{NoAnnotate: true})
	want := []string{
		"2月!3 “申请编号”与工作表“1月”第 2 行重复，同一单位同一年度的编号不能重复",
		"2月!4 “申请编号”与第 2 行重复，同一单位同一年度的编号不能重复",
	}
	var got []string
	for _, x := range r.Errors {
		got = append(got, fmt.Sprintf("%s!%d %s", x.Sheet, x.Row, x.Reason))
	}
	if r.Status != StatusRefused || strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s: %q, want %q", r.Status, got, want)
	}
}
