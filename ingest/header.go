package ingest

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"gongkai"
)

// headerKey folds a header cell for matching: no spaces or line breaks,
// ASCII width, no required-marks ("*", "（必填）").
func headerKey(s string) string {
	if !plainHeader(s) {
		s = headerFold(s)
	}
	for _, suf := range requiredMarks {
		s = strings.TrimSuffix(s, suf)
	}
	return s
}

// requiredMarks are the suffixes templates put on header names, after
// folding.
var requiredMarks = []string{"(必填)", "(选填)", "(必填项)", "必填", "(可选)"}

// headerFold is foldWidth and the dropping of spaces and marks, in one
// pass.
func headerFold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		r = foldRune(r)
		if unicode.IsSpace(r) || r == '*' || r == '※' || r == ':' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// plainHeader tells that headerKey has nothing to fold or drop in s but a
// suffix: valid UTF-8 with no ASCII space, control, '*' or ':', and no
// rune whose lead byte is that of a space, a full-width form, '※' or '：'
// (C2, E1, E2, E3, EF). Header detection keys every cell of a sheet's first
// rows, data included, and most of them are like that.
func plainHeader(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c <= ' ', c == 0x7F, c == '*', c == ':', c == 0xC2, c == 0xE1, c == 0xE2, c == 0xE3, c == 0xEF:
			return false
		}
	}
	return utf8.ValidString(s)
}

// stripParen drops a trailing "(…)" such as a unit "(件)" or a hint "(年月日)".
func stripParen(k string) string {
	if strings.HasSuffix(k, ")") {
		if i := strings.LastIndexByte(k, '('); i > 0 {
			return k[:i]
		}
	}
	return k
}

// headerIndex maps folded header names to column positions per kind.
var headerIndex = func() []map[string]int {
	out := make([]map[string]int, len(gongkai.Kinds))
	for ki, k := range gongkai.Kinds {
		m := map[string]int{}
		for ci, c := range k.Columns {
			m[headerKey(c.Name)] = ci
			for _, s := range c.Synonyms {
				m[headerKey(s)] = ci
			}
		}
		out[ki] = m
	}
	return out
}()

func matchHeader(ki int, cell string) (int, bool) {
	k := headerKey(cell)
	if k == "" {
		return 0, false
	}
	if ci, ok := headerIndex[ki][k]; ok {
		return ci, true
	}
	if ci, ok := headerIndex[ki][stripParen(k)]; ok {
		return ci, true
	}
	return 0, false
}

// headerMatches maps a folded header name to the column it names in each
// kind (-1: none), so that one lookup serves every kind.
var headerMatches = func() map[string][]int8 {
	m := map[string][]int8{}
	for ki := range gongkai.Kinds {
		if len(gongkai.Kinds[ki].Columns) > 127 {
			panic("ingest: a kind has more than 127 columns")
		}
		for k, ci := range headerIndex[ki] {
			v := m[k]
			if v == nil {
				v = append([]int8{}, noMatch...)
				m[k] = v
			}
			v[ki] = int8(ci)
		}
	}
	return m
}()

// noMatch: a header cell that names no column of any kind.
var noMatch = func() []int8 {
	v := make([]int8, len(gongkai.Kinds))
	for i := range v {
		v[i] = -1
	}
	return v
}()

// matchKinds is matchHeader for every kind at once: the column cell names
// in each kind, -1 for none. The slice is shared: read only.
func matchKinds(cell string) []int8 {
	k := headerKey(cell)
	if k == "" {
		return noMatch
	}
	exact := headerMatches[k]
	var stripped []int8
	if sk := stripParen(k); sk != k {
		stripped = headerMatches[sk]
	}
	switch {
	case stripped == nil:
		if exact == nil {
			return noMatch
		}
		return exact
	case exact == nil:
		return stripped
	}
	out := make([]int8, len(gongkai.Kinds))
	for ki := range out {
		if out[ki] = exact[ki]; out[ki] < 0 {
			out[ki] = stripped[ki]
		}
	}
	return out
}

// headerCells is a header row folded once for detectLayout, which tries it
// against every kind: per cell, per reading of the cell (see mapColumns),
// matchKinds of it.
type headerCells [][][]int8

// kindsMemo remembers matchKinds of the cells of one sheet's first rows:
// each cell is read alone and again in the two-row readings.
type kindsMemo map[string][]int8

