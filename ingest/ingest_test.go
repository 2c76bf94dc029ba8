package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/unicode"

	"gongkai"
	"gongkai/internal/golden"
)

func TestLoadUnits(t *testing.T) {
	e := newEnv(t)
	e.wantRows(`SELECT unit_id, name, coalesce(code, '∅'), unit_type, coalesce(grp, '∅'), coalesce(parent_id, 0) FROM units ORDER BY unit_id`,
		"1|平安县人民政府|"+codeGov+"|县级政府|∅|0",
		"2|平安县财政局|"+codeFinance+"|部门|B类 县直部门|1",
		"3|平安县教育局|"+codeEducation+"|部门|B类 县直部门|1",
		"4|平安县城关镇人民政府|"+codeTown+"|乡镇|A类 乡镇街道|1",
		"5|平安县数据资源局|∅|部门|B类 县直部门|1", // 上级单位 named by its alias 县政府
	)
	e.wantRows(`SELECT alias, unit_id FROM unit_aliases ORDER BY unit_id, alias`,
		"县政府|1", "县财政局|2", "财政局|2", "县教育局|3", "教育局|3", "城关镇|4", "数据局|5")
	// Loading the registry again keeps every id.
	r := LoadUnits(e.ctx, e.db, td("units.xlsx"))
	if r.Status != StatusLoaded || r.Added != 0 || r.Updated != 5 {
		t.Fatalf("reload: %+v", r)
	}
	if n := e.count("SELECT count(*) FROM units"); n != 5 {
		t.Errorf("units after reload: %d", n)
	}
	// Resolve by full name, alias, code (any case) and full-width.
	for _, s := range []string{"平安县财政局", "财政局", " 县财政局 ", codeFinance, strings.ToLower(codeFinance), "平安县财政局　"} {
		u, err := e.in.Reg.Resolve(s)
		if err != nil || u.ID != 2 {
			t.Errorf("Resolve(%q) = %v, %v", s, u, err)
		}
	}
	if _, err := e.in.Reg.Resolve("1.13352318001776E+17"); err == nil || !strings.Contains(err.Error(), "像是被 Excel 存成数字的统一社会信用代码") {
		t.Errorf("Resolve(float code) = %v", err)
	}
	if _, err := e.in.Reg.Resolve("914403001922038216"); err == nil || err.Error() != "统一社会信用代码“914403001922038216”不在单位名录中，请联系政务公开科登记" {
		t.Errorf("Resolve(unknown code) = %v", err)
	}
}

func TestLoadUnitsBadCodes(t *testing.T) {
	ctx := t.Context()
	e := newEnv(t)
	before := e.snapshot()
	r := LoadUnits(ctx, e.db, td("units-bad.xlsx"))
	if r.Status != StatusRefused || r.Reason != "4 处错误，单位名录未导入" {
		t.Fatalf("status %s reason %q", r.Status, r.Reason)
	}
	want := []RowError{
		{Sheet: "单位名录", Row: 3, Column: "统一社会信用代码", Cell: "C3", Value: "11341234003020011X", Reason: "统一社会信用代码“11341234003020011X”校验位错误（应为 M），请核对"},
		{Sheet: "单位名录", Row: 4, Column: "统一社会信用代码", Cell: "C4", Value: "11341234I03020020K", Reason: "统一社会信用代码“11341234I03020020K”第 9 位“I”不是有效字符（不使用 I、O、S、V、Z）"},
		{Sheet: "单位名录", Row: 5, Column: "统一社会信用代码", Cell: "C5", Value: "1.13352318001776E+17", Reason: "“1.13352318001776E+17”被存成了数字，末尾几位已丢失：请把该列设为文本后重新填写"},
		{Sheet: "单位名录", Row: 6, Column: "统一社会信用代码", Cell: "C6", Value: "1134123400302", Reason: "统一社会信用代码应为 18 位，“1134123400302”为 13 位"},
	}
	checkErrors(t, r.Errors, want)
	e.unchangedSince(before)
}

// checkErrors compares row errors field by field.
func checkErrors(t *testing.T, got, want []RowError) {
	t.Helper()
	for i := range got {
		got[i].col = 0
	}
	if len(got) != len(want) {
		t.Errorf("%d errors, want %d:", len(got), len(want))
	}
	for _, m := range golden.Mismatches(want, got) {
		t.Errorf("error %d\n got %+v\nwant %+v", m.At, m.Got, m.Want)
	}
}

var badRowsWant = []RowError{
	{Sheet: "办理台账", Row: 4, Column: "收到日期", Cell: "B4", Value: "2024-02-30", Reason: "“2024-02-30”不是有效日期（月或日超出范围）"},
	{Sheet: "办理台账", Row: 5, Column: "申请人类型", Cell: "C5", Value: "外星人", Reason: "“外星人”不是可选值，应为：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他"},
	{Sheet: "办理台账", Row: 6, Column: "申请编号", Cell: "A6", Value: "", Reason: "“申请编号”为必填项，不能为空"},
	{Sheet: "办理台账", Row: 7, Column: "办理结果", Cell: "K7", Value: "", Reason: "已填写答复日期，必须填写办理结果"},
	{Sheet: "办理台账", Row: 8, Column: "申请编号", Cell: "A8", Value: "B-001", Reason: "“申请编号”与第 3 行重复，同一单位同一年度的编号不能重复"},
	{Sheet: "办理台账", Row: 9, Column: "答复日期", Cell: "J9", Value: "2024-03-01", Reason: "答复日期早于收到日期"},
	{Sheet: "办理台账", Row: 10, Column: "是否延期", Cell: "H10", Value: "也许", Reason: "“也许”应填写 是 或 否"},
	{Sheet: "办理台账", Row: 10, Column: "办理结果", Cell: "K10", Value: "不予公开", Reason: "“不予公开”需写明具体情形，如“不予公开/1.…”"},
	{Sheet: "办理台账", Row: 11, Column: "征求意见天数", Cell: "I11", Value: "-3", Reason: "“-3”不能为负数"},
}

