package reports

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
)

// consistentPair returns a random previous-year report and a current one
// that follows from it (X1 and X2 hold).
func consistentPair(rng *rand.Rand) (prev, cur *Report) {
	prev = randomReport(rng, 2022)
	cur = randomReport(rng, 2023)
	cur.Table3.Cells[idx3("carried_in")] = prev.Table3.Cells[idx3("carried_out")]
	for c := 0; c < ColTOT; c++ {
		// re-balance M1 after replacing 上年结转; grow 结转下年 if 新收 would go negative
		need := cur.Table3.Cell("7", c).Value() + cur.Table3.Cell("carried_out", c).Value() - cur.Table3.Cell("carried_in", c).Value()
		if need < 0 {
			cur.Table3.Cell("carried_out", c).Add(-need)
			need = 0
		}
		cur.Table3.Cell("new", c).Set(need)
	}
	cur.FillTotals()
	for _, kind := range []string{"rule", "normative"} {
		in := cur.Table2.Cell(kind + ".in_force")
		iss, rep := cur.Table2.Cell(kind+".issued"), cur.Table2.Cell(kind+".repealed")
		before := prev.Table2.Cell(kind + ".in_force").Value()
		if rep.Value() > before+iss.Value() {
			rep.Set(before + iss.Value())
		}
		in.Set(before + iss.Value() - rep.Value())
	}
	return prev, cur
}

func TestPropertyConsistentReportsPass(t *testing.T) {
	rng := rand.New(rand.NewPCG(2024, 1))
	for i := 0; i < 500; i++ {
		prev, cur := consistentPair(rng)
		if f := Check(prev, nil); len(f) != 0 {
			t.Fatalf("iteration %d: prev has findings:\n%s", i, Summary(f))
		}
		if f := Check(cur, prev); len(f) != 0 {
			t.Fatalf("iteration %d: cur has findings:\n%s", i, Summary(f))
		}
		b, err := json.Marshal(cur)
		if err != nil {
			t.Fatal(err)
		}
		var back Report
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if d := diffReports(cur, &back); d != "" {
			t.Fatalf("iteration %d: JSON round trip: %s", i, d)
		}
	}
}

func TestPropertyXLSXRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	dir := t.TempDir()
	for i := 0; i < 15; i++ {
		want := randomReport(rng, 2020+i)
		path := filepath.Join(dir, "r.xlsx")
		if err := SaveXLSX(path, want); err != nil {
			t.Fatal(err)
		}
		got, err := ReadXLSX(path)
		if err != nil {
			t.Fatal(err)
		}
		if d := diffReports(want, got); d != "" {
			t.Fatalf("iteration %d: %s", i, d)
		}
		if f := Check(got, nil); len(f) != 0 {
			t.Fatalf("iteration %d: read-back report has findings:\n%s", i, Summary(f))
		}
	}
}

func TestSampleAndDerivedPass(t *testing.T) {
	if f := Check(sampleReport(), nil); len(f) != 0 {
		t.Fatalf("sample: %s", Summary(f)) // includes the decimal 万元 amount
	}
	if f := Check(NewReport("空", 2023), nil); len(f) != 0 {
		t.Fatalf("empty: %s", Summary(f))
	}
}

func TestFillTotals(t *testing.T) {
	r := NewReport("甲", 2023)
	r.Table3.Cell("3.4", ColCE).Add(2)
	r.Table3.Cell("6.2", ColNP).Add(1)
	*r.Table3.Cell("1", ColOT) = NACell()
	*r.Table4.Cell("suit_after_review", "pending") = N(3)
	r.FillTotals()
	if got := *r.Table3.Cell("7", ColCE); got != N(2) {
		t.Errorf("（七）/CE = %+v", got)
	}
	if got := *r.Table3.Cell("7", ColTOT); got != N(3) {
		t.Errorf("（七）/TOT = %+v", got)
	}
	if got := *r.Table3.Cell("3.4", ColTOT); got != N(2) {
		t.Errorf("3.4/TOT = %+v", got)
	}
	if got := *r.Table3.Cell("7", ColOT); got != N(0) {
		t.Errorf("totals over \"/\" must be numbers: %+v", got)
	}
	if got := *r.Table4.Cell("suit_after_review", "total"); got != N(3) {
		t.Errorf("table 4 total = %+v", got)
	}
}

func TestCheckSlashAndBlankNotes(t *testing.T) {
	r := sampleReport()
	*r.Table3.Cell("carried_in", ColNP) = NACell() // was 3: M1 and D1 break
	f := Check(r, nil)
	if len(f) != 2 { // the 总计 column still balances: its 上年结转 was not edited
		t.Fatalf("findings:\n%s", Summary(f))
	}
	m1 := f[0]
	if m1.Rule != "M1" || m1.Expected != 50 || m1.Found != 53 ||
		m1.Message != "表三“自然人”列不平衡：第一项加第二项之和（本年新收50+上年结转“/”=50）应等于第三项加第四项之和（办理结果总计49+结转下年度4=53）（其中标“/”的单元格按0计算）" {
		t.Errorf("M1: %+v", m1)
	}
	if f[1].Rule != "D1" || f[1].Expected != 1 || f[1].Found != 4 || !strings.HasSuffix(f[1].Message, "（其中标“/”的单元格按0计算）") ||
		f[1].Cells[0] != "表三/二、上年结转政府信息公开申请数量/自然人" {
		t.Errorf("D1: %+v", f[1])
	}

	r = sampleReport()
	*r.Table4.Cell("review", "total") = BlankCell() // blank total counts as 0
	f = Check(r, nil)
	if len(f) != 1 || f[0].Rule != "D3" || f[0].Expected != 4 || f[0].Found != 0 || !strings.Contains(f[0].Message, "实际填写空白") {
		t.Errorf("blank total: %s", Summary(f))
	}
}

