package ingest

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"gongkai"
	"gongkai/internal/xlsxprint"
)

// templateRows is how many rows carry dropdowns and formats in a template.
const templateRows = 2000

// WriteTemplate writes the blank workbook a department downloads for a
// ledger kind: a title row to fill in, the canonical headers (required ones
// marked *), dropdowns for enumerations and yes/no, date-formatted date
// columns, and a sheet of filling instructions. The ledger sheet prints on
// A4 landscape, one page wide, its title and header rows on every page.
func WriteTemplate(k *gongkai.Kind, path string) error {
	return WriteTemplateFor(k, path, "", 0)
}

// WriteTemplateFor is WriteTemplate with the title filled in for a unit
// and a year (a clerk's download): "平安县财政局2024年依申请公开台账"
// rather than "XX单位20XX年…", which the ingester then reads back as the
// unit and year. An empty unit or a year 0 keeps its placeholder.
func WriteTemplateFor(k *gongkai.Kind, path, unit string, year int) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := k.Title
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	cols := k.Columns
	last := colLetters(len(cols) - 1)
	titleStyle, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16, Family: "宋体"}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	headStyle, _ := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Family: "宋体"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Border:    thinBorder(),
	})
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14, CustomNumFmt: strPtr("yyyy-mm-dd")})
	textStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": keeps codes and numbers as typed

	f.MergeCell(sheet, "A1", last+"1")
	f.SetCellValue(sheet, "A1", templateTitle(k, unit, year))
	f.SetCellStyle(sheet, "A1", "A1", titleStyle)
	f.SetRowHeight(sheet, 1, 30)
	for i, c := range cols {
		cell := colLetters(i) + "2"
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
		col := colLetters(i)
		f.SetColWidth(sheet, col, col, width)
		rng := fmt.Sprintf("%s3:%s%d", col, col, templateRows+2)
		switch c.Type {
		case gongkai.TDate, gongkai.TDeadline, gongkai.TDateTime:
			if c.Type == gongkai.TDate {
				f.SetCellStyle(sheet, col+"3", fmt.Sprintf("%s%d", col, templateRows+2), dateStyle)
			}
		case gongkai.TText:
			f.SetCellStyle(sheet, col+"3", fmt.Sprintf("%s%d", col, templateRows+2), textStyle)
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
			// 21 labels exceed the 255-character inline list limit: point at the list sheet.
			dv := excelize.NewDataValidation(true)
			dv.Sqref = rng
			dv.SetSqrefDropList(fmt.Sprintf("'填写说明'!$B$%d:$B$%d", 3, 2+len(Outcomes)))
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
	const help = "填写说明"
	f.NewSheet(help)
	f.SetCellValue(help, "A1", fmt.Sprintf("%s填写说明：带 * 的列为必填；日期可写 2024-03-05、2024/3/5 或 2024年3月5日；是/否列填“是”或“否”；合计行、空行不计入。", k.Title))
	if k.Name == "applications" {
		f.SetCellValue(help, "A2", "办理结果可选值（年度报告表三）：")
		for i, o := range Outcomes {
			label := o.Label
			if o.Code != "1" && o.Code != "2" {
				label = o.Group + "/" + o.Label
			}
			f.SetCellValue(help, fmt.Sprintf("B%d", i+3), label)
		}
		f.SetColWidth(help, "B", "B", 80)
	}
	for i, c := range cols {
		row := 3 + len(Outcomes) + i
		if k.Name != "applications" {
			row = 3 + i
		}
		desc := c.Name
		if len(c.Synonyms) > 0 {
			desc += "（也可写作：" + strings.Join(c.Synonyms, "、") + "）"
		}
		if len(c.Enum) > 0 {
			desc += "；可选：" + strings.Join(c.Enum, "、")
		}
		f.SetCellValue(help, fmt.Sprintf("A%d", row), desc)
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

// templateTitle is the title row: unit and year, or their placeholders.
func templateTitle(k *gongkai.Kind, unit string, year int) string {
	if unit == "" {
		unit = "XX单位"
	}
	y := "20XX"
	if year > 0 {
		y = strconv.Itoa(year)
	}
	return unit + y + "年" + k.Title
}

func thinBorder() []excelize.Border {
	return []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1}, {Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
}

func strPtr(s string) *string { return &s }
