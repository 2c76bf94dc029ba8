package charts

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/xlsxprint"
	"gongkai/metrics"
	"gongkai/store"
)

// The ranking workbook offices circulate: one sheet per 考核分组 (名次,
// 单位, 得分, 等次, every 一级 indicator, 加分, 一票否决) and a sheet of every
// deduction with the ledger row behind it. Every sheet has a frozen,
// filterable header row and prints on A4 landscape, one page wide, with
// the header row repeated on every page (_xlnm.Print_Titles).
//
// Text that a spreadsheet would read as a formula when the cell is edited
// or the sheet saved as CSV (starting with = + - @, tab or CR) is written
// with a leading apostrophe; all text is written as inline strings, never
// as formulas.

// DeductionSheet is the name of the sheet of deductions.
const DeductionSheet = "失分明细"

// Workbook is what the ranking workbook shows.
type Workbook struct {
	Year       int
	Version    string // the results shown (metrics.Label), in the title and the file's properties
	Title      string // printed in the page header
	Results    []metrics.UnitScore
	Deductions []Deduction
}

// Deduction is one evidence row of a lost point; a loss without ledger
// rows has one Deduction with Row 0. The events that cost the points (the
// gaps of the new-media rule, metrics.Loss.Events) come first, one row
// each (a long one cut into several) with the event as its Label and no
// file or row. Lost is set on the
// first row of each loss only, so the column sums to the points lost.
type Deduction struct {
	UnitID int64
	Group  string
	Rank   int
	Unit   string
	ID     string
	Name   string
	Lost   float64
	First  bool
	File   string
	Sheet  string
	Row    int
	Label  string
	Event  bool // an event row, not a ledger row
}

// LoadWorkbook reads version n of a year's results and deductions
// (metrics.Draft: the draft; side by side: two independent queries).
func LoadWorkbook(ctx context.Context, db *store.DB, year, n int) (*Workbook, error) {
	label, err := versionLabel(ctx, db, year, n)
	if err != nil {
		return nil, err
	}
	var (
		ded    []Deduction
		dedErr error
		done   = make(chan struct{})
	)
	go func() {
		defer close(done)
		ded, dedErr = Deductions(ctx, db, year, n)
	}()
	res, err := metrics.ResultsOf(ctx, db, year, n, "")
	<-done
	if err != nil {
		return nil, err
	}
	if dedErr != nil {
		return nil, dedErr
	}
	if len(res) == 0 {
		return nil, fmt.Errorf("%w：%d 年", ErrNoScores, year)
	}
	names := make([]string, len(res))
	for i, u := range res {
		names[i] = u.Unit
	}
	return &Workbook{Year: year, Version: label, Results: res, Deductions: ded,
		Title: fmt.Sprintf("%s%d年度政务公开工作考核结果 %s", NewNamer(names).County, year, label)}, nil
}

// Deductions lists every lost point of every unit of version n of a year
// (metrics.Draft: the draft) with its evidence rows, in group, rank,
// indicator and ledger-row order.
func Deductions(ctx context.Context, db *store.DB, year, n int) ([]Deduction, error) {
	rows, err := db.LeadershipDeductions(ctx, year, n)
	if err != nil {
		return nil, fmt.Errorf("读取失分明细失败: %w", err)
	}
	events, err := lossEvents(ctx, db, year, n)
	if err != nil {
		return nil, err
	}
	var out []Deduction
	for _, r := range rows {
		d := Deduction{UnitID: r.UnitID, Group: r.Group, Rank: r.Rank, Unit: r.Unit, ID: r.ID, Name: r.Name,
			Lost: r.Lost, File: r.File, Sheet: r.Sheet, Row: r.Row, Label: r.Label}
		n := len(out)
		d.First = n == 0 || out[n-1].UnitID != d.UnitID || out[n-1].ID != d.ID
		if d.First {
			for _, e := range events[lossKey{d.UnitID, d.ID}] {
				for _, part := range eventParts(e) {
					// the first event row takes the loss's First and Lost
					ev := d
					ev.File, ev.Sheet, ev.Row, ev.Label, ev.Event = "", "", 0, part, true
					out = append(out, ev)
					d.First = false
				}
			}
		}
		if !d.First {
			d.Lost = 0
		}
		out = append(out, d)
	}
	return out, nil
}

