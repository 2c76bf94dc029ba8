package xlsxstream

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// Formulas saved without their values (as openpyxl and some exports write
// them: no <v>, or an empty one) are counted per column on both paths;
// one with a value, or an empty-string result (t="str" with an empty <v>),
// is not; excelize writes t="str" and no <v> at all.
func TestUncached(t *testing.T) {
	body := `<row r="1"><c r="A1"><f>SUM(B1:C1)</f><v>3</v></c><c r="B1"><f>C1+1</f></c><c r="C1" t="str"><f>""</f><v></v></c><c r="D1"><f t="shared" ref="D1:D2" si="0">1+1</f></c></row>` +
		`<row r="2"><c r="D2"><f si="0" t="shared"/></c></row>` +
		`<row r="3"><c r="A3" s="1"><f>A1+10</f><v>13</v></c><c r="B3"><f>C3+10</f><v></v></c><c r="E3" t="b"><f>TRUE()</f><v/></c><c r="F3" t="str"><f>C3+15</f></c><c r="G3" t="inlineStr"><f>"x"</f><is><t>x</t></is></c></row>`
	path := filepath.Join(t.TempDir(), "uncached.xlsx")
	if err := os.WriteFile(path, buildXLSX(t, sheetHead+"<sheetData>"+body+"</sheetData></worksheet>", testSST), 0o644); err != nil {
		t.Fatal(err)
	}
	want := []Uncached{{Col: 2, Count: 2, FirstRow: 1, LastRow: 3}, {Col: 4, Count: 2, FirstRow: 1, LastRow: 2}, {Col: 5, Count: 1, FirstRow: 3, LastRow: 3}, {Col: 6, Count: 1, FirstRow: 3, LastRow: 3}}
	for _, excelizeOnly := range []bool{false, true} {
		opt := testOpt
		opt.ExcelizeOnly = excelizeOnly
		w, err := openPath(context.Background(), path, opt)
		if err != nil {
			t.Fatal(err)
		}
		r, err := w.Open(w.Sheets()[0])
		if err != nil {
			t.Fatal(err)
		}
		for r.Next() {
		}
		if err := r.Err(); err != nil {
			t.Fatal(err)
		}
		if got := r.Uncached(); !slices.Equal(got, want) {
			t.Errorf("excelize only %v: %+v, want %+v", excelizeOnly, got, want)
		}
		r.Close()
		w.Close()
	}
}
