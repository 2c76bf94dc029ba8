package reports

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// normLabel reduces a label to a matching key. Filled reports differ from
// the official text in ways that carry no meaning: line breaks and spaces
// inside cells ("商业\n企业"), full-width vs half-width forms, straight vs
// curly quotes, and "，" written for "、" (or "1、" for "1."). All of those
// are removed or folded here so that comparison is plain string equality.
func normLabel(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r), r == '\u3000', r == '\u200b', r == '\ufeff':
			continue
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		}
		switch r {
		case '"', '\'', '`', '“', '”', '‘', '’', '「', '」', '『', '』', '〝', '〞', '″', '′':
			continue
		case '、', ',', '，', '.', '。', '．', ':', '：', ';', '；', '·':
			continue
		case '【', '〔', '[':
			r = '('
		case '】', '〕', ']':
			r = ')'
		case '它':
			// 其它 is a common variant of 其他 (其他, 其他结果, 3.其他).
			if strings.HasSuffix(b.String(), "其") {
				r = '他'
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// numberingRE matches the leading number of a row label in its common
// shapes: "一、", "（一）", "(一)", "1.", "1、", "1．" and bare "1".
var numberingRE = regexp.MustCompile(`^\s*(?:([一二三四五六七八九十]+)\s*[、，,.．]|[（(]\s*([一二三四五六七八九十]+|\d+)\s*[)）]|(\d+)\s*[.．、，,]?)\s*`)

// splitNumbering separates a label's leading number (as a digit string, so
// "（三）", "三、" and "3." all give "3") from the normalised rest.
func splitNumbering(s string) (num, rest string) {
	s = strings.TrimSpace(s)
	m := numberingRE.FindStringSubmatch(s)
	if m == nil {
		return "", normLabel(s)
	}
	for _, g := range m[1:] {
		if g != "" {
			num = chineseDigits(g)
		}
	}
	return num, normLabel(s[len(m[0]):])
}

func chineseDigits(s string) string {
	const digits = "一二三四五六七八九"
	if i := strings.Index(digits, s); i >= 0 && len(s) == len("一") {
		return strconv.Itoa(i/len("一") + 1)
	}
	if s == "十" {
		return "10"
	}
	return s
}

// stripNumbering removes a leading row number before normalising.
func stripNumbering(s string) string {
	_, rest := splitNumbering(s)
	return rest
}

type numbered[T comparable] struct {
	num string
	v   T
}

// labelIndex maps normalised labels to values. A label matches exactly
// (after normLabel) or, failing that, by its text without the number, as
// long as any number the cell does carry is the label's own: "一、予以公开"
// finds （一）予以公开 but "（八）其他" does not find 3.其他.
type labelIndex[T comparable] struct {
	full      map[string]T
	bare      map[string]numbered[T]
	ambiguous map[string]bool
}

func newLabelIndex[T comparable]() *labelIndex[T] {
	return &labelIndex[T]{full: map[string]T{}, bare: map[string]numbered[T]{}, ambiguous: map[string]bool{}}
}

// add registers label; withBare also registers it without its numbering.
func (x *labelIndex[T]) add(label string, v T, withBare bool) {
	x.full[normLabel(label)] = v
	if withBare {
		num, k := splitNumbering(label)
		if old, ok := x.bare[k]; ok && old.v != v {
			x.ambiguous[k] = true
		}
		x.bare[k] = numbered[T]{num, v}
	}
}

func (x *labelIndex[T]) lookup(text string) (T, bool) {
	var zero T
	if strings.TrimSpace(text) == "" {
		return zero, false
	}
	if v, ok := x.full[normLabel(text)]; ok {
		return v, true
	}
	num, k := splitNumbering(text)
	e, ok := x.bare[k]
	if !ok || x.ambiguous[k] || (num != "" && num != e.num) {
		return zero, false
	}
	return e.v, true
}

// t3Key identifies what a table-3 label cell stands for.
type t3Key struct {
	row   int    // index into Table3Rows, or -1
	group string // "3".."6" for a （三）–（六） group label, "R" for 三、本年度办理结果
}

var (
	t3Labels   = buildT3Labels()
	t3ColIndex = buildT3Cols()
	t4Blocks   = buildSimple(Table4Blocks)
	t4Cols     = buildSimple(Table4Cols)
)

func buildT3Labels() *labelIndex[t3Key] {
	x := newLabelIndex[t3Key]()
	for i, r := range Table3Rows {
		x.add(r.Label, t3Key{row: i}, true)
	}
	// Offices often drop the bracketed counting rule from （二）.
	x.add("（二）部分公开", t3Key{row: 3}, true)
	x.add("（七）合计", t3Key{row: 23}, false)
	for _, g := range Table3Groups {
		x.add(g.Label, t3Key{row: -1, group: g.Code}, true)
	}
	x.add(LabelResults, t3Key{row: -1, group: "R"}, true)
	return x
}

func buildT3Cols() *labelIndex[int] {
	x := newLabelIndex[int]()
	for i, c := range Table3Cols {
		x.add(c.Label, i, false)
	}
	x.add("合计", ColTOT, false)
	return x
}

func buildSimple(ls []Label) *labelIndex[int] {
	x := newLabelIndex[int]()
	for i, l := range ls {
		x.add(l.Label, i, false)
	}
	return x
}

// Table 2 labels, for both formats.
var (
	t2RowLabels = map[string]string{ // normalised → canonical 2021 or 2019 row label
		normLabel("规章"):         "规章",
		normLabel("行政规范性文件"):    "行政规范性文件",
		normLabel("规范性文件"):      "规范性文件",
		normLabel("行政许可"):       "行政许可",
		normLabel("其他对外管理服务事项"): "其他对外管理服务事项",
		normLabel("行政处罚"):       "行政处罚",
		normLabel("行政强制"):       "行政强制",
		normLabel("行政事业性收费"):    "行政事业性收费",
		normLabel("政府集中采购"):     "政府集中采购",
	}
	t2Cols2021 = map[string]string{
		normLabel("本年制发件数"):        "本年制发件数",
		normLabel("本年废止件数"):        "本年废止件数",
		normLabel("现行有效件数"):        "现行有效件数",
		normLabel("本年处理决定数量"):      "本年处理决定数量",
		normLabel("本年收费金额（单位：万元）"): "本年收费金额（单位：万元）",
		normLabel("本年收费金额（万元）"):    "本年收费金额（单位：万元）",
		normLabel("本年收费金额"):        "本年收费金额（单位：万元）",
	}
	t2Cols2019 = map[string]string{
		normLabel("本年新制作数量"): "本年新制作数量",
		normLabel("本年新公开数量"): "本年新公开数量",
		normLabel("对外公开总数量"): "对外公开总数量",
		normLabel("上一年项目数量"): "上一年项目数量",
		normLabel("本年增/减"):   "本年增/减",
		normLabel("本年增减"):    "本年增/减",
		normLabel("处理决定数量"):  "处理决定数量",
		normLabel("采购项目数量"):  "采购项目数量",
		normLabel("采购总金额"):   "采购总金额",
	}
)

// t2Code maps a 2021 row label and column header to a Table2Items index.
func t2Code(row, col string) (int, bool) {
	if row == "规范性文件" {
		row = "行政规范性文件"
	}
	for i, it := range Table2Items {
		if it.Row == row && it.Col == col {
			return i, true
		}
	}
	return 0, false
}

// fuzzyT3Row maps a table-3 row label that matches no official label
// exactly, as misprinted in a real report ("2.其他法律行政止公开"), to the
// one row it is clearly closest to among the rows not yet found (taken[i]
// >= 0 means found). Close means a rune-level similarity (2·LCS/(m+n)) of at
// least 0.75 with the label without its number, any number the cell has
// being the row's own, and no other row within 0.15: two equally close
// rows are not guessed between.
func fuzzyT3Row(text string, taken []int) (int, bool) {
	num, k := splitNumbering(text)
	if k == "" {
		return 0, false
	}
	best, second, at := 0.0, 0.0, -1
	for i, row := range Table3Rows {
		if i < len(taken) && taken[i] >= 0 {
			continue
		}
		rn, rk := splitNumbering(row.Label)
		if num != "" && rn != "" && num != rn {
			continue
		}
		s := similarity(k, rk)
		if s > best {
			best, second, at = s, best, i
		} else if s > second {
			second = s
		}
	}
	if at < 0 || best < 0.75 || best-second < 0.15 {
		return 0, false
	}
	return at, true
}

// similarity is 2·LCS(a, b)/(len(a)+len(b)) over runes.
func similarity(a, b string) float64 {
	ra, rb := []rune(a), []rune(b)
	if len(ra) == 0 || len(rb) == 0 || len(ra) > 200 || len(rb) > 200 {
		return 0
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for i := range ra {
		for j := range rb {
			switch {
			case ra[i] == rb[j]:
				cur[j+1] = prev[j] + 1
			case prev[j+1] >= cur[j]:
				cur[j+1] = prev[j+1]
			default:
				cur[j+1] = cur[j]
			}
		}
		prev, cur = cur, prev
	}
	return 2 * float64(prev[len(rb)]) / float64(len(ra)+len(rb))
}

// labelKey is a label as written, less only what never differs between
// printings: spaces, line breaks and full-/half-width form. Two labels with
// different keys are a deviation worth telling the office about.
func labelKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r), r == '\u200b', r == '\ufeff':
			continue
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		}
		b.WriteRune(r)
	}
	return b.String()
}

