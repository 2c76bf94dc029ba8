package reports

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The workbooks in testdata/ imitate reports as county offices fill them
// (title rows, tables shifted right, merged labels with line breaks,
// half-width punctuation, straight quotes, "，" for "、", blanks for 0, "/",
// numbers typed as text). They are generated from the models below with
// `go test ./reports/ -update` and committed; the tests read the files.

func TestMain(m *testing.M) {
	flag.Parse()
	if *update {
		if err := generateFixtures(); err != nil {
			fmt.Fprintln(os.Stderr, "generate fixtures:", err)
			os.Exit(1)
		}
	}
	os.Exit(m.Run())
}

// officeReport is the consistent filled report: sampleReport with zeros
// left blank and "/" where an office would write it.
func officeReport() *Report {
	r := sampleReport()
	for i := 0; i < 3; i++ {
		r.Table2.Cells[i] = NACell() // a bureau without rule-making power
	}
	for i := range r.Table3.Cells {
		for c := range r.Table3.Cells[i] {
			if r.Table3.Cells[i][c] == N(0) {
				r.Table3.Cells[i][c] = BlankCell()
			}
		}
	}
	*r.Table3.Cell("carried_in", ColLS) = NACell()
	for b := range r.Table4.Cells {
		for c := range r.Table4.Cells[b] {
			if r.Table4.Cells[b][c] == N(0) {
				r.Table4.Cells[b][c] = BlankCell()
			}
		}
	}
	r.Sections.Problems = "一是公开内容不够全面；二是解读形式较为单一。"
	return r
}

// add adds d to a cell of a fixture model, keeping blanks blank when the
// result is 0 (as an office would).
func add(c *Cell, d float64) {
	v := c.Value() + d
	if v == 0 {
		*c = BlankCell()
	} else {
		*c = N(v)
	}
}

// prevOfficeReport is the 2022 report that cur's 二、上年结转 and 现行有效件数
// follow from.
func prevOfficeReport() *Report {
	cur := officeReport()
	p := officeReport()
	p.Year = 2022
	p.Table3.Cells[idx3("carried_out")] = cur.Table3.Cells[idx3("carried_in")]
	for c := range Table3Cols {
		// keep M1: 新收 = 总计 + 结转下年 − 上年结转
		v := p.Table3.Cells[idx3("7")][c].Value() + p.Table3.Cells[idx3("carried_out")][c].Value() - p.Table3.Cells[idx3("carried_in")][c].Value()
		p.Table3.Cells[idx3("new")][c] = N(v)
	}
	*p.Table2.Cell("normative.in_force") = N(37 - 5 + 2)
	return p
}

type fixture struct {
	file string
	r    *Report
}

func fixtures() []fixture {
	m1 := officeReport()
	add(m1.Table3.Cell("new", ColNP), 1)
	add(m1.Table3.Cell("new", ColTOT), 1)

	d1 := officeReport()
	add(d1.Table3.Cell("1", ColNP), 1)
	add(d1.Table3.Cell("2", ColNP), -1)

	d2 := officeReport()
	add(d2.Table3.Cell("1", ColNP), 1)
	add(d2.Table3.Cell("1", ColCE), -1)

	d3 := officeReport()
	add(d3.Table4.Cell("review", "total"), 1)

	neg := officeReport()
	*neg.Table4.Cell("review", "upheld") = N(-1)
	add(neg.Table4.Cell("review", "pending"), 3)

	x1prev := prevOfficeReport()
	for _, c := range []int{ColNP, ColTOT} {
		add(x1prev.Table3.Cell("carried_out", c), 2)
		add(x1prev.Table3.Cell("new", c), 2)
	}

	x2prev := prevOfficeReport()
	*x2prev.Table2.Cell("normative.in_force") = N(35)

	return []fixture{
		{"filled_2023.xlsx", officeReport()},
		{"rule_m1.xlsx", m1},
		{"rule_d1.xlsx", d1},
		{"rule_d2.xlsx", d2},
		{"rule_d3.xlsx", d3},
		{"rule_neg.xlsx", neg},
		{"rule_x1_prev_2022.xlsx", x1prev},
		{"rule_x2_prev_2022.xlsx", x2prev},
	}
}

