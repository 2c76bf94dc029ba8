package xlsxstream

import (
	"context"
	"path/filepath"
	"testing"
)

// TestCellTypesAndFormats: each cell of testdata/raw/types.xlsx (gen_raw.py,
// hand-written as Excel writes its cells) has the type its t= says and the
// format its s= names in styles.xml: a custom numFmt, a built-in id, none.
// The excelize path does not know them: CellUnknown, "".
func TestCellTypesAndFormats(t *testing.T) {
	type cell struct {
		val string
		typ CellType
		fmt string
	}
	want := []cell{
		{"123", CellNumber, "000000"},
		{"7", CellNumber, `"SQ2024-"000`},
		{"45292", CellNumber, "yyyy/m/d"},
		{"45356", CellNumber, "yyyy/m/d"}, // built-in 14 as zh-CN shows it
		{"2024E001", CellText, "@"},
		{"1", CellBool, ""},
		{"#N/A", CellError, ""},
		{"2024-03-05T00:00:00", CellDate, ""},
		{"2024001", CellNumber, ""},
		{"ab", CellText, ""},
		{"5", CellNumber, UnknownFormat}, // s=9 beyond cellXfs
	}
	for _, excelizeOnly := range []bool{false, true} {
		w, err := openPath(context.Background(), filepath.Join("testdata", "raw", "types.xlsx"), Options{MaxUnzipBytes: DefaultMaxUnzipBytes, ExcelizeOnly: excelizeOnly, FillMerges: true})
		if err != nil {
			t.Fatal(err)
		}
		r, err := w.Open("台账")
		if err != nil || !r.Next() {
			t.Fatal(err)
		}
		row := r.Row()
		for i, c := range want {
			got := cell{"", r.Type(i), r.NumFmt(i)}
			if i < len(row) {
				got.val = row[i]
			}
			if excelizeOnly {
				c.typ, c.fmt = CellUnknown, ""
			}
			if got != c {
				t.Errorf("excelize only %v: cell %d = %+v, want %+v", excelizeOnly, i, got, c)
			}
		}
		if r.Type(len(want)) != CellUnknown || r.NumFmt(-1) != "" || r.FilledAcross(0) || r.AnyFilledAcross() {
			t.Errorf("excelize only %v: beyond the row", excelizeOnly)
		}
		r.Close()
		w.Close()
	}
}

// TestFilledAcross: testdata/raw/merges.xlsx has A2:C2 (a number styled
// 000000) merged across, D2:D3 down, E2:F3 both ways. Filled cells carry
// the top-left cell's type and format; those right of a range's first
// column are FilledAcross, on both paths.
func TestFilledAcross(t *testing.T) {
	for _, excelizeOnly := range []bool{false, true} {
		w, err := openPath(context.Background(), filepath.Join("testdata", "raw", "merges.xlsx"), Options{MaxUnzipBytes: DefaultMaxUnzipBytes, ExcelizeOnly: excelizeOnly, FillMerges: true})
		if err != nil {
			t.Fatal(err)
		}
		r, err := w.Open("台账")
		if err != nil {
			t.Fatal(err)
		}
		var rows [][]string
		var across []string
		for r.Next() {
			rows = append(rows, r.Row())
			s := ""
			for i := range 7 {
				s += map[bool]string{true: "x", false: "."}[r.FilledAcross(i)]
			}
			if r.AnyFilledAcross() != (s != ".......") {
				t.Errorf("excelize only %v: row %d: AnyFilledAcross %v, cells %s", excelizeOnly, r.RowNum(), r.AnyFilledAcross(), s)
			}
			across = append(across, s)
			if r.RowNum() == 2 && !excelizeOnly {
				for i := range 3 {
					if r.Type(i) != CellNumber || r.NumFmt(i) != "000000" {
						t.Errorf("row 2 cell %d: %v %q", i, r.Type(i), r.NumFmt(i))
					}
				}
				if r.Type(3) != CellText || r.Type(5) != CellText {
					t.Errorf("row 2: D %v, F %v", r.Type(3), r.Type(5))
				}
			}
		}
		r.Close()
		w.Close()
		wantRows := [][]string{{"标题", "索引号", "文号", "类别", "甲", "乙"}, {"12", "12", "12", "类", "块", "块"}, {"下一行", "", "", "类", "块", "块"}}
		wantAcross := []string{".......", ".xx..x.", ".....x."}
		if len(rows) != 3 || len(across) != 3 {
			t.Fatalf("excelize only %v: %q", excelizeOnly, rows)
		}
		for i := range rows {
			if len(rows[i]) != len(wantRows[i]) || across[i] != wantAcross[i] {
				t.Errorf("excelize only %v: row %d %q %s, want %q %s", excelizeOnly, i+1, rows[i], across[i], wantRows[i], wantAcross[i])
				continue
			}
			for j := range rows[i] {
				if rows[i][j] != wantRows[i][j] {
					t.Errorf("excelize only %v: row %d %q, want %q", excelizeOnly, i+1, rows[i], wantRows[i])
					break
				}
			}
		}
	}
}