func TestRefusedFileChangesNothing(t *testing.T) {
	e := newEnv(t)
	e.loaded(td("app-bom.csv"), Options{}) // something already in the database
	before := e.snapshot()
	r := e.one(td("app-bad-rows.xlsx"), Options{})
	if r.Status != StatusRefused {
		t.Fatalf("status %s", r.Status)
	}
	if want := "8 行有错误，整个文件未导入（数据未作任何改动）。请改正后重新上传"; r.Reason != want || r.Code != gongkai.EROWSREFUSED {
		t.Errorf("reason %s %q", r.Code, r.Reason)
	}
	if r.Kind != "applications" || r.Unit != "平安县财政局" || r.Year != 2024 {
		t.Errorf("kind %s unit %s year %d", r.Kind, r.Unit, r.Year)
	}
	if r.RowsRead != 11 || r.RowsSkipped != 1 || r.RowsRefused != 8 || r.RowsLoaded != 0 {
		t.Errorf("read %d skipped %d refused %d loaded %d", r.RowsRead, r.RowsSkipped, r.RowsRefused, r.RowsLoaded)
	}
	checkErrors(t, r.Errors, badRowsWant)
	e.unchangedSince(before)

	// The annotated copy: red fill and a comment on each bad cell, and a
	// sheet listing every error.
	if r.Annotated != filepath.Join(e.dir, "app-bad-rows-错误标注.xlsx") {
		t.Fatalf("annotated %q", r.Annotated)
	}
	f, err := excelize.OpenFile(r.Annotated)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	comments, err := f.GetComments("办理台账")
	if err != nil {
		t.Fatal(err)
	}
	byCell := map[string]string{}
	for _, c := range comments {
		text := c.Text
		for _, p := range c.Paragraph {
			text += p.Text
		}
		byCell[c.Cell] = text
	}
	if len(byCell) != len(badRowsWant) {
		t.Errorf("%d commented cells, want %d: %v", len(byCell), len(badRowsWant), byCell)
	}
	if got := byCell["B4"]; !strings.Contains(got, "“2024-02-30”不是有效日期（月或日超出范围）") {
		t.Errorf("comment B4 = %q", got)
	}
	if got := byCell["K10"]; !strings.Contains(got, "需写明具体情形") {
		t.Errorf("comment K10 = %q", got)
	}
	for _, cell := range []string{"B4", "K10", "A8"} {
		idx, _ := f.GetCellStyle("办理台账", cell)
		st, err := f.GetStyle(idx)
		if err != nil || len(st.Fill.Color) == 0 || st.Fill.Color[0] != "FFC7CE" {
			t.Errorf("%s fill = %+v, %v", cell, st, err)
		}
	}
	idx, _ := f.GetCellStyle("办理台账", "A3")
	if st, _ := f.GetStyle(idx); st != nil && len(st.Fill.Color) > 0 {
		t.Errorf("good cell A3 filled: %+v", st.Fill)
	}
	list, err := f.GetRows("错误说明")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1+len(badRowsWant) {
		t.Fatalf("错误说明 has %d rows", len(list))
	}
	if want := []string{"工作表", "行", "列", "单元格", "填写的值", "错误原因"}; !reflect.DeepEqual(list[0], want) {
		t.Errorf("错误说明 header %q", list[0])
	}
	if want := []string{"办理台账", "4", "收到日期", "B4", "2024-02-30", "“2024-02-30”不是有效日期（月或日超出范围）"}; !reflect.DeepEqual(list[1], want) {
		t.Errorf("错误说明 row 2 %q", list[1])
	}
	// The data of the copy is untouched.
	if v, _ := f.GetCellValue("办理台账", "B4"); v != "2024-02-30" {
		t.Errorf("B4 in the copy = %q", v)
	}
}

func TestPartialLoadsGoodRows(t *testing.T) {
	e := newEnv(t)
	r := e.one(td("app-bad-rows.xlsx"), Options{Partial: true})
	if r.Status != StatusPartial || r.RowsLoaded != 2 || r.RowsRefused != 8 || r.RowsSkipped != 1 || r.RowsRead != 11 {
		t.Fatalf("%+v", r)
	}
	if r.Annotated != "" {
		t.Errorf("annotated copy for a partial load: %s", r.Annotated)
	}
	checkErrors(t, r.Errors, badRowsWant)
	e.wantRows(`SELECT src_sheet, src_row, app_no, received, outcome FROM cur_applications ORDER BY src_row`,
		"办理台账|3|B-001|2024-03-05|1",
		"办理台账|12|B-010|2024-03-13|3.1")
	e.wantRows(`SELECT rows_read, rows_loaded, rows_skipped, rows_refused, partial, status FROM batches`,
		"11|2|1|8|true|active")
}

// A CSV's row errors name the row a spreadsheet shows for the record, as the
// clerk opens the file in Excel or WPS: the record after one whose cell holds
// a line break (line 3–4) is row 4, not line 5.
func TestRowErrorsCSVLines(t *testing.T) {
	e := newEnv(t)
	r := e.one(td("app-bad-rows.csv"), Options{Partial: true})
	if r.Status != StatusPartial || r.RowsLoaded != 1 || r.RowsRefused != 2 {
		t.Fatalf("%+v", r)
	}
	checkErrors(t, r.Errors, []RowError{
		{Row: 4, Column: "收到日期", Value: "2024-13-01", Reason: "“2024-13-01”不是有效日期（月或日超出范围）"},
		{Row: 5, Column: "申请方式", Value: "飞鸽传书", Reason: "“飞鸽传书”不是可选值，应为：当面、邮寄、网络、传真、信函、其他"},
	})
	e.wantRows(`SELECT coalesce(src_sheet, '∅'), src_row, content FROM cur_applications`, "∅|3|第一行\n第二行")
}