// trialReport is a 2020 report on the 2019 trial template; （六）其他处理
// (2 applications) is read into （六）3.其他.
func trialReport() *Report {
	r := officeReport()
	r.Year = 2020
	r.Format = Format2019
	r.Table2 = Table2{}
	for i := range r.Table2.Cells {
		r.Table2.Cells[i] = BlankCell()
	}
	row := func(label string, kv ...any) TrialRow {
		tr := TrialRow{Label: label}
		for i := 0; i < len(kv); i += 2 {
			tr.Cols = append(tr.Cols, TrialCol{kv[i].(string), kv[i+1].(Cell)})
		}
		return tr
	}
	r.Table2Trial = TrialTable2{
		row("规章", "本年新制作数量", NACell(), "本年新公开数量", NACell(), "对外公开总数量", NACell()),
		row("规范性文件", "本年新制作数量", N(3), "本年新公开数量", N(3), "对外公开总数量", N(40)),
		row("行政许可", "上一年项目数量", N(120), "本年增/减", N(-2), "处理决定数量", N(3400)),
		row("其他对外管理服务事项", "上一年项目数量", N(15), "本年增/减", BlankCell(), "处理决定数量", N(200)),
		row("行政处罚", "上一年项目数量", N(300), "本年增/减", N(5), "处理决定数量", N(800)),
		row("行政强制", "上一年项目数量", N(20), "本年增/减", BlankCell(), "处理决定数量", N(12)),
		row("行政事业性收费", "上一年项目数量", N(8), "本年增/减", N(-1)),
		row("政府集中采购", "采购项目数量", N(12), "采购总金额", N(356.8)),
	}
	// The trial template has one （六） row: 6.1/6.2 did not exist.
	r.Table3.Cells[idx3("6.1")] = [7]Cell{NACell(), NACell(), NACell(), NACell(), NACell(), NACell(), NACell()}
	r.Table3.Cells[idx3("6.2")] = [7]Cell{NACell(), NACell(), NACell(), NACell(), NACell(), NACell(), NACell()}
	six := &r.Table3.Cells[idx3("6.3")]
	*six = [7]Cell{N(2), N(1), BlankCell(), BlankCell(), BlankCell(), BlankCell(), N(3)}
	return r
}

func generateFixtures() error {
	for _, fx := range fixtures() {
		if err := writeOffice(filepath.Join("testdata", fx.file), fx.r); err != nil {
			return err
		}
	}
	if err := writeOffice("testdata/trial_2020.xlsx", trialReport()); err != nil {
		return err
	}
	return writeNotAReport("testdata/not_a_report.xlsx")
}

// officeWriter lays cells out by hand, the way an office edits a template.
type officeWriter struct {
	f     *excelize.File
	sheet string
	err   error
}

func (w *officeWriter) set(cell string, v any) {
	if w.err == nil {
		w.err = w.f.SetCellValue(w.sheet, cell, v)
	}
}

func (w *officeWriter) merge(a, b string, v any) {
	w.set(a, v)
	if w.err == nil {
		w.err = w.f.MergeCell(w.sheet, a, b)
	}
}

// num writes a model cell: blanks stay empty, "/" is text, and numbers in
// text-typed cells (textual=true) are written as strings, as in files where
// the column was formatted as 文本.
func (w *officeWriter) num(cell string, c Cell, textual bool) {
	switch {
	case c.State == Blank:
	case c.State == NA:
		w.set(cell, "/")
	case textual:
		w.set(cell, formatNumber(c.V))
	default:
		w.set(cell, c.V)
	}
}

func cn(col string, row int) string { return fmt.Sprintf("%s%d", col, row) }

