package reports

import (
	"math"
	"sort"
	"strings"
)

// Tables without rulings. A web page whose CMS dropped the table borders
// prints as text placed in columns, no lines drawn. When the ruled tables
// hold no table 三, the reader looks again at the lines of text: a run of
// lines with two or more separate pieces of text ("runs") is a table;
// its value columns are where the numbers stand (a number in a column of
// its own, "/" and "—" included), the header texts are put in the column
// under which they stand, and what stands left of the first value column
// is row labels. Rows are the lines, with three repairs that the ruled
// reader gets from the rulings:
//
//   - a label wrapped over two or more lines is joined again: a piece of
//     label text that does not start a row (no row number "1." "（三）"
//     "四、", no known label such as 行政许可) continues the label above it
//     that is not yet a known label;
//   - numbers printed beside a two-line label, between its lines, join the
//     row of that label;
//   - header lines become one row per level: a header spanning several
//     columns (申请人情况, 行政诉讼) a row of its own, placed at its first
//     column as a merged cell is, and the column names below them, wrapped
//     or not, one row.
//
// The labels known to the table readers decide only where a label ends;
// numbers are never moved between columns by them.

// pdfRun is a piece of a line set apart from the next by a gap.
type pdfRun struct {
	text           string
	x0, x1, y0, y1 float64
}

// runsOf splits a line where the gap between characters is wider than a
// quarter of its height: the padding between two cells (a browser's
// default is 3 px a side), wider than the space between two Latin words;
// Chinese text and numbers have none.
func runsOf(l *pdfLine) []pdfRun {
	var out []pdfRun
	var b strings.Builder
	var cur pdfRun
	h := l.height()
	var last *pdfChar
	for i := range l.chars {
		c := &l.chars[i]
		if last != nil && c.r == last.r && math.Abs(c.x0-last.x0) < 0.3*math.Max(c.x1-c.x0, 0.5) {
			continue
		}
		if last != nil && c.x0-last.x1 > h/4 {
			cur.text = b.String()
			out = append(out, cur)
			b.Reset()
			last = nil
		}
		if last == nil {
			cur = pdfRun{x0: c.x0, y0: l.y0, y1: l.y1}
		}
		b.WriteRune(c.r)
		cur.x1 = math.Max(cur.x1, c.x1)
		last = c
	}
	if last != nil {
		cur.text = b.String()
		out = append(out, cur)
	}
	return out
}

// knownLabel: a complete row or header label of tables 二–四.
func knownLabel(s string) bool {
	if _, ok := t3Labels.lookup(s); ok {
		return true
	}
	if _, ok := t2RowLabels[normLabel(s)]; ok && strings.TrimSpace(s) != "" {
		return true
	}
	if _, ok := t4Blocks.lookup(s); ok {
		return true
	}
	return false
}

// startsRow: label text that begins a row rather than continuing one.
func startsRow(s string) bool {
	if num, _ := splitNumbering(s); num != "" {
		return true
	}
	return knownLabel(s)
}

func isValue(s string) bool {
	c, _, err := parseDocCell(s)
	return err == nil && c.State != Blank
}

