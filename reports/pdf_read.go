package reports

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// PDF reading. A published PDF has no tables, only characters placed on
// the page and the lines drawn between them. The table cells are rebuilt
// from the rulings, as the eye does (a "lattice"): the distinct x of the
// vertical rulings and y of the horizontal ones cut a table into a fine
// grid, and two neighbouring grid cells are one (merged) cell where no
// ruling separates them. Every character then belongs to the cell holding
// its centre, so a row label wrapped over two or six lines, a header
// spanning two or three levels and a number in a merged cell all read as
// in Word. The result is the same docTable the .docx and .html readers
// build, and the same label matching reads tables 二/三/四 from it.
//
// Text outside tables flows into paragraphs (for the title and the text
// sections), lines joined where the earlier line runs to the right margin.
// A table that a page break cut in two is joined again when it ends one
// page and starts the next at the same left and right edges. Page numbers
// in the margins are dropped.
//
// A page whose tables have no rulings (a web page printed without table
// borders) is read a second time from the text positions alone
// (pdf_stream.go), when the rulings gave no table 三.
//
// A PDF with no characters at all is a scan: it is refused with that
// reason, since reading numbers off an image would be a guess.

// ErrNoTextLayer is wrapped by the error for a PDF without text (a scan).
var ErrNoTextLayer = errors.New("PDF没有文字层")

// ErrUndecodableFont is wrapped by the error for a PDF whose text is in a
// font not embedded that nothing maps to characters.
var ErrUndecodableFont = errors.New("PDF字体无法解码")

// ReadPDFBytes reads a PDF held in memory; name is used in messages.
func ReadPDFBytes(data []byte, name string) (*Report, error) {
	base := filepath.Base(name)
	pages, err := pdfExtract(data)
	switch {
	case errors.Is(err, errPDFEncrypted):
		return nil, fmt.Errorf("%s是加密的PDF，需要密码才能打开，无法读取；请提供未加密的版本", base)
	case errors.Is(err, errPDFTooBig):
		return nil, fmt.Errorf("%s: %v，未读取", base, err)
	case errors.Is(err, errPDFOpen):
		return nil, fmt.Errorf("无法打开PDF文件%s：文件已损坏或不是PDF格式", base)
	case err != nil:
		return nil, fmt.Errorf("读取PDF文件%s失败（文件可能已损坏）: %w", base, err)
	}
	chars, unmapped, lost := 0, 0, 0
	var lostPages []string
	for i, p := range pages {
		chars += len(p.chars)
		unmapped += p.unmapped
		lost += p.lost
		if p.lost > 0 && len(lostPages) < 3 {
			lostPages = append(lostPages, fmt.Sprintf("第%d页", i+1))
		}
	}
	if lost > 0 {
		// A character left out could be a digit of a number: the report is
		// not read in part.
		return nil, fmt.Errorf("%s: %w：%s有%d个字符使用了PDF中没有嵌入的字体，该字体既没有Unicode映射（ToUnicode），也不是能识别的中文编码（如GBK-EUC-H、UniGB-UCS2-H），无法还原为汉字和数字；请提供报告的.docx、网页版本，或导出PDF时选择嵌入字体",
			base, ErrUndecodableFont, strings.Join(lostPages, "、"), lost)
	}
	if chars == 0 && unmapped == 0 {
		return nil, fmt.Errorf("%s: %w：这是扫描件或图片生成的PDF，页面上只有图像、没有可提取的文字，无法读取表格数字（本程序不做文字识别）；请提供由Word、WPS导出的PDF，或报告的.docx、网页版本", base, ErrNoTextLayer)
	}
	unmappedErr := fmt.Errorf("%s: %w：PDF中的文字使用了没有Unicode映射（ToUnicode）的字体，无法还原为汉字和数字；请提供报告的.docx、网页版本，或用Word、WPS重新导出PDF", base, ErrNoTextLayer)
	if chars == 0 || unmapped > chars {
		return nil, unmappedErr
	}
	r, err := readDocFlow(pdfFlow(pages, false), name)
	if errors.Is(err, ErrNotReport) {
		// No ruled table 三: a second look for tables without rulings.
		if r2, err2 := readDocFlow(pdfFlow(pages, true), name); err2 == nil || !errors.Is(err2, ErrNotReport) {
			return r2, err2
		}
		if unmapped > 0 {
			// What is missing may be what could not be decoded.
			return nil, unmappedErr
		}
	}
	if err != nil {
		return nil, err
	}
	return r, nil
}

