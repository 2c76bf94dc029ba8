package reports

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/xlsxprint"
)

// Workbook layout.
//
// County offices fill or check the numbers in Excel and then paste the three
// tables into the Word report, one after the other, under their headings.
// So all three tables go on ONE sheet ("年度报告表格"), in official order, each
// under its heading, and one rectangular selection per table pastes cleanly.
// The text sections (一、五、六) go on a second sheet ("文字部分"), one row per
// paragraph, because Excel cells are a poor place for long prose and nobody
// pastes them as a table.
//
// The three tables need 4, 10 and 15 columns. Instead of letting the widest
// table dictate uneven widths to the others, the sheet uses a grid of 15
// equal columns (A–O) and merges cells:
//
//	table 2: 信息内容 A–F, value columns G–I, J–L, M–O (single value G–O)
//	table 3: level-1 label column A, level-2 B–C, level-3 D–H, numbers I–O
//	table 4: one column per number, A–O
//
// 15 × width 6.5 ≈ 20 cm: printed on A4 portrait, fit to one page wide, that
// is a ~90% scale, and pasted into a portrait Word page it keeps the shape of
// the official tables.
const (
	sheetTables   = "年度报告表格"
	sheetSections = "文字部分"
	gridCols      = 15
	gridColWidth  = 6.5
	bodyFontSize  = 10.0
	minRowHeight  = 20.0
)

// WriteXLSX writes the reports in the official layout. With one report the
// sheets are "年度报告表格" and "文字部分"; with several, each report gets its
// own pair of sheets named after its position and unit. Only 2021-format
// reports can be written: the 2019 trial table 2 has no place in the layout.
func WriteXLSX(w io.Writer, reports ...*Report) error {
	f, err := buildWorkbook(reports)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Write(w); err != nil {
		return fmt.Errorf("写出年度报告Excel失败: %w", err)
	}
	return nil
}

// SaveXLSX writes the reports to path (see WriteXLSX).
func SaveXLSX(path string, reports ...*Report) error {
	out, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("创建文件%s失败: %w", path, err)
	}
	if err := WriteXLSX(out, reports...); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return fmt.Errorf("写入文件%s失败: %w", path, err)
	}
	return nil
}

func buildWorkbook(reports []*Report) (*excelize.File, error) {
	if len(reports) == 0 {
		return nil, errors.New("没有要导出的年度报告")
	}
	f := excelize.NewFile()
	st, err := newStyles(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	for i, r := range reports {
		if r == nil {
			f.Close()
			return nil, fmt.Errorf("第%d份年度报告为空", i+1)
		}
		if r.FormatName() != Format2021 {
			f.Close()
			return nil, fmt.Errorf("第%d份年度报告为%s年试行格式，只能按2021年格式导出", i+1, r.FormatName())
		}
		tn, sn := sheetTables, sheetSections
		if len(reports) > 1 {
			tn, sn = multiSheetNames(i, r.Unit)
		}
		if i == 0 {
			if err := f.SetSheetName("Sheet1", tn); err != nil {
				f.Close()
				return nil, fmt.Errorf("设置工作表名失败: %w", err)
			}
		} else if _, err := f.NewSheet(tn); err != nil {
			f.Close()
			return nil, fmt.Errorf("新建工作表失败: %w", err)
		}
		if _, err := f.NewSheet(sn); err != nil {
			f.Close()
			return nil, fmt.Errorf("新建工作表失败: %w", err)
		}
		if err := writeTablesSheet(f, tn, st, r); err != nil {
			f.Close()
			return nil, err
		}
		if err := writeSectionsSheet(f, sn, st, r); err != nil {
			f.Close()
			return nil, err
		}
	}
	f.SetActiveSheet(0)
	return f, nil
}

func multiSheetNames(i int, unit string) (string, string) {
	clean := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\'`, r) {
			return -1
		}
		return r
	}, unit)
	if utf8.RuneCountInString(clean) > 20 {
		clean = string([]rune(clean)[:20])
	}
	prefix := fmt.Sprintf("%d.%s", i+1, clean)
	return prefix + "表格", prefix + "文字"
}