func TestCheckIntegers(t *testing.T) {
	r := sampleReport()
	*r.Table4.Cell("review", "upheld") = N(1.5)
	*r.Table4.Cell("review", "corrected") = N(1.5)
	*r.Table2.Cell("penalty.decisions") = N(-2)
	f := Check(r, nil)
	want := []Finding{
		{Rule: "NEG", Severity: "error", Cells: []string{"表二/行政处罚/本年处理决定数量"}, Expected: 0, Found: -2,
			Message: "表二/行政处罚/本年处理决定数量为负数（-2），不能小于0"},
		{Rule: "INT", Severity: "error", Cells: []string{"表四/行政复议/结果维持"}, Expected: 2, Found: 1.5,
			Message: "表四/行政复议/结果维持不是整数（1.5），件数应为整数"},
		{Rule: "INT", Severity: "error", Cells: []string{"表四/行政复议/结果纠正"}, Expected: 2, Found: 1.5,
			Message: "表四/行政复议/结果纠正不是整数（1.5），件数应为整数"},
	}
	if len(f) != len(want) {
		t.Fatalf("findings:\n%s", Summary(f))
	}
	for i := range want {
		if f[i].Rule != want[i].Rule || f[i].Message != want[i].Message || f[i].Expected != want[i].Expected ||
			f[i].Found != want[i].Found || strings.Join(f[i].Cells, "|") != strings.Join(want[i].Cells, "|") {
			t.Errorf("finding %d = %+v\nwant %+v", i, f[i], want[i])
		}
	}
}

func TestCheckYearGap(t *testing.T) {
	prev, cur := consistentPair(rand.New(rand.NewPCG(1, 2)))
	prev.Year = 2020
	f := Check(cur, prev)
	if len(f) != 1 || f[0].Rule != "YEAR" || f[0].Severity != "warning" {
		t.Fatalf("findings:\n%s", Summary(f))
	}
}

func TestCheckResultJSON(t *testing.T) {
	res, err := CheckFile("testdata/rule_d3.xlsx", "", TextRules{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	// The report read follows the findings, in annual-report's JSON shape.
	read, err := ReadXLSX("testdata/rule_d3.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	rj, _ := json.Marshal(read)
	// The cell rules' finding, then the text rules': the fixture leaves
	// zeros blank (CELL) and its 总体情况 states 85 applications (NARR).
	d3 := `{"rule":"D3","severity":"error","cells":["表四/行政复议/结果维持（B56）","表四/行政复议/结果纠正（C56）","表四/行政复议/其他结果（D56）","表四/行政复议/尚未审结（E56）","表四/行政复议/总计（F56）"],"expected":4,"found":5,"message":"表四“行政复议”：总计应等于结果维持、结果纠正、其他结果、尚未审结之和4，实际填写5"}`
	narr := `{"rule":"NARR","severity":"error","cells":["一、总体情况：“全年收到政府信息公开申请85件”","表三/一、本年新收政府信息公开申请数量/总计（K26）","表三/二、上年结转政府信息公开申请数量/总计（K27）"],"expected":66,"found":85,"message":"正文所写政府信息公开申请数为85，与表格中的66不一致"}`
	want := `{"file":"rule_d3.xlsx","year":2023,"format":"2021","findings":[` + d3 + `,`
	if !strings.HasPrefix(string(b), want) || !strings.HasSuffix(string(b), narr+`],"report":`+string(rj)+`}`) {
		t.Errorf("got  %s\nwant %s…%s", b, want, narr)
	}
	if got := ruleList(res.Findings); got != "error D3, error CELL, warning CELL, error NARR" {
		t.Errorf("rules: %s", got)
	}
	if !res.HasErrors() {
		t.Error("HasErrors")
	}

	res, err = CheckFile("testdata/filled_2023.xlsx", "testdata/rule_x2_prev_2022.xlsx", TextRules{})
	if err != nil {
		t.Fatal(err)
	}
	if got := ruleList(res.Findings); got != "warning X2, error CELL, warning CELL, error NARR" {
		t.Errorf("X2 is a warning: %s", got)
	}
	r := sampleReport()
	r.Sections.Overview = strings.Replace(r.Sections.Overview, "85件", "66件", 1) // as table 三 says
	clean := NewCheckResult("x.json", r, nil, TextRules{})
	b, _ = json.Marshal(clean)
	if !bytes.Contains(b, []byte(`"findings":[]`)) {
		t.Errorf("no findings must be an empty array: %s", b)
	}
}

func TestReadFileJSON(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.json")
	b, _ := json.Marshal(sampleReport())
	if err := writeFile(path, b); err != nil {
		t.Fatal(err)
	}
	got, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if d := diffReports(sampleReport(), got); d != "" {
		t.Fatal(d)
	}
}