// Geometry tolerances, in points (1/72 inch).
const (
	pdfSnap = 2.0 // rulings within this distance touch
	// pdfGap: grid lines closer than this are one line. No text fits in a
	// band this narrow; HTML tables printed by a browser draw each cell's
	// border apart from its neighbour's (cellspacing), two lines 1–3 pt
	// apart that are one border to the eye.
	pdfGap = 4.5
)

// pdfTable is one ruled table on a page (or, once joined, over pages).
type pdfTable struct {
	page           int // where it starts, 1-based
	segs           []pdfSeg
	seams          []float64 // y where a continuation on the next page was joined
	chars          []pdfChar
	x0, y0, x1, y1 float64
}

// pdfLine is a line of text outside tables.
type pdfLine struct {
	page           int
	text           string
	x0, y0, x1, y1 float64
	chars          []pdfChar // left to right
}

func (l pdfLine) height() float64 { return l.y1 - l.y0 }

// pdfItem is a table or a line of text, in page order, or (in the second
// look) lines of text making a table without rulings.
type pdfItem struct {
	tbl   *pdfTable
	line  *pdfLine
	lines []*pdfLine
}

func (it pdfItem) top() float64 {
	if it.tbl != nil {
		return it.tbl.y0
	}
	return it.line.y0
}

// pdfFlow turns the pages into the paragraphs and table grids that
// readDocFlow reads; with stream, lines of text standing in columns are
// read as tables too (pdf_stream.go).
func pdfFlow(pages []pdfPage, stream bool) *docFlow {
	var items []pdfItem
	var left, right []float64 // text margins per page
	running := runningLines(pages)
	for pi, p := range pages {
		tables := pdfTables(p.segs)
		var free []pdfChar
		for _, c := range p.chars {
			cx, cy := (c.x0+c.x1)/2, (c.y0+c.y1)/2
			var in *pdfTable
			for _, t := range tables {
				if cx >= t.x0 && cx <= t.x1 && cy >= t.y0 && cy <= t.y1 &&
					(in == nil || (t.x1-t.x0)*(t.y1-t.y0) < (in.x1-in.x0)*(in.y1-in.y0)) {
					in = t
				}
			}
			if in != nil {
				in.chars = append(in.chars, c)
			} else {
				free = append(free, c)
			}
		}
		var pageItems []pdfItem
		for _, t := range tables {
			t.page = pi + 1
			pageItems = append(pageItems, pdfItem{tbl: t})
		}
		l, r := math.Inf(1), math.Inf(-1)
		for _, ln := range textLines(free) {
			ln := ln
			ln.page = pi + 1
			if pageFurniture(ln, p) || inMargin(ln, p) && running[marginKey(ln.text)] {
				continue
			}
			l, r = math.Min(l, ln.x0), math.Max(r, ln.x1)
			pageItems = append(pageItems, pdfItem{line: &ln})
		}
		left, right = append(left, l), append(right, r)
		sort.SliceStable(pageItems, func(i, j int) bool { return pageItems[i].top() < pageItems[j].top() })
		for _, it := range pageItems {
			// A table that ended the previous page and starts this one at
			// the same edges is its continuation.
			if n := len(items); n > 0 && it.tbl != nil && items[n-1].tbl != nil && it.tbl == pageItems[0].tbl &&
				items[n-1].tbl.page < it.tbl.page && math.Abs(items[n-1].tbl.x0-it.tbl.x0) < 3*pdfSnap &&
				math.Abs(items[n-1].tbl.x1-it.tbl.x1) < 3*pdfSnap {
				joinPDFTables(items[n-1].tbl, it.tbl)
				continue
			}
			items = append(items, it)
		}
	}

	if stream {
		items = streamBlocks(items)
	}
	f := &docFlow{}
	perPage := map[int]int{}
	for _, it := range items {
		if it.tbl != nil {
			perPage[it.tbl.page]++
		}
	}
	seen := map[int]int{}
	var prev *pdfLine
	for _, it := range items {
		if it.lines != nil {
			prev = nil
			if tb := streamTable(it.lines); tb != nil {
				if g := buildGrid(tb, fmt.Sprintf("第%d页文字表格", it.lines[0].page)); len(g.cells) > 0 {
					f.tables = append(f.tables, g)
				}
			}
			continue
		}
		if it.tbl != nil {
			prev = nil
			tb := it.tbl.docTable()
			if tb == nil {
				continue
			}
			seen[it.tbl.page]++
			name := fmt.Sprintf("第%d页表格", it.tbl.page)
			if perPage[it.tbl.page] > 1 {
				name = fmt.Sprintf("第%d页第%d个表格", it.tbl.page, seen[it.tbl.page])
			}
			if g := buildGrid(tb, name); len(g.cells) > 0 {
				f.tables = append(f.tables, g)
			}
			continue
		}
		ln := it.line
		if prev != nil && !newParagraph(prev, ln, left[prev.page-1], right[prev.page-1], left[ln.page-1]) {
			p := &f.paras[len(f.paras)-1]
			p.text = joinWrapped(p.text, ln.text)
		} else {
			f.paras = append(f.paras, docBlock{text: ln.text})
		}
		prev = ln
	}
	f.paras = withoutSiteFooter(f.paras)
	return f
}