func (m kindsMemo) match(cell string) []int8 {
	if v, ok := m[cell]; ok {
		return v
	}
	v := matchKinds(cell)
	if m != nil {
		m[cell] = v
	}
	return v
}

func foldHeaderRow(names []string, memo kindsMemo) headerCells {
	out := make(headerCells, len(names))
	for i, n := range names {
		if p, c, ok := strings.Cut(n, "\x00"); ok {
			out[i] = [][]int8{memo.match(c), memo.match(p + c), memo.match(p)}
		} else {
			out[i] = [][]int8{memo.match(n)}
		}
	}
	return out
}

// layout is what header detection found in one sheet.
type layout struct {
	kind      *gongkai.Kind
	headerRow int   // index in the sniffed rows of the (last) header row
	cols      []int // file column → kind column index, -1 when ignored
	names     []string
	ignored   []string // header cells that match no column
}

// sniffRows is how many leading rows may hold title and header rows.
const sniffRows = 30

// detectLayout finds the header row among the first rows and the kind it
// belongs to (forced when kind != nil). A header may span two rows when a
// merged group cell stands above its sub-columns ("补正" over "告知日期",
// "完成日期"): a blank cell in the upper row takes the text to its left, as
// a merged range keeps its value in the first cell only.
func detectLayout(rows [][]string, forced *gongkai.Kind) (*layout, error) {
	type cand struct {
		ki, row, score int
		two            bool
		cols           []int
		names          []string
	}
	var best *cand
	memo := kindsMemo{}
	for r := 0; r < len(rows) && r < sniffRows; r++ {
		one := foldHeaderRow(rows[r], memo)
		var merged []string // rows r and r+1 as a two-row header
		var two2 headerCells
		if r+1 < len(rows) {
			merged = mergeHeaderRows(rows[r], rows[r+1])
			two2 = foldHeaderRow(merged, memo)
		}
		for ki, k := range gongkai.Kinds {
			if forced != nil && k != forced {
				continue
			}
			for _, two := range []bool{false, true} {
				if two && r+1 >= len(rows) {
					continue
				}
				names, cells := rows[r], one
				if two {
					names, cells = merged, two2
				}
				cols, keys, matched := mapColumns(ki, cells)
				if keys < 2 || !hasRequired(k, cols) {
					continue
				}
				// Rank by every column recognised, so sub-columns under a
				// merged group cell (补正 → 告知日期, 完成日期) make a
				// two-row header win even when they are not key columns.
				// A two-row header must beat the one-row reading outright,
				// or a merged title above the header would be glued onto it.
				score := (keys + matched) * 2
				if two {
					score--
				}
				c := &cand{ki: ki, row: r, score: score, two: two, cols: cols, names: names}
				if best == nil || c.score > best.score {
					best = c
				}
			}
		}
	}
	if best == nil {
		if forced != nil {
			return nil, missingRequired(rows, forced)
		}
		return nil, nil
	}
	l := &layout{kind: gongkai.Kinds[best.ki], headerRow: best.row, cols: best.cols, names: best.names}
	if best.two {
		l.headerRow++
	}
	for i, c := range best.cols {
		// A header cell merged across columns repeats its text in each once
		// merges are filled: it is the column on its left, not another.
		if i > 0 && clean(best.names[i]) == clean(best.names[i-1]) {
			continue
		}
		if c < 0 && strings.TrimSpace(best.names[i]) != "" && !isSerialHeader(best.names[i]) {
			l.ignored = append(l.ignored, headerLabel(best.names[i]))
		}
	}
	return l, nil
}

// headerLabel is a header cell as the clerk reads it in a notice: a
// sub-column under a merged group cell ("parent\x00child") as
// "申请人情况／姓名" — the child alone may be a word such as 名称 that says
// little without its group.
func headerLabel(name string) string {
	if p, c, ok := strings.Cut(name, "\x00"); ok {
		return clean(p) + "／" + clean(c)
	}
	return clean(name)
}

func isSerialHeader(s string) bool {
	switch headerKey(s) {
	case "序号", "编号", "No.", "NO.", "备注":
		return true
	}
	return false
}

