package xlsxprint_test

import (
	"archive/zip"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"gongkai"
	"gongkai/charts"
	"gongkai/ingest"
	"gongkai/metrics"
	"gongkai/reports"
	"gongkai/store"
)

// The workbooks gongkai writes — the blank templates, the annual report,
// the ranking workbook, an annotated copy of a refused ledger and the
// review's 问题清单 — are held to the OOXML schema's order of a
// worksheet's children (Excel offers to repair a file that breaks it, and
// excelize writes what it is given in the order it is given), to
// ascending, non-overlapping <col> ranges, and are opened by LibreOffice.

// worksheetOrder is CT_Worksheet's sequence (ECMA-376 Part 1, 18.3.1.99).
var worksheetOrder = []string{"sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData",
	"sheetCalcPr", "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState",
	"dataConsolidate", "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting",
	"dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter",
	"rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing",
	"legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
	"webPublishItems", "tableParts", "extLst"}

// sheetPrOrder is CT_SheetPr's sequence.
var sheetPrOrder = []string{"tabColor", "outlinePr", "pageSetUpPr"}

// checkWorksheet reads one worksheet part and returns what breaks the
// schema's order or the <col> rule.
func checkWorksheet(r io.Reader) []string {
	var bad []string
	pos := func(order []string, name string) int {
		for i, n := range order {
			if n == name {
				return i
			}
		}
		return -1
	}
	dec := xml.NewDecoder(r)
	depth, last, lastPr, lastMax := 0, -1, -1, 0
	parent := ""
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return append(bad, err.Error())
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			name := t.Name.Local
			switch depth {
			case 2:
				parent = name
				i := pos(worksheetOrder, name)
				switch {
				case i < 0:
					bad = append(bad, "unknown element <"+name+">")
				case i < last || (i == last && name != "conditionalFormatting"):
					bad = append(bad, fmt.Sprintf("<%s> after <%s>", name, worksheetOrder[last]))
				}
				last = max(last, i)
			case 3:
				if parent == "sheetPr" {
					i := pos(sheetPrOrder, name)
					if i < 0 || i <= lastPr {
						bad = append(bad, "<sheetPr> child <"+name+"> out of order")
					}
					lastPr = max(lastPr, i)
				}
				if parent == "cols" && name == "col" {
					var lo, hi int
					for _, a := range t.Attr {
						switch a.Name.Local {
						case "min":
							lo, _ = strconv.Atoi(a.Value)
						case "max":
							hi, _ = strconv.Atoi(a.Value)
						}
					}
					if lo < 1 || hi < lo || lo <= lastMax {
						bad = append(bad, fmt.Sprintf(`<col min="%d" max="%d"> after max %d`, lo, hi, lastMax))
					}
					lastMax = max(lastMax, hi)
				}
			}
		case xml.EndElement:
			depth--
		}
	}
	return bad
}

// checkPackage checks every worksheet of the .xlsx at path.
func checkPackage(t *testing.T, path string) {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer z.Close()
	n := 0
	for _, f := range z.File {
		if !strings.HasPrefix(f.Name, "xl/worksheets/") || !strings.HasSuffix(f.Name, ".xml") {
			continue
		}
		n++
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range checkWorksheet(rc) {
			t.Errorf("%s %s: %s", filepath.Base(path), f.Name, b)
		}
		rc.Close()
	}
	if n == 0 {
		t.Errorf("%s: no worksheet", path)
	}
}

