package xlsxmark

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// streamed is a workbook as streaming writers and some 填报 systems write
// it: no styles part, no theme, no document properties, inline strings.
// date1904 marks it as Excel for Mac's.
func streamed(t testing.TB, date1904 bool) []byte {
	t.Helper()
	pr := ""
	if date1904 {
		pr = `<workbookPr date1904="1"/>`
	}
	parts := []part{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` + pr + `<sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
		{"xl/worksheets/sheet1.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
			`<row r="1"><c r="A1" t="inlineStr"><is><t>申请编号</t></is></c><c r="B1" t="inlineStr"><is><t>申请日期</t></is></c><c r="C1" t="inlineStr"><is><t>申请人类型</t></is></c></row>` +
			`<row r="2"><c r="A2" t="inlineStr"><is><t>CZ-001</t></is></c><c r="B2" t="inlineStr"><is><t>2024-02-30</t></is></c><c r="C2"><v>45356</v></c></row>` +
			`</sheetData></worksheet>`},
	}
	return packParts(t, parts)
}

// part is one part of a hand-written package.
type part struct{ name, body string }

// packParts is a package of parts, in order.
func packParts(t testing.TB, parts []part) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(p.body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// errorList is a list sheet as ingest adds one.
var errorList = List{
	Name:   "错误说明",
	Header: []string{"工作表", "行", "错误原因"},
	Rows:   [][]any{{"台账", 2, "日期不存在"}, {"台账", 2, "不是日期"}, {"台账", 2, "类型不对"}},
	Widths: []float64{0, 0, 60},
}

// TestCopyOfAStreamedWorkbook: a workbook without styles or theme parts
// (excelize's NewStyle dereferenced nil on one and stopped the server) is
// copied with its cells marked: red fill, one comment per cell, the notes
// of a cell joined in order, the values as they were, the list added.
func TestCopyOfAStreamedWorkbook(t *testing.T) {
	for _, date1904 := range []bool{false, true} {
		dir := t.TempDir()
		src, dst := filepath.Join(dir, "src.xlsx"), filepath.Join(dir, "dst.xlsx")
		if err := os.WriteFile(src, streamed(t, date1904), 0o644); err != nil {
			t.Fatal(err)
		}
		marks := []Mark{{"台账", "B2", "日期不存在"}, {"台账", "B2", "不是日期"}, {"台账", "C2", "类型不对"}}
		if err := Copy(src, dst, marks, errorList); err != nil {
			t.Fatalf("1904 %v: %v", date1904, err)
		}
		f, err := excelize.OpenFile(dst)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		comments, err := f.GetComments("台账")
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, c := range comments {
			var text strings.Builder
			for _, p := range c.Paragraph {
				text.WriteString(p.Text)
			}
			got[c.Cell] = c.Author + ": " + text.String()
		}
		want := map[string]string{"B2": "gongkai: 日期不存在\n不是日期", "C2": "gongkai: 类型不对"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("1904 %v: comments %q, want %q", date1904, got, want)
		}
		for cell, marked := range map[string]bool{"A2": false, "B2": true, "C2": true} {
			idx, err := f.GetCellStyle("台账", cell)
			if err != nil {
				t.Fatal(err)
			}
			st, err := f.GetStyle(idx)
			if err != nil {
				t.Fatal(err)
			}
			red := len(st.Fill.Color) == 1 && st.Fill.Color[0] == "FFC7CE" && st.Font != nil && st.Font.Color == "9C0006" && len(st.Border) == 4
			if red != marked {
				t.Errorf("1904 %v: %s marked %v, style %+v", date1904, cell, red, st)
			}
		}
		rows, err := f.GetRows("台账", excelize.Options{RawCellValue: true})
		if want := [][]string{{"申请编号", "申请日期", "申请人类型"}, {"CZ-001", "2024-02-30", "45356"}}; err != nil || !reflect.DeepEqual(rows, want) {
			t.Errorf("1904 %v: values %q, %v", date1904, rows, err)
		}
		list, err := f.GetRows("错误说明")
		if want := [][]string{{"工作表", "行", "错误原因"}, {"台账", "2", "日期不存在"}, {"台账", "2", "不是日期"}, {"台账", "2", "类型不对"}}; err != nil || !reflect.DeepEqual(list, want) {
			t.Errorf("1904 %v: list %q, %v", date1904, list, err)
		}
		if a, c := width(t, f, "A"), width(t, f, "C"); c != 60 || a == 60 {
			t.Errorf("1904 %v: list's columns A %v, C %v wide; want C 60, A as it was", date1904, a, c)
		}
	}
}

// width is the width of a column of the list.
func width(t *testing.T, f *excelize.File, col string) float64 {
	t.Helper()
	w, err := f.GetColWidth("错误说明", col)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// TestCopyReplacesTheList: the copy of a copy (a clerk uploads the
// annotated file again) has one list, the new one.
func TestCopyReplacesTheList(t *testing.T) {
	dir := t.TempDir()
	src, first, second := filepath.Join(dir, "src.xlsx"), filepath.Join(dir, "1.xlsx"), filepath.Join(dir, "2.xlsx")
	if err := os.WriteFile(src, streamed(t, false), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Copy(src, first, []Mark{{"台账", "B2", "日期不存在"}}, errorList); err != nil {
		t.Fatal(err)
	}
	again := List{Name: errorList.Name, Header: []string{"工作表", "行", "错误原因"}, Rows: [][]any{{"台账", 2, "类型不对"}}}
	if err := Copy(first, second, []Mark{{"台账", "C2", "类型不对"}}, again); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(second)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"台账", "错误说明"}) {
		t.Errorf("sheets %q", got)
	}
	if list, err := f.GetRows("错误说明"); err != nil || !reflect.DeepEqual(list, [][]string{{"工作表", "行", "错误原因"}, {"台账", "2", "类型不对"}}) {
		t.Errorf("list %q, %v", list, err)
	}
}

// TestCopyKeepsMerges: the copy of a workbook with merged cells, written
// by openpyxl and by LibreOffice (county 2's), has the same merged ranges
// as the clerk's file, a marked cell inside a range.
func TestCopyKeepsMerges(t *testing.T) {
	dir := filepath.Join("..", "samples", "county2", "data", "bad")
	for _, c := range []struct{ file, sheet, cell string }{
		{"金沙乡2024年依申请公开台账.xlsx", "依申请公开", "C6"},
		{"tasks-v2.xlsx", "重点任务", "B5"},
	} {
		merges := func(path string) []string {
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			mcs, err := f.GetMergeCells(c.sheet)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, mc := range mcs {
				out = append(out, mc.GetStartAxis()+":"+mc.GetEndAxis()+"="+mc.GetCellValue())
			}
			return out
		}
		src := filepath.Join(dir, c.file)
		out := filepath.Join(t.TempDir(), "copy.xlsx")
		if err := Copy(src, out, []Mark{{c.sheet, c.cell, "测试"}}, errorList); err != nil {
			t.Fatalf("%s: %v", c.file, err)
		}
		want, got := merges(src), merges(out)
		if len(want) < 2 || strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: merges of the copy %q, of the file %q", c.file, got, want)
		}
	}
}

