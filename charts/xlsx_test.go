package charts

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai/metrics"
)

// The workbook of the sample county read back with excelize, cell by cell
// against metrics.Results and the deductions, with its sheet settings.
func TestWorkbookReadBack(t *testing.T) {
	ctx := context.Background()
	db := sampleCounty(t)
	path := filepath.Join(t.TempDir(), "排名.xlsx")
	w, err := WriteWorkbook(ctx, db, sampleYear, metrics.Draft, path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := metrics.Results(ctx, db, sampleYear, "")
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	groups := groupResults(res)
	sheets := f.GetSheetList()
	if len(sheets) != len(groups)+1 || sheets[len(sheets)-1] != DeductionSheet {
		t.Fatalf("sheets %v", sheets)
	}
	for gi, g := range groups {
		sh := sheets[gi]
		if sh != g.name {
			t.Errorf("sheet %d is %q, want %q", gi, sh, g.name)
		}
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		inds := level1(g.units)
		header := rows[0]
		wantHeader := []string{"名次", "单位", "得分", "等次"}
		for _, it := range inds {
			wantHeader = append(wantHeader, it.Name+"\n（"+fmtPts(it.Max)+"分）")
		}
		wantHeader = append(wantHeader, "加分", "一票否决")
		if strings.Join(header, "|") != strings.Join(wantHeader, "|") {
			t.Errorf("%s header %q, want %q", sh, header, wantHeader)
		}
		if len(rows)-1 != len(g.units) {
			t.Fatalf("%s: %d rows, %d units", sh, len(rows)-1, len(g.units))
		}
		for i, u := range g.units {
			r := rows[i+1]
			num := func(col int) float64 {
				v, err := strconv.ParseFloat(r[col], 64)
				if err != nil {
					t.Fatalf("%s row %d col %d: %q", sh, i+2, col+1, r[col])
				}
				return v
			}
			if int(num(0)) != u.Rank || r[1] != u.Unit || num(2) != u.Normalized || r[3] != u.Grade {
				t.Errorf("%s row %d: %q, want %d %s %v %s", sh, i+2, r[:4], u.Rank, u.Unit, u.Normalized, u.Grade)
			}
			for k, ind := range inds {
				var want float64
				for _, it := range u.Indicators {
					if it.ID == ind.ID {
						want = it.Points
					}
				}
				if got := num(4 + k); got != want {
					t.Errorf("%s %s %s: %v, want %v", sh, u.Unit, ind.Name, got, want)
				}
			}
			veto := ""
			if u.Vetoed {
				veto = "是"
			}
			last := ""
			if len(r) > 5+len(inds) {
				last = r[5+len(inds)]
			}
			if num(4+len(inds)) != u.Bonus || last != veto {
				t.Errorf("%s %s: bonus/veto %q, want %v %q", sh, u.Unit, r[4+len(inds):], u.Bonus, veto)
			}
			// Types: numbers are numbers, names are text.
			cell, _ := excelize.CoordinatesToCellName(3, i+2)
			if ty, _ := f.GetCellType(sh, cell); ty != excelize.CellTypeNumber && ty != excelize.CellTypeUnset {
				t.Errorf("%s!%s type %v", sh, cell, ty)
			}
		}
		checkSheetSetup(t, f, sh, len(header), len(g.units)+1)
	}

	rows, err := f.GetRows(DeductionSheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], "|") != strings.Join(DeductionHeader, "|") {
		t.Errorf("deduction header %q", rows[0])
	}
	if len(rows)-1 != len(w.Deductions) || len(w.Deductions) == 0 {
		t.Fatalf("%d deduction rows, %d deductions", len(rows)-1, len(w.Deductions))
	}
	lostByUnit := map[string]float64{}
	for i, d := range w.Deductions {
		r := append(rows[i+1], make([]string, 10)...)
		row := ""
		if d.Row > 0 {
			row = strconv.Itoa(d.Row)
		}
		lost := ""
		if d.First {
			lost = strconv.FormatFloat(d.Lost, 'f', -1, 64)
			lostByUnit[d.Unit] += d.Lost
		}
		want := []string{d.Group, strconv.Itoa(d.Rank), d.Unit, d.ID, d.Name, lost, d.File, d.Sheet, row, d.Label}
		if strings.Join(r[:10], "|") != strings.Join(want, "|") {
			t.Errorf("deduction row %d: %q, want %q", i+2, r[:10], want)
		}
	}
	// The 失分 column adds up to each unit's lost points of the leaves.
	for _, u := range res {
		var want float64
		for _, it := range u.Indicators {
			if it.Rule != "" && it.Section == "score" {
				want += it.Lost
			}
		}
		if got := lostByUnit[u.Unit]; round2(got) != round2(want) {
			t.Errorf("%s: deductions add up to %v, leaves lost %v", u.Unit, got, want)
		}
	}
	checkSheetSetup(t, f, DeductionSheet, len(DeductionHeader), len(w.Deductions)+1)
}