// Title is the report title as printed above the tables, e.g.
// "某县人民政府办公室2023年政府信息公开工作年度报告".
func Title(r *Report) string {
	return fmt.Sprintf("%s%d年政府信息公开工作年度报告", r.Unit, r.Year)
}

type styles struct {
	title, heading, center, left, textHead, text int
}

func newStyles(f *excelize.File) (styles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1},
		{Type: "right", Color: "000000", Style: 1},
		{Type: "bottom", Color: "000000", Style: 1},
	}
	defs := []*excelize.Style{
		{Font: &excelize.Font{Family: "宋体", Size: 16, Bold: true},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}},
		{Font: &excelize.Font{Family: "黑体", Size: 12},
			Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}},
		{Border: border, Font: &excelize.Font{Family: "宋体", Size: bodyFontSize},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}},
		{Border: border, Font: &excelize.Font{Family: "宋体", Size: bodyFontSize},
			Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}},
		{Border: border, Font: &excelize.Font{Family: "黑体", Size: 12},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top", WrapText: true}},
		{Border: border, Font: &excelize.Font{Family: "仿宋", Size: 12},
			Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true}},
	}
	ids := make([]int, len(defs))
	for i, d := range defs {
		id, err := f.NewStyle(d)
		if err != nil {
			return styles{}, fmt.Errorf("创建单元格样式失败: %w", err)
		}
		ids[i] = id
	}
	return styles{ids[0], ids[1], ids[2], ids[3], ids[4], ids[5]}, nil
}

// sheetWriter places values on a sheet and tracks the row heights their
// wrapped text needs: Excel does not grow rows for wrapped text in merged
// cells, so without explicit heights long labels would be cut off.
type sheetWriter struct {
	f      *excelize.File
	sheet  string
	widths []float64 // column widths in Excel character units
	need   map[int]float64
	err    error
}

func newSheetWriter(f *excelize.File, sheet string, widths []float64) *sheetWriter {
	w := &sheetWriter{f: f, sheet: sheet, widths: widths, need: map[int]float64{}}
	for i, wd := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		w.check(f.SetColWidth(sheet, col, col, wd))
	}
	return w
}

func (w *sheetWriter) check(err error) {
	if err != nil && w.err == nil {
		w.err = fmt.Errorf("写入工作表“%s”失败: %w", w.sheet, err)
	}
}

func cellName(row, col int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}

// put writes v into the range (r1,c1)–(r2,c2) (1-based, inclusive), merging
// it when larger than one cell and styling every cell of it so borders show.
func (w *sheetWriter) put(r1, c1, r2, c2 int, v any, style int, fontSize float64) {
	tl, br := cellName(r1, c1), cellName(r2, c2)
	if r1 != r2 || c1 != c2 {
		w.check(w.f.MergeCell(w.sheet, tl, br))
	}
	w.check(w.f.SetCellStyle(w.sheet, tl, br, style))
	switch x := v.(type) {
	case nil:
	case int:
		w.check(w.f.SetCellInt(w.sheet, tl, int64(x)))
	case float64:
		w.check(w.f.SetCellFloat(w.sheet, tl, x, -1, 64))
	case string:
		if x != "" {
			w.check(w.f.SetCellStr(w.sheet, tl, x))
		}
		w.fit(r1, c1, r2, c2, x, fontSize)
	case Cell:
		switch {
		case x.State == Blank:
		case x.State == NA:
			w.check(w.f.SetCellStr(w.sheet, tl, "/"))
		case x.V == float64(int64(x.V)):
			w.check(w.f.SetCellInt(w.sheet, tl, int64(x.V)))
		default:
			w.check(w.f.SetCellFloat(w.sheet, tl, x.V, -1, 64))
		}
	}
}

