package reports

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Reading documents (.docx, .html). Offices write their reports in Word or
// WPS and publish them as web pages; both are a flow of paragraphs with
// tables in between. Each reader turns its format into docBlocks, and the
// blocks into the same *grid the xlsx reader builds, so that the label
// matching of readTable2/3/4 is shared rather than written three times:
//
//   - a data table becomes one grid, merged cells (gridSpan/vMerge,
//     colspan/rowspan) as merges whose covered cells are empty, as in xlsx;
//   - a table holding another table is page layout (CMS pages wrap the whole
//     article in tables), so its cells flow on as if it were not there;
//   - paragraphs outside data tables become a one-column grid (title, text
//     sections).

// docBlock is a paragraph or a table, in document order.
type docBlock struct {
	text  string    // paragraph text (tbl == nil)
	tbl   *docTable // a table
	scope int       // the layout container the paragraph flows in (see docFlow)
}

type docTable struct {
	rows []docRow
}

type docRow struct {
	before int // grid columns skipped before the first cell (w:gridBefore)
	cells  []docCell
}

// vMerge states of a Word cell.
const (
	vmNone = iota
	vmRestart
	vmContinue
)

type docCell struct {
	blocks  []docBlock
	colspan int
	rowspan int // HTML rowspan; Word uses vmerge instead
	vmerge  int
}

// Bounds on a document's tables: a report table is at most ~40 rows by
// ~20 columns; malformed spans must not allocate without end.
const (
	maxDocCols  = 64
	maxDocRows  = 400
	maxDocDepth = 32
)

func (t *docTable) hasNested() bool {
	for _, r := range t.rows {
		for _, c := range r.cells {
			for _, b := range c.blocks {
				if b.tbl != nil {
					return true
				}
			}
		}
	}
	return false
}

// cellText joins a data cell's paragraphs with newlines, as a multi-line
// xlsx cell reads.
func cellText(bs []docBlock) string {
	var ps []string
	for _, b := range bs {
		if b.tbl == nil {
			if t := strings.TrimSpace(b.text); t != "" {
				ps = append(ps, t)
			}
		}
	}
	return strings.Join(ps, "\n")
}

// docFlow is the document flattened: paragraphs and data-table grids.
type docFlow struct {
	paras  []docBlock // text and scope
	tables []*grid
	// lastTable is the position in paras after which the last table came, so
	// that two tables with nothing between them can be joined.
	lastTableAt int
	scopes      int
}

func (f *docFlow) add(bs []docBlock, scope, depth int) {
	if depth > maxDocDepth {
		return
	}
	for _, b := range bs {
		switch {
		case b.tbl == nil:
			if t := strings.TrimSpace(b.text); t != "" {
				f.paras = append(f.paras, docBlock{text: t, scope: scope})
			}
		case b.tbl.hasNested():
			for _, r := range b.tbl.rows {
				for _, c := range r.cells {
					f.scopes++
					f.add(c.blocks, f.scopes, depth+1)
				}
			}
		default:
			g := buildGrid(b.tbl, fmt.Sprintf("第%d个表格", len(f.tables)+1))
			if len(g.cells) == 0 {
				continue
			}
			// Word and WPS split a table that a page break or a stray Enter
			// cut in two; rejoin tables of the same width with no text
			// between them, or table 3 would lose its lower rows.
			if n := len(f.tables); n > 0 && f.lastTableAt == len(f.paras) && gridWidth(f.tables[n-1]) == gridWidth(g) {
				joinGrids(f.tables[n-1], g)
				continue
			}
			f.tables = append(f.tables, g)
			f.lastTableAt = len(f.paras)
		}
	}
}

func gridWidth(g *grid) int {
	w := 0
	for r := range g.cells {
		w = max(w, g.width(r))
	}
	return w
}

func joinGrids(a, b *grid) {
	off := len(a.cells)
	a.cells = append(a.cells, b.cells...)
	for _, m := range b.merges {
		a.merges = append(a.merges, mrange{m.r1 + off, m.c1, m.r2 + off, m.c2})
	}
}

