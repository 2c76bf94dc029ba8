// Package xlsxtemplate writes the blank workbook a department downloads
// for a ledger kind: a title row, the kind's headers, dropdowns, formats
// and date checks over the rows below, and a sheet of filling
// instructions. It reads the kind's declaration (gongkai.Kind); what only
// ingest knows — the title it reads back, the outcome labels — is given.
package xlsxtemplate

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"gongkai"
	"gongkai/internal/xlsxprint"
)

// rows is how many rows carry dropdowns and formats in a template.
const rows = 2000

// help is the name of the instructions sheet, which the outcome dropdown
// reads its list from.
const help = "填写说明"

// Write writes the template of kind k to path, title in its first row:
// the canonical headers (required ones marked *), dropdowns for
// enumerations and yes/no, date-formatted date columns, and the
// instructions. outcomes are the labels a gongkai.TOutcome column offers
// (annual-report table 三's), listed on the instructions sheet when k has
// such a column: 21 labels exceed the 255 characters of an inline list.
// The ledger sheet prints on A4 landscape, one page wide, its title and
// header rows on every page.
func Write(path string, k *gongkai.Kind, title string, outcomes []string) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := k.Title
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	cols := k.Columns
	listed := false
	for _, c := range cols {
		listed = listed || c.Type == gongkai.TOutcome
	}
	if !listed {
		outcomes = nil
	}
	last := colName(len(cols) - 1)
	titleStyle, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16, Family: "宋体"}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	headStyle, _ := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Family: "宋体"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Border:    thinBorder(),
	})
	ymd := "yyyy-mm-dd"
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14, CustomNumFmt: &ymd})
	textStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": keeps codes and numbers as typed

	f.MergeCell(sheet, "A1", last+"1")
	f.SetCellValue(sheet, "A1", title)
	f.SetCellStyle(sheet, "A1", "A1", titleStyle)
	f.SetRowHeight(sheet, 1, 30)
	for i, c := range cols {
		cell := colName(i) + "2"
		name := c.Name
		if c.Required {
			name = "*" + name
		}
		f.SetCellValue(sheet, cell, name)
		f.SetCellStyle(sheet, cell, cell, headStyle)
		width := 14.0
		switch c.Type {
		case gongkai.TText:
			width = 24
		case gongkai.TOutcome:
			width = 30
		}
		col := colName(i)
		f.SetColWidth(sheet, col, col, width)
		rng := fmt.Sprintf("%s3:%s%d", col, col, rows+2)
		switch c.Type {
		case gongkai.TDate, gongkai.TDeadline, gongkai.TDateTime:
			if c.Type == gongkai.TDate {
				f.SetCellStyle(sheet, col+"3", fmt.Sprintf("%s%d", col, rows+2), dateStyle)
			}
		case gongkai.TText:
			f.SetCellStyle(sheet, col+"3", fmt.Sprintf("%s%d", col, rows+2), textStyle)
		}
		var list []string
		switch c.Type {
		case gongkai.TEnum, gongkai.TMultiEnum:
			list = c.Enum
		case gongkai.TBool:
			list = []string{"是", "否"}
		}
		if len(list) > 0 && c.Type != gongkai.TMultiEnum {
			dv := excelize.NewDataValidation(true)
			dv.Sqref = rng
			if err := dv.SetDropList(list); err != nil {
				return fmt.Errorf("template %s: %w", c.Name, err)
			}
			dv.SetError(excelize.DataValidationErrorStyleStop, "输入有误", "请从下拉列表中选择")
			f.AddDataValidation(sheet, dv)
		}
		if c.Type == gongkai.TOutcome {
			dv := excelize.NewDataValidation(true)
			dv.Sqref = rng
			dv.SetSqrefDropList(fmt.Sprintf("'%s'!$B$%d:$B$%d", help, 3, 2+len(outcomes)))
			dv.SetError(excelize.DataValidationErrorStyleWarning, "办理结果", "请选择年度报告表三中的一种情形")
			f.AddDataValidation(sheet, dv)
		}
		if c.Type == gongkai.TDate {
			dv := excelize.NewDataValidation(true)
			dv.Sqref = rng
			dv.SetRange("2000-01-01", "2100-12-31", excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween)
			dv.SetError(excelize.DataValidationErrorStyleStop, "日期有误", "请填写日期，如 2024-03-05")
			f.AddDataValidation(sheet, dv)
		}
	}
	f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"})
	if err := xlsxprint.Setup(f, sheet, xlsxprint.Page{Landscape: true, TitleFirst: 1, TitleLast: 2, Footer: "&C第 &P 页，共 &N 页"}); err != nil {
		return fmt.Errorf("template: %w", err)
	}

	// Instructions, and the list the outcome dropdown reads.
	f.NewSheet(help)
	f.SetCellValue(help, "A1", fmt.Sprintf("%s填写说明：带 * 的列为必填；日期可写 2024-03-05、2024/3/5 或 2024年3月5日；是/否列填“是”或“否”；合计行、空行不计入。", k.Title))
	first := 3 // the first row of the columns' descriptions
	if len(outcomes) > 0 {
		f.SetCellValue(help, "A2", "办理结果可选值（年度报告表三）：")
		for i, o := range outcomes {
			f.SetCellValue(help, fmt.Sprintf("B%d", i+3), o)
		}
		f.SetColWidth(help, "B", "B", 80)
		first += len(outcomes)
	}
	for i, c := range cols {
		desc := c.Name
		if len(c.Synonyms) > 0 {
			desc += "（也可写作：" + strings.Join(c.Synonyms, "、") + "）"
		}
		if len(c.Enum) > 0 {
			desc += "；可选：" + strings.Join(c.Enum, "、")
		}
		f.SetCellValue(help, fmt.Sprintf("A%d", first+i), desc)
	}
	f.SetColWidth(help, "A", "A", 90)
	if err := xlsxprint.Setup(f, help, xlsxprint.Page{}); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	f.SetActiveSheet(0)
	if err := f.SaveAs(path); err != nil {
		return fmt.Errorf("write template: %w", err)
	}
	return nil
}

// colName is the letters of the 0-based column i.
func colName(i int) string {
	s, _ := excelize.ColumnNumberToName(i + 1)
	return s
}

func thinBorder() []excelize.Border {
	return []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1}, {Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
}
