package xlsxtemplate

import (
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai"
)

// testKind has one column of each kind of cell a template treats apart.
var testKind = &gongkai.Kind{Name: "test", Title: "测试台账", Columns: []gongkai.Column{
	{Name: "编号", Type: gongkai.TText, Required: true},
	{Name: "收到日期", Synonyms: []string{"登记日期", "申请日期"}, Type: gongkai.TDate, Required: true},
	{Name: "类型", Type: gongkai.TEnum, Enum: []string{"甲", "乙"}},
	{Name: "公开", Type: gongkai.TBool},
	{Name: "结果", Type: gongkai.TOutcome},
	{Name: "期限", Type: gongkai.TDeadline},
}}

// TestTemplate: headers with the required ones starred, the dropdowns and
// date checks over rows 3–2002, the outcome list on the instructions sheet
// and the descriptions after it, the panes and the print settings.
func TestTemplate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.xlsx")
	if err := Write(path, testKind, "某单位2024年测试台账", []string{"予以公开", "不予公开/国家秘密", "无法提供/不掌握"}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const s = "测试台账"
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{s, "填写说明"}) {
		t.Errorf("sheets %q", got)
	}
	rows, err := f.GetRows(s)
	if want := [][]string{{"某单位2024年测试台账"}, {"*编号", "*收到日期", "类型", "公开", "结果", "期限"}}; err != nil || !reflect.DeepEqual(rows, want) {
		t.Errorf("rows %q, %v", rows, err)
	}
	if mc, err := f.GetMergeCells(s); err != nil || len(mc) != 1 || mc[0].GetStartAxis() != "A1" || mc[0].GetEndAxis() != "F1" {
		t.Errorf("merged %v, %v", mc, err)
	}
	dvs, err := f.GetDataValidations(s)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, dv := range dvs {
		got = append(got, dv.Sqref+" "+dv.Type+" "+dv.Formula1+" "+*dv.ErrorTitle)
	}
	sort.Strings(got)
	want := []string{
		`B3:B2002 date 2000-01-01 日期有误`,
		`C3:C2002 list "甲,乙" 输入有误`,
		`D3:D2002 list "是,否" 输入有误`,
		`E3:E2002 list '填写说明'!$B$3:$B$5 办理结果`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("validations\n got %q\nwant %q", got, want)
	}
	for cell, want := range map[string]string{"A3": "@", "B3": "yyyy-mm-dd", "B2002": "yyyy-mm-dd", "C3": "General", "F3": "General"} {
		idx, _ := f.GetCellStyle(s, cell)
		st, err := f.GetStyle(idx)
		if err != nil {
			t.Fatal(err)
		}
		got := "General"
		switch {
		case st.CustomNumFmt != nil:
			got = *st.CustomNumFmt
		case st.NumFmt == 49:
			got = "@"
		}
		if got != want {
			t.Errorf("%s format %q, want %q", cell, got, want)
		}
	}
	help, err := f.GetRows("填写说明")
	if err != nil {
		t.Fatal(err)
	}
	wantHelp := [][]string{
		{"测试台账填写说明：带 * 的列为必填；日期可写 2024-03-05、2024/3/5 或 2024年3月5日；是/否列填“是”或“否”；合计行、空行不计入。"},
		{"办理结果可选值（年度报告表三）："},
		{"", "予以公开"}, {"", "不予公开/国家秘密"}, {"", "无法提供/不掌握"},
		{"编号"}, {"收到日期（也可写作：登记日期、申请日期）"}, {"类型；可选：甲、乙"}, {"公开"}, {"结果"}, {"期限"},
	}
	if !reflect.DeepEqual(help, wantHelp) {
		t.Errorf("instructions\n got %q\nwant %q", help, wantHelp)
	}
	panes, err := f.GetPanes(s)
	if err != nil || !panes.Freeze || panes.YSplit != 2 || panes.TopLeftCell != "A3" {
		t.Errorf("panes %+v, %v", panes, err)
	}
	lay, err := f.GetPageLayout(s)
	if err != nil || *lay.Size != 9 || *lay.Orientation != "landscape" || *lay.FitToWidth != 1 || *lay.FitToHeight != 0 {
		t.Errorf("page layout %v: %+v", err, lay)
	}
	if p, err := f.GetSheetProps(s); err != nil || p.FitToPage == nil || !*p.FitToPage {
		t.Errorf("fitToPage %v", err)
	}
	titles := ""
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" && dn.Scope == s {
			titles = dn.RefersTo
		}
	}
	if titles != "'"+s+"'!$1:$2" {
		t.Errorf("print titles %q", titles)
	}
}

// TestTemplateWithoutOutcomes: a kind without an outcome column lists no
// outcomes, whatever it is given; its descriptions start in row 3.
func TestTemplateWithoutOutcomes(t *testing.T) {
	k := &gongkai.Kind{Name: "plain", Title: "简单台账", Columns: []gongkai.Column{{Name: "名称", Type: gongkai.TText}, {Name: "数量", Type: gongkai.TInt}}}
	path := filepath.Join(t.TempDir(), "t.xlsx")
	if err := Write(path, k, "简单台账", []string{"予以公开"}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	help, err := f.GetRows("填写说明")
	if err != nil || len(help) != 4 || len(help[1]) != 0 || help[2][0] != "名称" || help[3][0] != "数量" {
		t.Errorf("instructions %q, %v", help, err)
	}
	if dvs, err := f.GetDataValidations("简单台账"); err != nil || len(dvs) != 0 {
		t.Errorf("validations %d, %v", len(dvs), err)
	}
}
