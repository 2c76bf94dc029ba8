// Package reports models the standardized annual report on government
// information disclosure (政府信息公开工作年度报告) in the 2021 format of
// 国办公开办函〔2021〕30号, writes it in the official xlsx layout, reads filled
// reports back (including the 2019 trial format of 国办公开办函〔2019〕60号) and
// checks the cell consistency rules (勾稽关系).
//
// The package is deliberately free of database code: derivation from the
// ledger lives elsewhere and only needs NewReport, the Cell accessors keyed by
// the stable codes below, and FillTotals.
//
// Row and cell codes (stable; use them to fill cells by outcome):
//
// Table 2 (二、主动公开政府信息情况), Table2Items:
//
//	rule.issued / rule.repealed / rule.in_force                 规章 × 本年制发件数/本年废止件数/现行有效件数
//	normative.issued / normative.repealed / normative.in_force  行政规范性文件 × same columns
//	licensing.decisions                                         行政许可 × 本年处理决定数量
//	penalty.decisions / enforcement.decisions                   行政处罚 / 行政强制 × 本年处理决定数量
//	fee.amount                                                  行政事业性收费 × 本年收费金额（单位：万元） (decimal)
//
// Table 3 (三、收到和处理政府信息公开申请情况), Table3Rows, in official order.
// Outcome codes follow the official （x）y numbering so a ledger outcome
// "（三）4" is code "3.4":
//
//	new          一、本年新收政府信息公开申请数量
//	carried_in   二、上年结转政府信息公开申请数量
//	1            （一）予以公开
//	2            （二）部分公开（区分处理的，只计这一情形，不计其他情形）
//	3.1 … 3.8    （三）不予公开 sub-rows
//	4.1 … 4.3    （四）无法提供 sub-rows
//	5.1 … 5.5    （五）不予处理 sub-rows
//	6.1 … 6.3    （六）其他处理 sub-rows
//	7            （七）总计 (computed)
//	carried_out  四、结转下年度继续办理
//
// Table 3 columns, Table3Cols: NP 自然人, CE 商业企业, RI 科研机构,
// SW 社会公益组织, LS 法律服务机构, OT 其他, TOT 总计 (computed); the column
// indexes are ColNP … ColTOT.
//
// Table 4 (四、政府信息公开行政复议、行政诉讼情况): blocks review 行政复议,
// suit_direct 未经复议直接起诉, suit_after_review 复议后起诉; columns upheld
// 结果维持, corrected 结果纠正, other 其他结果, pending 尚未审结, total 总计
// (computed).
//
// Cell states: a Cell is a number, Blank or NA ("/"). Derived reports hold
// numbers only (the zero Cell is the number 0); reports read from files keep
// what the office wrote. Arithmetic (FillTotals, Check) counts Blank and NA
// as 0.
//
// Formats: WriteXLSX writes the 2021 layout only. ReadXLSX also reads the
// 2019 trial layout: table 2 is kept as read in Report.Table2Trial (its
// columns have no 2021 counterpart), the single （六）其他处理 row of table 3
// becomes （六）3.其他 with 6.1 and 6.2 set to "/", and Format is "2019".
// The JSON form carries "format": "2019" only for such reports.
//
// Cell references: findings and Source.Addr name cells as
// "表二/<row>/<column>", "表三/[<（三）–（六） group>/]<row>/<column>" and
// "表四/<block>/<column>" with the official labels (Ref2, Ref3, Ref4).
package reports

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// Report formats. An empty Format means Format2021.
const (
	Format2021 = "2021"
	Format2019 = "2019"
)

// CellState distinguishes the three things an office can write in a cell.
// The zero value is a number, so a freshly built (derived) report is all
// zeros rather than all blanks.
type CellState uint8

const (
	Number CellState = iota // a numeric value in V
	Blank                   // left empty; counts as 0 in arithmetic
	NA                      // "/" (not applicable); counts as 0 in arithmetic
)

// Cell is one numeric cell of a report table.
type Cell struct {
	State CellState
	V     float64 // meaningful only when State == Number
}

// N returns a numeric cell.
func N(v float64) Cell { return Cell{State: Number, V: v} }

// BlankCell returns an empty cell.
func BlankCell() Cell { return Cell{State: Blank} }

// NACell returns a "/" cell.
func NACell() Cell { return Cell{State: NA} }

// Value is the cell's arithmetic value: blanks and "/" count as 0.
func (c Cell) Value() float64 {
	if c.State != Number {
		return 0
	}
	return c.V
}

// Add adds v; a blank or "/" cell becomes a number first, which is what
// derivation code wants when it counts applications one by one.
func (c *Cell) Add(v float64) {
	if c.State != Number {
		*c = Cell{}
	}
	c.V += v
}

// Set stores a number.
func (c *Cell) Set(v float64) { *c = N(v) }