// TestCheckWorksheet: the checker itself sees what it is for.
func TestCheckWorksheet(t *testing.T) {
	for xmlText, want := range map[string]string{
		`<worksheet><sheetPr><pageSetUpPr/></sheetPr><cols><col min="1" max="2"/><col min="3" max="3"/></cols><sheetData/><pageMargins/><pageSetup/></worksheet>`: "",
		`<worksheet><sheetData/><cols/></worksheet>`:                                          "<cols> after <sheetData>",
		`<worksheet><cols><col min="3" max="3"/><col min="1" max="2"/></cols></worksheet>`:    `<col min="1" max="2"> after max 3`,
		`<worksheet><cols><col min="1" max="3"/><col min="3" max="4"/></cols></worksheet>`:    `<col min="3" max="4"> after max 3`,
		`<worksheet><pageSetup/><pageMargins/></worksheet>`:                                   "<pageMargins> after <pageSetup>",
		`<worksheet><sheetPr><pageSetUpPr/><tabColor/></sheetPr></worksheet>`:                 "<sheetPr> child <tabColor> out of order",
		`<worksheet><conditionalFormatting/><conditionalFormatting/><pageSetup/></worksheet>`: "",
	} {
		if got := strings.Join(checkWorksheet(strings.NewReader(xmlText)), "; "); got != want {
			t.Errorf("%s: %q, want %q", xmlText, got, want)
		}
	}
}

// writeAll writes one of each workbook gongkai writes into dir.
func writeAll(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	for _, k := range gongkai.Kinds {
		p := filepath.Join(dir, "template-"+k.Name+".xlsx")
		if err := ingest.WriteTemplateFor(k, p, "平安县财政局", 2024); err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}

	r, err := reports.ReadXLSX(filepath.Join("..", "..", "reports", "testdata", "filled_2023.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "annual-report.xlsx")
	if err := reports.SaveXLSX(p, r); err != nil {
		t.Fatal(err)
	}
	out = append(out, p)

	p = filepath.Join(dir, "ranking.xlsx")
	if err := rankingWorkbook().Save(p); err != nil {
		t.Fatal(err)
	}
	out = append(out, p)

	ctx := context.Background()
	db, err := store.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if res := ingest.LoadUnits(ctx, db, filepath.Join("..", "..", "ingest", "testdata", "units.xlsx")); res.Status != ingest.StatusLoaded {
		t.Fatalf("units: %+v", res)
	}
	in, err := ingest.New(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	res := in.File(ctx, filepath.Join("..", "..", "ingest", "testdata", "app-bad-rows.xlsx"), "app-bad-rows.xlsx", ingest.Options{AnnotateDir: dir})
	if len(res) != 1 || res[0].Annotated == "" {
		t.Fatalf("no annotated copy: %+v", res)
	}
	out = append(out, res[0].Annotated)

	docs := filepath.Join("..", "..", "reports", "testdata", "docs")
	review := reports.Review([]string{filepath.Join(docs, "word_2023.docx"), filepath.Join(docs, "cms_2023.html")}, reports.ReviewOptions{})
	p = filepath.Join(dir, "问题清单.xlsx")
	if err := reports.SaveReviewXLSX(p, review); err != nil {
		t.Fatal(err)
	}
	return append(out, p)
}

// rankingWorkbook is a ranking workbook of two groups with deductions whose
// texts run long, as real ones do.
func rankingWorkbook() *charts.Workbook {
	inds := []metrics.ItemScore{
		{ID: "1", Name: "主动公开", Level: 1, Section: "score", Tally: metrics.Tally{Max: 40, Points: 36}},
		{ID: "2", Name: "依申请公开", Level: 1, Section: "score", Tally: metrics.Tally{Max: 30, Points: 28}},
		{ID: "3", Name: "政策解读", Level: 1, Section: "score", Tally: metrics.Tally{Max: 30, Points: 25}},
	}
	w := &charts.Workbook{Year: 2024, Title: "平安县2024年度政务公开工作考核结果"}
	for i, u := range []string{"平安县城关镇人民政府", "平安县南关街道办事处", "平安县财政局", "平安县教育局"} {
		g := "乡镇（街道）"
		if i > 1 {
			g = "县直部门"
		}
		w.Results = append(w.Results, metrics.UnitScore{Year: 2024, UnitID: int64(i + 1), Unit: u, Group: g, Normalized: 89 - float64(i),
			Rank: i%2 + 1, Grade: "良好", Indicators: inds})
		for j := range 3 {
			w.Deductions = append(w.Deductions, charts.Deduction{UnitID: int64(i + 1), Group: g, Rank: i%2 + 1, Unit: u,
				ID: "4.1", Name: "4.1 工作要点印发后15个工作日内在门户网站公开，逾期或未公开的每项扣1分（最多扣5分）",
				Lost: 1, First: j == 0, File: u + "2024年政府信息主动公开台账（第四季度补报）.xlsx", Sheet: "主动公开台账",
				Row: 10 + j, Label: "关于印发《平安县2024年政务公开工作要点》的通知（平政办发〔2024〕12号），发布日期2024年4月30日"})
		}
	}
	return w
}

// TestWorkbooksSchemaOrder: every workbook's worksheets follow the schema's
// order and write their <col> ranges ascending and apart.
func TestWorkbooksSchemaOrder(t *testing.T) {
	for _, p := range writeAll(t, t.TempDir()) {
		checkPackage(t, p)
	}
}

// TestWorkbooksOpenInLibreOffice: LibreOffice opens every workbook (its
// conversion to CSV succeeds). Without soffice the test is skipped, except
// under CI=true, where it fails: .ci/run installs LibreOffice Calc.
func TestWorkbooksOpenInLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("soffice (libreoffice-calc-nogui) is missing under CI=true")
		}
		t.Skip("soffice not installed")
	}
	dir := t.TempDir()
	files := writeAll(t, dir)
	out := filepath.Join(dir, "csv")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	args := append([]string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless",
		"--convert-to", "csv", "--outdir", out}, files...)
	cmd := exec.CommandContext(ctx, soffice, args...)
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".xlsx") + ".csv"
		st, err := os.Stat(filepath.Join(out, name))
		if err != nil || st.Size() == 0 {
			t.Errorf("LibreOffice did not convert %s: %v\n%s", filepath.Base(f), err, b)
		}
	}
}