// siteFooterRE matches the footer of a government site's page, which a
// browser prints below the article: the HTML reader leaves it out as
// another layout container, a printed page has only its text.
var siteFooterRE = regexp.MustCompile(`打印本页|关闭窗口|网站标识码|ICP备|版权所有|主办单位|主办：`)

// withoutSiteFooter drops a printed page's footer and what follows it, once
// the report's last section (六) has begun.
func withoutSiteFooter(ps []docBlock) []docBlock {
	six := false
	for i, p := range ps {
		if m := docHeadingRE.FindStringSubmatch(p.text); m != nil && m[1] == "六" {
			six = true
		}
		if six && siteFooterRE.MatchString(p.text) {
			return ps[:i]
		}
	}
	return ps
}

// newParagraph tells whether line b starts a paragraph after line a.
func newParagraph(a, b *pdfLine, leftA, rightA, leftB float64) bool {
	h := math.Max(a.height(), b.height())
	switch {
	case docHeadingRE.MatchString(b.text) || subHeadingRE.MatchString(b.text):
		return true
	case a.page == b.page && b.y0-a.y1 > 0.7*h:
		return true // paragraph spacing
	case math.Abs(a.height()-b.height()) > 0.2*h:
		return true // another font size
	case a.x1 < rightA-2*a.height():
		return true // a ended short of the margin
	case b.x0 > leftB+1.2*b.height():
		return true // b is indented (or centred)
	}
	return false
}

var subHeadingRE = regexp.MustCompile(`^[（(][一二三四五六七八九十]+[)）]`)

// joinWrapped joins a line to the paragraph it continues. Chinese text
// wraps between any two characters with no space; Latin words wrap at a
// space, which is put back.
func joinWrapped(a, b string) string {
	ra, _ := utf8.DecodeLastRuneInString(a)
	rb, _ := utf8.DecodeRuneInString(b)
	if ra < utf8.RuneSelf && rb < utf8.RuneSelf && unicode.IsLetter(ra) && unicode.IsLetter(rb) {
		return a + " " + b
	}
	return a + b
}

// pageNumberRE matches what page headers and footers print: "- 3 -",
// "3", "第3页", "第 3 页 共 12 页", "3/12".
var pageNumberRE = regexp.MustCompile(`^[-—–\s]*(?:\d+|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)[-—–\s]*$`)

// inMargin: a line in the top or bottom tenth of its page.
func inMargin(l pdfLine, p pdfPage) bool { return l.y1 < 0.1*p.h || l.y0 > 0.9*p.h }

