package reports

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strings"
)

// Rule identifiers (see the domain note on 勾稽关系):
//
//	NEG   table cells are non-negative                                  error
//	INT   counts are integers (the 万元 amount may be decimal)           error
//	M1    一 + 二 = （七）总计 + 四, every column (printed in the table)   error
//	D1    总计 = sum of the six applicant columns, every row              error
//	D2    （七）总计 = sum of the 21 outcome sub-rows, every column        error
//	D3    table 4 总计 = 维持 + 纠正 + 其他 + 尚未审结, every block          error
//	YEAR  the previous report is not for the previous year               warning
//	X1    二、上年结转 = last year's 四、结转下年度继续办理, every column      error
//	X2    现行有效 = last year's 现行有效 + 制发 − 废止, 规章 and 行政规范性文件
//	      (a heuristic: documents also lapse on expiry)                   warning
//
// Blank and "/" cells count as 0; a finding involving "/" says so.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
)

// Finding is one failed rule.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity string   `json:"severity"`
	Cells    []string `json:"cells"` // references, with the spreadsheet address in （） when read from xlsx
	Expected float64  `json:"expected"`
	Found    float64  `json:"found"`
	Message  string   `json:"message"`
}

// CheckResult is the outcome of checking one report file.
type CheckResult struct {
	File     string    `json:"file"`
	Year     int       `json:"year"`
	Format   string    `json:"format"`
	Findings []Finding `json:"findings"`
	// Report is the report as read, in the shape of annual-report's JSON,
	// so that an office can see what was read from its document.
	Report *Report `json:"report,omitempty"`
}

// NewCheckResult checks cur (against prev, the same unit's previous report,
// which may be nil) by every rule that applies to one report: the cell
// rules of Check and the text rules of CheckText. The deviations found
// while reading cur come first: they explain rule findings that follow
// from them. SAME needs several reports: CheckAcross.
func NewCheckResult(file string, cur, prev *Report, rules TextRules) CheckResult {
	f := append(append([]Finding{}, cur.Deviations...), Check(cur, prev)...)
	f = append(f, CheckText(cur, prev, rules)...)
	return CheckResult{File: file, Year: cur.Year, Format: cur.FormatName(), Findings: f, Report: cur}
}

// CheckAcross adds rule SAME to the results of several reports checked
// together: a paragraph near-identical to one of another unit's report.
// A unit is the name in a report's title, less spaces; a report naming
// none counts as a unit of its own.
func CheckAcross(results []CheckResult, rules TextRules) {
	rs := make([]*Report, len(results))
	units := make([]string, len(results))
	for i, res := range results {
		rs[i] = res.Report
		if res.Report != nil {
			units[i] = strings.Join(strings.Fields(res.Report.Unit), "")
		}
		if units[i] == "" {
			units[i] = "“" + res.File + "”"
		}
	}
	for i, fs := range copiesAcross(rs, units, rules) {
		results[i].Findings = append(results[i].Findings, fs...)
	}
}

// CheckFile reads the report at path (.docx, .pdf, .html, .xlsx or JSON,
// by content; see ReadFile) and, if prevPath is not empty, the previous
// year's report, and checks them (NewCheckResult).
func CheckFile(path, prevPath string, rules TextRules) (CheckResult, error) {
	cur, err := ReadFile(path)
	if err != nil {
		return CheckResult{}, err
	}
	if !cur.hasData() {
		return CheckResult{}, errNoData(path)
	}
	var prev *Report
	if prevPath != "" {
		if prev, err = ReadFile(prevPath); err != nil {
			return CheckResult{}, fmt.Errorf("上年报告: %w", err)
		}
		if !prev.hasData() {
			return CheckResult{}, fmt.Errorf("上年报告: %w", errNoData(prevPath))
		}
	}
	return NewCheckResult(filepath.Base(path), cur, prev, rules), nil
}

// ErrNoData is wrapped by CheckFile's error for a report none of whose
// table cells is filled: every rule holds on blanks, and "勾稽关系全部一致"
// for `{}` or an empty template told the office its report was right.
var ErrNoData = errors.New("没有可检查的数据")

func errNoData(path string) error {
	return fmt.Errorf("%s: %w：表二、表三、表四都没有填写", filepath.Base(path), ErrNoData)
}

// hasData: some cell of tables 2–4 (or of a 2019 table 2) is filled, with a
// number or "/".
func (r *Report) hasData() bool {
	for _, c := range r.Table2.Cells {
		if c.State != Blank {
			return true
		}
	}
	for _, row := range r.Table3.Cells {
		for _, c := range row {
			if c.State != Blank {
				return true
			}
		}
	}
	for _, row := range r.Table4.Cells {
		for _, c := range row {
			if c.State != Blank {
				return true
			}
		}
	}
	for _, row := range r.Table2Trial {
		for _, c := range row.Cols {
			if c.Cell.State != Blank {
				return true
			}
		}
	}
	return false
}

