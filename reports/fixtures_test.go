package reports

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func readFixture(t *testing.T, name string) *Report {
	t.Helper()
	r, err := ReadXLSX("testdata/" + name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return r
}

func TestReadFilledReport(t *testing.T) {
	got := readFixture(t, "filled_2023.xlsx")
	if d := diffReports(officeReport(), got); d != "" {
		t.Fatal(d)
	}
	if f := Check(got, nil); len(f) != 0 {
		t.Fatalf("consistent report has findings:\n%s", Summary(f))
	}
	// Spot-check states the office wrote: "/" in 规章, blank for 0, "/" in a
	// count cell, a number typed as text.
	if c := got.Table2.Cells[0]; c != NACell() {
		t.Errorf("规章/本年制发件数 = %+v", c)
	}
	if c := *got.Table3.Cell("3.2", ColNP); c != BlankCell() {
		t.Errorf("3.2/NP = %+v", c)
	}
	if c := *got.Table3.Cell("carried_in", ColLS); c != NACell() {
		t.Errorf("carried_in/LS = %+v", c)
	}
	if c := *got.Table3.Cell("carried_in", ColNP); c != N(3) {
		t.Errorf("carried_in/NP = %+v", c)
	}
	want := map[string]string{
		"表三/一、本年新收政府信息公开申请数量/自然人":    "E26",
		"表三/（三）不予公开/3.危及“三安全一稳定”/其他": "J32",
		"表三/四、结转下年度继续办理/总计":          "K50",
		"表二/行政事业性收费/本年收费金额（单位：万元）":   "C19",
		"表四/复议后起诉/总计":                "P56",
		"表四/行政复议/结果维持":               "B56",
		"表三/（六）其他处理/1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请/自然人": "E46",
	}
	for ref, addr := range want {
		if a := got.Source.Addr[ref]; a != addr {
			t.Errorf("address of %s = %q, want %s", ref, a, addr)
		}
	}
}

// ruleCase is one rule-breaking fixture with every finding it must produce.
type ruleCase struct {
	file, prev string
	want       []Finding
}

func t3cells(row string, addrRow string, cols ...int) []string {
	var out []string
	i := idx3(row)
	for _, c := range cols {
		out = append(out, Ref3(i, c)+"（"+string(rune('E'+c))+addrRow+"）")
	}
	return out
}

func allCols() []int { return []int{0, 1, 2, 3, 4, 5, 6} }

func TestRuleFixtures(t *testing.T) {
	cases := []ruleCase{
		{file: "rule_m1.xlsx", want: []Finding{
			{Rule: "M1", Severity: "error", Expected: 54, Found: 53,
				Cells:   append(append(append(t3cells("new", "26", ColNP), t3cells("carried_in", "27", ColNP)...), t3cells("7", "49", ColNP)...), t3cells("carried_out", "50", ColNP)...),
				Message: "表三“自然人”列不平衡：第一项加第二项之和（本年新收51+上年结转3=54）应等于第三项加第四项之和（办理结果总计49+结转下年度4=53）"},
			{Rule: "M1", Severity: "error", Expected: 71, Found: 70,
				Cells:   append(append(append(t3cells("new", "26", ColTOT), t3cells("carried_in", "27", ColTOT)...), t3cells("7", "49", ColTOT)...), t3cells("carried_out", "50", ColTOT)...),
				Message: "表三“总计”列不平衡：第一项加第二项之和（本年新收67+上年结转4=71）应等于第三项加第四项之和（办理结果总计65+结转下年度5=70）"},
		}},
		{file: "rule_d1.xlsx", want: []Finding{
			{Rule: "D1", Severity: "error", Expected: 27, Found: 26, Cells: t3cells("1", "28", allCols()...),
				Message: "表三“（一）予以公开”行：总计应等于六类申请人之和27，实际填写26"},
			{Rule: "D1", Severity: "error", Expected: 8, Found: 9, Cells: t3cells("2", "29", allCols()...),
				Message: "表三“（二）部分公开（区分处理的，只计这一情形，不计其他情形）”行：总计应等于六类申请人之和8，实际填写9"},
		}},
		{file: "rule_d2.xlsx", want: []Finding{
			{Rule: "D2", Severity: "error", Expected: 50, Found: 49, Cells: outcomeCells(ColNP),
				Message: "表三“自然人”列：（七）总计应等于（一）至（六）各项办理结果之和50，实际填写49"},
			{Rule: "D2", Severity: "error", Expected: 11, Found: 12, Cells: outcomeCells(ColCE),
				Message: "表三“商业企业”列：（七）总计应等于（一）至（六）各项办理结果之和11，实际填写12"},
		}},
		{file: "rule_d3.xlsx", want: []Finding{
			{Rule: "D3", Severity: "error", Expected: 4, Found: 5,
				Cells:   []string{"表四/行政复议/结果维持（B56）", "表四/行政复议/结果纠正（C56）", "表四/行政复议/其他结果（D56）", "表四/行政复议/尚未审结（E56）", "表四/行政复议/总计（F56）"},
				Message: "表四“行政复议”：总计应等于结果维持、结果纠正、其他结果、尚未审结之和4，实际填写5"},
		}},
		{file: "rule_neg.xlsx", want: []Finding{
			{Rule: "NEG", Severity: "error", Expected: 0, Found: -1, Cells: []string{"表四/行政复议/结果维持（B56）"},
				Message: "表四/行政复议/结果维持（B56）为负数（-1），不能小于0"},
		}},
		{file: "filled_2023.xlsx", prev: "rule_x1_prev_2022.xlsx", want: []Finding{
			{Rule: "X1", Severity: "error", Expected: 5, Found: 3,
				Cells:   []string{"表三/二、上年结转政府信息公开申请数量/自然人（E27）", "上年报告/表三/四、结转下年度继续办理/自然人（E50）"},
				Message: "表三“自然人”列：本年“二、上年结转政府信息公开申请数量”为3，上年报告“四、结转下年度继续办理”为5，两者应一致（如因机构调整等原因确有差异，请在报告中说明）"},
			{Rule: "X1", Severity: "error", Expected: 6, Found: 4,
				Cells:   []string{"表三/二、上年结转政府信息公开申请数量/总计（K27）", "上年报告/表三/四、结转下年度继续办理/总计（K50）"},
				Message: "表三“总计”列：本年“二、上年结转政府信息公开申请数量”为4，上年报告“四、结转下年度继续办理”为6，两者应一致（如因机构调整等原因确有差异，请在报告中说明）"},
		}},
		{file: "filled_2023.xlsx", prev: "rule_x2_prev_2022.xlsx", want: []Finding{
			{Rule: "X2", Severity: "warning", Expected: 38, Found: 37,
				Cells: []string{"表二/行政规范性文件/现行有效件数（E9）", "上年报告/表二/行政规范性文件/现行有效件数（E9）",
					"表二/行政规范性文件/本年制发件数（C9）", "表二/行政规范性文件/本年废止件数（D9）"},
				Message: "表二“行政规范性文件”：上年现行有效件数35加本年制发件数5减本年废止件数2应为38，实际填写现行有效件数37。文件因有效期届满失效、修订计为制发等情况也会造成差异，请核实"},
		}},
	}
	for _, tc := range cases {
		name := tc.file
		if tc.prev != "" {
			name += "+" + tc.prev
		}
		t.Run(name, func(t *testing.T) {
			cur := readFixture(t, tc.file)
			var prev *Report
			if tc.prev != "" {
				prev = readFixture(t, tc.prev)
				if f := Check(prev, nil); len(f) != 0 {
					t.Fatalf("previous-year fixture is itself inconsistent:\n%s", Summary(f))
				}
			}
			got := Check(cur, prev)
			if !reflect.DeepEqual(got, tc.want) {
				g, _ := json.MarshalIndent(got, "", "  ")
				w, _ := json.MarshalIndent(tc.want, "", "  ")
				t.Fatalf("findings:\n%s\nwant:\n%s", g, w)
			}
		})
	}
}

func outcomeCells(col int) []string {
	var out []string
	for i, r := range Table3Rows {
		if r.Outcome {
			out = append(out, Ref3(i, col)+"（"+string(rune('E'+col))+itoa(28+i-idx3("1"))+"）")
		}
	}
	return append(out, Ref3(idx3("7"), col)+"（"+string(rune('E'+col))+"49）")
}

func itoa(i int) string { return strings.TrimSpace(formatNumber(float64(i))) }

func TestReadTrial2019(t *testing.T) {
	got := readFixture(t, "trial_2020.xlsx")
	want := trialReport()
	if d := diffReports(want, got); d != "" {
		t.Fatal(d)
	}
	if got.Format != Format2019 {
		t.Fatalf("format = %q", got.Format)
	}
	// （六）其他处理 went to （六）3.其他; the sub-rows that did not exist are "/".
	if a := got.Source.Addr[Ref3(idx3("6.3"), ColNP)]; a != "E50" {
		t.Errorf("（六） row read from %q", a)
	}
	if f := Check(got, nil); len(f) != 0 {
		t.Fatalf("trial report findings:\n%s", Summary(f))
	}

	// Next year's 2021-format report: X1 still applies across formats, X2 is
	// skipped with a warning saying why.
	cur := sampleReport()
	cur.Year = 2021
	cur.Table3.Cells[idx3("carried_in")] = got.Table3.Cells[idx3("carried_out")]
	for c := range Table3Cols {
		v := cur.Table3.Cells[idx3("7")][c].Value() + cur.Table3.Cells[idx3("carried_out")][c].Value() - cur.Table3.Cells[idx3("carried_in")][c].Value()
		cur.Table3.Cells[idx3("new")][c] = N(v)
	}
	f := Check(cur, got)
	if len(f) != 1 || f[0].Rule != "X2" || f[0].Severity != "warning" || len(f[0].Cells) != 0 ||
		!strings.Contains(f[0].Message, "上年报告为2019年试行格式") {
		t.Fatalf("cross-format findings:\n%s", Summary(f))
	}
	// JSON keeps the trial table 2 and the format.
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"format":"2019"`) || !strings.Contains(string(b), `"政府集中采购":{"采购项目数量":12,"采购总金额":356.8}`) {
		t.Errorf("2019 JSON: %s", b)
	}
}