// fit records the height text needs, estimating glyph widths: a CJK glyph
// is as wide as the font size, other characters about half of it.
func (w *sheetWriter) fit(r1, c1, r2, c2 int, text string, fontSize float64) {
	var avail float64
	for c := c1; c <= c2; c++ {
		avail += (w.widths[c-1]*7 + 5) * 0.75 // character units → pixels → points
	}
	avail -= 4
	lines := 0
	for _, para := range strings.Split(text, "\n") {
		var width float64
		for _, r := range para {
			if r > 0x2E80 || unicode.Is(unicode.Han, r) {
				width += fontSize
			} else {
				width += fontSize * 0.55
			}
		}
		n := int(width/avail) + 1
		if width > 0 && width/avail == float64(int(width/avail)) {
			n--
		}
		lines += n
	}
	h := float64(lines)*fontSize*1.4 + 6
	per := h / float64(r2-r1+1)
	for r := r1; r <= r2; r++ {
		if per > w.need[r] {
			w.need[r] = per
		}
	}
}

func (w *sheetWriter) finish(lastRow int) error {
	for r := 1; r <= lastRow; r++ {
		h := w.need[r]
		if h < minRowHeight {
			h = minRowHeight
		}
		if h > 409 {
			h = 409 // Excel's maximum row height
		}
		w.check(w.f.SetRowHeight(w.sheet, r, float64(int(h*4+0.999))/4))
	}
	return w.err
}

// pageSetup: A4 portrait, one page wide, rows titleFirst–titleLast (0:
// none) printed again at the top of every page after them.
func (w *sheetWriter) pageSetup(titleFirst, titleLast int) {
	w.check(xlsxprint.Setup(w.f, w.sheet, xlsxprint.Page{TitleFirst: titleFirst, TitleLast: titleLast}))
	lr, tb, hf, center := 0.6, 0.75, 0.3, true
	w.check(w.f.SetPageMargins(w.sheet, &excelize.PageLayoutMarginsOptions{
		Left: &lr, Right: &lr, Top: &tb, Bottom: &tb, Header: &hf, Footer: &hf, Horizontally: &center,
	}))
}

