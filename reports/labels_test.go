package reports

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestLabelMatching(t *testing.T) {
	rows := []struct {
		text string
		code string // "" = must not match a data row
	}{
		{"一、本年新收政府信息公开申请数量", "new"},
		{"一，本年新收政府信息\n公开申请数量", "new"},
		{"本年新收政府信息公开申请数量", "new"},
		{"(一)予以公开", "1"},
		{"一、予以公开", "1"},
		{"（二）部分公开", "2"},
		{"（二）部分公开（区分处理的,只计这一情形,不计其他情形）", "2"},
		{"1、属于国家秘密", "3.1"},
		{"1．属于国家秘密", "3.1"},
		{"３.危及\"三安全一稳定\"", "3.3"},
		{"3.危及‘三安全一稳定’", "3.3"},
		{"1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请", "6.1"},
		{"3.其它", "6.3"},
		{"其他", "6.3"},
		{"（七）总计", "7"},
		{"（七）合计", "7"},
		{"四、结转下年度\n继续办理", "carried_out"},
		{"（八）其他", ""},
		{"2.其他", ""},
		{"三、本年度\n办理结果", ""},
		{"（三）不予\n公开", ""},
	}
	for _, r := range rows {
		k, ok := t3Labels.lookup(r.text)
		got := ""
		if ok && k.row >= 0 {
			got = Table3Rows[k.row].Code
		}
		if got != r.code {
			t.Errorf("%q matched %q, want %q", r.text, got, r.code)
		}
	}
	cols := map[string]int{"商业\n企业": ColCE, "社会 公益 组织": ColSW, "其它": ColOT, "合计": ColTOT, "自然人": ColNP}
	for text, want := range cols {
		if got, ok := t3ColIndex.lookup(text); !ok || got != want {
			t.Errorf("column %q = %d,%v", text, got, ok)
		}
	}
}

func TestParseCell(t *testing.T) {
	cases := map[string]Cell{
		"": BlankCell(), "  ": BlankCell(), "/": NACell(), "／": NACell(), "—": NACell(), "无": NACell(),
		"12": N(12), "１２": N(12), "1,234": N(1234), " 7 ": N(7), "3件": N(3), "96171.6": N(96171.6), "-1": N(-1),
	}
	for in, want := range cases {
		got, err := ParseCell(in)
		if err != nil || got != want {
			t.Errorf("ParseCell(%q) = %+v, %v", in, got, err)
		}
	}
	if _, err := ParseCell("约10"); err == nil || err.Error() != "“约10”不是数字" {
		t.Errorf("ParseCell(约10) err = %v", err)
	}
}

// TestReadShiftedLayout moves a written report around the sheet (rows
// inserted on top, a column inserted on the left) and reads it back.
func TestReadShiftedLayout(t *testing.T) {
	want := sampleReport()
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, want); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.InsertRows(sheetTables, 1, 3); err != nil {
		t.Fatal(err)
	}
	if err := f.InsertCols(sheetTables, "A", 2); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellValue(sheetTables, "A1", "附件"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "shifted.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	got, err := ReadXLSX(path)
	if err != nil {
		t.Fatal(err)
	}
	if d := diffReports(want, got); d != "" {
		t.Fatal(d)
	}
	if a := got.Source.Addr["表三/一、本年新收政府信息公开申请数量/自然人"]; a != "K26" {
		t.Errorf("address = %q", a)
	}
}

func TestReadCellError(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, sampleReport()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.SetCellValue(sheetTables, "J25", "约4"); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	_, err = ReadXLSXFrom(&out, "bad.xlsx")
	want := "bad.xlsx: 表三/（一）予以公开/商业企业（单元格J25）: “约4”不是数字"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
}
