package ingest

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// identsTD is a file of testdata/idents (gen_idents.py: openpyxl and
// Python's csv; the .lo.csv files are LibreOffice's reading as shown).
func identsTD(name string) string { return filepath.Join("testdata", "idents", name) }

// shownColumn is column col of a LibreOffice "as shown" CSV, below its
// header: what Excel and LibreOffice show in the cells.
func shownColumn(t *testing.T, name string, col int) []string {
	t.Helper()
	f, err := os.Open(identsTD(name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range recs[1:] {
		out = append(out, r[col])
	}
	return out
}

var identOpt = Options{Unit: "平安县财政局", Year: 2024}

// TestIdentTextKept: identifiers typed as text that look like numbers
// (2024E001, +2024001, 2024.0, 2024001.) are stored as written, from an
// .xlsx text cell and a CSV field alike; an .xlsx text's leading
// apostrophe is its own ('双减'), a CSV's typed one is not ('0012).
func TestIdentTextKept(t *testing.T) {
	e := newEnv(t)
	r := e.loaded(identsTD("text.xlsx"), identOpt)
	if r.RowsLoaded != 8 {
		t.Errorf("%+v", r)
	}
	shown := shownColumn(t, "text.lo.csv", 0)
	content := shownColumn(t, "text.lo.csv", 4)
	var want []string
	for i := range shown {
		want = append(want, shown[i]+"|"+content[i])
	}
	e.wantRows(`SELECT app_no, content FROM cur_applications ORDER BY src_row`, want...)

	e = newEnv(t)
	e.loaded(identsTD("text.csv"), identOpt)
	e.wantRows(`SELECT app_no FROM cur_applications ORDER BY src_row`,
		"2024E001", "2024e05", "12E3", "+2024001", "2024.0", "2024001.", "0012")
}

// TestIdentExcelSciCSV: a CSV field in Excel's scientific display
// (2.02E+07) in an identifier column has lost its digits: refused, nothing
// stored.
func TestIdentExcelSciCSV(t *testing.T) {
	e := newEnv(t)
	before := e.snapshot()
	r := e.one(identsTD("sci.csv"), identOpt)
	if r.Status != StatusRefused || len(r.Errors) != 2 {
		t.Fatalf("%+v", r)
	}
	for i, e := range r.Errors {
		if e.Row != i+3 || e.Column != "申请编号" || !strings.Contains(e.Reason, "科学计数法") || !strings.Contains(e.Reason, "设为文本") {
			t.Errorf("%+v", e)
		}
	}
	e.unchangedSince(before)
}

// TestIdentNumberFormats: number cells in an identifier column are stored
// as Excel shows them through their formats (000123, SQ2024-007,
// 财发〔2024〕5号), TRUE as TRUE: LibreOffice's reading as shown.
func TestIdentNumberFormats(t *testing.T) {
	for _, excelizeOnly := range []bool{false, true} {
		e := newEnv(t)
		opt := identOpt
		opt.ExcelizeOnly = excelizeOnly
		r := e.loaded(identsTD("formats.xlsx"), opt)
		if r.RowsLoaded != 6 {
			t.Errorf("%+v", r)
		}
		if excelizeOnly {
			// The reference reader does not tell formats: the values
			// as before (the fast reader reads every such file).
			e.wantRows(`SELECT app_no FROM cur_applications ORDER BY src_row`, "20240001", "123", "7", "5", "2024013", "1")
			continue
		}
		e.wantRows(`SELECT app_no FROM cur_applications ORDER BY src_row`, shownColumn(t, "formats.lo.csv", 0)...)
	}
}

// TestIdentNumbersRefused: a date Excel made of a typed identifier, an
// 18-digit number (digits lost), a format not rendered exactly, and a
// formula's error are refused, each with its reason; nothing is stored.
func TestIdentNumbersRefused(t *testing.T) {
	e := newEnv(t)
	before := e.snapshot()
	r := e.one(identsTD("refused.xlsx"), identOpt)
	if r.Status != StatusRefused || len(r.Errors) != 5 {
		t.Fatalf("%+v", r)
	}
	want := []string{
		"“申请编号”被 Excel 自动转换成了日期，请把该列设为文本后重新输入编号",
		"“申请编号”是超过 15 位的数字，Excel 已丢失末尾的数字，请把该列设为文本后重新输入编号",
		"“申请编号”是按单元格格式“0.00E+00”显示的数字，无法确定 Excel 显示的编号，请把该列设为文本后重新输入编号",
		"“申请编号”是按单元格格式“#,##0”显示的数字，无法确定 Excel 显示的编号，请把该列设为文本后重新输入编号",
		"“申请编号”是公式出错的结果（#N/A），请修正公式后重新上传",
	}
	for i, e := range r.Errors {
		if e.Row != i+2 || e.Cell != "A"+string(rune('2'+i)) || e.Reason != want[i] {
			t.Errorf("error %d: %+v, want %q", i, e, want[i])
		}
	}
	e.unchangedSince(before)
}

// TestDataMergedAcross: in a data row, a value merged over several
// columns is its first column's (a long 标题 over the empty 索引号 and
// 文号; a 文号 typed in 索引号 and merged over 文号); a range down fills
// each row of its first column; the title merged over the header row
// still names the unit.
func TestDataMergedAcross(t *testing.T) {
	for _, excelizeOnly := range []bool{false, true} {
		e := newEnv(t)
		e.loaded(identsTD("hmerge.xlsx"), Options{Year: 2024, ExcelizeOnly: excelizeOnly})
		e.wantRows(`SELECT title, coalesce(index_no, '∅'), coalesce(doc_no, '∅'), category FROM cur_disclosures ORDER BY src_row`,
			"关于印发平安县2024年政务公开工作要点的通知（标题很长，跨了三列）|∅|∅|通知公告",
			"普通标题|PA-2024-002|平政发〔2024〕2号|通知公告",
			"另一个标题|平政办〔2024〕3号|∅|政策文件")
	}
}

// TestRowsOutOfOrderRefused: a sheet whose rows are written 2, 4, 3, 5
// (xlsxstream's testdata/raw, hand-written) is refused whole, naming the
// sheet and the row; nothing is stored.
func TestRowsOutOfOrderRefused(t *testing.T) {
	for _, name := range []string{"order_rows.xlsx", "order_cells.xlsx"} {
		e := newEnv(t)
		before := e.snapshot()
		r := e.one(filepath.Join("..", "internal", "xlsxstream", "testdata", "raw", name), identOpt)
		if r.Status != StatusRefused || !strings.HasPrefix(r.Reason, "工作表“台账”第 ") || !strings.Contains(r.Reason, "请用 Excel 或 WPS 打开此文件") {
			t.Errorf("%s: %+v", name, r)
		}
		e.unchangedSince(before)
	}
}

// TestRenderNumber: number formats as Excel shows them (the results are
// Excel's, by its documented placeholder rules); what is not rendered is
// refused, and date formats are told apart.
func TestRenderNumber(t *testing.T) {
	for _, c := range []struct {
		f    float64
		code string
		want string // "" : not rendered
	}{
		{123, "000000", "000123"}, {7, `"SQ2024-"000`, "SQ2024-007"}, {5, `"财发〔2024〕"0"号"`, "财发〔2024〕5号"},
		{1234567, "000", "1234567"}, {5, "#00", "05"}, {0, "000", "000"}, {1234, "000-000", "001-234"},
		{12, `\A0`, "A12"}, {2024001, "", "2024001"}, {2024001, "@", "2024001"}, {2024001, "General", "2024001"},
		{3, "0.00", "3.00"}, {-5, "0", "-5"}, {-5, "0;(0)", "(5)"}, {2.5, "", "2.5"},
		{1234, "#,##0", ""}, {0.5, "0%", ""}, {2e7, "0.00E+00", ""}, {5, "[Red]0", ""}, {5, `"文本"`, ""},
		{math.Nextafter(0.3, 1), "", ""}, // 0.30000000000000004: Excel shows 0.3
	} {
		got, ok := renderNumber(c.f, c.code)
		if !ok {
			got = ""
		}
		if got != c.want {
			t.Errorf("renderNumber(%v, %q) = %q %v, want %q", c.f, c.code, got, ok, c.want)
		}
	}
	for code, want := range map[string]bool{"yyyy/m/d": true, `yyyy"年"m"月"`: true, "[h]:mm:ss": true, "h:mm AM/PM": true,
		`上午/下午h"时"mm"分"`: true, "000000": false, `"SQ2024-"000`: false, "0.00E+00": false, "General": false, "": false,
		`"day"0`: false, `[Red]0`: false, `\d0`: false} {
		if got := isDateFormat(code); got != want {
			t.Errorf("isDateFormat(%q) = %v", code, got)
		}
	}
}
