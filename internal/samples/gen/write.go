package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"gongkai/internal/samples/draw"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// file is one uploaded file: an .xlsx with one or more sheets, or a CSV
// with one sheet.
type file struct {
	path   string // relative to the output directory, with / separators
	format string // xlsx or csv
	enc    string // csv only: utf8, utf8bom, gb18030
	st     style
	sheets []*sheet
}

// fixedTime is the creation and modification time written into every
// workbook, so that regenerating gives the same bytes.
const fixedTime = "2025-01-15T09:00:00Z"

var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

func serial(t time.Time) float64 {
	return t.Sub(excelEpoch).Hours() / 24
}

func (f *file) write(outDir string) ([]byte, error) {
	var b []byte
	var err error
	r := newRand("render", f.path)
	if f.format == "xlsx" {
		b, err = f.xlsx(r)
	} else {
		b, err = f.csv(r)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.path, err)
	}
	if !embeddable(f.path) {
		return nil, fmt.Errorf("%s: go:embed refuses this file name", f.path)
	}
	p := filepath.Join(outDir, filepath.FromSlash(f.path))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return nil, err
	}
	return b, os.WriteFile(p, b, 0o644)
}

// cellText is a cell as text, for CSV and for text cells of a workbook.
func cellText(c cell, st style, r *rand.Rand) string {
	switch c.k {
	case cText:
		return c.s
	case cDate:
		return renderDate(c.t, st.dates, r)
	case cDateTime:
		return renderDateTime(c.t, st.dates, r)
	case cInt, cDec:
		s := formatNum(c.n)
		if st.fullWidth > 0 && draw.Chance(r, st.fullWidth) {
			s = fullWidthDigits(s)
		}
		return s
	case cBool:
		return renderBool(c.b, st.bools)
	case cOutcome:
		return renderOutcome(c.s, st.outcomes, r)
	}
	return ""
}

// cells lays a row out by column.
func (s *sheet) cells(rw row) []cell {
	if rw.kind != rData {
		out := make([]cell, len(s.cols))
		copy(out, rw.cells)
		return out
	}
	out := make([]cell, len(s.cols))
	for i, c := range s.cols {
		out[i] = rw.rec[c.field]
	}
	return out
}

func (f *file) csv(r *rand.Rand) ([]byte, error) {
	if len(f.sheets) != 1 {
		return nil, fmt.Errorf("a CSV holds one sheet, not %d", len(f.sheets))
	}
	s := f.sheets[0]
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	width := len(s.cols)
	pad := func(first string) []string {
		rec := make([]string, width)
		rec[0] = first
		return rec
	}
	for _, t := range s.titles {
		w.Write(pad(t))
	}
	if s.twoRow {
		upper, lower := make([]string, width), make([]string, width)
		for i, c := range s.cols {
			if c.group == "" {
				upper[i] = c.head
				continue
			}
			if i == 0 || s.cols[i-1].group != c.group {
				upper[i] = c.group
			}
			lower[i] = c.head
		}
		w.Write(upper)
		w.Write(lower)
	} else {
		heads := make([]string, width)
		for i, c := range s.cols {
			heads[i] = c.head
		}
		w.Write(heads)
	}
	for _, rw := range s.rows {
		cs := s.cells(rw)
		out := make([]string, width)
		for i, c := range cs {
			out[i] = cellText(c, f.st, r)
		}
		w.Write(out)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, err
	}
	b := buf.Bytes()
	switch f.enc {
	case "utf8bom":
		b = append([]byte{0xEF, 0xBB, 0xBF}, b...)
	case "gb18030":
		var err error
		if b, err = simplifiedchinese.GB18030.NewEncoder().Bytes(b); err != nil {
			return nil, err
		}
	}
	return b, nil
}

func colName(i int) string {
	n, _ := excelize.ColumnNumberToName(i + 1)
	return n
}

func ref(col, row int) string { return colName(col) + strconv.Itoa(row) }

