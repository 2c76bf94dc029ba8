package reports

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// ErrNotReport is wrapped by read errors for files that contain no annual
// report tables at all, so callers can tell "wrong file" from "bad cell".
var ErrNotReport = errors.New("文件不是政府信息公开工作年度报告")

// Reading strategy. Filled reports are found by their labels, never by
// position: offices add title rows, move or merge cells, split tables over
// sheets, break labels across lines and swap punctuation. Table 3 is the
// anchor (its row "一、本年新收政府信息公开申请数量" exists in every format);
// tables 2 and 4 and the text sections are looked for on the same sheet
// first, then on the others.

// Bounds of a report file. An annual report is a few sheets of a few
// hundred cells (tens of KB); without bounds a 1.2 GB zip bomb was inflated
// whole (62 s, 6.6 GB) before anything was checked.
var (
	maxReportFileBytes  int64 = 32 << 20
	maxReportUnzipBytes int64 = 128 << 20
)

// errOpenXLSX: excelize's and archive/zip's errors are English and say
// nothing to an office clerk.
func errOpenXLSX(name string) error {
	return fmt.Errorf("无法打开Excel文件%s：文件已损坏或不是.xlsx格式（仅支持.xlsx；.xls、.ods、.et 请先另存为.xlsx）", filepath.Base(name))
}

// openXLSX opens a report workbook after bounding its size: the declared
// uncompressed sizes must stay under maxReportUnzipBytes (archive/zip
// refuses a part that inflates beyond its declared size, so a part that
// understates it fails to read instead of growing without end).
func openXLSX(path string) (*excelize.File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("打开文件%s失败: %w", filepath.Base(path), err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s不是普通文件，无法读取", filepath.Base(path))
	}
	if st.Size() > maxReportFileBytes {
		return nil, tooLarge(path, st.Size())
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, errOpenXLSX(path)
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
	}
	zr.Close()
	if total > uint64(maxReportUnzipBytes) {
		return nil, fmt.Errorf("文件%s解压后超过 %d MB，不是正常的年度报告（可能是压缩炸弹），未读取", filepath.Base(path), maxReportUnzipBytes>>20)
	}
	f, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: maxReportUnzipBytes, UnzipXMLSizeLimit: min(16<<20, maxReportUnzipBytes)})
	if err != nil {
		return nil, errOpenXLSX(path)
	}
	return f, nil
}

