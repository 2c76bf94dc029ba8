package reports

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"
)

// The review workbook: 问题清单 (one row per finding, filterable, the header
// frozen and printed on every page), 汇总 (the reports ranked by errors, then
// warnings), then each readable report's tables and text in the official
// layout of WriteXLSX, so the reviewer sees what was read.

const (
	sheetFindings = "问题清单"
	sheetSummary  = "汇总"
)

// RuleTitles names the rules in the reviewer's words.
var RuleTitles = map[string]string{
	"READ":   "无法读取",
	"UNIT":   "单位名称",
	"LABEL":  "行标签与标准格式不符",
	"LAYOUT": "表格版式",
	"NUMBER": "数字写法",
	"NEG":    "负数",
	"INT":    "件数非整数",
	"M1":     "表三收支平衡",
	"D1":     "表三行合计",
	"D2":     "表三列合计",
	"D3":     "表四合计",
	"YEAR":   "上年报告年度",
	"X1":     "跨年度结转衔接",
	"X2":     "现行有效件数衔接",
	"SECT":   "缺少部分",
	"LEN":    "篇幅超限",
	"CELL":   "应填数字处空白或“/”",
	"FEE":    "信息处理费",
	"NARR":   "正文与表格数字不一致",
	"COPY":   "与上年报告雷同",
	"SAME":   "与其他单位报告雷同",
	"CMP":    "与台账推算不一致",
}

var severityTitles = map[string]string{SeverityError: "错误", SeverityWarning: "警告"}

// SeverityTitle is a severity in the reviewer's words (错误, 警告).
func SeverityTitle(sev string) string { return severityTitles[sev] }

// SaveReviewXLSX writes the review workbook to path.
func SaveReviewXLSX(path string, res ReviewResult) error {
	out, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("创建文件%s失败: %w", path, err)
	}
	if err := WriteReviewXLSX(out, res); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return fmt.Errorf("写入文件%s失败: %w", path, err)
	}
	return nil
}

// WriteReviewXLSX writes the review workbook.
func WriteReviewXLSX(w io.Writer, res ReviewResult) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", sheetFindings); err != nil {
		return fmt.Errorf("设置工作表名失败: %w", err)
	}
	if err := writeFindingsSheet(f, st, res); err != nil {
		return err
	}
	if _, err := f.NewSheet(sheetSummary); err != nil {
		return fmt.Errorf("新建工作表失败: %w", err)
	}
	if err := writeSummarySheet(f, st, res); err != nil {
		return err
	}
	n := 0
	for _, it := range res.Items {
		if it.Report == nil || it.Report.FormatName() != Format2021 {
			continue
		}
		tn, sn := multiSheetNames(n, it.Unit)
		n++
		for _, s := range []string{tn, sn} {
			if _, err := f.NewSheet(s); err != nil {
				return fmt.Errorf("新建工作表失败: %w", err)
			}
		}
		if err := writeTablesSheet(f, tn, st, it.Report); err != nil {
			return err
		}
		if err := writeSectionsSheet(f, sn, st, it.Report); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	if err := f.Write(w); err != nil {
		return fmt.Errorf("写出问题清单失败: %w", err)
	}
	return nil
}

// listSheet writes a header row and data rows as a filterable list: the
// header frozen, an autofilter over it, landscape A4 fitted to the page
// width with the header repeated on every printed page.
func listSheet(f *excelize.File, st styles, sheet string, widths []float64, center []bool, header []string, rows [][]any) error {
	w := newSheetWriter(f, sheet, widths)
	for c, h := range header {
		w.put(1, c+1, 1, c+1, h, st.textHead, 12)
	}
	for r, row := range rows {
		for c, v := range row {
			style := st.left
			if center[c] {
				style = st.center
			}
			w.put(r+2, c+1, r+2, c+1, v, style, bodyFontSize)
		}
	}
	last := cellName(len(rows)+1, len(header))
	w.check(f.AutoFilter(sheet, "A1:"+last, nil))
	w.check(f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}))
	// After the filter, which rewrites the sheet's properties and with them
	// the fit-to-width flag.
	w.pageSetup(1, 1)
	land := "landscape"
	w.check(f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &land}))
	return w.finish(len(rows) + 1)
}

func writeFindingsSheet(f *excelize.File, st styles, res ReviewResult) error {
	header := []string{"序号", "单位", "文件", "规则", "严重程度", "位置", "发现", "应为", "说明"}
	var rows [][]any
	for _, it := range res.Items {
		for _, fd := range it.Findings {
			var found, expected any = "", ""
			if fd.Found != 0 || fd.Expected != 0 {
				found, expected = fd.Found, fd.Expected
			}
			rule := fd.Rule
			if t := RuleTitles[fd.Rule]; t != "" {
				rule += " " + t
			}
			rows = append(rows, []any{len(rows) + 1, it.Unit, filepath.Base(it.File), rule, severityTitles[fd.Severity],
				strings.Join(fd.Cells, "\n"), found, expected, fd.Message})
		}
	}
	return listSheet(f, st, sheetFindings, []float64{6, 18, 18, 14, 8, 40, 8, 8, 50},
		[]bool{true, false, false, false, true, false, true, true, false}, header, rows)
}

func writeSummarySheet(f *excelize.File, st styles, res ReviewResult) error {
	header := []string{"名次", "单位", "文件", "年度", "错误", "警告", "上年报告", "说明"}
	var rows [][]any
	for i, it := range res.Ranked() {
		year, note := any(""), ""
		if it.Year != 0 {
			year = it.Year
		}
		if it.Report == nil {
			note = "未能读取：" + it.Findings[0].Message
		} else if it.Report.FormatName() != Format2021 {
			note = "2019年试行格式，未按2021年格式导出表格"
		}
		prev := ""
		if it.PrevFile != "" {
			prev = filepath.Base(it.PrevFile)
		}
		rows = append(rows, []any{i + 1, it.Unit, filepath.Base(it.File), year, it.Errors(), it.Warnings(), prev, note})
	}
	for _, p := range res.PreviousUnread {
		rows = append(rows, []any{"", "", "", "", "", "", "", "上年报告未能读取：" + p})
	}
	return listSheet(f, st, sheetSummary, []float64{6, 24, 24, 8, 8, 8, 24, 50},
		[]bool{true, false, false, true, true, true, false, false}, header, rows)
}