func writeOffice(path string, r *Report) error {
	f := excelize.NewFile()
	defer f.Close()
	w := &officeWriter{f: f, sheet: "附表"}
	if err := f.SetSheetName("Sheet1", w.sheet); err != nil {
		return err
	}
	trial := r.FormatName() == Format2019
	w.set("A1", "附件2")
	w.merge("B2", "P2", fmt.Sprintf("%s\n%d年政府信息公开工作年度报告", r.Unit, r.Year))
	w.set("B4", "二、主动公开政府信息情况")
	row := 6
	if trial {
		blocks := []struct {
			caption string
			cols    []string
			rows    []int
		}{
			{"第二十条第（一）项", []string{"本年新制作数量", "本年新公开数量", "对外公开总数量"}, []int{0, 1}},
			{"第二十条第（五）项", []string{"上一年项目数量", "本年增/减", "处理决定数量"}, []int{2, 3}},
			{"第二十条第（六）项", []string{"上一年项目数量", "本年增/减", "处理决定数量"}, []int{4, 5}},
			{"第二十条第（八）项", []string{"上一年项目数量", "本年增/减"}, []int{6}},
			{"第二十条第（九）项", []string{"采购项目数量", "采购总金额"}, []int{7}},
		}
		for _, b := range blocks {
			w.merge(cn("B", row), cn("E", row), b.caption)
			w.set(cn("B", row+1), "信息内容")
			for i, c := range b.cols {
				w.set(cn(string(rune('C'+i)), row+1), c)
			}
			row += 2
			for _, ri := range b.rows {
				tr := r.Table2Trial[ri]
				w.set(cn("B", row), tr.Label)
				for i, c := range tr.Cols {
					w.num(cn(string(rune('C'+i)), row), c.Cell, false)
				}
				row++
			}
		}
	} else {
		w.merge(cn("B", row), cn("E", row), "第二十条第（一）项")
		w.set(cn("B", row+1), "信息内容")
		w.set(cn("C", row+1), "本年\n制发件数")
		w.set(cn("D", row+1), "本年\n废止件数")
		w.set(cn("E", row+1), "现行\n有效件数")
		for i, label := range []string{"规章", "行政规范性文件"} {
			w.set(cn("B", row+2+i), label)
			for j, col := range []string{"C", "D", "E"} {
				w.num(cn(col, row+2+i), r.Table2.Cells[3*i+j], false)
			}
		}
		row += 4
		single := []struct {
			caption, header string
			labels          []string
			first           int
		}{
			{"第二十条第（五）项", "本年处理\n决定数量", []string{"行政许可"}, 6},
			{"第二十条第（六）项", "本年处理决定数量", []string{"行政处罚", "行政强制"}, 7},
			{"第二十条第（八）项", "本年收费金额（单位:万元）", []string{"行政事业性收费"}, 9},
		}
		for _, b := range single {
			w.merge(cn("B", row), cn("E", row), b.caption)
			w.set(cn("B", row+1), "信息内容")
			w.merge(cn("C", row+1), cn("E", row+1), b.header)
			for i, label := range b.labels {
				w.set(cn("B", row+2+i), label)
				w.num(cn("C", row+2+i), r.Table2.Cells[b.first+i], b.first == 6)
				if w.err == nil {
					w.err = f.MergeCell(w.sheet, cn("C", row+2+i), cn("E", row+2+i))
				}
			}
			row += 2 + len(b.labels)
		}
	}

	row++
	w.set(cn("B", row), "三、收到和处理政府信息公开申请情况")
	w.set(cn("K", row+1), "单位：件")
	h := row + 2
	w.merge(cn("B", h), cn("D", h+2), "（本列数据的勾稽关系为：第一项加第二项之和，\n等于第三项加第四项之和）")
	w.merge(cn("E", h), cn("K", h), "申请人情况")
	w.merge(cn("E", h+1), cn("E", h+2), "自然人")
	w.merge(cn("F", h+1), cn("J", h+1), "法人或其他组织")
	w.merge(cn("K", h+1), cn("K", h+2), "总计")
	for i, l := range []string{"商业\n企业", "科研\n机构", "社会公益\n组织", "法律服务\n机构", "其他"} {
		w.set(cn(string(rune('F'+i)), h+2), l)
	}
	row = h + 3
	labels := map[string]string{
		"new":         "一、本年新收政府信息\n公开申请数量",
		"1":           "(一)予以公开",
		"2":           "（二）部分公开（区分处理的,只计这一情形,不计其他情形）",
		"3.3":         "3.危及\"三安全一稳定\"",
		"6.1":         "1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请",
		"6.2":         "2.申请人逾期未按收费通知要求缴纳费用，行政机关不再处理其政府信息公开申请",
		"carried_out": "四、结转下年度\n继续办理",
	}
	var resultsStart int
	for i, tr := range Table3Rows {
		if trial && (tr.Code == "6.1" || tr.Code == "6.2") {
			continue
		}
		label := tr.Label
		if l, ok := labels[tr.Code]; ok {
			label = l
		}
		switch {
		case tr.Level == 1:
			w.merge(cn("B", row), cn("D", row), label)
		case tr.Code == "6.3" && trial:
			w.merge(cn("C", row), cn("D", row), "（六）其他处理")
		case tr.Level == 2:
			if tr.Code == "1" {
				resultsStart = row
			}
			w.merge(cn("C", row), cn("D", row), label)
		default:
			if tr.Code[2:] == "1" {
				n := 0
				for _, x := range Table3Rows {
					if x.Group == tr.Group {
						n++
					}
				}
				w.merge(cn("C", row), cn("C", row+n-1), strings.Replace(groupLabel(tr.Group), "）", "）\n", 1))
			}
			w.set(cn("D", row), label)
		}
		if tr.Code == "7" {
			w.merge(cn("B", resultsStart), cn("B", row), "三、本年度\n办理结果")
		}
		for c := range Table3Cols {
			// The 自然人 column of 上年结转 was typed as text.
			w.num(cn(string(rune('E'+c)), row), r.Table3.Cells[i][c], tr.Code == "carried_in" && c == ColNP)
		}
		row++
	}

	row++
	w.set(cn("B", row), "四、政府信息公开行政复议、行政诉讼情况")
	h = row + 1
	w.merge(cn("B", h), cn("F", h), "行政复议")
	w.merge(cn("G", h), cn("P", h), "行政诉讼")
	t4labels := []string{"结果\n维持", "结果\n纠正", "其他\n结果", "尚未\n审结", "总计"}
	for c, l := range t4labels {
		col := string(rune('B' + c))
		w.merge(cn(col, h+1), cn(col, h+2), l)
	}
	w.merge(cn("G", h+1), cn("K", h+1), "未经复议\n直接起诉")
	w.merge(cn("L", h+1), cn("P", h+1), "复议后起诉")
	for b := 1; b < 3; b++ {
		for c, l := range t4labels {
			w.set(cn(string(rune('B'+5*b+c)), h+2), l)
		}
	}
	for b := 0; b < 3; b++ {
		for c := 0; c < 5; c++ {
			w.num(cn(string(rune('B'+5*b+c)), h+3), r.Table4.Cells[b][c], false)
		}
	}
	w.set(cn("B", h+5), "填表说明：数量为0的单元格可不填。")

	text := "正文"
	if _, err := f.NewSheet(text); err != nil {
		return err
	}
	w.sheet = text
	for i, hd := range SectionHeadings {
		w.set(cn("A", 2*i+1), hd.Code+"、"+hd.Label)
		w.set(cn("A", 2*i+2), *r.Sections.field(i))
	}
	if w.err != nil {
		return w.err
	}
	return f.SaveAs(path)
}

func writeNotAReport(path string) error {
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]any{
		{"申请编号", "收到日期", "申请人类型", "申请内容", "办理结果"},
		{"YSQ-2023-001", "2023-01-05", "自然人", "某地块规划许可信息", "予以公开"},
		{"YSQ-2023-002", "2023-02-11", "商业企业", "某项目环评批复", "部分公开"},
	}
	for i, r := range rows {
		if err := f.SetSheetRow("Sheet1", cn("A", i+1), &r); err != nil {
			return err
		}
	}
	return f.SaveAs(path)
}