// eventPart is how many characters an event row holds at most: about 16
// lines of its column, well under the 409 points a row may be high.
const eventPart = 200

// eventParts cuts a long event (an account with many gaps) after a "；"
// into rows of at most eventPart characters; joined, they are the event.
func eventParts(e string) []string {
	var out []string
	for utf8.RuneCountInString(e) > eventPart {
		r := []rune(e)
		cut := strings.LastIndex(string(r[:eventPart]), "；")
		if cut <= 0 {
			break
		}
		cut += len("；")
		out = append(out, e[:cut])
		e = e[cut:]
	}
	return append(out, e)
}

// lossKey is a unit's indicator.
type lossKey struct {
	unit int64
	id   string
}

// lossEvents are the events of each loss of version n of a year, as the
// unit pages and the site word them (metrics.Loss.Events).
func lossEvents(ctx context.Context, db *store.DB, year, n int) (map[lossKey][]string, error) {
	all, err := metrics.ExplainAllOf(ctx, db, year, n)
	if err != nil {
		return nil, fmt.Errorf("读取失分明细失败: %w", err)
	}
	out := map[lossKey][]string{}
	for unit, ls := range all {
		for _, l := range ls {
			if len(l.Events) > 0 {
				out[lossKey{unit, l.ID}] = l.Events
			}
		}
	}
	return out, nil
}

// WriteWorkbook writes the ranking workbook of version n of a year
// (metrics.Draft: the draft) to path.
func WriteWorkbook(ctx context.Context, db *store.DB, year, n int, path string) (*Workbook, error) {
	w, err := LoadWorkbook(ctx, db, year, n)
	if err != nil {
		return nil, err
	}
	return w, w.Save(path)
}

// SafeText neutralises text a spreadsheet could take for a formula.
func SafeText(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

var sheetNameBad = strings.NewReplacer("[", "（", "]", "）", ":", "：", "*", "＊", "?", "？", "/", "／", "\\", "＼", "'", "’")

// sheetName makes a valid, unique sheet name (at most 31 characters, none
// of []:*?/\', not "History").
func sheetName(name string, used map[string]bool) string {
	s := strings.TrimSpace(sheetNameBad.Replace(name))
	if s == "" || strings.EqualFold(s, "History") {
		s = "分组"
	}
	s = cutRunes(s, 31)
	base := s
	for i := 2; used[strings.ToLower(s)]; i++ {
		suf := "(" + strconv.Itoa(i) + ")"
		s = cutRunes(base, 31-utf8.RuneCountInString(suf)) + suf
	}
	used[strings.ToLower(s)] = true
	return s
}

func cutRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

type sheetSpec struct {
	name   string
	header []string
	widths []float64
	rows   int // data rows
	write  func(sw *excelize.StreamWriter, st styles) error
}

type styles struct {
	header, text, num, int int
	wrap                   int // text wrapped within its column (失分明细)
}

// Save writes the workbook to path (through a temporary file beside it,
// so a failed write leaves no half file).
func (w *Workbook) Save(path string) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	used := map[string]bool{}
	var specs []sheetSpec
	for _, g := range groupResults(w.Results) {
		specs = append(specs, w.groupSheet(sheetName(g.name, used), g.units))
	}
	specs = append(specs, w.deductionSheet(sheetName(DeductionSheet, used)))
	for i, sp := range specs {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sp.name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(sp.name); err != nil {
			return err
		}
		if err := w.writeSheet(f, sp, st); err != nil {
			return fmt.Errorf("工作表 %s: %w", sp.name, err)
		}
	}
	f.SetActiveSheet(0)
	if w.Version != "" {
		if err := f.SetDocProps(&excelize.DocProperties{Title: w.Title, Subject: w.Version}); err != nil {
			return err
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".gongkai-*.xlsx")
	if err != nil {
		return err
	}
	tmpName := tmp.Name()
	tmp.Close()
	if err := f.SaveAs(tmpName); err != nil {
		os.Remove(tmpName)
		return err
	}
	if err := os.Rename(tmpName, path); err != nil {
		os.Remove(tmpName)
		return err
	}
	return nil
}

func newStyles(f *excelize.File) (styles, error) {
	var st styles
	border := []excelize.Border{
		{Type: "left", Color: "BFBFBF", Style: 1}, {Type: "right", Color: "BFBFBF", Style: 1},
		{Type: "top", Color: "BFBFBF", Style: 1}, {Type: "bottom", Color: "BFBFBF", Style: 1},
	}
	var err error
	if st.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Family: "宋体", Size: 11},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EAEE"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Border:    border,
	}); err != nil {
		return st, err
	}
	// Data cells do not wrap, except where a sheet sets the height of its
	// rows (wrapHeight): streamed rows have no fitted height, and wrapped
	// text would spill over the next rows when printed.
	if st.text, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 11},
		Alignment: &excelize.Alignment{Vertical: "center"}, Border: border}); err != nil {
		return st, err
	}
	two := "0.00"
	if st.num, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 11},
		CustomNumFmt: &two, Alignment: &excelize.Alignment{Vertical: "center"}, Border: border}); err != nil {
		return st, err
	}
	if st.wrap, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 11},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}, Border: border}); err != nil {
		return st, err
	}
	st.int, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 11},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}, Border: border})
	return st, err
}