// streamTable rebuilds a table from lines of positioned text; nil when no
// column of numbers is found.
func streamTable(lines []*pdfLine) *docTable {
	runs := make([][]pdfRun, len(lines))
	for i, l := range lines {
		runs[i] = runsOf(l)
	}
	// Columns: where the numbers stand (the first run of a line is its
	// label, unless every run is a number) and where the column names stand
	// on the header lines, less the headers standing over several columns
	// (申请人情况, 行政诉讼): those over the middles of two or more other
	// runs that are apart from each other.
	labelRight := math.Inf(-1)
	valueLine := make([]bool, len(runs))
	for i, rs := range runs {
		all := true
		for _, r := range rs {
			all = all && isValue(r.text)
		}
		for k, r := range rs {
			if (k > 0 || all) && isValue(r.text) {
				valueLine[i] = true
			}
		}
		if !all && len(rs) > 1 && isValue(rs[1].text) {
			labelRight = math.Max(labelRight, rs[0].x1)
		}
	}
	type cand struct {
		line int
		r    pdfRun
	}
	var cands []cand
	for i, rs := range runs {
		for k, r := range rs {
			switch {
			case valueLine[i] && (k > 0 || len(rs) == 1 || isValue(rs[0].text)) && isValue(r.text):
				cands = append(cands, cand{i, r})
			case !valueLine[i] && r.x0 > labelRight:
				cands = append(cands, cand{i, r})
			}
		}
	}
	var spans [][2]float64
	for _, c := range cands {
		var mids []float64
		for _, o := range cands {
			if m := (o.r.x0 + o.r.x1) / 2; o.line != c.line && c.r.x0 <= m && m <= c.r.x1 {
				mids = append(mids, m)
			}
		}
		sort.Float64s(mids)
		apart := 0
		for k := range mids {
			if k == 0 || mids[k]-mids[k-1] > 6 {
				apart++
			}
		}
		if apart < 2 {
			spans = append(spans, [2]float64{c.r.x0, c.r.x1})
		}
	}
	if len(spans) == 0 {
		return nil
	}
	sort.Slice(spans, func(a, b int) bool { return spans[a][0] < spans[b][0] })
	var bands [][2]float64
	for _, s := range spans {
		if n := len(bands); n > 0 && s[0] <= bands[n-1][1]+1 {
			bands[n-1][1] = math.Max(bands[n-1][1], s[1])
			continue
		}
		bands = append(bands, s)
	}
	if len(bands) > maxDocCols/2 {
		return nil
	}
	// Each column reaches halfway to its neighbours; the label area ends
	// halfway between the labels and the first column.
	edges := make([]float64, len(bands)+1)
	edges[0] = bands[0][0] - 1
	if labelRight < bands[0][0] {
		edges[0] = (labelRight + bands[0][0]) / 2
	}
	for i := 1; i < len(bands); i++ {
		edges[i] = (bands[i-1][1] + bands[i][0]) / 2
	}
	edges[len(bands)] = math.Inf(1)
	// column of a run: -1 for the label area, else the first column it
	// stands over; spans > 1 for a header over the middle of several.
	column := func(r pdfRun) (col, spans int) {
		if r.x1 <= edges[0]+1 || r.x0 < labelRight-1 {
			return -1, 0 // in, or starting in, the label area
		}
		first, n := -1, 0
		for i, b := range bands {
			if mid := (b[0] + b[1]) / 2; r.x0 <= mid && mid <= r.x1 {
				if first < 0 {
					first = i
				}
				n++
			}
		}
		if first < 0 {
			// Over no column's middle: the column whose range holds its
			// centre.
			c := (r.x0 + r.x1) / 2
			first = max(sort.SearchFloat64s(edges, c)-1, 0)
			first = min(first, len(bands)-1)
		}
		return first, n
	}

	type row = streamRow
	type slot = streamSlot
	var rows []*row
	appendText := func(m map[int]string, c int, s string) {
		if m[c] != "" {
			m[c] += "\n"
		}
		m[c] += s
	}
	var leaf *row // the open row of column names
	// The levels above it: rows with the y of the header text they hold.
	var levels []*row
	levelY := map[*row]float64{}
	lastY := map[int]float64{} // column → bottom of the name gathered so far
	above := func(c int, text string, y, h float64) {
		for _, lr := range levels {
			if math.Abs(levelY[lr]-y) < h/2 && lr.vals[c] == "" {
				lr.vals[c] = text
				return
			}
		}
		lr := &row{vals: map[int]string{c: text}}
		levelY[lr] = y
		levels = append(levels, lr)
		sort.SliceStable(levels, func(a, b int) bool { return levelY[levels[a]] < levelY[levels[b]] })
		// The levels, in order, right above the names.
		at := len(rows) - 1
		for at > 0 && levelY[rows[at-1]] != 0 {
			at--
		}
		rows = append(rows[:at], append(append([]*row(nil), levels...), leaf)...)
	}
	for _, rs := range runs {
		var lab []pdfRun
		vals := map[int]pdfRun{}
		var spanning []pdfRun
		var spanCols []int
		hasValue, hasHeader := false, false
		for _, r := range rs {
			c, n := column(r)
			switch {
			case c < 0:
				lab = append(lab, r)
			case isValue(r.text):
				if v, ok := vals[c]; ok {
					r.text = v.text + "\n" + r.text
				}
				vals[c] = r
				hasValue = true
			case n > 1:
				spanning, spanCols = append(spanning, r), append(spanCols, c)
				hasHeader = true
			default:
				if v, ok := vals[c]; ok {
					r.text = v.text + "\n" + r.text
				}
				vals[c] = r
				hasHeader = true
			}
		}
		if hasHeader && !hasValue {
			// A header line: a header spanning columns is a level above the
			// column names; a name is gathered with the text above it in its
			// column when it follows it closely (a wrapped name), and that
			// text is a level above otherwise (行政诉讼 over its columns).
			if leaf == nil {
				leaf = &row{vals: map[int]string{}}
				rows = append(rows, leaf)
				levels, lastY = nil, map[int]float64{}
			}
			for k, r := range spanning {
				above(spanCols[k], r.text, r.y0, r.y1-r.y0)
			}
			for c, r := range vals {
				h := r.y1 - r.y0
				if y, ok := lastY[c]; ok && r.y0-y > 0.6*h {
					above(c, leaf.vals[c], y-h, h)
					delete(leaf.vals, c)
				}
				appendText(leaf.vals, c, r.text)
				lastY[c] = r.y1
			}
			for _, r := range lab {
				leaf.labels = mergeSlot(leaf.labels, r)
			}
			continue
		}
		leaf = nil
		// Label pieces: a piece that starts no row continues the nearest
		// unfinished label above it that it stands under.
		var cur *row
		for _, r := range lab {
			if !startsRow(r.text) {
				if cont := continued(rows, r); cont != nil {
					*cont = slot{cont.text + r.text, math.Min(cont.x0, r.x0), math.Max(cont.x1, r.x1)}
					continue
				}
			}
			if cur == nil {
				cur = &row{vals: map[int]string{}, filled: true}
				rows = append(rows, cur)
			}
			cur.labels = append(cur.labels, slot{r.text, r.x0, r.x1})
		}
		if !hasValue {
			continue
		}
		if cur == nil {
			// Numbers with no label of their own: beside a label wrapped
			// round them, they belong to its row, if it has none yet.
			if n := len(rows); n > 0 && rows[n-1].filled && len(rows[n-1].labels) > 0 && len(rows[n-1].vals) == 0 {
				cur = rows[n-1]
			} else {
				cur = &row{vals: map[int]string{}, filled: true}
				rows = append(rows, cur)
			}
		}
		for c, r := range vals {
			appendText(cur.vals, c, r.text)
		}
	}

	nlab := 0
	for _, r := range rows {
		nlab = max(nlab, len(r.labels))
	}
	nlab = min(max(nlab, 1), 4)
	tb := &docTable{}
	for _, r := range rows {
		var dr docRow
		for k := 0; k < nlab; k++ {
			t := ""
			if k < len(r.labels) {
				t = r.labels[k].text
			}
			if k == nlab-1 {
				for _, extra := range r.labels[min(len(r.labels), nlab):] {
					t += extra.text
				}
			}
			dr.cells = append(dr.cells, docCell{blocks: []docBlock{{text: t}}, colspan: 1})
		}
		for c := range bands {
			dr.cells = append(dr.cells, docCell{blocks: []docBlock{{text: r.vals[c]}}, colspan: 1})
		}
		tb.rows = append(tb.rows, dr)
	}
	return tb
}