func (f *file) xlsx(r *rand.Rand) ([]byte, error) {
	x := excelize.NewFile()
	defer x.Close()
	if err := x.SetDocProps(&excelize.DocProperties{
		Created: fixedTime, Modified: fixedTime, Creator: "平安县政务公开办", LastModifiedBy: "平安县政务公开办",
		Title: f.sheets[0].name,
	}); err != nil {
		return nil, err
	}
	dateFmt := draw.Pick(r, "yyyy-mm-dd", "yyyy/m/d", `yyyy"年"m"月"d"日"`)
	dateID, _ := x.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	dtFmt := "yyyy-mm-dd hh:mm"
	dtID, _ := x.NewStyle(&excelize.Style{CustomNumFmt: &dtFmt})
	titleID, _ := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14, Family: "宋体"},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	headID, _ := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Family: "宋体"}, Border: border,
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})

	for si, s := range f.sheets {
		name := s.name
		if si == 0 {
			if err := x.SetSheetName("Sheet1", name); err != nil {
				return nil, err
			}
		} else if _, err := x.NewSheet(name); err != nil {
			return nil, err
		}
		last := len(s.cols) - 1
		n := 1
		for ti, t := range s.titles {
			x.SetCellStr(name, ref(0, n), t)
			if ti == 0 && s.mergeTitle {
				x.MergeCell(name, ref(0, n), ref(last, n))
				x.SetCellStyle(name, ref(0, n), ref(0, n), titleID)
				x.SetRowHeight(name, n, 28)
			}
			n++
		}
		if s.twoRow {
			for i := 0; i < len(s.cols); i++ {
				c := s.cols[i]
				if c.group == "" {
					x.SetCellStr(name, ref(i, n), c.head)
					x.MergeCell(name, ref(i, n), ref(i, n+1))
					continue
				}
				j := i
				for j+1 < len(s.cols) && s.cols[j+1].group == c.group {
					j++
				}
				x.SetCellStr(name, ref(i, n), c.group)
				if j > i {
					x.MergeCell(name, ref(i, n), ref(j, n))
				}
				for k := i; k <= j; k++ {
					x.SetCellStr(name, ref(k, n+1), s.cols[k].head)
				}
				i = j
			}
			x.SetCellStyle(name, ref(0, n), ref(last, n+1), headID)
			n += 2
		} else {
			for i, c := range s.cols {
				x.SetCellStr(name, ref(i, n), c.head)
			}
			x.SetCellStyle(name, ref(0, n), ref(last, n), headID)
			n++
		}
		for i, c := range s.cols {
			w := 12.0
			switch c.field {
			case "content", "title", "doc_name", "task", "subject", "name":
				w = 36
			case "outcome", "url", "index_no", "evidence":
				w = 24
			}
			x.SetColWidth(name, colName(i), colName(i), w)
		}
		for _, rw := range s.rows {
			for i, c := range s.cells(rw) {
				if err := f.setCell(x, name, ref(i, n), c, r, dateID, dtID); err != nil {
					return nil, err
				}
			}
			if (rw.kind == rFooter || rw.kind == rNote) && last > 0 {
				x.MergeCell(name, ref(0, n), ref(last, n))
			}
			n++
		}
	}
	buf, err := x.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (f *file) setCell(x *excelize.File, sheet, at string, c cell, r *rand.Rand, dateID, dtID int) error {
	switch c.k {
	case cEmpty:
		return nil
	case cDate, cDateTime:
		// An Excel date cell, except the odd one typed as text.
		if f.st.dates == dsExcel && !draw.Chance(r, 0.04) {
			id := dateID
			if c.k == cDateTime {
				id = dtID
			}
			if err := x.SetCellFloat(sheet, at, serial(c.t), -1, 64); err != nil {
				return err
			}
			return x.SetCellStyle(sheet, at, at, id)
		}
	case cInt, cDec:
		switch {
		case f.st.fullWidth > 0 && draw.Chance(r, f.st.fullWidth):
			return x.SetCellStr(sheet, at, fullWidthDigits(formatNum(c.n)))
		case f.st.numText:
			return x.SetCellStr(sheet, at, formatNum(c.n))
		}
		return x.SetCellFloat(sheet, at, c.n, -1, 64)
	}
	return x.SetCellStr(sheet, at, cellText(c, f.st, r))
}
