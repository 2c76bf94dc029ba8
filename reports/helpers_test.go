package reports

import (
	"flag"
	"fmt"
	goldenfile "gongkai/internal/golden"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// -update regenerates the golden files and the hand-made filled reports in
// testdata/ (which are committed; tests only ever read them).
var update = flag.Bool("update", false, "regenerate testdata goldens and fixture workbooks")

const goldenDir = "testdata/golden"

// golden compares got with the golden file, rewriting it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenfile.Check(t, filepath.Join(goldenDir, name), got, *update)
}

// sampleReport is a hand-built, consistent report of a county bureau.
func sampleReport() *Report {
	r := NewReport("某县自然资源和规划局", 2023)
	t2 := []float64{0, 0, 0, 5, 2, 37, 1234, 56, 7, 12.35}
	for i, v := range t2 {
		r.Table2.Cells[i] = N(v)
	}
	set := func(code string, vals ...float64) {
		for c, v := range vals {
			r.Table3.Cell(code, c).Set(v)
		}
	}
	set("carried_in", 3, 1, 0, 0, 0, 0)
	set("1", 20, 4, 1, 0, 1, 0)
	set("2", 6, 2, 0, 0, 0, 1)
	set("3.1", 1, 0, 0, 0, 0, 0)
	set("3.4", 2, 1, 0, 0, 0, 0)
	set("3.6", 1, 0, 0, 0, 0, 0)
	set("4.1", 9, 3, 0, 1, 0, 0)
	set("4.2", 2, 0, 0, 0, 0, 0)
	set("4.3", 1, 0, 0, 0, 0, 0)
	set("5.1", 3, 0, 0, 0, 0, 0)
	set("5.2", 2, 1, 0, 0, 0, 0)
	set("6.1", 1, 0, 0, 0, 0, 0)
	set("6.2", 1, 0, 0, 0, 0, 0)
	set("6.3", 0, 1, 0, 0, 0, 0)
	set("carried_out", 4, 0, 0, 0, 1, 0)
	r.FillTotals()
	// 一、本年新收 balances M1 per column: 新收 = 总计 + 结转下年 − 上年结转.
	tot := r.Table3.Row("7")
	for c := 0; c < ColTOT; c++ {
		r.Table3.Cell("new", c).Set(tot[c].V + r.Table3.Cell("carried_out", c).V - r.Table3.Cell("carried_in", c).V)
	}
	*r.Table4.Cell("review", "upheld") = N(2)
	*r.Table4.Cell("review", "corrected") = N(1)
	*r.Table4.Cell("review", "pending") = N(1)
	*r.Table4.Cell("suit_direct", "upheld") = N(1)
	*r.Table4.Cell("suit_after_review", "other") = N(1)
	r.FillTotals()
	r.Sections = Sections{
		Overview: "2023年，我局坚持以公开为常态、不公开为例外，认真贯彻落实《中华人民共和国政府信息公开条例》。\n（一）主动公开。全年主动公开政府信息412条。\n\n（二）依申请公开。全年收到政府信息公开申请85件。",
		Problems: "一是公开内容不够全面；二是解读形式较为单一。\n下一步，我局将进一步规范公开工作。",
		Other:    "本年度未收取信息处理费。",
	}
	return r
}

// randomReport builds a consistent report: random sub-rows (some blank or
// "/"), computed totals, and 新收 chosen so that M1 holds.
func randomReport(rng *rand.Rand, year int) *Report {
	r := NewReport(fmt.Sprintf("随机单位%d", rng.IntN(1000)), year)
	for i, it := range Table2Items {
		if it.Decimal {
			r.Table2.Cells[i] = N(float64(rng.IntN(1000000)) / 100)
		} else {
			r.Table2.Cells[i] = N(float64(rng.IntN(500)))
		}
	}
	randCell := func(max int) Cell {
		switch rng.IntN(10) {
		case 0:
			return BlankCell()
		case 1:
			return NACell()
		}
		return N(float64(rng.IntN(max)))
	}
	for i, row := range Table3Rows {
		if row.Outcome || row.Code == "carried_in" || row.Code == "carried_out" {
			for c := 0; c < ColTOT; c++ {
				r.Table3.Cells[i][c] = randCell(30)
			}
		}
	}
	for b := range Table4Blocks {
		for c := 0; c < 4; c++ {
			r.Table4.Cells[b][c] = randCell(10)
		}
	}
	r.FillTotals()
	for c := 0; c < ColTOT; c++ {
		in := r.Table3.Cell("carried_in", c).Value()
		need := r.Table3.Cell("7", c).Value() + r.Table3.Cell("carried_out", c).Value()
		if in > need {
			r.Table3.Cell("carried_in", c).Set(need)
			in = need
		}
		r.Table3.Cell("new", c).Set(need - in)
	}
	r.FillTotals()
	r.Sections.Other = fmt.Sprintf("本年度收取信息处理费%d元。", rng.IntN(1000))
	return r
}

// diffReports describes how two reports differ in content (Source and the
// ""/"2021" spelling of the format are ignored); "" means equal.
func diffReports(want, got *Report) string {
	var d []string
	if want.Unit != got.Unit {
		d = append(d, fmt.Sprintf("unit %q != %q", want.Unit, got.Unit))
	}
	if want.Year != got.Year {
		d = append(d, fmt.Sprintf("year %d != %d", want.Year, got.Year))
	}
	if want.FormatName() != got.FormatName() {
		d = append(d, fmt.Sprintf("format %s != %s", want.FormatName(), got.FormatName()))
	}
	if want.FormatName() == Format2021 {
		for i := range want.Table2.Cells {
			if want.Table2.Cells[i] != got.Table2.Cells[i] {
				d = append(d, fmt.Sprintf("%s: want %+v got %+v", Ref2(i), want.Table2.Cells[i], got.Table2.Cells[i]))
			}
		}
	}
	if fmt.Sprint(want.Table2Trial) != fmt.Sprint(got.Table2Trial) {
		d = append(d, fmt.Sprintf("table2 trial: want %v got %v", want.Table2Trial, got.Table2Trial))
	}
	for i := range want.Table3.Cells {
		for c := range want.Table3.Cells[i] {
			if want.Table3.Cells[i][c] != got.Table3.Cells[i][c] {
				d = append(d, fmt.Sprintf("%s: want %+v got %+v", Ref3(i, c), want.Table3.Cells[i][c], got.Table3.Cells[i][c]))
			}
		}
	}
	for b := range want.Table4.Cells {
		for c := range want.Table4.Cells[b] {
			if want.Table4.Cells[b][c] != got.Table4.Cells[b][c] {
				d = append(d, fmt.Sprintf("%s: want %+v got %+v", Ref4(b, c), want.Table4.Cells[b][c], got.Table4.Cells[b][c]))
			}
		}
	}
	if want.Sections != got.Sections {
		d = append(d, fmt.Sprintf("sections: want %q got %q", want.Sections, got.Sections))
	}
	return strings.Join(d, "\n")
}

func writeFile(path string, b []byte) error { return os.WriteFile(path, b, 0o644) }