// writeSheet sets the print and filter settings (before streaming: the
// stream writer writes the worksheet settings it finds) and streams the
// rows.
func (w *Workbook) writeSheet(f *excelize.File, sp sheetSpec, st styles) error {
	lastCol, err := excelize.ColumnNumberToName(len(sp.header))
	if err != nil {
		return err
	}
	if err := f.AutoFilter(sp.name, fmt.Sprintf("A1:%s%d", lastCol, sp.rows+1), nil); err != nil {
		return err
	}
	head := strings.ReplaceAll(w.Title, "&", "&&") + " " + strings.ReplaceAll(sp.name, "&", "&&")
	if err := xlsxprint.Setup(f, sp.name, xlsxprint.Page{Landscape: true, TitleFirst: 1, TitleLast: 1,
		Header: "&C" + head, Footer: "&C第 &P 页，共 &N 页"}); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sp.name)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	// Last column first: excelize (2.11) puts each new <col> before those
	// set already and the stream writer writes them as they stand, while
	// the schema wants them ascending (Excel offers to repair the file).
	for i := len(sp.widths) - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, sp.widths[i]); err != nil {
			return err
		}
	}
	hdr := make([]any, len(sp.header))
	for i, h := range sp.header {
		hdr[i] = excelize.Cell{StyleID: st.header, Value: SafeText(h)}
	}
	if err := sw.SetRow("A1", hdr, excelize.RowOpts{Height: 45}); err != nil {
		return err
	}
	if err := sp.write(sw, st); err != nil {
		return err
	}
	return sw.Flush()
}

// wrapHeight is the height (points) of a row whose texts wrap within
// columns of widths (in characters of the default font, as <col> gives
// them): an 11 pt line for each line of the cell that needs most, a CJK
// character taking two characters' width. Excel and WPS do not fit the
// height of a row written with one, and a row too low prints cut.
func wrapHeight(widths []float64, texts ...string) float64 {
	lines := 1
	for i, t := range texts {
		if t == "" || i >= len(widths) {
			continue
		}
		per := widths[i] - 1 // the cell's padding
		n, w := 1, 0.0
		for _, r := range t {
			cw := 1.1
			if r >= 0x2E80 {
				cw = 2
			}
			if w+cw > per {
				n, w = n+1, 0
			}
			w += cw
		}
		lines = max(lines, n)
	}
	// Excel refuses rows over 409 points; a longer text (a new-media
	// account's many gaps) is all in its cell, shown to that height.
	return min(float64(lines)*14.5+4, 409)
}

type resultGroup struct {
	name  string
	units []metrics.UnitScore
}

func groupResults(res []metrics.UnitScore) []resultGroup {
	var out []resultGroup
	for _, u := range res {
		if len(out) == 0 || out[len(out)-1].name != u.Group {
			out = append(out, resultGroup{name: u.Group})
		}
		out[len(out)-1].units = append(out[len(out)-1].units, u)
	}
	return out
}

// level1 lists the 一级 indicators of the score section met in units, in
// tree order.
func level1(units []metrics.UnitScore) []metrics.ItemScore {
	seen := map[string]bool{}
	var out []metrics.ItemScore
	for _, u := range units {
		for _, it := range u.Indicators {
			if it.Level == 1 && it.Section == "score" && !seen[it.ID] {
				seen[it.ID] = true
				out = append(out, it)
			}
		}
	}
	return out
}