// TestRankingDeductionsPrintSize: 失分明细 prints at 9 pt or more. Fitted
// to the page width (fitToWidth=1), a sheet wider than the page prints
// scaled down: its font size times printable width over sheet width.
func TestRankingDeductionsPrintSize(t *testing.T) {
	p := filepath.Join(t.TempDir(), "ranking.xlsx")
	if err := rankingWorkbook().Save(p); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := charts.DeductionSheet
	lay, err := f.GetPageLayout(s)
	if err != nil || *lay.Size != 9 || *lay.Orientation != "landscape" || *lay.FitToWidth != 1 || *lay.FitToHeight != 0 {
		t.Fatalf("page layout %v %+v", err, lay)
	}
	m, err := f.GetPageMargins(s)
	if err != nil {
		t.Fatal(err)
	}
	// A4 landscape is 297 mm (841.9 pt) wide.
	printable := 841.9 - 72*(*m.Left+*m.Right)
	// A column of width w (characters of the default font, Calibri 11:
	// 7 px a character, 5 px of padding) is trunc(7w+5) px of 0.75 pt.
	cols, _ := f.GetCols(s)
	width := 0.0
	for i := range cols {
		name, _ := excelize.ColumnNumberToName(i + 1)
		w, err := f.GetColWidth(s, name)
		if err != nil {
			t.Fatal(err)
		}
		width += math.Trunc(7*w+5) * 0.75
	}
	scale := math.Min(1, printable/width)
	var sizes []float64
	for i := range cols {
		cell, _ := excelize.CoordinatesToCellName(i+1, 2)
		id, err := f.GetCellStyle(s, cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil || st.Font == nil {
			t.Fatalf("%s style: %v", cell, err)
		}
		sizes = append(sizes, st.Font.Size*scale)
	}
	sort.Float64s(sizes)
	if sizes[0] < 9 {
		t.Errorf("失分明细 prints at %.1f pt (sheet %.0f pt wide, page %.0f pt)", sizes[0], width, printable)
	}
	// Wrapped rows are as high as their text: the 4.1 rule's 46 characters
	// take two lines at width 30.
	if h, _ := f.GetRowHeight(s, 2); h < 2*14.5 {
		t.Errorf("row 2 is %.1f pt high", h)
	}
	if errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
}