func mergeHeaderRows(upper, lower []string) []string {
	n := len(upper)
	if len(lower) > n {
		n = len(lower)
	}
	out := make([]string, n)
	carry := ""
	for i := 0; i < n; i++ {
		u, l := "", ""
		if i < len(upper) {
			u = clean(upper[i])
		}
		if i < len(lower) {
			l = clean(lower[i])
		}
		if u != "" {
			carry = u
		}
		switch {
		case l == "" || l == u: // a cell merged over both rows is one label
			out[i] = u
		case u == "" && carry != "":
			out[i] = carry + "\x00" + l
		case u != "":
			out[i] = u + "\x00" + l
		default:
			out[i] = l
		}
	}
	return out
}

// mapColumns maps each header cell to a kind column; for a merged two-row
// header "parent\x00child" it tries the child, then parent+child. It
// returns the mapping, how many key or required columns it found and how
// many columns in all.
func mapColumns(ki int, cells headerCells) (cols []int, keys, matched int) {
	cols = make([]int, len(cells))
	used := make([]bool, len(gongkai.Kinds[ki].Columns))
	for i, readings := range cells {
		cols[i] = -1
		for _, m := range readings {
			if ci := int(m[ki]); ci >= 0 && !used[ci] {
				cols[i] = ci
				used[ci] = true
				matched++
				if gongkai.Kinds[ki].Columns[ci].Key || gongkai.Kinds[ki].Columns[ci].Required {
					keys++
				}
				break
			}
		}
	}
	return cols, keys, matched
}

func hasRequired(k *gongkai.Kind, cols []int) bool {
	have := map[int]bool{}
	for _, c := range cols {
		if c >= 0 {
			have[c] = true
		}
	}
	for ci, c := range k.Columns {
		if c.Required && !have[ci] {
			return false
		}
	}
	return true
}

// missingRequired explains, for a forced kind, which required headers the
// best-looking row lacks.
func missingRequired(rows [][]string, k *gongkai.Kind) error {
	ki := kindIndex(k)
	bestRow, bestScore := -1, 0
	var bestCols []int
	for r := 0; r < len(rows) && r < sniffRows; r++ {
		cols, score, _ := mapColumns(ki, foldHeaderRow(rows[r], nil))
		if score > bestScore {
			bestRow, bestScore, bestCols = r, score, cols
		}
	}
	if bestRow < 0 {
		return &noHeaderError{gongkai.Errorf(gongkai.ENOHEADER, "未找到“%s”的表头行（前 %d 行中没有可识别的列名），请使用下载的模板", k.Title, sniffRows), false}
	}
	have := map[int]bool{}
	for _, c := range bestCols {
		if c >= 0 {
			have[c] = true
		}
	}
	var miss []string
	for ci, c := range k.Columns {
		if c.Required && !have[ci] {
			miss = append(miss, c.Name)
		}
	}
	sort.Strings(miss)
	return &noHeaderError{gongkai.Errorf(gongkai.ENOCOLUMN, "第 %d 行表头缺少“%s”必填列：%s", bestRow+1, k.Title, strings.Join(miss, "、")), true}
}

// noHeaderError: a sheet lacks the header of a forced kind. Another sheet
// of the workbook may still have it.
type noHeaderError struct {
	error
	found bool // a header row was found, only required columns are missing
}

func (e *noHeaderError) Unwrap() error { return e.error }

func kindIndex(k *gongkai.Kind) int {
	for i, x := range gongkai.Kinds {
		if x == k {
			return i
		}
	}
	panic(fmt.Sprintf("unknown kind %v", k))
}

// isHeaderRepeat reports a data row that repeats the header (a page break
// copy, or a second header row), which is skipped.
func (l *layout) isHeaderRepeat(row []string) bool {
	// Cheap test first: a repeated header holds no digit in its first
	// mapped cells, while nearly every data row has a date or a number.
	for i, v := range row {
		if i < len(l.cols) && l.cols[i] >= 0 && strings.ContainsAny(v, "0123456789") {
			return false
		}
	}
	hits, cells := 0, 0
	for i, v := range row {
		if clean(v) == "" {
			continue
		}
		cells++
		if i < len(l.cols) && l.cols[i] >= 0 {
			if ci, ok := matchHeader(kindIndex(l.kind), v); ok && ci == l.cols[i] {
				hits++
			}
		}
	}
	return cells > 0 && hits*2 > cells
}