func TestMaxErrors(t *testing.T) {
	e := newEnv(t)
	r := e.one(td("app-bad-rows.xlsx"), Options{MaxErrors: 2, NoAnnotate: true})
	if len(r.Errors) != 2 || !r.ErrorsTruncated || r.RowsRefused != 8 || r.Annotated != "" {
		t.Errorf("errors %d truncated %v refused %d annotated %q", len(r.Errors), r.ErrorsTruncated, r.RowsRefused, r.Annotated)
	}
}

func TestDoubleHeaderUnderTitle(t *testing.T) {
	e := newEnv(t)
	r := e.loaded(td("app-double-header.xlsx"), Options{})
	if r.Unit != "平安县财政局" || r.Year != 2024 || r.RowsLoaded != 3 || r.RowsRead != 3 || len(r.Warnings) != 0 {
		t.Errorf("%+v", r)
	}
	e.wantRows(`SELECT src_row, app_no, received, coalesce(correction_notice::VARCHAR, '∅'), coalesce(correction_done::VARCHAR, '∅'), extended, consult_days, coalesce(outcome, '∅') FROM cur_applications ORDER BY src_row`,
		"4|YS2024-001|2024-03-05|∅|∅|false|0|1",
		"5|YS2024-002|2024-04-01|2024-04-03|2024-04-10|true|5|2",
		"6|YS2024-003|2024-05-06|∅|∅|false|0|∅")
}

func TestTitleSparseTotalsFooter(t *testing.T) {
	e := newEnv(t)
	r := e.loaded(td("app-title-sparse.xlsx"), Options{})
	if r.Unit != "平安县教育局" || r.Year != 2024 {
		t.Errorf("unit %s year %d", r.Unit, r.Year)
	}
	// Rows 6 and 7 are missing from the sheet, 9 is 合计, 10 the signatures.
	if r.RowsRead != 7 || r.RowsLoaded != 3 || r.RowsSkipped != 4 || r.RowsRefused != 0 {
		t.Errorf("read %d loaded %d skipped %d refused %d", r.RowsRead, r.RowsLoaded, r.RowsSkipped, r.RowsRefused)
	}
	e.wantRows(`SELECT src_sheet, src_row, app_no, outcome FROM cur_applications ORDER BY src_row`,
		"Sheet1|4|JY-001|1", "Sheet1|5|JY-002|3.1", "Sheet1|8|JY-003|4.1")
}

func TestExcelDates(t *testing.T) {
	e := newEnv(t)
	r := e.loaded(td("app-dates.xlsx"), Options{})
	if r.Year != 2024 || r.Unit != "平安县财政局" {
		t.Errorf("year %d unit %s", r.Year, r.Unit)
	}
	e.wantRows(`SELECT app_no, received, replied FROM cur_applications ORDER BY app_no`,
		"D-1|2024-03-05|2024-03-20",
		"D-2|2024-03-06|2024-03-21",
		"D-3|2024-03-07|2024-03-22",
		"D-4|2024-03-08|2024-03-25",
		"D-5|2024-03-11|2024-03-26",
		"D-6|2024-03-12|2024-03-27")
}

func TestDate1904Workbook(t *testing.T) {
	e := newEnv(t)
	e.loaded(td("app-1904.xlsx"), Options{})
	e.wantRows(`SELECT app_no, received, replied FROM cur_applications`, "M-1|2024-03-05|2024-03-20")
}

func TestCSVEncodingsAndDelimiters(t *testing.T) {
	e := newEnv(t)
	r := e.loaded(td("app-gb18030.csv"), Options{})
	if r.Encoding != "GB18030" || r.RowsLoaded != 3 || r.Unit != "平安县财政局" || r.Year != 2024 {
		t.Errorf("gb18030: %+v", r)
	}
	e.wantRows(`SELECT app_no, received, content, extended, outcome FROM cur_applications WHERE app_no LIKE 'GB%' AND outcome IS NOT NULL ORDER BY 1`,
		"GB-001|2024-03-05|关于乡村振兴补助资金的发放情况|false|1",
		"GB-002|2024-04-05|政府采购合同（鄣吴镇）|true|3.1")

	r = e.loaded(td("app-bom.csv"), Options{})
	if r.Encoding != "UTF-8 (BOM)" || r.RowsLoaded != 2 {
		t.Errorf("bom: %+v", r)
	}
	e.wantRows(`SELECT app_no, applicant_type, channel, extended, outcome FROM cur_applications WHERE app_no LIKE 'BOM%' ORDER BY 1`,
		"BOM-001|自然人|网络|false|1", "BOM-002|商业企业|网络|false|2")

	r = e.loaded(td("app-fullwidth.csv"), Options{})
	if r.RowsLoaded != 2 {
		t.Errorf("fullwidth: %+v", r)
	}
	e.wantRows(`SELECT app_no, received, coalesce(replied::VARCHAR, '∅'), extended, consult_days, coalesce(fee, -1) FROM cur_applications WHERE app_no LIKE 'Ｆ%' ORDER BY 1`,
		"ＦＷ－００１|2024-03-05|2024-04-30|true|12|1200.5",
		"ＦＷ－００２|2024-03-06|∅|false|0|-1") // "／": not applicable, NULL

	r = e.loaded(td("app-semicolon.csv"), Options{})
	if r.RowsLoaded != 2 {
		t.Errorf("semicolon: %+v", r)
	}
	r = e.loaded(td("app-tab.csv"), Options{})
	if r.RowsLoaded != 2 || r.Unit != "平安县财政局" {
		t.Errorf("tab: %+v", r)
	}
	e.wantRows(`SELECT app_no, content FROM cur_applications WHERE app_no LIKE 'TAB%' AND content IS NOT NULL`, "TAB-001|甲, 乙, 丙, 丁")

	r = e.loaded(td("app-short-rows.csv"), Options{})
	if r.RowsLoaded != 3 {
		t.Errorf("short rows: %+v", r)
	}
	e.wantRows(`SELECT app_no, received, coalesce(channel, '∅'), coalesce(content, '∅') FROM cur_applications WHERE app_no LIKE 'SR%' ORDER BY 1`,
		"SR-001|2024-03-05|∅|∅", "SR-002|2024-03-06|网络|内容", "SR-003|2024-03-07|当面|∅")
}

