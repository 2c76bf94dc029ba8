package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"
)

// annotateMaxBytes: above this the annotated copy is not written; a file
// that large is not fixed by hand in Excel anyway, and the error list says all.
const annotateMaxBytes = 32 << 20

// annotate writes a copy of a refused workbook with every bad cell filled
// red and commented with its reason, plus a sheet listing all errors — what
// clerks know from provincial 填报 systems. It returns the copy's path.
func annotate(path, name, dir string, errs []RowError) (string, error) {
	if st, err := os.Stat(path); err != nil || st.Size() > annotateMaxBytes {
		return "", fmt.Errorf("文件过大，未生成标注副本")
	}
	if dir == "" {
		dir = filepath.Dir(path)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	base := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	out := filepath.Join(dir, base+"-错误标注.xlsx")

	f, err := excelize.OpenFile(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	style, err := f.NewStyle(&excelize.Style{
		Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}},
		Font:   &excelize.Font{Color: "9C0006"},
		Border: []excelize.Border{{Type: "left", Color: "C00000", Style: 2}, {Type: "right", Color: "C00000", Style: 2}, {Type: "top", Color: "C00000", Style: 2}, {Type: "bottom", Color: "C00000", Style: 2}},
	})
	if err != nil {
		return "", err
	}
	// One comment per cell: several problems in a cell are joined.
	type key struct {
		sheet string
		cell  string
	}
	notes := map[key][]string{}
	var order []key
	for _, e := range errs {
		col := e.col
		if col < 0 {
			col = 0
		}
		k := key{e.Sheet, colLetters(col) + fmt.Sprint(e.Row)}
		if notes[k] == nil {
			order = append(order, k)
		}
		notes[k] = append(notes[k], e.Reason)
	}
	for _, k := range order {
		if err := f.SetCellStyle(k.sheet, k.cell, k.cell, style); err != nil {
			return "", err
		}
		text := strings.Join(notes[k], "\n")
		if err := f.AddComment(k.sheet, excelize.Comment{Cell: k.cell, Author: "gongkai", Paragraph: []excelize.RichTextRun{{Text: text}}, Width: 240, Height: 80}); err != nil {
			return "", err
		}
	}
	const list = "错误说明"
	if idx, _ := f.GetSheetIndex(list); idx >= 0 {
		f.DeleteSheet(list)
	}
	if _, err := f.NewSheet(list); err != nil {
		return "", err
	}
	f.SetSheetRow(list, "A1", &[]any{"工作表", "行", "列", "单元格", "填写的值", "错误原因"})
	for i, e := range errs {
		f.SetSheetRow(list, fmt.Sprintf("A%d", i+2), &[]any{e.Sheet, e.Row, e.Column, e.Cell, e.Value, e.Reason})
	}
	f.SetColWidth(list, "F", "F", 60)
	f.SetColWidth(list, "E", "E", 24)
	if err := f.SaveAs(out); err != nil {
		return "", err
	}
	return out, nil
}