func writeTablesSheet(f *excelize.File, sheet string, st styles, r *Report) error {
	widths := make([]float64, gridCols)
	for i := range widths {
		widths[i] = gridColWidth
	}
	w := newSheetWriter(f, sheet, widths)
	const last = gridCols
	row := 1
	w.put(row, 1, row, last, Title(r), st.title, 16)
	row += 2

	// 二、主动公开政府信息情况
	w.put(row, 1, row, last, TableHeadings[0], st.heading, 12)
	row++
	item := 0
	for _, blk := range Table2Blocks {
		w.put(row, 1, row, last, blk.Caption, st.center, bodyFontSize)
		row++
		w.put(row, 1, row, 6, "信息内容", st.center, bodyFontSize)
		spans := valueSpans(len(blk.Cols))
		for i, col := range blk.Cols {
			w.put(row, spans[i][0], row, spans[i][1], col, st.center, bodyFontSize)
		}
		row++
		for _, label := range blk.Rows {
			w.put(row, 1, row, 6, label, st.center, bodyFontSize)
			for i := range blk.Cols {
				w.put(row, spans[i][0], row, spans[i][1], r.Table2.Cells[item], st.center, bodyFontSize)
				item++
			}
			row++
		}
	}
	row++

	// 三、收到和处理政府信息公开申请情况: from a new page, its three header
	// rows printed again on every page it runs over to (print titles;
	// spreadsheet programs repeat them from the page they are on).
	w.check(f.InsertPageBreak(sheet, cellName(row, 1)))
	w.put(row, 1, row, last, TableHeadings[1], st.heading, 12)
	row++
	w.pageSetup(row, row+2)
	const num0 = 9 // column I: first numeric column of table 3
	w.put(row, 1, row+2, 8, Table3Note, st.center, bodyFontSize)
	w.put(row, num0, row, last, "申请人情况", st.center, bodyFontSize)
	w.put(row+1, num0, row+2, num0, Table3Cols[ColNP].Label, st.center, bodyFontSize)
	w.put(row+1, num0+1, row+1, num0+5, "法人或其他组织", st.center, bodyFontSize)
	w.put(row+1, last, row+2, last, Table3Cols[ColTOT].Label, st.center, bodyFontSize)
	for c := ColCE; c <= ColOT; c++ {
		w.put(row+2, num0+c, row+2, num0+c, Table3Cols[c].Label, st.center, bodyFontSize)
	}
	row += 3
	resultsStart := -1
	for i, tr := range Table3Rows {
		switch {
		case tr.Level == 1:
			w.put(row, 1, row, 8, tr.Label, st.left, bodyFontSize)
		case tr.Level == 2:
			if resultsStart < 0 {
				resultsStart = row
			}
			w.put(row, 2, row, 8, tr.Label, st.left, bodyFontSize)
		default:
			if i == 0 || Table3Rows[i-1].Group != tr.Group {
				n := 0
				for _, x := range Table3Rows {
					if x.Group == tr.Group {
						n++
					}
				}
				w.put(row, 2, row+n-1, 3, groupLabel(tr.Group), st.center, bodyFontSize)
			}
			w.put(row, 4, row, 8, tr.Label, st.left, bodyFontSize)
		}
		if tr.Code == "7" {
			w.put(resultsStart, 1, row, 1, LabelResults, st.center, bodyFontSize)
		}
		for c := range Table3Cols {
			w.put(row, num0+c, row, num0+c, r.Table3.Cells[i][c], st.center, bodyFontSize)
		}
		row++
	}
	row++

	// 四、政府信息公开行政复议、行政诉讼情况
	w.put(row, 1, row, last, TableHeadings[2], st.heading, 12)
	row++
	w.put(row, 1, row, 5, Table4Blocks[0].Label, st.center, bodyFontSize)
	w.put(row, 6, row, last, LabelLitigation, st.center, bodyFontSize)
	for c, col := range Table4Cols {
		w.put(row+1, 1+c, row+2, 1+c, col.Label, st.center, bodyFontSize)
	}
	for b := 1; b < 3; b++ {
		c0 := 1 + 5*b
		w.put(row+1, c0, row+1, c0+4, Table4Blocks[b].Label, st.center, bodyFontSize)
		for c, col := range Table4Cols {
			w.put(row+2, c0+c, row+2, c0+c, col.Label, st.center, bodyFontSize)
		}
	}
	row += 3
	for b := range Table4Blocks {
		for c := range Table4Cols {
			w.put(row, 1+5*b+c, row, 1+5*b+c, r.Table4.Cells[b][c], st.center, bodyFontSize)
		}
	}
	return w.finish(row)
}

// valueSpans splits columns G–O among n table-2 value columns.
func valueSpans(n int) [][2]int {
	if n == 1 {
		return [][2]int{{7, 15}}
	}
	return [][2]int{{7, 9}, {10, 12}, {13, 15}}
}

func groupLabel(code string) string {
	for _, g := range Table3Groups {
		if g.Code == code {
			return g.Label
		}
	}
	return ""
}

func writeSectionsSheet(f *excelize.File, sheet string, st styles, r *Report) error {
	w := newSheetWriter(f, sheet, []float64{24, 80})
	w.pageSetup(0, 0)
	w.put(1, 1, 1, 2, Title(r), st.title, 16)
	row := 3
	for i, h := range SectionHeadings {
		paras := strings.Split(*r.Sections.field(i), "\n")
		w.put(row, 1, row+len(paras)-1, 1, h.Code+"、"+h.Label, st.textHead, 12)
		for j, p := range paras {
			w.put(row+j, 2, row+j, 2, p, st.text, 12)
		}
		row += len(paras)
	}
	return w.finish(row - 1)
}