// String renders the cell as an office would write it: "" for blank, "/"
// for not applicable, the shortest decimal otherwise.
func (c Cell) String() string {
	switch c.State {
	case Blank:
		return ""
	case NA:
		return "/"
	}
	return formatNumber(c.V)
}

func formatNumber(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// Label pairs a stable code with the official Chinese label.
type Label struct {
	Code  string
	Label string
}

// Table 2 -------------------------------------------------------------------

// Table2Block is one 第二十条 block of table 2 with its column headers.
type Table2Block struct {
	Caption string   // e.g. 第二十条第（一）项
	Cols    []string // value column headers
	Rows    []string // 信息内容 row labels
}

// Table2Blocks is table 2 in official order.
var Table2Blocks = []Table2Block{
	{Caption: "第二十条第（一）项", Cols: []string{"本年制发件数", "本年废止件数", "现行有效件数"}, Rows: []string{"规章", "行政规范性文件"}},
	{Caption: "第二十条第（五）项", Cols: []string{"本年处理决定数量"}, Rows: []string{"行政许可"}},
	{Caption: "第二十条第（六）项", Cols: []string{"本年处理决定数量"}, Rows: []string{"行政处罚", "行政强制"}},
	{Caption: "第二十条第（八）项", Cols: []string{"本年收费金额（单位：万元）"}, Rows: []string{"行政事业性收费"}},
}

// Table2Item is one numeric cell of table 2.
type Table2Item struct {
	Code    string
	Row     string // official 信息内容 label
	Col     string // official column header
	Block   int    // index into Table2Blocks
	Decimal bool   // the 万元 amount may be fractional; counts may not
}

// Table2Items lists the 10 cells of table 2 in official order (row-major).
var Table2Items = []Table2Item{
	{"rule.issued", "规章", "本年制发件数", 0, false},
	{"rule.repealed", "规章", "本年废止件数", 0, false},
	{"rule.in_force", "规章", "现行有效件数", 0, false},
	{"normative.issued", "行政规范性文件", "本年制发件数", 0, false},
	{"normative.repealed", "行政规范性文件", "本年废止件数", 0, false},
	{"normative.in_force", "行政规范性文件", "现行有效件数", 0, false},
	{"licensing.decisions", "行政许可", "本年处理决定数量", 1, false},
	{"penalty.decisions", "行政处罚", "本年处理决定数量", 2, false},
	{"enforcement.decisions", "行政强制", "本年处理决定数量", 2, false},
	{"fee.amount", "行政事业性收费", "本年收费金额（单位：万元）", 3, true},
}

// Table2 holds the cells of table 2 indexed like Table2Items.
type Table2 struct {
	Cells [10]Cell
}

// Table2Index returns the index of a table-2 cell code.
func Table2Index(code string) (int, bool) {
	for i, it := range Table2Items {
		if it.Code == code {
			return i, true
		}
	}
	return 0, false
}

// Cell returns the cell for code; an unknown code is a programming error.
func (t *Table2) Cell(code string) *Cell {
	i, ok := Table2Index(code)
	if !ok {
		panic(fmt.Sprintf("reports: unknown table 2 code %q", code))
	}
	return &t.Cells[i]
}

// TrialTable2 holds table 2 of a 2019 trial-format report as read, because
// its columns (本年新制作数量, 上一年项目数量 …) have no 2021 counterpart.
type TrialTable2 []TrialRow

// TrialRow is one 信息内容 row of a 2019 table 2.
type TrialRow struct {
	Label string
	Cols  []TrialCol
}

// TrialCol is one value of a TrialRow under its column header.
type TrialCol struct {
	Label string
	Cell  Cell
}

// Table 3 -------------------------------------------------------------------

// Table3Row describes one data row of table 3.
type Table3Row struct {
	Code    string
	Label   string // official label, exactly as printed
	Level   int    // 1: 一/二/四; 2: （一）（二）（七）; 3: numbered sub-rows
	Group   string // for level 3: code of the （三）–（六） group ("3".."6")
	Outcome bool   // counted in （七）总计
}

// Table3Groups are the （三）–（六） labels that span their sub-rows and hold
// no data of their own.
var Table3Groups = []Label{
	{"3", "（三）不予公开"},
	{"4", "（四）无法提供"},
	{"5", "（五）不予处理"},
	{"6", "（六）其他处理"},
}

// LabelResults is the level-1 label spanning the 22 outcome rows.
const LabelResults = "三、本年度办理结果"

// Table3Note is the balancing note printed in the header corner of table 3.
const Table3Note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

// Table3Rows lists the 25 data rows of table 3 in official order.
var Table3Rows = []Table3Row{
	{"new", "一、本年新收政府信息公开申请数量", 1, "", false},
	{"carried_in", "二、上年结转政府信息公开申请数量", 1, "", false},
	{"1", "（一）予以公开", 2, "", true},
	{"2", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 2, "", true},
	{"3.1", "1.属于国家秘密", 3, "3", true},
	{"3.2", "2.其他法律行政法规禁止公开", 3, "3", true},
	{"3.3", "3.危及“三安全一稳定”", 3, "3", true},
	{"3.4", "4.保护第三方合法权益", 3, "3", true},
	{"3.5", "5.属于三类内部事务信息", 3, "3", true},
	{"3.6", "6.属于四类过程性信息", 3, "3", true},
	{"3.7", "7.属于行政执法案卷", 3, "3", true},
	{"3.8", "8.属于行政查询事项", 3, "3", true},
	{"4.1", "1.本机关不掌握相关政府信息", 3, "4", true},
	{"4.2", "2.没有现成信息需要另行制作", 3, "4", true},
	{"4.3", "3.补正后申请内容仍不明确", 3, "4", true},
	{"5.1", "1.信访举报投诉类申请", 3, "5", true},
	{"5.2", "2.重复申请", 3, "5", true},
	{"5.3", "3.要求提供公开出版物", 3, "5", true},
	{"5.4", "4.无正当理由大量反复申请", 3, "5", true},
	{"5.5", "5.要求行政机关确认或重新出具已获取信息", 3, "5", true},
	{"6.1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 3, "6", true},
	{"6.2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", 3, "6", true},
	{"6.3", "3.其他", 3, "6", true},
	{"7", "（七）总计", 2, "", false},
	{"carried_out", "四、结转下年度继续办理", 1, "", false},
}

// Table 3 column indexes.
const (
	ColNP  = iota // 自然人
	ColCE         // 商业企业
	ColRI         // 科研机构
	ColSW         // 社会公益组织
	ColLS         // 法律服务机构
	ColOT         // 其他
	ColTOT        // 总计
)

// Table3Cols lists the 7 numeric columns of table 3 in official order.
var Table3Cols = []Label{
	{"NP", "自然人"},
	{"CE", "商业企业"},
	{"RI", "科研机构"},
	{"SW", "社会公益组织"},
	{"LS", "法律服务机构"},
	{"OT", "其他"},
	{"TOT", "总计"},
}

// Table3 holds the cells of table 3 indexed like Table3Rows × Table3Cols.
type Table3 struct {
	Cells [25][7]Cell
}

// Table3Index returns the index of a table-3 row code.
func Table3Index(code string) (int, bool) {
	for i, r := range Table3Rows {
		if r.Code == code {
			return i, true
		}
	}
	return 0, false
}

// Row returns the 7 cells of a row; an unknown code is a programming error.
func (t *Table3) Row(code string) *[7]Cell {
	i, ok := Table3Index(code)
	if !ok {
		panic(fmt.Sprintf("reports: unknown table 3 row code %q", code))
	}
	return &t.Cells[i]
}

// Cell returns one cell, col being ColNP … ColTOT.
func (t *Table3) Cell(row string, col int) *Cell { return &t.Row(row)[col] }

// Table 4 -------------------------------------------------------------------

// Table4Blocks lists the three blocks of table 4 in official order.
var Table4Blocks = []Label{
	{"review", "行政复议"},
	{"suit_direct", "未经复议直接起诉"},
	{"suit_after_review", "复议后起诉"},
}

// LabelLitigation spans the two 行政诉讼 blocks in the header.
const LabelLitigation = "行政诉讼"

// Table4Cols lists the five columns of every table-4 block.
var Table4Cols = []Label{
	{"upheld", "结果维持"},
	{"corrected", "结果纠正"},
	{"other", "其他结果"},
	{"pending", "尚未审结"},
	{"total", "总计"},
}

// Table4 holds the cells of table 4 indexed like Table4Blocks × Table4Cols.
type Table4 struct {
	Cells [3][5]Cell
}

// Cell returns one cell by block and column code; unknown codes are a
// programming error.
func (t *Table4) Cell(block, col string) *Cell {
	b, c := -1, -1
	for i, l := range Table4Blocks {
		if l.Code == block {
			b = i
		}
	}
	for i, l := range Table4Cols {
		if l.Code == col {
			c = i
		}
	}
	if b < 0 || c < 0 {
		panic(fmt.Sprintf("reports: unknown table 4 cell %q/%q", block, col))
	}
	return &t.Cells[b][c]
}

// Sections ------------------------------------------------------------------

// Sections holds the free-text parts of the report.
type Sections struct {
	Overview string // 一、总体情况
	Problems string // 五、存在的主要问题及改进情况
	Other    string // 六、其他需要报告的事项 (callers may pre-fill the 信息处理费 figure)
}

// SectionHeadings are the official headings of the text sections, with the
// number the report prints before them.
var SectionHeadings = []Label{
	{"一", "总体情况"},
	{"五", "存在的主要问题及改进情况"},
	{"六", "其他需要报告的事项"},
}

// TableHeadings are the headings printed above tables 2–4.
var TableHeadings = [3]string{
	"二、主动公开政府信息情况",
	"三、收到和处理政府信息公开申请情况",
	"四、政府信息公开行政复议、行政诉讼情况",
}

func (s *Sections) field(i int) *string {
	switch i {
	case 0:
		return &s.Overview
	case 1:
		return &s.Problems
	}
	return &s.Other
}

// Report --------------------------------------------------------------------

// Report is one unit's annual report.
type Report struct {
	Unit   string
	Year   int
	Format string // Format2021 (or "") or Format2019 (read-only)

	Table2 Table2
	// Table2Trial holds table 2 of a 2019 trial-format report; Table2 is then
	// all blank because the columns are not comparable.
	Table2Trial TrialTable2
	Table3      Table3
	Table4      Table4
	Sections    Sections

	// Source records where a report read from a file came from; nil for
	// derived reports. It is not part of JSON.
	Source *Source
	// Deviations are the ways a file read departs from the standard format
	// (a misprinted or renumbered label, the old one-row （六）, numbers
	// written with separators or full-width digits): warnings that
	// CheckFile reports before the rules. Not part of JSON.
	Deviations []Finding
	// narrative is the text printed under headings 二–四 around the tables
	// (documents only), whose numbers CheckText sets against the tables.
	narrative string
}

// Source locates the cells of a report read from a file.
type Source struct {
	File string
	// Addr maps a cell reference (as in Finding.Cells, e.g.
	// "表三/一、本年新收政府信息公开申请数量/自然人") to its spreadsheet address
	// ("D7", or "表二!D7" when not on the sheet holding table 3).
	Addr map[string]string
}

// NewReport returns a 2021-format report with every cell 0.
func NewReport(unit string, year int) *Report {
	return &Report{Unit: unit, Year: year, Format: Format2021}
}

// FormatName returns the report format, defaulting to Format2021.
func (r *Report) FormatName() string {
	if r.Format == "" {
		return Format2021
	}
	return r.Format
}

// FillTotals computes the 总计 cells of tables 3 and 4 from the data cells,
// as derived reports need: （七）总计 per applicant column (D2), the 总计
// column per row (D1) and each table-4 block total (D3). Blank and "/" data
// cells count as 0; totals are always written as numbers.
func (r *Report) FillTotals() {
	t3 := &r.Table3
	total, _ := Table3Index("7")
	for c := 0; c < ColTOT; c++ {
		var s float64
		for i, row := range Table3Rows {
			if row.Outcome {
				s += t3.Cells[i][c].Value()
			}
		}
		t3.Cells[total][c] = N(s)
	}
	for i := range Table3Rows {
		var s float64
		for c := 0; c < ColTOT; c++ {
			s += t3.Cells[i][c].Value()
		}
		t3.Cells[i][ColTOT] = N(s)
	}
	for b := range r.Table4.Cells {
		var s float64
		for c := 0; c < 4; c++ {
			s += r.Table4.Cells[b][c].Value()
		}
		r.Table4.Cells[b][4] = N(s)
	}
}

// Cell references -----------------------------------------------------------

// Ref2 is the human reference of a table-2 cell.
func Ref2(i int) string {
	it := Table2Items[i]
	return "表二/" + it.Row + "/" + it.Col
}

// Ref3 is the human reference of a table-3 cell; sub-rows name their group.
func Ref3(row, col int) string {
	r := Table3Rows[row]
	var b strings.Builder
	b.WriteString("表三/")
	if r.Level == 3 {
		for _, g := range Table3Groups {
			if g.Code == r.Group {
				b.WriteString(g.Label + "/")
			}
		}
	}
	b.WriteString(r.Label + "/" + Table3Cols[col].Label)
	return b.String()
}

// Ref4 is the human reference of a table-4 cell.
func Ref4(block, col int) string {
	return "表四/" + Table4Blocks[block].Label + "/" + Table4Cols[col].Label
}

// ParseCell reads a cell as offices write it: "" is blank; "/" (and the
// dashes or "无" some offices use the same way) is not applicable; numbers
// may be full-width, carry thousands separators or a trailing 件/万元.
func ParseCell(s string) (Cell, error) {
	t := strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r), r == '\u3000', r == '\u200b', r == '\ufeff', r == ',', r == '，':
			return -1
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		}
		return r
	}, s)
	switch t {
	case "":
		return BlankCell(), nil
	case "/", "\\", "-", "--", "—", "——", "–", "无":
		return NACell(), nil
	}
	t = strings.TrimSuffix(strings.TrimSuffix(t, "件"), "万元")
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return Cell{}, fmt.Errorf("“%s”不是数字", strings.TrimSpace(s))
	}
	return N(v), nil
}