func TestUnitColumn(t *testing.T) {
	e := newEnv(t)
	r := e.one(td("app-unit-column.csv"), Options{Partial: true})
	if r.Status != StatusPartial || r.Unit != "平安县财政局" || r.Year != 2024 || r.RowsLoaded != 3 || r.RowsRefused != 3 {
		t.Fatalf("%+v", r)
	}
	checkErrors(t, r.Errors, []RowError{
		{Row: 5, Column: "办理单位", Value: "平安县不存在局", Reason: "单位“平安县不存在局”不在单位名录中（可用全称、简称或统一社会信用代码），请联系政务公开科登记"},
		{Row: 6, Column: "办理单位", Value: "教育局", Reason: "本文件是“平安县财政局”的台账，此行单位为“平安县教育局”：一个文件只能包含一个单位的数据"},
		{Row: 7, Column: "办理单位", Value: "1.13352318001776E+17", Reason: "“1.13352318001776E+17”像是被 Excel 存成数字的统一社会信用代码，末尾几位已丢失：请把该列设为“文本”后重新填写 18 位代码"},
	})
	e.wantRows(`SELECT DISTINCT unit_id FROM cur_applications`, "2")

	// A file naming only an unknown unit is refused as a whole.
	before := e.snapshot()
	r = e.one(td("app-unknown-unit.csv"), Options{})
	if want := "无法确定填报单位：单位“平安县不存在局”不在单位名录中（可用全称、简称或统一社会信用代码），请联系政务公开科登记"; r.Status != StatusRefused || r.Reason != want || r.Code != gongkai.EUNKNOWNUNIT {
		t.Errorf("unknown unit: %s %s %q", r.Status, r.Code, r.Reason)
	}
	// --unit names it; the row still names an unknown unit.
	r = e.one(td("app-unknown-unit.csv"), Options{Unit: "财政局"})
	if r.Status != StatusRefused || r.RowsRefused != 1 || len(r.Errors) != 1 || !strings.Contains(r.Errors[0].Reason, "不在单位名录中") {
		t.Errorf("unknown unit with --unit: %+v", r)
	}
	r = e.one(td("app-bom.csv"), Options{Unit: "平安县公安局"})
	if want := "单位“平安县公安局”不在单位名录中（可用全称、简称或统一社会信用代码），请联系政务公开科登记"; r.Status != StatusRefused || r.Reason != want || r.Code != gongkai.EUNKNOWNUNIT {
		t.Errorf("unknown --unit: %s %s %q", r.Status, r.Code, r.Reason)
	}
	e.unchangedSince(before)
}