// GroupHeader is the header row of a group sheet.
func GroupHeader(inds []metrics.ItemScore) []string {
	h := []string{"名次", "单位", "得分", "等次"}
	for _, it := range inds {
		h = append(h, fmt.Sprintf("%s\n（%s分）", it.Name, fmtPts(it.Max)))
	}
	return append(h, "加分", "一票否决")
}

func (w *Workbook) groupSheet(name string, units []metrics.UnitScore) sheetSpec {
	inds := level1(units)
	widths := []float64{6, 32, 9, 8}
	for range inds {
		widths = append(widths, 12)
	}
	widths = append(widths, 8, 9)
	return sheetSpec{name: name, header: GroupHeader(inds), widths: widths, rows: len(units),
		write: func(sw *excelize.StreamWriter, st styles) error {
			row := make([]any, 0, len(widths))
			for i, u := range units {
				row = append(row[:0],
					excelize.Cell{StyleID: st.int, Value: u.Rank},
					excelize.Cell{StyleID: st.text, Value: SafeText(u.Unit)},
					excelize.Cell{StyleID: st.num, Value: u.Normalized},
					excelize.Cell{StyleID: st.int, Value: SafeText(u.Grade)},
				)
				for _, ind := range inds {
					c := excelize.Cell{StyleID: st.num}
					for _, it := range u.Indicators {
						if it.ID == ind.ID {
							c.Value = it.Points
						}
					}
					row = append(row, c)
				}
				veto := ""
				if u.Vetoed {
					veto = "是"
				}
				row = append(row, excelize.Cell{StyleID: st.num, Value: u.Bonus}, excelize.Cell{StyleID: st.int, Value: veto})
				cell, _ := excelize.CoordinatesToCellName(1, i+2)
				if err := sw.SetRow(cell, row); err != nil {
					return err
				}
			}
			return nil
		}}
}

// DeductionHeader is the header row of the deduction sheet.
var DeductionHeader = []string{"分组", "名次", "单位", "指标编号", "考核细则", "失分", "台账文件", "工作表", "行号", "台账内容"}

func (w *Workbook) deductionSheet(name string) sheetSpec {
	// The widths add up to what A4 landscape holds at 100% (about 139
	// characters between 0.5" margins), so that the sheet prints at its
	// 11 pt; at the old widths (212) it printed at about 7 pt. Long text
	// wraps in its column, the row as high as its longest cell.
	widths := []float64{10, 5, 18, 7, 30, 6, 22, 10, 6, 24}
	return sheetSpec{name: name, header: DeductionHeader,
		widths: widths, rows: len(w.Deductions),
		write: func(sw *excelize.StreamWriter, st styles) error {
			row := make([]any, 10)
			for i, d := range w.Deductions {
				lost := excelize.Cell{StyleID: st.num}
				if d.First {
					lost.Value = d.Lost
				}
				srcRow := excelize.Cell{StyleID: st.int}
				if d.Row > 0 {
					srcRow.Value = d.Row
				}
				row[0] = excelize.Cell{StyleID: st.wrap, Value: SafeText(d.Group)}
				row[1] = excelize.Cell{StyleID: st.int, Value: d.Rank}
				row[2] = excelize.Cell{StyleID: st.wrap, Value: SafeText(d.Unit)}
				row[3] = excelize.Cell{StyleID: st.int, Value: SafeText(d.ID)}
				row[4] = excelize.Cell{StyleID: st.wrap, Value: SafeText(d.Name)}
				row[5] = lost
				row[6] = excelize.Cell{StyleID: st.wrap, Value: SafeText(d.File)}
				row[7] = excelize.Cell{StyleID: st.wrap, Value: SafeText(d.Sheet)}
				row[8] = srcRow
				row[9] = excelize.Cell{StyleID: st.wrap, Value: SafeText(d.Label)}
				cell, _ := excelize.CoordinatesToCellName(1, i+2)
				h := wrapHeight(widths, d.Group, "", d.Unit, "", d.Name, "", d.File, d.Sheet, "", d.Label)
				if err := sw.SetRow(cell, row, excelize.RowOpts{Height: h}); err != nil {
					return err
				}
			}
			return nil
		}}
}
