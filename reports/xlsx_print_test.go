package reports

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestAnnualReportPrintTitles: table 三 starts a page and its three header
// rows print again on every page it runs over to. LibreOffice prints the
// workbook as written and, to make table 三 run over, with its rows made
// tall; every page holding a row of table 三 holds its header, and the
// first page (the title and table 二) does not.
func TestAnnualReportPrintTitles(t *testing.T) {
	dir := t.TempDir()
	r, err := ReadXLSX("testdata/filled_2023.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "plain.xlsx")
	if err := SaveXLSX(plain, r); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(plain)
	if err != nil {
		t.Fatal(err)
	}
	header := 0
	for row := 1; row < 60 && header == 0; row++ {
		if v, _ := f.GetCellValue(sheetTables, cellName(row, 9)); v == "申请人情况" {
			header = row
		}
	}
	titles := ""
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" && dn.Scope == sheetTables {
			titles = dn.RefersTo
		}
	}
	if header == 0 || titles != "'年度报告表格'!$"+itoa(header)+":$"+itoa(header+2) {
		t.Fatalf("print titles %q, table 三's header at row %d", titles, header)
	}
	lay, err := f.GetPageLayout(sheetTables)
	if err != nil || *lay.Size != 9 || *lay.FitToWidth != 1 || *lay.FitToHeight != 0 {
		t.Fatalf("page layout %v %+v", err, lay)
	}
	for row := header + 3; row < header+3+len(Table3Rows); row++ {
		f.SetRowHeight(sheetTables, row, 60)
	}
	tall := filepath.Join(dir, "tall.xlsx")
	if err := f.SaveAs(tall); err != nil {
		t.Fatal(err)
	}
	f.Close()

	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("soffice (libreoffice-calc-nogui) is missing under CI=true")
		}
		t.Skip("soffice not installed")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless",
		"--convert-to", "pdf", "--outdir", dir, plain, tall).CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pages := func(name string) []string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		ps, err := pdfExtract(b)
		if err != nil {
			t.Fatal(err)
		}
		var texts []string
		for _, p := range ps {
			var sb strings.Builder
			for _, c := range p.chars {
				if c.r > ' ' {
					sb.WriteRune(c.r)
				}
			}
			texts = append(texts, sb.String())
		}
		return texts
	}
	for _, name := range []string{"plain.pdf", "tall.pdf"} {
		withRows := 0
		for i, text := range pages(name) {
			has := false
			for _, row := range Table3Rows {
				has = has || strings.Contains(text, strings.Join(strings.Fields(row.Label), ""))
			}
			switch {
			case i == 0 && (has || strings.Contains(text, "申请人情况")):
				t.Errorf("%s: page 1 holds table 三", name)
			case has && !strings.Contains(text, "申请人情况"):
				t.Errorf("%s: page %d holds rows of table 三 without its header", name, i+1)
			}
			if has {
				withRows++
			}
		}
		if want := map[string]int{"plain.pdf": 1, "tall.pdf": 2}[name]; withRows < want {
			t.Errorf("%s: table 三 on %d pages, want at least %d", name, withRows, want)
		}
	}
}