// HasErrors reports whether any finding has error severity.
func (c CheckResult) HasErrors() bool {
	for _, f := range c.Findings {
		if f.Severity == SeverityError {
			return true
		}
	}
	return false
}

// term is one cell taking part in a rule. Its reference is only spelled
// out (ref) when a finding names it: building ~200 references per report
// for rules that pass would dominate the cost of checking thousands of
// derived reports.
type term struct {
	r      *Report
	table  uint8 // 2, 3 or 4
	i, j   int   // table 2 item; table 3 row, column; table 4 block, column
	prefix string
	cell   Cell
}

func (t term) ref() string {
	var human string
	switch t.table {
	case 2:
		human = Ref2(t.i)
	case 3:
		human = Ref3(t.i, t.j)
	default:
		human = Ref4(t.i, t.j)
	}
	return t.prefix + t.r.ref(human)
}

type checker struct {
	out []Finding
}

func (ch *checker) add(rule, sev string, terms []term, expected, found float64, msg string) {
	cells := make([]string, len(terms))
	na := false
	for i, t := range terms {
		cells[i] = t.ref()
		na = na || t.cell.State == NA
	}
	if na {
		msg += "（其中标“/”的单元格按0计算）"
	}
	ch.out = append(ch.out, Finding{Rule: rule, Severity: sev, Cells: cells, Expected: expected, Found: found, Message: msg})
}

func sum(ts []term) float64 {
	var s float64
	for _, t := range ts {
		s += t.cell.Value()
	}
	return s
}

func differ(a, b float64) bool { return math.Abs(a-b) > 1e-6 }

// ref returns the human reference of a cell, with its address when the
// report was read from a spreadsheet.
func (r *Report) ref(human string) string {
	if r.Source != nil {
		if a, ok := r.Source.Addr[human]; ok {
			return human + "（" + a + "）"
		}
	}
	return human
}

func (r *Report) t3(row, col int) term {
	return term{r: r, table: 3, i: row, j: col, cell: r.Table3.Cells[row][col]}
}

func (r *Report) t4(block, col int) term {
	return term{r: r, table: 4, i: block, j: col, cell: r.Table4.Cells[block][col]}
}

func (r *Report) t2(i int) term {
	return term{r: r, table: 2, i: i, cell: r.Table2.Cells[i]}
}

func idx3(code string) int {
	i, _ := Table3Index(code)
	return i
}

// Check runs every rule on cur and, when prev (the previous year's report of
// the same unit) is given, the cross-year rules. Findings come in a fixed
// order: NEG/INT by table, M1, D1, D2, D3, then YEAR, X1, X2.
func Check(cur *Report, prev *Report) []Finding {
	ch := &checker{}
	ch.values(cur)

	iNew, iIn, iTot, iOut := idx3("new"), idx3("carried_in"), idx3("7"), idx3("carried_out")
	for c, col := range Table3Cols {
		left := []term{cur.t3(iNew, c), cur.t3(iIn, c)}
		right := []term{cur.t3(iTot, c), cur.t3(iOut, c)}
		if e, f := sum(left), sum(right); differ(e, f) {
			ch.add("M1", SeverityError, append(left, right...), e, f, fmt.Sprintf(
				"表三“%s”列不平衡：第一项加第二项之和（本年新收%s+上年结转%s=%s）应等于第三项加第四项之和（办理结果总计%s+结转下年度%s=%s）",
				col.Label, num(left[0]), num(left[1]), formatNumber(e), num(right[0]), num(right[1]), formatNumber(f)))
		}
	}

	for i, row := range Table3Rows {
		var parts []term
		for c := 0; c < ColTOT; c++ {
			parts = append(parts, cur.t3(i, c))
		}
		ch.total("D1", parts, cur.t3(i, ColTOT), "表三“%s”行：总计应等于六类申请人之和%s，实际填写%s", row.Label)
	}

	for c, col := range Table3Cols {
		var parts []term
		for i, row := range Table3Rows {
			if row.Outcome {
				parts = append(parts, cur.t3(i, c))
			}
		}
		ch.total("D2", parts, cur.t3(iTot, c), "表三“%s”列：（七）总计应等于（一）至（六）各项办理结果之和%s，实际填写%s", col.Label)
	}

	for b, blk := range Table4Blocks {
		var parts []term
		for c := 0; c < 4; c++ {
			parts = append(parts, cur.t4(b, c))
		}
		ch.total("D3", parts, cur.t4(b, 4), "表四“%s”：总计应等于结果维持、结果纠正、其他结果、尚未审结之和%s，实际填写%s", blk.Label)
	}

	if prev != nil {
		ch.crossYear(cur, prev)
	}
	return ch.out
}