// buildGrid lays a table's cells out on its column grid. A cell's text goes
// to its top-left position; the positions it spans (colspan, rowspan,
// vMerge continuation) stay empty, as loadGrids leaves merged xlsx ranges.
func buildGrid(t *docTable, name string) *grid {
	g := &grid{name: name, doc: true}
	type key struct{ r, c int }
	taken := map[key]bool{} // positions covered by an HTML rowspan from above
	open := map[int]int{}   // column → index in g.merges of an open Word vMerge
	rows := t.rows
	if len(rows) > maxDocRows {
		rows = rows[:maxDocRows]
	}
	set := func(r, c int, s string) {
		for len(g.cells[r]) <= c {
			g.cells[r] = append(g.cells[r], "")
		}
		g.cells[r][c] = s
	}
	for r, row := range rows {
		g.cells = append(g.cells, nil)
		c := min(max(row.before, 0), maxDocCols)
		for _, cell := range row.cells {
			for taken[key{r, c}] {
				c++
			}
			if c >= maxDocCols {
				break
			}
			span := min(max(cell.colspan, 1), maxDocCols-c)
			if cell.vmerge == vmContinue {
				if mi, ok := open[c]; ok {
					g.merges[mi].r2 = r
				}
				set(r, c, "")
				c += span
				continue
			}
			for cc := c; cc < c+span; cc++ {
				delete(open, cc)
			}
			set(r, c, cellText(cell.blocks))
			rs := min(max(cell.rowspan, 1), len(rows)-r)
			if span > 1 || rs > 1 || cell.vmerge == vmRestart {
				g.merges = append(g.merges, mrange{r, c, r + rs - 1, c + span - 1})
				if cell.vmerge == vmRestart {
					open[c] = len(g.merges) - 1
				}
			}
			for rr := r + 1; rr < r+rs; rr++ {
				for cc := c; cc < c+span; cc++ {
					taken[key{rr, cc}] = true
				}
			}
			c += span
		}
	}
	return g
}

// readDocFlow reads one report from a flattened document. The grid holding
// table 3 is primary; the other tables, then the paragraphs, are searched
// for tables 2 and 4 and the title. Text sections come from the
// paragraphs by their numbered headings.
func readDocFlow(f *docFlow, name string) (*Report, error) {
	var primary *grid
	var others []*grid
	for _, g := range f.tables {
		if primary == nil && len(findT3Anchors(g)) > 0 {
			primary = g
			continue
		}
		others = append(others, g)
	}
	if primary == nil {
		return nil, notReport(name)
	}
	text := &grid{name: "正文", doc: true, text: true}
	for _, p := range f.paras {
		text.cells = append(text.cells, []string{p.text})
	}
	others = append(others, text)
	r, err := readReport(primary, others, nil, name)
	if err != nil {
		return nil, err
	}
	docSections(f.paras, r)
	return r, nil
}

// docHeadingRE matches a top-level heading "一、总体情况" … "六、其他需要报告的
// 事项"; sub-headings are bracketed "（一）" and do not match.
var docHeadingRE = regexp.MustCompile(`^([一二三四五六])\s*[、，,.．]`)

// docSections fills the text sections from the paragraphs. A heading is a
// short paragraph numbered 一–六 in increasing order, so a numbered list
// inside a section ("一、存在问题" under 五) does not end it early; a
// section also ends where its layout container ends, so a CMS page's
// footer ("打印本页 关闭窗口") is not read as part of 六.
func docSections(paras []docBlock, r *Report) {
	field := map[int]*string{1: &r.Sections.Overview, 5: &r.Sections.Problems, 6: &r.Sections.Other}
	cur, scope := 0, -1
	var body []string
	flush := func() {
		if p, ok := field[cur]; ok && len(body) > 0 {
			*p = strings.Join(body, "\n")
		} else if cur >= 2 && cur <= 4 && len(body) > 0 {
			r.narrative = strings.TrimPrefix(r.narrative+"\n"+strings.Join(body, "\n"), "\n")
		}
		body = nil
	}
	for _, p := range paras {
		if m := docHeadingRE.FindStringSubmatch(p.text); m != nil && utf8.RuneCountInString(p.text) <= 40 {
			n := strings.Index("一二三四五六", m[1])/len("一") + 1
			if n > cur {
				flush()
				cur, scope = n, p.scope
				continue
			}
		}
		if cur == 0 {
			continue
		}
		if p.scope != scope {
			flush()
			cur = 7 // nothing after the report's own container is a section
			continue
		}
		body = append(body, p.text)
	}
	flush()
}

// readReportFile reads a whole report file (readReportBytes) with the
// reader of its format, which names the file in its messages.
func readReportFile(p string, read func(data []byte, name string) (*Report, error)) (*Report, error) {
	data, err := readReportBytes(p)
	if err != nil {
		return nil, err
	}
	return read(data, p)
}

// readReportBytes reads a whole report file of at most maxReportFileBytes.
func readReportBytes(p string) ([]byte, error) {
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("打开文件%s失败: %w", p, err)
	}
	if int64(len(data)) > maxReportFileBytes {
		return nil, tooLarge(p, int64(len(data)))
	}
	return data, nil
}

// tooLarge refuses a report file of size bytes, over maxReportFileBytes.
func tooLarge(p string, size int64) error {
	return fmt.Errorf("文件%s有 %d MB，超过年度报告的上限 %d MB，未读取", filepath.Base(p), size>>20, maxReportFileBytes>>20)
}