// marginKey is a line's text with its digits blotted, so that "第1页" and
// "第2页" are the same running line.
func marginKey(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '#'
		}
		return r
	}, strings.Join(strings.Fields(s), ""))
}

// runningLines finds the page headers and footers Word and WPS repeat (the
// office's name, the report's title, "第 n 页"): a line in the margins of
// two pages or more. Left in, they would cut a table that runs onto the
// next page in two, and end up in the text sections.
func runningLines(pages []pdfPage) map[string]bool {
	count := map[string]int{}
	for _, p := range pages {
		var edge []pdfChar
		for _, c := range p.chars {
			if cy := (c.y0 + c.y1) / 2; cy < 0.1*p.h || cy > 0.9*p.h {
				edge = append(edge, c)
			}
		}
		seen := map[string]bool{}
		for _, l := range textLines(edge) {
			if k := marginKey(l.text); !seen[k] {
				seen[k] = true
				count[k]++
			}
		}
	}
	out := map[string]bool{}
	for k, n := range count {
		if n >= 2 {
			out[k] = true
		}
	}
	return out
}

// pageFurniture: a page number in the top or bottom margin.
func pageFurniture(l pdfLine, p pdfPage) bool {
	return pageNumberRE.MatchString(l.text) && (l.y0 > 0.85*p.h || l.y1 < 0.12*p.h)
}

// textLines groups characters into lines: by the vertical middle of their
// boxes, then left to right, with a space where the gap is wider than a
// third of the line's height (spaces themselves are not taken from the
// PDF, whose writers and PDFium place them inconsistently).
func textLines(cs []pdfChar) []pdfLine {
	if len(cs) == 0 {
		return nil
	}
	cs = append([]pdfChar(nil), cs...)
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].y0+cs[i].y1 < cs[j].y0+cs[j].y1 })
	var groups [][]pdfChar
	var mid, h float64
	for _, c := range cs {
		cm, ch := (c.y0+c.y1)/2, c.y1-c.y0
		if n := len(groups); n > 0 && math.Abs(cm-mid) <= 0.4*math.Max(math.Min(h, ch), 1) {
			groups[n-1] = append(groups[n-1], c)
			continue
		}
		groups = append(groups, []pdfChar{c})
		mid, h = cm, ch
	}
	var out []pdfLine
	for _, g := range groups {
		out = append(out, lineOf(g))
	}
	return out
}

func lineOf(g []pdfChar) pdfLine {
	sort.SliceStable(g, func(i, j int) bool { return g[i].x0 < g[j].x0 })
	l := pdfLine{x0: math.Inf(1), y0: math.Inf(1), x1: math.Inf(-1), y1: math.Inf(-1)}
	var b strings.Builder
	var last *pdfChar
	for i := range g {
		c := &g[i]
		h := c.y1 - c.y0
		if last != nil {
			// Fake bold prints a character twice, slightly shifted.
			if c.r == last.r && math.Abs(c.x0-last.x0) < 0.3*math.Max(c.x1-c.x0, 0.5) {
				continue
			}
			if c.x0-last.x1 > h/3 {
				b.WriteByte(' ')
			}
		}
		b.WriteRune(c.r)
		l.x0, l.y0 = math.Min(l.x0, c.x0), math.Min(l.y0, c.y0)
		l.x1, l.y1 = math.Max(l.x1, c.x1), math.Max(l.y1, c.y1)
		last = c
	}
	l.text = b.String()
	l.chars = g
	return l
}

// Tables ---------------------------------------------------------------------

// unionFind is a disjoint-set forest over 0…n-1 (path halving): the
// rulings that touch form one table, the grid cells no ruling parts one
// merged cell.
type unionFind []int

func newUnionFind(n int) unionFind {
	u := make(unionFind, n)
	for i := range u {
		u[i] = i
	}
	return u
}

func (u unionFind) find(i int) int {
	for u[i] != i {
		u[i] = u[u[i]]
		i = u[i]
	}
	return i
}