// A file that names no unit, or no year, is refused with the code for it;
// the message states the facts and names no flag: the CLI and the server
// each add their own words for the code.
func TestNoUnitNoYear(t *testing.T) {
	e := newEnv(t)
	p := filepath.Join(t.TempDir(), "统计.csv")
	if err := os.WriteFile(p, []byte("事项,数量,金额\n行政许可,3,0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := e.snapshot()
	r := e.one(p, Options{})
	if want := "无法确定填报单位：文件中没有“单位”列，标题、文件名和表格内容中也没有单位名录里的单位名称。请在标题或文件名中写明单位"; r.Code != gongkai.ENOUNIT || r.Reason != want || r.Kind != "enforcement" {
		t.Errorf("no unit: %s %s %q", r.Kind, r.Code, r.Reason)
	}
	// The enforcement statistics have no date column to take the year from.
	r = e.one(p, Options{Unit: "财政局"})
	if want := "无法确定台账年度：标题和文件名中没有“20XX年”"; r.Code != gongkai.ENOYEAR || r.Reason != want {
		t.Errorf("no year: %s %q", r.Code, r.Reason)
	}
	e.unchangedSince(before)
}

func TestTwoSheetsOneBatch(t *testing.T) {
	e := newEnv(t)
	r := e.loaded(td("app-two-sheets.xlsx"), Options{})
	if r.RowsLoaded != 4 || len(r.Warnings) != 0 {
		t.Errorf("%+v", r)
	}
	e.wantRows(`SELECT src_sheet, src_row, app_no, batch_id FROM cur_applications ORDER BY app_no`,
		"上半年|3|H1-001|1", "上半年|4|H1-002|1", "下半年|3|H2-001|1", "下半年|4|H2-002|1")
	if n := e.count(`SELECT count(*) FROM batches`); n != 1 {
		t.Errorf("%d batches", n)
	}
}

func TestBrokenAndHostileFiles(t *testing.T) {
	e := newEnv(t)
	e.loaded(td("app-bom.csv"), Options{})
	before := e.snapshot()
	empty := filepath.Join(t.TempDir(), "empty.xlsx")
	os.WriteFile(empty, nil, 0o644)
	small := Limits{MaxFileBytes: 1 << 20, MaxUnzipBytes: 1 << 20, MaxRows: 1000}
	cases := []struct {
		path   string
		lim    Limits
		reason string
	}{
		{td("truncated.xlsx"), Limits{}, "Excel 文件已损坏或不完整（可能上传中断），请重新保存后上传"},
		{td("zipbomb.xlsx"), small, "文件解压后超过 1 MB 上限（可能是压缩炸弹），已拒收"},
		{td("zipbomb-declared.xlsx"), Limits{}, "文件解压后超过 4096 MB 上限（可能是压缩炸弹），已拒收"},
		{td("picture.xlsx"), Limits{}, "不是 Excel 或 CSV 文件（内容为二进制数据），请上传 .xlsx 或 .csv"},
		{td("random.xlsx"), Limits{}, "不是 Excel 或 CSV 文件（内容为二进制数据），请上传 .xlsx 或 .csv"},
		{td("encrypted.xlsx"), Limits{}, "文件已加密，或是旧版 Excel 97-2003（.xls）格式：请取消密码并另存为 .xlsx 后上传"},
		{empty, Limits{}, "文件是空的"},
		{td("app-bom.csv"), Limits{MaxFileBytes: 100, MaxUnzipBytes: 1 << 20, MaxRows: 10}, "文件大小 0.0 MB 超过上限 0 MB，请拆分后上传"},
		{td("app-title-sparse.xlsx"), Limits{MaxFileBytes: 1 << 20, MaxUnzipBytes: 1 << 20, MaxRows: 2}, "数据超过 2 行上限，请拆分后上传"},
		{filepath.Join(t.TempDir(), "missing.csv"), Limits{}, ""},
	}
	for _, c := range cases {
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		r := e.one(c.path, Options{Limits: c.lim})
		runtime.ReadMemStats(&m1)
		if r.Status != StatusRefused {
			t.Errorf("%s: status %s", c.path, r.Status)
		}
		if c.reason != "" && r.Reason != c.reason {
			t.Errorf("%s: reason %q, want %q", c.path, r.Reason, c.reason)
		}
		if c.reason == "" && !strings.HasPrefix(r.Reason, "无法读取文件") {
			t.Errorf("%s: reason %q", c.path, r.Reason)
		}
		if r.Errors == nil {
			t.Errorf("%s: nil errors (JSON null)", c.path)
		}
		if grew := m1.TotalAlloc - m0.TotalAlloc; grew > 4<<20 {
			t.Errorf("%s: allocated %d MB", c.path, grew>>20)
		}
	}
	e.unchangedSince(before)
}

func TestKindsFromSynonymHeaders(t *testing.T) {
	e := newEnv(t)
	files := map[string]string{
		"applications": "kinds/applications.xlsx", "disclosures": "kinds/disclosures.csv", "documents": "kinds/documents.csv",
		"enforcement": "kinds/enforcement.csv", "appeals": "kinds/appeals.csv", "tasks": "kinds/tasks.csv", "proposals": "kinds/proposals.csv", "media": "kinds/media.csv",
		"activities": "kinds/activities.csv", "responses": "kinds/responses.xlsx", "weights": "kinds/weights.csv",
		"catalog": "kinds/catalog.csv",
	}
	// Rows as the clerk counts them: the task (and the proposal) led by two
	// units is one row of the file, stored twice (RowsStored).
	wantRows := map[string]int64{"applications": 2, "disclosures": 2, "documents": 2, "enforcement": 3, "appeals": 2, "tasks": 4, "proposals": 2, "media": 2, "activities": 3, "responses": 2, "weights": 3, "catalog": 2}
	for _, k := range gongkai.Kinds {
		r := e.loaded(td(files[k.Name]), Options{})
		if r.Kind != k.Name || r.KindTitle != k.Title || r.Year != 2024 || r.RowsLoaded != wantRows[k.Name] || len(r.Warnings) != 0 || r.County != k.CountyWide {
			t.Errorf("%s: kind %s year %d loaded %d warnings %q county %v", k.Name, r.Kind, r.Year, r.RowsLoaded, r.Warnings, r.County)
		}
		if stored := map[string]int64{"tasks": 5, "proposals": 3}[k.Name]; r.RowsStored != stored {
			t.Errorf("%s: %d rows stored, want %d", k.Name, r.RowsStored, stored)
		}
	}
	e.wantRows(`SELECT app_no, received, applicant_type, channel, correction_notice, correction_done, extended, consult_days, replied, outcome, fee FROM cur_applications ORDER BY 1`,
		"K-001|2024-03-05|自然人|网络|∅|∅|false|0|2024-03-19|1|0",
		"K-002|2024-03-06|法律服务机构|邮寄|2024-03-08|2024-03-12|true|3|2024-04-30|3.1|10")
	e.wantRows(`SELECT unit_id, title, index_no, coalesce(doc_no, '∅'), category, formed, published, channel, coalesce(url, '∅'), reviewer, secrecy_review FROM cur_disclosures ORDER BY 2`,
		"2|2023年部门决算|001-2024-0002|∅|财政信息|2024-07-01|2024-08-20|政府网站|∅|王五|false",
		"2|2024年部门预算|001-2024-0001|平财〔2024〕1号|财政信息|2024-02-01|2024-02-05|政府网站|http://example.gov.cn/1|王五|true")
	e.wantRows(`SELECT unit_id, doc_name, doc_type, issued, published, disclosure_attr, nondisclosure_reason, interpreted, interp_form, interpreter FROM cur_documents ORDER BY issued`,
		"1|平安县农村建房管理办法|行政规范性文件|2024-03-01|2024-03-05|主动公开|∅|2024-03-05|文字、图解|李四",
		"1|平安县内部管理规定|其他政策文件|2024-05-01|∅|不予公开|内部事务|∅|∅|∅")
	e.wantRows(`SELECT item, count, amount FROM cur_enforcement ORDER BY src_row`,
		"行政许可|12|0", "行政处罚|3|0", "行政事业性收费|0|1234.5")
	e.wantRows(`SELECT case_no, case_type, received, result, related_app FROM cur_appeals ORDER BY 1`,
		"(2024)复001|行政复议|2024-04-01|结果维持|K-002", "(2024)诉002|未经复议直接起诉|2024-06-01|尚未审结|∅")
	// A task led by two units is stored once per lead unit; the ledger is
	// the county's (unit 0).
	e.wantRows(`SELECT unit_id, task_no, lead_unit_id, partners, deadline, deadline_text, done_date, status FROM cur_tasks ORDER BY row_id`,
		"0|1|2|数据局|2024-10-31|2024年10月底前|2024-09-30|已完成",
		"0|1|3|数据局|2024-10-31|2024年10月底前|2024-09-30|已完成",
		"0|2|2|∅|2024-06-30|6月底前|∅|推进中",
		"0|3|5|∅|2024-12-31|年底前|∅|未完成",
		"0|4|1|∅|∅|长期坚持|∅|推进中")
	e.wantRows(`SELECT unit_id, proposal_no, category, title, lead_unit_id, partners, assigned, due, done_date, reply_class, full_text_public, published, satisfaction FROM cur_proposals ORDER BY row_id`,
		"0|建议第1号|建议|关于加大教育投入的建议|2|数据局|2024-03-10|2024-06-10|2024-06-05|A|true|2024-06-12|满意",
		"0|建议第1号|建议|关于加大教育投入的建议|3|数据局|2024-03-10|2024-06-10|2024-06-05|A|true|2024-06-12|满意",
		"0|提案第2号|提案|关于加强校园安全的提案|3|∅|2024-03-12|2024-06-12|∅|∅|∅|∅|∅")
	e.wantRows(`SELECT unit_id, account, platform, posted, title FROM cur_media ORDER BY posted`,
		"3|平安教育|微信公众号|2024-01-03|开学通知", "3|平安教育|今日头条|2024-01-20|招生")
	e.wantRows(`SELECT act_type, held, name, participants FROM cur_activities ORDER BY held`,
		"市民代表列席会议|2024-03-15|县政府常务会议|3", "政府开放日/公众开放活动|2024-05-15|政府开放日|120", "政务公开专题培训|2024-06-15|政务公开培训|80")
	e.wantRows(`SELECT unit_id, source, received_at, responded_at, level, subject FROM cur_responses ORDER BY received_at`,
		"4|12345|2024-03-05 09:30:00|2024-03-05 14:00:00|一般|道路维修",
		"4|留言板|2024-03-06 08:15:00|2024-03-07 10:00:30|重大|供水")
	e.wantRows(`SELECT coalesce(assessed_unit_id, 0), coalesce(assessed_group, '∅'), item, points, counts_disclosure FROM cur_weights ORDER BY src_row`,
		"0|B类 县直部门|政务公开|4.5|true", "0|B类 县直部门|经济发展|95.5|false", "2|∅|预算公开|2|true")
	// The 公开事项目录: a domain's other spelling read as the pick list's, a
	// blank element kept blank (the measure counts it, the ingest does not refuse it).
	e.wantRows(`SELECT domain, item, content, basis, time_limit, subject, method, channel, coalesce(audience, '∅') FROM cur_catalog ORDER BY src_row`,
		"财政预决算|部门预算|预算表及说明|《预算法》|每年3月底前|青石镇人民政府|主动公开|政府网站|全社会",
		"社会救助|低保对象|姓名、金额|《社会救助暂行办法》|信息形成之日起20个工作日内|青石镇人民政府|主动公开|公开栏|∅")
}

// The 公开事项目录's 领域 is one of the 26 domains: another word, or none, is
// refused with its reason in Chinese (issue 19).
func TestCatalogDomainRefused(t *testing.T) {
	e := newEnv(t)
	p := filepath.Join(t.TempDir(), "平安县财政局2024年公开事项目录.csv")
	if err := os.WriteFile(p, []byte("领域,公开事项名称,公开时限\n财政预决算,部门预算,每年3月底前\n社会治安,治安通告,实时\n,部门决算,每年9月底前\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := e.one(p, Options{Partial: true})
	if r.Status != StatusPartial || r.Kind != "catalog" || r.RowsLoaded != 1 || r.RowsRefused != 2 {
		t.Fatalf("%+v", r)
	}
	checkErrors(t, r.Errors, []RowError{
		{Row: 3, Column: "领域", Value: "社会治安", Reason: "“社会治安”不是可选值，应为：" + strings.Join(gongkai.CatalogDomains, "、")},
		{Row: 4, Column: "领域", Value: "", Reason: "“领域”为必填项，不能为空"},
	})
}

func TestForcedKind(t *testing.T) {
	e := newEnv(t)
	before := e.snapshot()
	r := e.one(td("disclosures-no-published.csv"), Options{})
	if want := "未找到台账表头：前 30 行中没有可识别的列名。请使用政务公开科下发的模板"; r.Status != StatusRefused || r.Reason != want || r.Code != gongkai.ENOKIND || r.Kind != "" {
		t.Errorf("unrecognised: %s %s %q", r.Status, r.Code, r.Reason)
	}
	r = e.one(td("disclosures-no-published.csv"), Options{Kind: "disclosures"})
	if want := "第 2 行表头缺少“主动公开信息台账”必填列：发布日期"; r.Status != StatusRefused || r.Reason != want || r.Kind != "disclosures" {
		t.Errorf("forced, missing column: %s %q", r.Status, r.Reason)
	}
	r = e.one(td("app-bom.csv"), Options{Kind: "media"})
	if want := "未找到“政务新媒体更新台账”的表头行（前 30 行中没有可识别的列名），请使用下载的模板"; r.Status != StatusRefused || r.Reason != want {
		t.Errorf("forced other kind: %s %q", r.Status, r.Reason)
	}
	r = e.one(td("app-bom.csv"), Options{Kind: "bogus"})
	if want := "未知的台账类型“bogus”，应为：applications, disclosures, documents, enforcement, appeals, tasks, proposals, media, activities, responses, weights, catalog"; r.Status != StatusRefused || r.Reason != want {
		t.Errorf("unknown kind: %s %q", r.Status, r.Reason)
	}
	e.unchangedSince(before)
	// Forcing the right kind loads; a workbook's instructions sheet does not
	// stop a forced kind.
	e.loaded(td("app-bom.csv"), Options{Kind: "applications"})
	r = e.loaded(td("app-two-sheets.xlsx"), Options{Kind: "applications"})
	if r.RowsLoaded != 4 {
		t.Errorf("forced two sheets: %+v", r)
	}
}

// The sheet reader reports the Excel row of every row, also across rows
// missing from the sheet XML.
func TestXLSXRowNumbers(t *testing.T) {
	src, err := openSource(td("app-title-sparse.xlsx"), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	rr, err := src.Open("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Close()
	var got []string
	for rr.Next() {
		row := rr.Row()
		first := ""
		if len(row) > 0 {
			first = row[0]
		}
		got = append(got, strings.TrimSpace(first)+"@"+strconv.Itoa(rr.RowNum()))
	}
	if err := rr.Err(); err != nil {
		t.Fatal(err)
	}
	want := []string{"平安县教育局2024年依申请公开办理台账@1", "填报单位：平安县教育局（盖章）        填报日期：2025年1月10日@2", "申请编号@3", "JY-001@4", "JY-002@5", "@6", "@7", "JY-003@8", "合计@9", "填表人：张三@10"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows\n got %q\nwant %q", got, want)
	}
}

// Trailing rows that only carry formatting (as templates have for 2000
// rows) are neither read nor skipped.
func TestTrailingFormattedRows(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "平安县财政局2024年依申请公开台账.xlsx")
	k := gongkai.KindByName("applications")
	if err := WriteTemplate(k, path); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := k.Title
	f.SetSheetRow(s, "B3", &[]any{"T-001", "2024-03-05", "自然人"})
	f.SetSheetRow(s, "B5", &[]any{"T-002", "2024-03-06", "自然人"})
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	e := newEnv(t)
	r := e.loaded(path, Options{})
	if r.RowsRead != 3 || r.RowsLoaded != 2 || r.RowsSkipped != 1 || len(r.Warnings) != 0 {
		t.Errorf("read %d loaded %d skipped %d warnings %q", r.RowsRead, r.RowsLoaded, r.RowsSkipped, r.Warnings)
	}
}

// Cells whose bytes are not text in the file's encoding refuse their row
// with the column; they are never stored as NULL or as U+FFFD. The files
// are written by printf, sed and iconv (csvstream's
// testdata/encoding/make.sh).
func TestTextIntegrity(t *testing.T) {
	const reason = "“申请内容”含有无法识别的字符，请检查文件编码"
	cases := []struct {
		file     string
		enc      string
		row      int
		value    string
		loaded   int64
		contents []string // the loaded rows' 申请内容, in file order
	}{
		// 0xFF past the 64 KB the encoding is sniffed from.
		{"encoding/bad-utf8.csv", "UTF-8", 903, "关于\uFFFD资金", 902, nil},
		// 0x81 0x7F: the decoder gives U+FFFD and a stray DEL.
		{"encoding/bad-gb18030.csv", "GB18030", 4, "政府采购合同\uFFFD\x7f（鄣吴镇）", 2, []string{"关于乡村振兴补助资金的发放情况", "统计数据"}},
		{"encoding/replacement-char.csv", "UTF-8", 4, "关于\uFFFD资金", 1, []string{"统计数据"}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			e := newEnv(t)
			before := e.snapshot()
			r := e.one(encodingFile(c.file), Options{NoAnnotate: true})
			if r.Status != StatusRefused || r.Encoding != c.enc || r.RowsRefused != 1 {
				t.Fatalf("without partial: %+v", r)
			}
			checkErrors(t, r.Errors, []RowError{{Row: c.row, Column: "申请内容", Value: c.value, Reason: reason}})
			e.unchangedSince(before)

			r = e.one(encodingFile(c.file), Options{Partial: true, NoAnnotate: true})
			if r.Status != StatusPartial || r.RowsLoaded != c.loaded || r.RowsRefused != 1 {
				t.Fatalf("partial: %+v", r)
			}
			if n := e.count(`SELECT count(*) FROM cur_applications WHERE content IS NULL OR content LIKE '%' || chr(65533) || '%'`); n != 0 {
				t.Errorf("%d rows stored with NULL or U+FFFD content", n)
			}
			if c.contents != nil {
				e.wantRows(`SELECT content FROM cur_applications ORDER BY src_row`, c.contents...)
			}
		})
	}
}

// encodingFile is a file of internal/csvstream's testdata/encoding.
func encodingFile(name string) string {
	return filepath.Join("..", "internal", "csvstream", "testdata", name)
}

func TestValidText(t *testing.T) {
	for s, want := range map[string]bool{
		"": true, "abc": true, "关于资金": true, "ＦＷ－００１": true, "😀": true,
		"\xff": false, "关于\xff": false, "\xe5\x85": false, "a\uFFFDb": false, "\xed\xa0\x80": false,
	} {
		if got := validText(s); got != want {
			t.Errorf("validText(%q) = %v", s, got)
		}
	}
}

func TestRegistryTextIntegrity(t *testing.T) {
	e := newEnv(t)
	before := e.snapshot()
	r := LoadUnits(e.ctx, e.db, encodingFile("encoding/units-bad-text.csv"))
	if r.Status != StatusRefused {
		t.Fatalf("%+v", r)
	}
	checkErrors(t, r.Errors, []RowError{{Row: 3, Column: "简称/别名", Value: "县财政\uFFFD", Reason: "含有无法识别的字符，请检查文件编码"}})
	e.unchangedSince(before)
}

// validText runs on every mapped cell: its cost on a typical row.
func BenchmarkValidText(b *testing.B) {
	row := []string{"A-0001234", "2024-03-05", "自然人", "网络", "关于乡村振兴补助资金的发放情况", "", "", "否", "", "2024-03-20", "予以公开", "12.5"}
	n := 0
	for _, c := range row {
		n += len(c)
	}
	b.SetBytes(int64(n))
	for b.Loop() {
		for _, c := range row {
			if !validText(c) {
				b.Fatal(c)
			}
		}
	}
}

// FuzzValidText holds the inline shortcuts of validText to the plain
// definition.
func FuzzValidText(f *testing.F) {
	for _, s := range []string{"", "关于资金", "\xff", "a\uFFFDb", "\xed\xa0\x80", "\xe4\xb8", "\xee\x80\x80", "\xe1\x80\xc0", "😀"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := validText(s), utf8.ValidString(s) && !strings.Contains(s, "\uFFFD"); got != want {
			t.Fatalf("validText(%q) = %v, want %v", s, got, want)
		}
	})
}

// Excel's "Unicode text" export: UTF-16LE with a BOM, tab-separated.
func TestUTF16TabExport(t *testing.T) {
	text := "平安县财政局2024年依申请公开办理台账\t\t\r\n申请编号\t收到日期\t申请人类型\r\nU16-1\t2024-03-05\t自然人\r\nU16-2\t2024/3/6\t个人\r\n"
	b, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "export.txt")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t)
	r := e.loaded(path, Options{})
	if r.Encoding != "UTF-16LE" || r.RowsLoaded != 2 || r.Unit != "平安县财政局" {
		t.Errorf("%+v", r)
	}
	e.wantRows(`SELECT src_row, app_no, received, applicant_type FROM cur_applications ORDER BY 1`,
		"3|U16-1|2024-03-05|自然人", "4|U16-2|2024-03-06|自然人")
}

// A partial import previewed (issue 15) loads nothing: it says which batch
// it would replace, with the rows before and after, and annotates the
// refused rows; File and Files alike. Loaded, it says what it replaced.
func TestPartialPreview(t *testing.T) {
	e := newEnv(t)
	first := e.loaded(td("app-bom.csv"), Options{})
	want := Replacement{BatchID: first.BatchID, File: "app-bom.csv", Uploader: "", RowsBefore: 2, RowsAfter: 2}
	check := func(r Result) {
		t.Helper()
		if r.Status != StatusPreview || r.BatchID != 0 || r.RowsLoaded != 0 || r.RowsRefused != 8 || r.Code != "" || r.Annotated == "" || r.Replaces == nil {
			t.Fatalf("preview: %+v", r)
		}
		got := *r.Replaces
		got.UploadedAt = ""
		if got != want {
			t.Errorf("preview replaces %+v, want %+v", got, want)
		}
		e.wantRows(`SELECT batch_id, status, partial FROM batches`, fmt.Sprintf("%d|active|false", first.BatchID))
		if n := e.count(`SELECT count(*) FROM ledger_applications`); n != 2 {
			t.Errorf("%d rows after a preview", n)
		}
	}
	check(e.one(td("app-bad-rows.xlsx"), Options{Partial: true, Preview: true}))
	rs := e.in.Files(e.ctx, []string{td("app-bad-rows.xlsx")}, Options{Partial: true, Preview: true, AnnotateDir: e.dir}, 1)
	if len(rs) != 1 {
		t.Fatalf("Files: %+v", rs)
	}
	check(rs[0])

	r := e.one(td("app-bad-rows.xlsx"), Options{Partial: true})
	if r.Status != StatusPartial || r.Replaced != first.BatchID || r.Replaces == nil || r.Replaces.BatchID != first.BatchID || r.Replaces.RowsBefore != 2 || r.Replaces.RowsAfter != 2 {
		t.Fatalf("partial: %+v (%+v)", r, r.Replaces)
	}
	// A preview of the first batch of its kind replaces nothing.
	e2 := newEnv(t)
	r = e2.one(td("app-bad-rows.xlsx"), Options{Partial: true, Preview: true})
	if r.Status != StatusPreview || r.Replaces == nil || *r.Replaces != (Replacement{RowsAfter: 2}) {
		t.Errorf("preview of a first batch: %+v", r.Replaces)
	}
}

// TestTemplateForUnit: a clerk's template carries the unit and year in its
// title, which the ingester reads back (the file's name says neither).
// internal/xlsxtemplate's tests hold the rest of the workbook.
func TestTemplateForUnit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "模板.xlsx")
	k := gongkai.KindByName("applications")
	if err := WriteTemplateFor(k, path, "平安县财政局", 2024); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := k.Title
	if v, _ := f.GetCellValue(s, "A1"); v != "平安县财政局2024年"+k.Title {
		t.Errorf("title %q", v)
	}
	// The 21 outcomes of table 三 for the 办理结果 dropdown, a sub-row after
	// its group.
	for cell, want := range map[string]string{"B3": "（一）予以公开", "B5": "（三）不予公开/1.属于国家秘密", "B23": "（六）其他处理/3.其他", "B24": ""} {
		if v, _ := f.GetCellValue("填写说明", cell); v != want {
			t.Errorf("填写说明!%s = %q, want %q", cell, v, want)
		}
	}
	f.SetSheetRow(s, "B3", &[]any{"T-001", "2024-03-05", "自然人"})
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	e := newEnv(t)
	r := e.loaded(path, Options{})
	if r.Unit != "平安县财政局" || r.Year != 2024 || r.RowsLoaded != 1 {
		t.Errorf("unit %q year %d loaded %d", r.Unit, r.Year, r.RowsLoaded)
	}
	// Without a unit and year, the placeholders.
	if err := WriteTemplate(k, path); err != nil {
		t.Fatal(err)
	}
	f, _ = excelize.OpenFile(path)
	defer f.Close()
	if v, _ := f.GetCellValue(s, "A1"); v != "XX单位20XX年"+k.Title {
		t.Errorf("blank title %q", v)
	}
}
