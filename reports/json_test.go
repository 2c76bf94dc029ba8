package reports

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestJSONGolden(t *testing.T) {
	got, err := json.MarshalIndent(sampleReport(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "report.json", append(got, '\n'))
}

func TestJSONShapeOrder(t *testing.T) {
	b, err := json.Marshal(sampleReport())
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	// Keys appear in official order, which a map-based encoder would not give.
	order := []string{`"unit"`, `"year"`, `"table2"`, `"规章"`, `"本年制发件数"`, `"行政规范性文件"`, `"行政许可"`,
		`"行政事业性收费"`, `"本年收费金额（单位：万元）":12.35`, `"table3"`, `"一、本年新收政府信息公开申请数量"`,
		`"（一）予以公开"`, `"1.属于国家秘密"`, `"3.危及“三安全一稳定”"`, `"（七）总计"`, `"四、结转下年度继续办理"`,
		`"table4"`, `"行政复议"`, `"未经复议直接起诉"`, `"复议后起诉"`, `"sections"`, `"总体情况"`}
	pos := 0
	for _, k := range order {
		i := strings.Index(s[pos:], k)
		if i < 0 {
			t.Fatalf("key %s missing or out of order in %s", k, s)
		}
		pos += i
	}
	if strings.Contains(s, `"format"`) {
		t.Error("2021 report must not carry a format key")
	}
}

func TestJSONRoundTrip(t *testing.T) {
	want := sampleReport()
	want.Table2.Cells[0] = NACell()
	want.Table3.Cells[5][2] = BlankCell()
	b, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	var got Report
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if d := diffReports(want, &got); d != "" {
		t.Fatal(d)
	}
	if !strings.Contains(string(b), `"本年制发件数":"/"`) || !strings.Contains(string(b), `"科研机构":null`) {
		t.Errorf("blank must be null and n/a must be \"/\": %s", b)
	}
}

func TestJSONLenientLabels(t *testing.T) {
	in := `{"unit":"甲","year":2022,
	"table3":{"本年新收政府信息公开申请数量":{"自然人":"3","总计":3},
	          "(二)部分公开":{"商业 企业":1},
	          "3.危及\"三安全一稳定\"":{"其它":"/"}},
	"table4":{"行政复议":{"结果维持":1,"总计":1}},
	"sections":{"六、其他需要报告的事项":"无"}}`
	var r Report
	if err := json.Unmarshal([]byte(in), &r); err != nil {
		t.Fatal(err)
	}
	if c := *r.Table3.Cell("new", ColNP); c != N(3) {
		t.Errorf("new/NP = %+v", c)
	}
	if c := *r.Table3.Cell("2", ColCE); c != N(1) {
		t.Errorf("2/CE = %+v", c)
	}
	if c := *r.Table3.Cell("3.3", ColOT); c != NACell() {
		t.Errorf("3.3/OT = %+v", c)
	}
	if c := *r.Table3.Cell("1", ColNP); c != BlankCell() {
		t.Errorf("missing cell must be blank, got %+v", c)
	}
	if r.Sections.Other != "无" || r.FormatName() != Format2021 {
		t.Errorf("sections/format: %+v %s", r.Sections, r.Format)
	}
}

func TestJSONUnknownLabel(t *testing.T) {
	var r Report
	err := json.Unmarshal([]byte(`{"table3":{"（八）其他":{"自然人":1}}}`), &r)
	if err == nil || !strings.Contains(err.Error(), "表三的行“（八）其他”无法识别") {
		t.Fatalf("err = %v", err)
	}
}

func TestJSON2019(t *testing.T) {
	r := NewReport("甲", 2019)
	r.Format = Format2019
	r.Table2Trial = TrialTable2{{Label: "规范性文件", Cols: []TrialCol{{"本年新制作数量", N(3)}, {"对外公开总数量", N(40)}}}}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"year":2019,"format":"2019","table2":{"规范性文件":{"本年新制作数量":3,"对外公开总数量":40}}`) {
		t.Fatalf("unexpected 2019 JSON: %s", b)
	}
	var got Report
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if d := diffReports(r, &got); d != "" {
		t.Fatal(d)
	}
}