// union joins the sets of a and b under b's root.
func (u unionFind) union(a, b int) { u[u.find(a)] = u.find(b) }

// pdfTables finds the ruled tables of a page: rulings that touch or cross
// form one table.
func pdfTables(segs []pdfSeg) []*pdfTable {
	n := len(segs)
	sets := newUnionFind(n)
	touch := func(a, b pdfSeg) bool {
		return a.x0 <= b.x1+pdfSnap && b.x0 <= a.x1+pdfSnap && a.y0 <= b.y1+pdfSnap && b.y0 <= a.y1+pdfSnap
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	// Sweep by left edge so that only segments overlapping in x are paired.
	sort.Slice(idx, func(i, j int) bool { return segs[idx[i]].x0 < segs[idx[j]].x0 })
	for a := 0; a < n; a++ {
		sa := segs[idx[a]]
		for b := a + 1; b < n; b++ {
			sb := segs[idx[b]]
			if sb.x0 > sa.x1+pdfSnap {
				break
			}
			if touch(sa, sb) {
				sets.union(idx[a], idx[b])
			}
		}
	}
	byRoot := map[int]*pdfTable{}
	var out []*pdfTable
	for i, s := range segs {
		r := sets.find(i)
		t := byRoot[r]
		if t == nil {
			t = &pdfTable{x0: s.x0, y0: s.y0, x1: s.x1, y1: s.y1}
			byRoot[r] = t
			out = append(out, t)
		}
		t.segs = append(t.segs, s)
		t.x0, t.y0 = math.Min(t.x0, s.x0), math.Min(t.y0, s.y0)
		t.x1, t.y1 = math.Max(t.x1, s.x1), math.Max(t.y1, s.y1)
	}
	// Lines that enclose no cells (an underline, a rule under a heading, a
	// box around a paragraph) are no table.
	keep := out[:0]
	for _, t := range out {
		if latticeOf(t.segs) != nil {
			keep = append(keep, t)
		}
	}
	return keep
}

// joinPDFTables appends b, the continuation of a on the next page, below
// a: b's top ruling lands on a's bottom one.
func joinPDFTables(a, b *pdfTable) {
	dy := a.y1 - b.y0
	a.seams = append(a.seams, a.y1)
	for _, s := range b.segs {
		a.segs = append(a.segs, pdfSeg{s.x0, s.y0 + dy, s.x1, s.y1 + dy})
	}
	for _, c := range b.chars {
		c.y0 += dy
		c.y1 += dy
		a.chars = append(a.chars, c)
	}
	a.x0, a.x1 = math.Min(a.x0, b.x0), math.Max(a.x1, b.x1)
	a.y1 = b.y1 + dy
}

// snapValues clusters coordinates closer than pdfGap and returns the
// cluster means in order.
func snapValues(vs []float64) []float64 {
	sort.Float64s(vs)
	var out []float64
	sum, n := 0.0, 0
	for i, v := range vs {
		if i > 0 && v-vs[i-1] > pdfGap {
			out = append(out, sum/float64(n))
			sum, n = 0, 0
		}
		sum += v
		n++
	}
	if n > 0 {
		out = append(out, sum/float64(n))
	}
	return out
}

// nearest returns the index of the value in vs closest to v.
func nearest(vs []float64, v float64) int {
	i := sort.SearchFloat64s(vs, v)
	if i == len(vs) || (i > 0 && v-vs[i-1] < vs[i]-v) {
		i--
	}
	return i
}

// cover holds, per grid line, the intervals its rulings cover, sorted and
// joined once built (a dashed line is many short rulings).
type cover [][][2]float64

func (cv cover) add(line int, a, b float64) { cv[line] = append(cv[line], [2]float64{a, b}) }

func (cv cover) build() {
	for i, ivs := range cv {
		sort.Slice(ivs, func(a, b int) bool { return ivs[a][0] < ivs[b][0] })
		out := ivs[:0]
		for _, iv := range ivs {
			if n := len(out); n > 0 && iv[0] <= out[n-1][1]+pdfGap {
				out[n-1][1] = math.Max(out[n-1][1], iv[1])
				continue
			}
			out = append(out, iv)
		}
		cv[i] = out
	}
}

func (cv cover) has(line int, v float64) bool {
	ivs := cv[line]
	k := sort.Search(len(ivs), func(i int) bool { return ivs[i][1]+pdfGap >= v })
	return k < len(ivs) && v >= ivs[k][0]-pdfGap
}

// lattice is a table's grid: the distinct x of its vertical rulings and y
// of its horizontal ones, and the cells (boxes of grid cells) they enclose.
type lattice struct {
	xs, ys []float64
	boxes  []*cellBox
	at     []*cellBox // grid cell (row-major) → its cell
}

type cellBox struct{ r1, c1, r2, c2 int }

// latticeOf rebuilds a table's cells from its rulings; nil when they
// enclose a single cell (a box around text is no table).
func latticeOf(segs []pdfSeg) *lattice {
	var xv, yv []float64
	for _, s := range segs {
		if s.horizontal() {
			yv = append(yv, s.y0)
		} else {
			xv = append(xv, s.x0)
		}
	}
	xs, ys := snapValues(xv), snapValues(yv)
	if len(xs) < 2 || len(ys) < 2 || len(xs) > maxDocCols+1 || len(ys) > maxDocRows+1 {
		return nil
	}
	vcov, hcov := make(cover, len(xs)), make(cover, len(ys))
	for _, s := range segs {
		if s.horizontal() {
			hcov.add(nearest(ys, s.y0), s.x0, s.x1)
		} else {
			vcov.add(nearest(xs, s.x0), s.y0, s.y1)
		}
	}
	vcov.build()
	hcov.build()
	R, C := len(ys)-1, len(xs)-1
	sets := newUnionFind(R * C)
	for i := 0; i < R; i++ {
		ym := (ys[i] + ys[i+1]) / 2
		for j := 0; j < C; j++ {
			xm := (xs[j] + xs[j+1]) / 2
			if j+1 < C && !vcov.has(j+1, ym) {
				sets.union(i*C+j, i*C+j+1)
			}
			if i+1 < R && !hcov.has(i+1, xm) {
				sets.union(i*C+j, (i+1)*C+j)
			}
		}
	}
	// Each merged cell is the bounding box of its grid cells; boxes that
	// overlap (rulings missing in an L shape) become one, so that the
	// cells tile the grid and every cell keeps its column.
	byRoot := map[int]*cellBox{}
	var boxes []*cellBox
	for i := 0; i < R; i++ {
		for j := 0; j < C; j++ {
			r := sets.find(i*C + j)
			if b := byRoot[r]; b == nil {
				b = &cellBox{i, j, i, j}
				byRoot[r] = b
				boxes = append(boxes, b)
			} else {
				b.r1, b.c1, b.r2, b.c2 = min(b.r1, i), min(b.c1, j), max(b.r2, i), max(b.c2, j)
			}
		}
	}
	// Each pass claims grid cells box by box; a box finding a cell claimed
	// is folded into the claimant. Real tables need one or two passes.
	claim := make([]int, R*C)
	for pass := 0; ; pass++ {
		if pass > 50 {
			return nil
		}
		for i := range claim {
			claim[i] = -1
		}
		merged := false
		for bi := 0; bi < len(boxes); bi++ {
			b := boxes[bi]
			into := -1
		scan:
			for i := b.r1; i <= b.r2; i++ {
				for j := b.c1; j <= b.c2; j++ {
					if k := claim[i*C+j]; k >= 0 {
						into = k
						break scan
					}
				}
			}
			if into < 0 {
				for i := b.r1; i <= b.r2; i++ {
					for j := b.c1; j <= b.c2; j++ {
						claim[i*C+j] = bi
					}
				}
				continue
			}
			p := boxes[into]
			*p = cellBox{min(p.r1, b.r1), min(p.c1, b.c1), max(p.r2, b.r2), max(p.c2, b.c2)}
			boxes = append(boxes[:bi], boxes[bi+1:]...)
			bi--
			merged = true
		}
		if !merged {
			break
		}
	}
	if len(boxes) < 2 {
		return nil
	}
	l := &lattice{xs: xs, ys: ys, boxes: boxes, at: make([]*cellBox, R*C)}
	for _, b := range boxes {
		for i := b.r1; i <= b.r2; i++ {
			for j := b.c1; j <= b.c2; j++ {
				l.at[i*C+j] = b
			}
		}
	}
	return l
}

// docTable lays the table's characters out in its cells: each goes to the
// cell holding its centre. A row that a page break cut in two (Word and
// LibreOffice let a row break across pages) is made one again.
func (t *pdfTable) docTable() *docTable {
	segs := t.segs
	for _, seam := range t.seams {
		l := latticeOf(segs)
		if l == nil {
			return nil
		}
		if i := nearest(l.ys, seam); math.Abs(l.ys[i]-seam) <= pdfSnap && i > 0 && i < len(l.ys)-1 &&
			rowContinues(l.cellTexts(t.chars), l, i-1) {
			var kept []pdfSeg
			for _, s := range segs {
				if !(s.horizontal() && math.Abs(s.y0-l.ys[i]) <= pdfSnap) {
					kept = append(kept, s)
				}
			}
			segs = kept
		}
	}
	l := latticeOf(segs)
	if l == nil {
		return nil
	}
	text := l.cellTexts(t.chars)
	boxes := append([]*cellBox(nil), l.boxes...)
	sort.Slice(boxes, func(a, b int) bool {
		if boxes[a].r1 != boxes[b].r1 {
			return boxes[a].r1 < boxes[b].r1
		}
		return boxes[a].c1 < boxes[b].c1
	})
	tb := &docTable{rows: make([]docRow, len(l.ys)-1)}
	for _, b := range boxes {
		tb.rows[b.r1].cells = append(tb.rows[b.r1].cells, docCell{
			blocks:  []docBlock{{text: text[b]}},
			colspan: b.c2 - b.c1 + 1,
			rowspan: b.r2 - b.r1 + 1,
		})
	}
	return tb
}

// cellTexts gives each cell its characters' text, line by line.
func (l *lattice) cellTexts(chars []pdfChar) map[*cellBox]string {
	xs, ys := l.xs, l.ys
	R, C := len(ys)-1, len(xs)-1
	in := map[*cellBox][]pdfChar{}
	for _, c := range chars {
		cx, cy := (c.x0+c.x1)/2, (c.y0+c.y1)/2
		if cx < xs[0] || cx > xs[C] || cy < ys[0] || cy > ys[R] {
			continue
		}
		i := min(max(sort.SearchFloat64s(ys, cy)-1, 0), R-1)
		j := min(max(sort.SearchFloat64s(xs, cx)-1, 0), C-1)
		b := l.at[i*C+j]
		in[b] = append(in[b], c)
	}
	out := map[*cellBox]string{}
	for b, cs := range in {
		var lines []string
		for _, ln := range textLines(cs) {
			lines = append(lines, ln.text)
		}
		out[b] = strings.Join(lines, "\n")
	}
	return out
}

// rowContinues tells whether grid row i+1, the first on a new page, is the
// rest of row i rather than a row of its own (or a header row repeated on
// the new page): its cells span the same columns as the cells above them,
// no value is continued by more text, and no text in it starts with a row
// number ("7.", "（七）", "四、").
func rowContinues(text map[*cellBox]string, l *lattice, i int) bool {
	C := len(l.xs) - 1
	any := false
	for j := 0; j < C; j++ {
		up, down := l.at[i*C+j], l.at[(i+1)*C+j]
		if up == down || down.c1 != j {
			continue // merged across the seam already, or seen
		}
		if up.c1 != down.c1 || up.c2 != down.c2 {
			return false
		}
		u, d := strings.TrimSpace(text[up]), strings.TrimSpace(text[down])
		if d == "" {
			continue
		}
		any = true
		if num, _ := splitNumbering(d); num != "" {
			return false
		}
		if u != "" {
			if c, _, err := parseDocCell(u); err == nil && c.State != Blank {
				return false // a value is not continued on the next page
			}
		}
	}
	return any
}