// ReadXLSX reads the one report of an xlsx file.
func ReadXLSX(path string) (*Report, error) {
	f, err := openXLSX(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readOne(f, path)
}

// ReadXLSXFrom reads the one report of an xlsx stream; name is used in
// messages and Source.File.
func ReadXLSXFrom(rd io.Reader, name string) (*Report, error) {
	f, err := excelize.OpenReader(rd)
	if err != nil {
		return nil, fmt.Errorf("无法打开Excel文件%s（仅支持.xlsx格式）: %w", name, err)
	}
	defer f.Close()
	return readOne(f, name)
}

// ReadXLSXAll reads a workbook holding several reports, one per sheet
// containing table 3 (as WriteXLSX writes several reports). Each report's
// tables and title must be on its own sheet; its text sections may be on
// the same sheet or the sheet right after it.
func ReadXLSXAll(path string) ([]*Report, error) {
	f, err := openXLSX(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	gs, err := loadGrids(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	t3 := sheetsWithTable3(gs)
	if len(t3) == 0 {
		return nil, notReport(path)
	}
	var out []*Report
	for _, i := range t3 {
		sections := []*grid{gs[i]}
		if i+1 < len(gs) && len(findT3Anchors(gs[i+1])) == 0 {
			sections = append(sections, gs[i+1])
		}
		r, err := readReport(gs[i], nil, sections, path)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

func readOne(f *excelize.File, name string) (*Report, error) {
	gs, err := loadGrids(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(name), err)
	}
	t3 := sheetsWithTable3(gs)
	switch len(t3) {
	case 0:
		return nil, notReport(name)
	case 1:
	default:
		var names []string
		for _, i := range t3 {
			names = append(names, "“"+gs[i].name+"”")
		}
		return nil, fmt.Errorf("%s: 文件包含%d份报告的表三（工作表%s），请每个文件只放一份报告",
			filepath.Base(name), len(t3), strings.Join(names, "、"))
	}
	primary := gs[t3[0]]
	var others []*grid
	for _, g := range gs {
		if g != primary {
			others = append(others, g)
		}
	}
	return readReport(primary, others, gs, name)
}

func notReport(name string) error {
	return fmt.Errorf("%s: %w：未找到表三“收到和处理政府信息公开申请情况”（没有“一、本年新收政府信息公开申请数量”这一行），请确认上传的是年度报告表格",
		filepath.Base(name), ErrNotReport)
}

func sheetsWithTable3(gs []*grid) []int {
	var out []int
	for i, g := range gs {
		if len(findT3Anchors(g)) > 0 {
			out = append(out, i)
		}
	}
	return out
}

// grid is one sheet as text; covered cells of merged ranges are emptied
// because what the office sees there is the top-left value only.
type grid struct {
	name   string
	cells  [][]string
	merges []mrange
	// doc marks a grid read from a document table (or, with text, from its
	// paragraphs): cells are named by table, row and cell there, not A1.
	doc, text bool
}

type mrange struct{ r1, c1, r2, c2 int } // 0-based, inclusive

func loadGrids(f *excelize.File) ([]*grid, error) {
	var out []*grid
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fmt.Errorf("读取工作表“%s”失败: %w", sheet, err)
		}
		g := &grid{name: sheet, cells: rows}
		merges, err := f.GetMergeCells(sheet, true)
		if err != nil {
			return nil, fmt.Errorf("读取工作表“%s”的合并单元格失败: %w", sheet, err)
		}
		for _, m := range merges {
			c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
			c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
			if err1 != nil || err2 != nil {
				continue
			}
			mr := mrange{r1 - 1, c1 - 1, r2 - 1, c2 - 1}
			g.merges = append(g.merges, mr)
			for r := mr.r1; r <= mr.r2 && r < len(rows); r++ {
				for c := mr.c1; c <= mr.c2 && c < len(rows[r]); c++ {
					if r != mr.r1 || c != mr.c1 {
						rows[r][c] = ""
					}
				}
			}
		}
		out = append(out, g)
	}
	return out, nil
}

func (g *grid) at(r, c int) string {
	if r < 0 || r >= len(g.cells) || c < 0 || c >= len(g.cells[r]) {
		return ""
	}
	return g.cells[r][c]
}

func (g *grid) width(r int) int {
	if r < 0 || r >= len(g.cells) {
		return 0
	}
	return len(g.cells[r])
}

// mergeOf returns the merged range whose top-left cell is (r,c), or the
// single cell itself.
func (g *grid) mergeOf(r, c int) mrange {
	for _, m := range g.merges {
		if m.r1 == r && m.c1 == c {
			return m
		}
	}
	return mrange{r, c, r, c}
}

// readCtx collects addresses while reading one report.
type readCtx struct {
	primary *grid
	addr    map[string]string
	notes   map[string][]string // number notation (noteThousands …) → cells
	devs    []Finding           // deviations from the standard format
}

func (x *readCtx) address(g *grid, r, c int) string {
	if g.doc {
		return g.docAddress(r, c)
	}
	a := cellName(r+1, c+1)
	if g != x.primary {
		a = g.name + "!" + a
	}
	return a
}

func (x *readCtx) cell(g *grid, r, c int, ref string) (Cell, error) {
	addr := x.address(g, r, c)
	x.addr[ref] = addr
	if g.doc {
		v, notes, err := parseDocCell(g.at(r, c))
		if err != nil {
			return Cell{}, fmt.Errorf("%s（%s）: %w", ref, addr, err)
		}
		for _, n := range notes {
			x.notes[n] = append(x.notes[n], ref+"（"+addr+"）")
		}
		return v, nil
	}
	v, err := ParseCell(g.at(r, c))
	if err != nil {
		return Cell{}, fmt.Errorf("%s（单元格%s）: %w", ref, addr, err)
	}
	return v, nil
}

func readReport(primary *grid, others, sectionGrids []*grid, name string) (*Report, error) {
	x := &readCtx{primary: primary, addr: map[string]string{}, notes: map[string][]string{}}
	r := &Report{Format: Format2021}
	blankAll(r)
	wrap := func(err error) error { return fmt.Errorf("%s: %w", filepath.Base(name), err) }
	search := append([]*grid{primary}, others...)

	if err := x.readTable3(primary, r); err != nil {
		return nil, wrap(err)
	}
	trial2, err := x.readTable2(search, r)
	if err != nil {
		return nil, wrap(err)
	}
	if err := x.readTable4(search, r); err != nil {
		return nil, wrap(err)
	}
	// The format follows table 2, the only table whose columns changed in
	// meaning. An unsplit （六） under a 2021 table 2 (an office mixing
	// templates) keeps the 2021 format with the documented （六） mapping.
	if trial2 {
		r.Format = Format2019
	}
	readTitle(search, r, name)
	readSections(sectionGrids, r)
	r.Source = &Source{File: name, Addr: x.addr}
	r.Deviations = x.deviations()
	return r, nil
}

var titleRE = regexp.MustCompile(`^(.*?)((?:19|20)\d{2})年度?政府信息公开工作年度报告`)
var yearRE = regexp.MustCompile(`(?:19|20)\d{2}`)

// readTitle takes unit and year from the title row ("某局2023年政府信息公开工作
// 年度报告"), falling back to a year in the file name.
func readTitle(gs []*grid, r *Report, name string) {
	for _, g := range gs {
		for _, row := range g.cells {
			for _, v := range row {
				t := strings.Join(strings.Fields(v), "")
				if m := titleRE.FindStringSubmatch(t); m != nil {
					r.Unit = m[1]
					r.Year, _ = strconv.Atoi(m[2])
					return
				}
			}
		}
	}
	if m := yearRE.FindString(filepath.Base(name)); m != "" {
		r.Year, _ = strconv.Atoi(m)
	}
}

// Table 3 ------------------------------------------------------------------

func findT3Anchors(g *grid) [][2]int {
	var out [][2]int
	for r, row := range g.cells {
		for c, v := range row {
			if k, ok := t3Labels.lookup(v); ok && k.row == 0 {
				out = append(out, [2]int{r, c})
			}
		}
	}
	return out
}

// readTable3 fills r.Table3, mapping a 2019-layout （六）其他处理 single
// data row to （六）3.其他.
func (x *readCtx) readTable3(g *grid, r *Report) error {
	anchor := findT3Anchors(g)[0]
	ra := anchor[0]

	// Column headers sit in the rows just above the first data row; the
	// nearest occurrence of each label wins.
	cols := [7]int{-1, -1, -1, -1, -1, -1, -1}
	for hr := ra - 1; hr >= 0 && hr >= ra-6; hr-- {
		for c := 0; c < g.width(hr); c++ {
			if i, ok := t3ColIndex.lookup(g.at(hr, c)); ok && cols[i] < 0 {
				cols[i] = c
			}
		}
	}
	var missing []string
	minCol := 1 << 30
	for i, c := range cols {
		if c < 0 {
			missing = append(missing, "“"+Table3Cols[i].Label+"”")
		} else {
			minCol = min(minCol, c)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("表三表头缺少%s列", strings.Join(missing, "、"))
	}
	if anchor[1] >= minCol {
		return errors.New("表三的行标签不在数字列的左侧，无法识别表格结构")
	}

	rowAt := make([]int, len(Table3Rows))
	for i := range rowAt {
		rowAt[i] = -1
	}
	groupRow := map[string]int{}
	labelAt := make([][2]int, len(Table3Rows)) // where each row's label was read
	fuzzy := make([]bool, len(Table3Rows))
	carriedOut, _ := Table3Index("carried_out")
	for rr := ra; rr < len(g.cells) && rr <= ra+80; rr++ {
		best, found := t3Key{row: -1}, false
		bestLevel, bestCol := 0, -1
		lastText := -1
		for c := 0; c < minCol; c++ {
			if strings.TrimSpace(g.at(rr, c)) != "" {
				lastText = c
			}
			k, ok := t3Labels.lookup(g.at(rr, c))
			if !ok {
				continue
			}
			level := 1 // group labels rank below any data row on the same line
			if k.row >= 0 {
				level = 10 + Table3Rows[k.row].Level
			}
			if level > bestLevel {
				best, found, bestLevel, bestCol = k, true, level, c
			}
		}
		if (!found || best.row < 0) && lastText > bestCol {
			// A misprinted label ("其他法律行政止公开") is mapped by meaning
			// when it is close to exactly one row not yet seen.
			if i, ok := fuzzyT3Row(g.at(rr, lastText), rowAt); ok {
				best, found, bestCol = t3Key{row: i}, true, lastText
				fuzzy[i] = true
			}
		}
		if !found {
			continue
		}
		if best.row >= 0 {
			labelAt[best.row] = [2]int{rr, bestCol}
		}
		if best.row < 0 {
			if _, seen := groupRow[best.group]; !seen {
				groupRow[best.group] = rr
			}
			continue
		}
		if rowAt[best.row] >= 0 {
			return fmt.Errorf("表三的行“%s”出现了两次（第%d行和第%d行）",
				Table3Rows[best.row].Label, rowAt[best.row]+1, rr+1)
		}
		rowAt[best.row] = rr
		if best.row == carriedOut {
			break
		}
	}

	trial := false
	i61, _ := Table3Index("6.1")
	i62, _ := Table3Index("6.2")
	i63, _ := Table3Index("6.3")
	if gr, ok := groupRow["6"]; ok && rowAt[i61] < 0 && rowAt[i62] < 0 && rowAt[i63] < 0 {
		// 2019 trial format: （六）其他处理 is one data row; its count goes to
		// （六）3.其他 and the two sub-rows that did not exist are "/".
		trial = true
		rowAt[i63] = gr
		x.devs = append(x.devs, Finding{Rule: "LAYOUT", Severity: SeverityWarning,
			Cells:   []string{"表三/（六）其他处理（" + x.address(g, gr, 0) + "）"},
			Message: "表三“（六）其他处理”只有一行，没有2021年格式的三个子行（旧版式）：该行数字按“3.其他”读取，“1.申请人无正当理由逾期不补正…”“2.申请人逾期未按收费通知要求缴纳费用…”两行记为“/”"})
	}
	x.labelDeviations(g, rowAt, labelAt, fuzzy)

	missing = nil
	for i, at := range rowAt {
		if at < 0 && !(trial && (i == i61 || i == i62)) {
			missing = append(missing, "“"+Table3Rows[i].Label+"”")
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("表三缺少以下行：%s", strings.Join(missing, "、"))
	}
	for i, at := range rowAt {
		for c := range Table3Cols {
			if at < 0 {
				r.Table3.Cells[i][c] = NACell()
				continue
			}
			v, err := x.cell(g, at, cols[c], Ref3(i, c))
			if err != nil {
				return err
			}
			r.Table3.Cells[i][c] = v
		}
	}
	return nil
}

// Table 2 ------------------------------------------------------------------

type t2Header struct {
	col   int
	label string // canonical header
	trial bool
}

// readTable2 fills r.Table2 (2021) or r.Table2Trial (2019) and reports
// whether the table is in the 2019 layout.
func (x *readCtx) readTable2(gs []*grid, r *Report) (bool, error) {
	for _, g := range gs {
		type hit struct {
			r, c  int
			label string
		}
		var hits []hit
		for rr, row := range g.cells {
			for c, v := range row {
				if l, ok := t2RowLabels[normLabel(v)]; ok && strings.TrimSpace(v) != "" {
					hits = append(hits, hit{rr, c, l})
				}
			}
		}
		if len(hits) == 0 {
			continue
		}
		trial := false
		headers := make([][]t2Header, len(hits))
		for i, h := range hits {
			headers[i] = t2HeaderAbove(g, h.r, h.c)
			for _, hd := range headers[i] {
				trial = trial || hd.trial
			}
			if h.label == "政府集中采购" || h.label == "其他对外管理服务事项" {
				trial = true
			}
		}

		if trial {
			seen := map[string]bool{}
			for i, h := range hits {
				if seen[h.label] || len(headers[i]) == 0 {
					continue
				}
				seen[h.label] = true
				row := TrialRow{Label: h.label}
				for _, hd := range headers[i] {
					v, err := x.cell(g, h.r, hd.col, "表二/"+h.label+"/"+hd.label)
					if err != nil {
						return false, err
					}
					row.Cols = append(row.Cols, TrialCol{Label: hd.label, Cell: v})
				}
				r.Table2Trial = append(r.Table2Trial, row)
			}
			return true, nil
		}

		got := make([]bool, len(Table2Items))
		for i, h := range hits {
			matched := false
			for _, hd := range headers[i] {
				idx, ok := t2Code(h.label, hd.label)
				if !ok || got[idx] {
					continue
				}
				v, err := x.cell(g, h.r, hd.col, Ref2(idx))
				if err != nil {
					return false, err
				}
				r.Table2.Cells[idx], got[idx], matched = v, true, true
			}
			if !matched && len(headers[i]) > 0 {
				// A single-value row under a header of another block (the
				// office dropped the block's own header row): take the first
				// value column.
				for idx, it := range Table2Items {
					if !got[idx] && it.Row == h.label && len(Table2Blocks[it.Block].Cols) == 1 {
						v, err := x.cell(g, h.r, headers[i][0].col, Ref2(idx))
						if err != nil {
							return false, err
						}
						r.Table2.Cells[idx], got[idx] = v, true
					}
				}
			}
		}
		var missing []string
		for idx, ok := range got {
			if !ok {
				missing = append(missing, "“"+Table2Items[idx].Row+"/"+Table2Items[idx].Col+"”")
			}
		}
		if len(missing) > 0 {
			return false, fmt.Errorf("表二“主动公开政府信息情况”缺少以下单元格：%s", strings.Join(missing, "、"))
		}
		return false, nil
	}
	return false, errors.New("未找到表二“主动公开政府信息情况”（没有“规章”“行政规范性文件”等行）")
}

// t2HeaderAbove finds the nearest row above (r, c) holding table-2 column
// headers to the right of c.
func t2HeaderAbove(g *grid, r, c int) []t2Header {
	for hr := r - 1; hr >= 0 && hr >= r-6; hr-- {
		var out []t2Header
		for cc := c + 1; cc < g.width(hr); cc++ {
			k := normLabel(g.at(hr, cc))
			if k == "" {
				continue
			}
			if l, ok := t2Cols2021[k]; ok {
				out = append(out, t2Header{cc, l, false})
			} else if l, ok := t2Cols2019[k]; ok {
				out = append(out, t2Header{cc, l, true})
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

// Table 4 ------------------------------------------------------------------

func (x *readCtx) readTable4(gs []*grid, r *Report) error {
	for _, g := range gs {
		for rr, row := range g.cells {
			for c, v := range row {
				if b, ok := t4Blocks.lookup(v); ok && b == 0 {
					done, err := x.readTable4At(g, rr, c, r)
					if err != nil || done {
						return err
					}
				}
			}
		}
	}
	return errors.New("未找到表四“政府信息公开行政复议、行政诉讼情况”（没有“行政复议”“结果维持”等表头）")
}

// readTable4At reads table 4 whose 行政复议 header is at (r0, c0). Blocks
// are told apart by column: a column label belongs to the nearest block
// header at or to its left, so merged or unmerged headers both work.
func (x *readCtx) readTable4At(g *grid, r0, c0 int, r *Report) (bool, error) {
	type pos struct{ r, c int }
	blocks := []pos{{r0, c0}, {-1, -1}, {-1, -1}}
	for rr := r0; rr <= r0+3; rr++ {
		for c := 0; c < g.width(rr); c++ {
			if b, ok := t4Blocks.lookup(g.at(rr, c)); ok && b > 0 && blocks[b].r < 0 {
				blocks[b] = pos{rr, c}
			}
		}
	}
	for _, b := range blocks {
		if b.r < 0 {
			return false, nil
		}
	}
	colOf := [3][5]int{}
	for b := range colOf {
		for c := range colOf[b] {
			colOf[b][c] = -1
		}
	}
	bottom := r0
	for rr := r0 + 1; rr <= r0+3; rr++ {
		for c := 0; c < g.width(rr); c++ {
			ci, ok := t4Cols.lookup(g.at(rr, c))
			if !ok {
				continue
			}
			owner, ownerCol := -1, -1
			for b, p := range blocks {
				if p.c <= c && p.c > ownerCol {
					owner, ownerCol = b, p.c
				}
			}
			if owner >= 0 && colOf[owner][ci] < 0 {
				colOf[owner][ci] = c
				bottom = max(bottom, rr)
			}
		}
	}
	var missing []string
	for b := range colOf {
		for c, col := range colOf[b] {
			if col < 0 {
				missing = append(missing, "“"+Table4Blocks[b].Label+"/"+Table4Cols[c].Label+"”")
			}
		}
	}
	if len(missing) > 0 {
		return false, fmt.Errorf("表四表头缺少%s", strings.Join(missing, "、"))
	}
	data := bottom + 1
	for b := range colOf {
		for c, col := range colOf[b] {
			v, err := x.cell(g, data, col, Ref4(b, c))
			if err != nil {
				return false, err
			}
			r.Table4.Cells[b][c] = v
		}
	}
	return true, nil
}

// Sections -----------------------------------------------------------------

// sectionHeadingIndex accepts a cell as a section heading only if it is the
// heading itself (with or without its number, or a known variant), so that
// prose mentioning "总体情况" is not mistaken for one.
func sectionHeadingIndex(s string) int {
	k := stripNumbering(s)
	for i, h := range SectionHeadings {
		if k == normLabel(h.Label) {
			return i
		}
	}
	switch k {
	case normLabel("政府信息公开工作存在的主要问题及改进情况"), normLabel("存在问题及改进情况"):
		return 1
	}
	return -1
}

func readSections(gs []*grid, r *Report) {
	done := [3]bool{}
	for _, g := range gs {
		for rr, row := range g.cells {
			for c, v := range row {
				i := sectionHeadingIndex(v)
				if i < 0 || done[i] {
					continue
				}
				done[i] = true
				*r.Sections.field(i) = sectionText(g, rr, c)
			}
		}
	}
}

// sectionText collects the paragraphs of a heading: one per row of the
// heading's (merged) extent, from the first cell right of the heading; an
// unmerged heading with nothing to its right takes the cells below it.
func sectionText(g *grid, r, c int) string {
	m := g.mergeOf(r, c)
	right := func(rr int) (string, bool) {
		for cc := m.c2 + 1; cc < g.width(rr); cc++ {
			if g.at(rr, cc) != "" {
				return g.at(rr, cc), true
			}
		}
		return "", false
	}
	var paras []string
	found := false
	for rr := m.r1; rr <= m.r2; rr++ {
		p, ok := right(rr)
		found = found || ok
		paras = append(paras, p)
	}
	if found || m.r2 > m.r1 {
		return strings.Join(paras, "\n")
	}
	paras = nil
	for rr := r + 1; rr < len(g.cells); rr++ {
		v := g.at(rr, c)
		if v == "" || sectionHeadingIndex(v) >= 0 {
			break
		}
		paras = append(paras, v)
	}
	return strings.Join(paras, "\n")
}
