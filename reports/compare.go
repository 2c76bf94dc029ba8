package reports

import (
	"bytes"
	"encoding/json"
)

// CellDiff is one cell in which a filed report differs from the report
// derived from the ledgers.
type CellDiff struct {
	// Cell is the reference as in Finding.Cells ("表三/…/自然人"), with the
	// spreadsheet address in （） when the filed report was read from xlsx.
	Cell    string
	Filed   Cell
	Derived Cell
}

// MarshalJSON writes {"cell": …, "filed": …, "derived": …} with the cells in
// the report JSON convention: a number, null for blank, "/" for not
// applicable.
func (d CellDiff) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"cell":`)
	writeString(&b, d.Cell)
	b.WriteString(`,"filed":`)
	writeCell(&b, d.Filed)
	b.WriteString(`,"derived":`)
	writeCell(&b, d.Derived)
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads the form MarshalJSON writes.
func (d *CellDiff) UnmarshalJSON(data []byte) error {
	var raw struct {
		Cell    string          `json:"cell"`
		Filed   json.RawMessage `json:"filed"`
		Derived json.RawMessage `json:"derived"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	f, err := decodeCell(raw.Filed)
	if err != nil {
		return err
	}
	g, err := decodeCell(raw.Derived)
	if err != nil {
		return err
	}
	*d = CellDiff{Cell: raw.Cell, Filed: f, Derived: g}
	return nil
}

// Compare lists, in official order (table 二, 三 row by row, 四), every cell
// whose value differs between a filed report and the derived one, totals
// included. Values are compared as Check does arithmetic: a blank or "/"
// cell counts as 0, so an office leaving zeros blank is not a difference.
// Table 二 of a 2019 trial-format report has different columns and is not
// compared (ComparableTable2 says so).
func Compare(filed, derived *Report) []CellDiff {
	var out []CellDiff
	diff := func(human string, f, d Cell) {
		if differ(f.Value(), d.Value()) {
			out = append(out, CellDiff{Cell: filed.ref(human), Filed: f, Derived: d})
		}
	}
	if ComparableTable2(filed, derived) {
		for i := range Table2Items {
			diff(Ref2(i), filed.Table2.Cells[i], derived.Table2.Cells[i])
		}
	}
	for i := range Table3Rows {
		for c := range Table3Cols {
			diff(Ref3(i, c), filed.Table3.Cells[i][c], derived.Table3.Cells[i][c])
		}
	}
	for b := range Table4Blocks {
		for c := range Table4Cols {
			diff(Ref4(b, c), filed.Table4.Cells[b][c], derived.Table4.Cells[b][c])
		}
	}
	return out
}

// ComparableTable2 reports whether table 二 of the two reports has the same
// columns (both in the 2021 format).
func ComparableTable2(a, b *Report) bool {
	return a.FormatName() == Format2021 && b.FormatName() == Format2021
}