// streamRow is a row being rebuilt: its label pieces and its cells.
type streamRow struct {
	labels []streamSlot
	vals   map[int]string
	filled bool // a row of data (a label or values), not of headers
}

type streamSlot struct {
	text   string
	x0, x1 float64
}

// mergeSlot adds a label piece to the slot it stands under, or a new slot.
func mergeSlot(slots []streamSlot, r pdfRun) []streamSlot {
	for i := range slots {
		if r.x0 < slots[i].x1 && slots[i].x0 < r.x1 {
			slots[i].text += r.text
			return slots
		}
	}
	return append(slots, streamSlot{r.text, r.x0, r.x1})
}

// continued finds the unfinished label, in the last rows of data, that a
// piece of label text standing under it continues.
func continued(rows []*streamRow, r pdfRun) *streamSlot {
	for i, seen := len(rows)-1, 0; i >= 0 && seen < 4; i-- {
		if !rows[i].filled {
			return nil // not across a header
		}
		seen++
		for k := range rows[i].labels {
			sl := &rows[i].labels[k]
			if r.x0 < sl.x1 && sl.x0 < r.x1 && !knownLabel(sl.text) {
				return sl
			}
		}
	}
	return nil
}

// streamBlocks gathers runs of table lines into table items: a block opens
// at a line of two or more runs and holds the lines after it up to a
// heading or a line of running text (one long run that starts no row).
// A block needs two lines of several runs; lines after its last such line
// that start no row are text again.
func streamBlocks(items []pdfItem) []pdfItem {
	var out []pdfItem
	var blk []*pdfLine
	tableish := func(l *pdfLine) bool { return len(runsOf(l)) >= 2 }
	closeBlk := func() {
		n := 0
		last := -1
		for i, l := range blk {
			if tableish(l) {
				n++
				last = i
			}
		}
		end := last + 1
		for end < len(blk) && startsRow(blk[end].text) {
			end++
		}
		if n >= 2 {
			out = append(out, pdfItem{lines: blk[:end]})
			blk = blk[end:]
		}
		for _, l := range blk {
			out = append(out, pdfItem{line: l})
		}
		blk = nil
	}
	for _, it := range items {
		l := it.line
		if l == nil {
			closeBlk()
			out = append(out, it)
			continue
		}
		switch {
		case !tableish(l) && docHeadingRE.MatchString(l.text) && !knownLabel(l.text):
			closeBlk()
			out = append(out, it)
		case tableish(l):
			blk = append(blk, l)
		case blk != nil && (startsRow(l.text) || !docHeadingRE.MatchString(l.text) && len([]rune(l.text)) <= 25):
			blk = append(blk, l)
		default:
			closeBlk()
			out = append(out, it)
		}
	}
	closeBlk()
	return out
}