// ReadFile reads a report, choosing the reader by the file's content, not
// its name: offices rename files, save .html as .htm or .doc, and WPS
// writes .docx under other extensions.
func ReadFile(path string) (*Report, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("打开文件%s失败: %w", path, err)
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s是文件夹，请指定其中的报告文件", filepath.Base(path))
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s不是普通文件，无法读取", filepath.Base(path))
	}
	if st.Size() > maxReportFileBytes {
		return nil, tooLarge(path, st.Size())
	}
	head := make([]byte, 4096)
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("打开文件%s失败: %w", path, err)
	}
	n, _ := fh.Read(head)
	fh.Close()
	head = head[:n]
	switch sniff(head) {
	case kindZip:
		if isDOCX(path) {
			return ReadDOCX(path)
		}
		return ReadXLSX(path)
	case kindJSON:
		return readJSONFile(path)
	case kindHTML:
		return readReportFile(path, ReadHTMLBytes)
	case kindOLE:
		return nil, fmt.Errorf("%s是旧版Word/WPS/Excel文件（.doc/.wps/.xls），请另存为.docx或.xlsx后再检查", filepath.Base(path))
	case kindPDF:
		return readReportFile(path, ReadPDFBytes)
	}
	return nil, fmt.Errorf("%s: 无法识别的文件格式（支持.docx、.pdf、.html/.htm、.xlsx和JSON）", filepath.Base(path))
}

func readJSONFile(path string) (*Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("打开文件%s失败: %w", path, err)
	}
	defer f.Close()
	r, err := ReadJSON(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	return r, nil
}

type fileKind int

const (
	kindUnknown fileKind = iota
	kindZip
	kindJSON
	kindHTML
	kindOLE
	kindPDF
)

// sniff tells a file's kind from its first bytes.
func sniff(head []byte) fileKind {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return kindZip
	case bytes.HasPrefix(head, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")):
		return kindOLE
	case bytes.HasPrefix(head, []byte("%PDF")):
		return kindPDF
	}
	t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF")), " \t\r\n")
	if len(t) > 0 && t[0] == '{' {
		return kindJSON
	}
	low := bytes.ToLower(head)
	for _, tag := range []string{"<!doctype html", "<html", "<head", "<body", "<table", "<meta", "<p", "<div"} {
		if bytes.Contains(low, []byte(tag)) {
			return kindHTML
		}
	}
	// A UTF-16 page (Word's "网页" export can be) is not sniffed here; it
	// falls to the unknown-format message.
	return kindUnknown
}

// docAddress names a document cell as an office finds it: table, row and
// column of the table's grid (a merged cell is in the column where it
// starts, as it looks on the page).
func (g *grid) docAddress(r, c int) string {
	if g.text {
		return fmt.Sprintf("正文第%d段", r+1)
	}
	return fmt.Sprintf("%s第%d行第%d列", g.name, r+1, c+1)
}

// docNumberRE is a number as an office types it in a document table, after
// full-width forms are folded: digits, thousands separators in groups of
// three, one decimal part. Anything else (an exponent, "1 2", "1,2", a hex
// float) is not read, since reading it would be a guess.
var docNumberRE = regexp.MustCompile(`^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$`)

// Kinds of number notation that differ from the standard plain digits.
const (
	noteThousands = "千位分隔符"
	noteFullWidth = "全角数字"
	noteUnit      = "单位“件”或“万元”"
)

// parseDocCell reads a document cell strictly: like ParseCell, but a text
// that is not exactly one number (or a blank or "/" form) is an error, and
// the notations it had to fold are returned so they can be reported.
func parseDocCell(s string) (Cell, []string, error) {
	var notes []string
	full := false
	t := strings.Map(func(r rune) rune {
		switch {
		case r == '\u200b' || r == '\ufeff' || r == '\u00ad':
			return -1
		case r == '，':
			return ','
		case r == '\u3000':
			return ' '
		case r >= 0xFF01 && r <= 0xFF5E:
			if r >= '０' && r <= '９' {
				full = true
			}
			return r - 0xFEE0
		}
		return r
	}, s)
	t = strings.TrimSpace(t)
	switch t {
	case "":
		return BlankCell(), nil, nil
	case "/", "\\", "-", "--", "—", "——", "–", "─", "无":
		return NACell(), nil, nil
	}
	if u := strings.TrimSuffix(strings.TrimSuffix(t, "件"), "万元"); u != t {
		t = strings.TrimSpace(u)
		notes = append(notes, noteUnit)
	}
	if full {
		notes = append(notes, noteFullWidth)
	}
	if !docNumberRE.MatchString(t) {
		return Cell{}, nil, fmt.Errorf("“%s”无法读作一个数字，未读取（请改为阿拉伯数字，或填写“/”、0）", strings.TrimSpace(s))
	}
	// Beyond 15 significant digits a float64 no longer holds the number
	// written; no count or 万元 amount of a report is that long.
	if len(strings.TrimLeft(strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, t), "0")) > 15 {
		return Cell{}, nil, fmt.Errorf("“%s”位数过多，无法准确读取，未读取", strings.TrimSpace(s))
	}
	if strings.Contains(t, ",") {
		notes = append(notes, noteThousands)
		t = strings.ReplaceAll(t, ",", "")
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(v, 0) {
		return Cell{}, nil, fmt.Errorf("“%s”无法读作一个数字，未读取", strings.TrimSpace(s))
	}
	return N(v), notes, nil
}