// TestPanicIsAnError: whatever excelize does with a workbook, Copy returns
// an error and leaves nothing behind; a panic is a *PanicError with its
// stack.
func TestPanicIsAnError(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src.xlsx")
	if err := os.WriteFile(src, streamed(t, false), 0o644); err != nil {
		t.Fatal(err)
	}
	testHook = func() { panic("injected") }
	err := Copy(src, filepath.Join(dir, "panic.xlsx"), []Mark{{"台账", "B2", "x"}}, errorList)
	testHook = nil
	var pe *PanicError
	if !errors.As(err, &pe) || pe.Value != "injected" || !bytes.Contains(pe.Stack, []byte("xlsxmark.Copy")) {
		t.Errorf("err %v", err)
	}
	// A mark on a sheet the workbook does not have, and a copy that cannot
	// be saved (its name is taken by a folder), fail without a panic.
	if err := Copy(src, filepath.Join(dir, "nosheet.xlsx"), []Mark{{"其他", "B2", "x"}}, errorList); err == nil || errors.As(err, &pe) {
		t.Errorf("mark on a missing sheet: %v", err)
	}
	taken := filepath.Join(dir, "taken.xlsx")
	os.Mkdir(taken, 0o755)
	os.WriteFile(filepath.Join(taken, "keep"), nil, 0o644)
	if err := Copy(src, taken, nil, errorList); err == nil || errors.As(err, &pe) {
		t.Errorf("save over a folder: %v", err)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*")); len(m) != 2 {
		t.Errorf("left behind: %v", m)
	}
}

// FuzzCopy: Copy never panics on a workbook, however damaged; it marks
// it or fails, leaving nothing behind. The seeds run with go test.
func FuzzCopy(f *testing.F) {
	f.Add(streamed(f, false))
	f.Add(streamed(f, true))
	f.Add(streamed(f, false)[:300])
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, b []byte) {
		dir := t.TempDir()
		src, dst := filepath.Join(dir, "src.xlsx"), filepath.Join(dir, "dst.xlsx")
		if err := os.WriteFile(src, b, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := Copy(src, dst, []Mark{{"台账", "B2", "x"}}, errorList); err != nil {
			if _, serr := os.Stat(dst); serr == nil {
				t.Errorf("%v, and %s written", err, dst)
			}
		}
	})
}