// total adds rule when total is not the sum of parts; format words the
// finding with label, the sum and what was filled in.
func (ch *checker) total(rule string, parts []term, total term, format, label string) {
	if e, f := sum(parts), total.cell.Value(); differ(e, f) {
		ch.add(rule, SeverityError, append(parts, total), e, f, fmt.Sprintf(format, label, formatNumber(e), num(total)))
	}
}

func num(t term) string {
	switch t.cell.State {
	case Blank:
		return "空白"
	case NA:
		return "“/”"
	}
	return formatNumber(t.cell.V)
}

// values checks NEG and INT. Table 2 of a 2019 report is skipped: its
// 本年增/减 may legitimately be negative and its amounts fractional.
func (ch *checker) values(r *Report) {
	one := func(t term, decimal bool) {
		if t.cell.State != Number {
			return
		}
		v := t.cell.V
		if v < 0 {
			ch.add("NEG", SeverityError, []term{t}, 0, v, fmt.Sprintf("%s为负数（%s），不能小于0", t.ref(), formatNumber(v)))
		}
		if !decimal && v != math.Trunc(v) {
			ch.add("INT", SeverityError, []term{t}, math.Round(v), v, fmt.Sprintf("%s不是整数（%s），件数应为整数", t.ref(), formatNumber(v)))
		}
	}
	if r.FormatName() == Format2021 {
		for i, it := range Table2Items {
			one(r.t2(i), it.Decimal)
		}
	}
	for i := range Table3Rows {
		for c := range Table3Cols {
			one(r.t3(i, c), false)
		}
	}
	for b := range Table4Blocks {
		for c := range Table4Cols {
			one(r.t4(b, c), false)
		}
	}
}

func (ch *checker) crossYear(cur, prev *Report) {
	if cur.Year != 0 && prev.Year != 0 && prev.Year != cur.Year-1 {
		ch.add("YEAR", SeverityWarning, nil, float64(cur.Year-1), float64(prev.Year), fmt.Sprintf(
			"上年报告的年度为%d年，不是本年报告（%d年）的上一年度，跨年度核对结果仅供参考", prev.Year, cur.Year))
	}
	prevRef := func(t term) term { t.prefix = "上年报告/" + t.prefix; return t }

	iIn, iOut := idx3("carried_in"), idx3("carried_out")
	for c, col := range Table3Cols {
		now, before := cur.t3(iIn, c), prevRef(prev.t3(iOut, c))
		if e, f := before.cell.Value(), now.cell.Value(); differ(e, f) {
			ch.add("X1", SeverityError, []term{now, before}, e, f, fmt.Sprintf(
				"表三“%s”列：本年“二、上年结转政府信息公开申请数量”为%s，上年报告“四、结转下年度继续办理”为%s，两者应一致（如因机构调整等原因确有差异，请在报告中说明）",
				col.Label, num(now), num(before)))
		}
	}

	if cur.FormatName() != Format2021 || prev.FormatName() != Format2021 {
		which := "上年报告"
		if cur.FormatName() != Format2021 {
			which = "本年报告"
		}
		ch.add("X2", SeverityWarning, nil, 0, 0, which+
			"为2019年试行格式，表二第二十条第（一）项的栏目为“本年新制作数量、本年新公开数量、对外公开总数量”，与2021年格式的“本年制发件数、本年废止件数、现行有效件数”口径不同，未核对现行有效件数的跨年度衔接（X2）")
		return
	}
	for _, kind := range []string{"rule", "normative"} {
		i, _ := Table2Index(kind + ".in_force")
		iss, _ := Table2Index(kind + ".issued")
		rep, _ := Table2Index(kind + ".repealed")
		before, issued, repealed, now := prevRef(prev.t2(i)), cur.t2(iss), cur.t2(rep), cur.t2(i)
		e := before.cell.Value() + issued.cell.Value() - repealed.cell.Value()
		if f := now.cell.Value(); differ(e, f) {
			ch.add("X2", SeverityWarning, []term{now, before, issued, repealed}, e, f, fmt.Sprintf(
				"表二“%s”：上年现行有效件数%s加本年制发件数%s减本年废止件数%s应为%s，实际填写现行有效件数%s。文件因有效期届满失效、修订计为制发等情况也会造成差异，请核实",
				Table2Items[i].Row, num(before), num(issued), num(repealed), formatNumber(e), num(now)))
		}
	}
}

// Summary renders findings as one line each, for logs and command output.
func Summary(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "[%s %s] %s\n", f.Severity, f.Rule, f.Message)
	}
	return b.String()
}
