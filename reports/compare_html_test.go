package reports

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestCompare(t *testing.T) {
	derived := sampleReport()
	filed := sampleReport()
	if d := Compare(filed, derived); len(d) != 0 {
		t.Fatalf("identical reports differ: %+v", d)
	}
	// Blank and "/" for 0 are not differences; real values are.
	filed.Table3.Cell("3.2", ColRI).State = Blank
	*filed.Table3.Cell("3.3", ColRI) = NACell()
	filed.Table3.Cell("new", ColNP).Set(99)
	*filed.Table2.Cell("fee.amount") = NACell()
	got := Compare(filed, derived)
	want := []CellDiff{
		{Cell: "表二/行政事业性收费/本年收费金额（单位：万元）", Filed: NACell(), Derived: N(12.35)},
		{Cell: "表三/一、本年新收政府信息公开申请数量/自然人", Filed: N(99), Derived: *derived.Table3.Cell("new", ColNP)},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Compare = %+v\nwant %+v", got, want)
	}
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	wantJSON := `[{"cell":"表二/行政事业性收费/本年收费金额（单位：万元）","filed":"/","derived":12.35},` +
		`{"cell":"表三/一、本年新收政府信息公开申请数量/自然人","filed":99,"derived":` + derived.Table3.Cell("new", ColNP).String() + `}]`
	if string(b) != wantJSON {
		t.Errorf("JSON = %s\nwant %s", b, wantJSON)
	}
	var back []CellDiff
	if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back, got) {
		t.Errorf("JSON round trip = %+v, %v", back, err)
	}
	// A 2019 report's table 二 is not compared.
	filed.Format = Format2019
	for _, d := range Compare(filed, derived) {
		if strings.HasPrefix(d.Cell, "表二") {
			t.Errorf("2019 table 二 compared: %+v", d)
		}
	}
}

// TestWriteHTML checks that every row of every table fills the table's
// width once row- and colspans are taken into account, that the labels are
// the official ones and that text is escaped.
func TestWriteHTML(t *testing.T) {
	r := sampleReport()
	r.Unit = `某县<script>alert("x")</script>局`
	r.Sections.Other = "本年度共收取信息处理费 12 元。\n第二段 <b>"
	var buf bytes.Buffer
	if err := WriteHTML(&buf, r); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	if strings.Contains(page, "<script>") || !strings.Contains(page, "某县&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;局") {
		t.Errorf("unit name not escaped")
	}
	for _, s := range []string{TableHeadings[0], TableHeadings[1], TableHeadings[2], Table3Note, "六、其他需要报告的事项",
		"<p>第二段 &lt;b&gt;</p>", `rowspan="22"`, "危及“三安全一稳定”", "12.35"} {
		if !strings.Contains(page, s) {
			t.Errorf("page lacks %q", s)
		}
	}
	for name, tab := range map[string]struct {
		rows  [][]htmlCell
		width int
	}{"二": {htmlTable2(r), 4}, "三": {htmlTable3(r), 10}, "四": {htmlTable4(r), 15}} {
		busy := map[[2]int]bool{} // cells covered by a rowspan from above
		for i, row := range tab.rows {
			col := 0
			for _, c := range row {
				for busy[[2]int{i, col}] {
					col++
				}
				rs, cs := max(c.Rowspan, 1), max(c.Colspan, 1)
				for dr := 0; dr < rs; dr++ {
					for dc := 0; dc < cs; dc++ {
						busy[[2]int{i + dr, col + dc}] = true
					}
				}
				col += cs
			}
			for busy[[2]int{i, col}] {
				col++
			}
			if col != tab.width {
				t.Errorf("table %s row %d is %d columns wide, want %d", name, i, col, tab.width)
			}
		}
	}
	r.Format = Format2019
	if err := WriteHTML(&buf, r); err == nil {
		t.Error("2019 report written as HTML")
	}
}