// labelDeviations records table-3 row labels that differ from the official
// text. Rows that differ only in their numbering punctuation ("1、" for
// "1.") are one finding, as an office numbers all its rows the same way;
// every other difference is a finding of its own.
func (x *readCtx) labelDeviations(g *grid, rowAt []int, labelAt [][2]int, fuzzy []bool) {
	var renumbered []string
	example := ""
	for i, at := range rowAt {
		if at < 0 || labelAt[i][0] != at {
			continue // not found, or the one-row （六） of the old layout
		}
		raw := g.at(at, labelAt[i][1])
		want := Table3Rows[i].Label
		if labelKey(raw) == labelKey(want) {
			continue
		}
		cell := "表三/" + want + "（" + x.address(g, at, labelAt[i][1]) + "）"
		shown := strings.Join(strings.Fields(raw), "")
		rn, rest := splitNumbering(raw)
		wn, wantRest := splitNumbering(want)
		switch {
		case !fuzzy[i] && rn == wn && rest == wantRest && labelKey(unnumbered(raw)) != labelKey(unnumbered(want)):
			// Quotes or "，" for "、" inside the text: reprints differ so
			// (domain note §3.2) and the label is unmistakable.
			continue
		case fuzzy[i]:
			x.devs = append(x.devs, Finding{Rule: "LABEL", Severity: SeverityWarning, Cells: []string{cell},
				Message: fmt.Sprintf("表三的行标签“%s”与标准格式不符，按含义对应为“%s”，请核对并更正", shown, want)})
		case rn == wn && labelKey(unnumbered(raw)) == labelKey(unnumbered(want)):
			renumbered = append(renumbered, cell)
			if example == "" {
				example = shown
			}
		default:
			x.devs = append(x.devs, Finding{Rule: "LABEL", Severity: SeverityWarning, Cells: []string{cell},
				Message: fmt.Sprintf("表三的行标签写作“%s”，标准格式为“%s”", shown, want)})
		}
	}
	if len(renumbered) > 0 {
		x.devs = append(x.devs, Finding{Rule: "LABEL", Severity: SeverityWarning, Cells: renumbered,
			Message: fmt.Sprintf("表三有%d行的编号写法与标准格式不同（如“%s”），已按编号对应", len(renumbered), example)})
	}
}

// unnumbered is a label without its leading number, as written.
func unnumbered(s string) string {
	s = strings.TrimSpace(s)
	if m := numberingRE.FindStringIndex(s); m != nil {
		return s[m[1]:]
	}
	return s
}

// deviations lists what reading found non-standard: label and layout
// findings first, then one finding per kind of number notation.
func (x *readCtx) deviations() []Finding {
	out := x.devs
	for _, n := range []string{noteThousands, noteFullWidth, noteUnit} {
		if cells := x.notes[n]; len(cells) > 0 {
			out = append(out, Finding{Rule: "NUMBER", Severity: SeverityWarning, Cells: cells,
				Message: fmt.Sprintf("%d个单元格的数字使用了%s，已按数值读取；标准格式为阿拉伯数字", len(cells), n)})
		}
	}
	return out
}