// checkSheetSetup: frozen header row, autofilter over the table, A4
// landscape one page wide, header row printed on every page.
func checkSheetSetup(t *testing.T, f *excelize.File, sh string, cols, rows int) {
	t.Helper()
	p, err := f.GetPanes(sh)
	if err != nil || !p.Freeze || p.YSplit != 1 || p.TopLeftCell != "A2" {
		t.Errorf("%s: panes %+v %v", sh, p, err)
	}
	pl, err := f.GetPageLayout(sh)
	if err != nil || pl.Size == nil || *pl.Size != 9 || pl.Orientation == nil || *pl.Orientation != "landscape" || pl.FitToWidth == nil || *pl.FitToWidth != 1 {
		t.Errorf("%s: page layout %+v %v", sh, pl, err)
	}
	props, err := f.GetSheetProps(sh)
	if err != nil || props.FitToPage == nil || !*props.FitToPage {
		t.Errorf("%s: fit to page %+v %v", sh, props, err)
	}
	last, _ := excelize.ColumnNumberToName(cols)
	var titles, filter bool
	for _, dn := range f.GetDefinedName() {
		if dn.Scope != sh {
			continue
		}
		switch dn.Name {
		case "_xlnm.Print_Titles":
			titles = dn.RefersTo == "'"+sh+"'!$1:$1"
		case "_xlnm._FilterDatabase":
			filter = dn.RefersTo == "'"+sh+"'!$A$1:$"+last+"$"+strconv.Itoa(rows)
		}
	}
	if !titles || !filter {
		t.Errorf("%s: print titles %v, filter %v: %+v", sh, titles, filter, f.GetDefinedName())
	}
}

// Text that spreadsheets take for formulas is written as text with a
// leading apostrophe; no cell holds a formula.
func TestWorkbookFormulaInjection(t *testing.T) {
	evil := []string{"=HYPERLINK(\"http://x\",\"点我\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "=cmd|' /C calc'!A0"}
	ind := []metrics.ItemScore{{ID: "1", Name: "=1+1", Level: 1, Section: "score", Tally: metrics.Tally{Points: 5, Max: 10}}}
	var w Workbook
	w.Year, w.Title = 2024, "=测试&县"
	for i, name := range evil {
		w.Results = append(w.Results, metrics.UnitScore{Year: 2024, UnitID: int64(i + 1), Unit: name, Group: "+组", Rank: i + 1, Grade: "-差", Normalized: 50, Indicators: ind})
		w.Deductions = append(w.Deductions, Deduction{UnitID: int64(i + 1), Group: "+组", Rank: i + 1, Unit: name, ID: "1", Name: "=1+1", Lost: 5, First: true, File: "@file.xlsx", Sheet: "-s", Row: 3, Label: name})
	}
	path := filepath.Join(t.TempDir(), "evil.xlsx")
	if err := w.Save(path); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) != 2 || sheets[0] != "+组" {
		t.Fatalf("sheets %q", sheets)
	}
	for _, sh := range sheets {
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for ri, r := range rows {
			for ci, v := range r {
				cell, _ := excelize.CoordinatesToCellName(ci+1, ri+1)
				if fm, _ := f.GetCellFormula(sh, cell); fm != "" {
					t.Errorf("%s!%s has formula %q", sh, cell, fm)
				}
				if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
					t.Errorf("%s!%s = %q starts like a formula", sh, cell, v)
				}
			}
		}
		if sh == sheets[0] {
			for i, name := range evil {
				if got := rows[i+1][1]; got != "'"+name {
					t.Errorf("unit %q written as %q", name, got)
				}
			}
			if rows[0][4] != "'=1+1\n（10分）" {
				t.Errorf("indicator header %q", rows[0][4])
			}
		}
	}
	if SafeText("平安县") != "平安县" || SafeText("") != "" || SafeText("-") != "'-" {
		t.Error("SafeText")
	}
}

func TestSheetNames(t *testing.T) {
	used := map[string]bool{}
	for _, c := range []struct{ in, want string }{
		{"A类 乡镇街道", "A类 乡镇街道"},
		{"a类 乡镇街道", "a类 乡镇街道(2)"},
		{"B/C:组[1]?*'", "B／C：组（1）？＊’"},
		{"", "分组"},
		{"History", "分组(2)"},
		{strings.Repeat("长", 40), strings.Repeat("长", 31)},
		{strings.Repeat("长", 40), strings.Repeat("长", 28) + "(2)"},
	} {
		if got := sheetName(c.in, used); got != c.want {
			t.Errorf("sheetName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// The ranking workbook says which results it shows (issue 15: exports say
// their version): the version's label in the document properties (Subject)
// and in the printed header of every sheet, for the draft and for a
// published version. The version is published with confirmation, as one
// may be already (TestSiteExplainsLosses publishes on the same database).
func TestWorkbookNamesItsVersion(t *testing.T) {
	ctx := context.Background()
	db := sampleCounty(t)
	v, err := metrics.Publish(ctx, db, metrics.PublishRequest{Year: sampleYear, By: "测试", Reason: "测试", Confirm: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		n    int
		want string
	}{{metrics.Draft, "草稿（未发布）"}, {v.Version, metrics.Label(&v)}} {
		if !strings.HasPrefix(c.want, "草稿") && !strings.HasPrefix(c.want, "第"+strconv.Itoa(v.Version)+"版，") {
			t.Fatalf("label %q", c.want)
		}
		path := filepath.Join(t.TempDir(), "排名.xlsx")
		w, err := WriteWorkbook(ctx, db, sampleYear, c.n, path)
		if err != nil {
			t.Fatal(err)
		}
		if w.Version != c.want {
			t.Errorf("version %d: Workbook.Version %q, want %q", c.n, w.Version, c.want)
		}
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		props, err := f.GetDocProps()
		if err != nil || props.Subject != c.want || !strings.HasSuffix(props.Title, " "+c.want) {
			t.Errorf("version %d: properties %+v %v, want the subject %q", c.n, props, err, c.want)
		}
		for _, sh := range f.GetSheetList() {
			hf, err := f.GetHeaderFooter(sh)
			if err != nil || hf == nil || !strings.Contains(hf.OddHeader, "年度政务公开工作考核结果 "+c.want+" "+sh) {
				t.Errorf("version %d, sheet %s: header %+v %v", c.n, sh, hf, err)
			}
		}
		f.Close()
	}
}
