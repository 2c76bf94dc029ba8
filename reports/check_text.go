package reports

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Rules on a report as written, beyond the cell arithmetic of Check:
//
//	SECT  sections 一、五、六 present and not empty                        error
//	LEN   a section longer than its configured limit (TextRules.MaxChars)  warning
//	CELL  a blank or "/" where a number is required: the 总计 cells of
//	      tables 三 and 四 (error); other cells of 三 and 四, and blank
//	      cells of 二 (warning; "/" is right in 二 for 规章 of a unit
//	      without rule-making power)
//	FEE   信息处理费 (国办函〔2020〕109号, 国办公开办函〔2021〕30号): section 六
//	      says whether fees were charged (warning); text does not both
//	      charge and deny a fee (error); applications ended for an unpaid
//	      fee notice (表三（六）2) are explained (warning); the fee, which is
//	      not a 行政事业性收费, is not the amount of 表二's 收费 row (warning)
//	NARR  numbers stated in the text against the tables: applications
//	      received, carried over in and out (表三), 行政复议 and 行政诉讼
//	      cases (表四)                                                    error
//	COPY  a paragraph near-identical to one of the same unit's previous
//	      report (character trigrams, TextRules.CopyThreshold)            warning
//	SAME  a paragraph near-identical to one of another unit's report in
//	      the same review (Review, CheckAcross)                           warning
//
// Statutory and template wording that every report shares (the 条例's
// sentences, the standard closing notes) is not counted as copied.

// TextRules configures the text rules. The zero value uses the defaults.
type TextRules struct {
	// MaxChars caps a section's length in characters, keyed by its label
	// (总体情况, 存在的主要问题及改进情况, 其他需要报告的事项); 0 or absent is
	// no cap. Some provinces cap 总体情况 at 1,000.
	MaxChars map[string]int
	// CopyThreshold is the trigram similarity (0–1) from which two
	// paragraphs count as copied; 0 means DefaultCopyThreshold.
	CopyThreshold float64
	// MinParagraph is the length (characters) below which a paragraph is
	// not compared: short sentences are alike by nature. 0 means 30.
	MinParagraph int
}

// DefaultCopyThreshold: at 0.85 a paragraph with only its dates and
// numbers changed is caught, one rewritten in part is not.
const DefaultCopyThreshold = 0.85

func (tr TextRules) threshold() float64 {
	if tr.CopyThreshold <= 0 || tr.CopyThreshold > 1 {
		return DefaultCopyThreshold
	}
	return tr.CopyThreshold
}

func (tr TextRules) minParagraph() int {
	if tr.MinParagraph <= 0 {
		return 30
	}
	return tr.MinParagraph
}

// CheckText runs the text rules on cur (and COPY against prev, the same
// unit's previous report, when given).
func CheckText(cur, prev *Report, rules TextRules) []Finding {
	var out []Finding
	out = append(out, checkSections(cur, rules)...)
	out = append(out, checkCells(cur)...)
	out = append(out, checkFee(cur)...)
	out = append(out, checkNarrative(cur)...)
	if prev != nil {
		out = append(out, checkCopied(cur, prev, rules)...)
	}
	return out
}

func sectionRef(i int) string {
	h := SectionHeadings[i]
	return h.Code + "、" + h.Label
}

func checkSections(r *Report, rules TextRules) []Finding {
	var out []Finding
	for i, h := range SectionHeadings {
		// Characters as a word processor counts them, without spaces and
		// line breaks.
		n := utf8.RuneCountInString(strings.Join(strings.Fields(*r.Sections.field(i)), ""))
		if n == 0 {
			out = append(out, Finding{Rule: "SECT", Severity: SeverityError, Cells: []string{sectionRef(i)}, Expected: 1,
				Message: fmt.Sprintf("未找到第%s部分“%s”，或该部分没有内容：年度报告应包括这一部分", h.Code, h.Label)})
			continue
		}
		if limit := rules.MaxChars[h.Label]; limit > 0 && n > limit {
			out = append(out, Finding{Rule: "LEN", Severity: SeverityWarning, Cells: []string{sectionRef(i)},
				Expected: float64(limit), Found: float64(n),
				Message: fmt.Sprintf("第%s部分“%s”有%d字，超过规定的%d字", h.Code, h.Label, n, limit)})
		}
	}
	return out
}

// checkCells lists blank and "/" cells where a number belongs.
func checkCells(r *Report) []Finding {
	if r.FormatName() != Format2021 || r.Source == nil {
		return nil // derived reports hold numbers only
	}
	trial6 := false
	for _, d := range r.Deviations {
		trial6 = trial6 || d.Rule == "LAYOUT"
	}
	var totals, others, t2 []string
	for i, row := range Table3Rows {
		if trial6 && (row.Code == "6.1" || row.Code == "6.2") {
			continue // "/" by the old layout's mapping, already reported
		}
		for c := range Table3Cols {
			if r.Table3.Cells[i][c].State == Number {
				continue
			}
			ref := r.ref(Ref3(i, c))
			if c == ColTOT || row.Code == "7" {
				totals = append(totals, ref)
			} else {
				others = append(others, ref)
			}
		}
	}
	for b := range Table4Blocks {
		for c := range Table4Cols {
			if r.Table4.Cells[b][c].State == Number {
				continue
			}
			if c == 4 {
				totals = append(totals, r.ref(Ref4(b, c)))
			} else {
				others = append(others, r.ref(Ref4(b, c)))
			}
		}
	}
	for i, c := range r.Table2.Cells {
		if c.State == Blank {
			t2 = append(t2, r.ref(Ref2(i)))
		}
	}
	var out []Finding
	if len(totals) > 0 {
		out = append(out, Finding{Rule: "CELL", Severity: SeverityError, Cells: totals, Found: float64(len(totals)),
			Message: fmt.Sprintf("%d个总计单元格为空白或“/”：总计必须填写数字（没有的填0）", len(totals))})
	}
	if len(others) > 0 {
		out = append(out, Finding{Rule: "CELL", Severity: SeverityWarning, Cells: others, Found: float64(len(others)),
			Message: fmt.Sprintf("表三、表四有%d个单元格为空白或“/”：应填写数字，没有的填0", len(others))})
	}
	if len(t2) > 0 {
		out = append(out, Finding{Rule: "CELL", Severity: SeverityWarning, Cells: t2, Found: float64(len(t2)),
			Message: fmt.Sprintf("表二有%d个单元格为空白：应填写数字，没有的填0（不适用的填“/”）", len(t2))})
	}
	return out
}

// Sentences ------------------------------------------------------------------

// sentence is one sentence of a section, for findings that quote it.
type sentence struct {
	where string // section reference
	text  string
}

func (s sentence) ref() string {
	t := s.text
	if utf8.RuneCountInString(t) > 60 {
		t = string([]rune(t)[:60]) + "…"
	}
	return s.where + "：“" + t + "”"
}

var sentenceEnd = regexp.MustCompile(`[。；;！!？?\n]`)

// sentences splits every text of the report into sentences, section by
// section (the narrative of 二–四 as "二至四部分的说明").
func sentences(r *Report) []sentence {
	var out []sentence
	add := func(where, text string) {
		for _, s := range sentenceEnd.Split(text, -1) {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, sentence{where, s})
			}
		}
	}
	add(sectionRef(0), r.Sections.Overview)
	add("二至四部分的说明", r.narrative)
	add(sectionRef(1), r.Sections.Problems)
	add(sectionRef(2), r.Sections.Other)
	return out
}

// numRE is a count as written in text: Arabic digits (full-width folded
// first) or Chinese numerals.
const numRE = `([0-9][0-9,，]*(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千万]+)`

// parseNum reads what numRE matched.
func parseNum(s string) (float64, bool) {
	s = strings.NewReplacer(",", "", "，", "").Replace(s)
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		return v, true
	}
	digits := map[rune]int{'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	units := map[rune]int{'十': 10, '百': 100, '千': 1000}
	total, section, d := 0, 0, -1
	for _, r := range s {
		if v, ok := digits[r]; ok {
			d = v
			continue
		}
		if u, ok := units[r]; ok {
			if d < 0 {
				d = 1 // 十二
			}
			section += d * u
			d = -1
			continue
		}
		if r == '万' {
			if d > 0 {
				section += d
			}
			total += section * 10000
			section, d = 0, -1
			continue
		}
		return 0, false
	}
	if d > 0 {
		section += d
	}
	return float64(total + section), true
}

func foldDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' || r == '．' {
			return r - 0xFEE0
		}
		return r
	}, s)
}

// FEE -------------------------------------------------------------------------

var (
	feeChargedRE = regexp.MustCompile(`(?:收取|收缴|收到|共收|合计收)[^。；，,]{0,12}?信息处理费[^。；\d零一二三四五六七八九十]{0,8}?` + numRE + `\s*(万元|元)` +
		`|信息处理费[^。；\d零一二三四五六七八九十]{0,8}?` + numRE + `\s*(万元|元)`)
	feeNoneRE = regexp.MustCompile(`(?:未|没有|无|不|均未|并未)[^。；，,]{0,8}?(?:收取|产生|发生|收缴)[^。；，,]{0,6}?信息处理费|信息处理费[^。；，,\d]{0,4}?(?:为|共)?\s*(?:0|零)\s*(?:万元|元)?(?:[。；，,]|$)|未收取任何费用`)
)

func checkFee(r *Report) []Finding {
	var out []Finding
	ss := sentences(r)
	var charged, denied []sentence
	var chargedWan float64
	mentioned, notice := false, false
	for _, s := range ss {
		t := foldDigits(s.text)
		if strings.Contains(t, "信息处理费") {
			mentioned = true
		}
		if strings.Contains(t, "收费通知") {
			notice = true
		}
		if feeNoneRE.MatchString(t) {
			denied = append(denied, s)
			continue
		}
		if m := feeChargedRE.FindStringSubmatch(t); m != nil {
			num, unit := m[1], m[2]
			if num == "" {
				num, unit = m[3], m[4]
			}
			if v, ok := parseNum(num); ok && v > 0 {
				charged = append(charged, s)
				if unit == "元" {
					v /= 10000
				}
				chargedWan += v
			}
		}
	}
	if !strings.Contains(r.Sections.Other, "信息处理费") && strings.TrimSpace(r.Sections.Other) != "" {
		out = append(out, Finding{Rule: "FEE", Severity: SeverityWarning, Cells: []string{sectionRef(2)},
			Message: "第六部分“其他需要报告的事项”没有说明信息处理费的收取情况（国办公开办函〔2021〕30号要求在此报告；未收取的也应写明）"})
	}
	if len(charged) > 0 && len(denied) > 0 {
		out = append(out, Finding{Rule: "FEE", Severity: SeverityError, Cells: []string{charged[0].ref(), denied[0].ref()},
			Message: "报告对信息处理费的说法前后矛盾：一处写收取了信息处理费，另一处写未收取"})
	}
	i62, _ := Table3Index("6.2")
	if n := r.Table3.Cells[i62][ColTOT].Value(); n > 0 && !mentioned && !notice {
		out = append(out, Finding{Rule: "FEE", Severity: SeverityWarning, Cells: []string{r.ref(Ref3(i62, ColTOT))}, Found: n,
			Message: fmt.Sprintf("表三“申请人逾期未按收费通知要求缴纳费用”有%s件，说明本年向申请人发出过收费通知，但报告正文没有说明信息处理费的收取情况", formatNumber(n))})
	}
	fee, _ := Table2Index("fee.amount")
	if c := r.Table2.Cells[fee]; chargedWan > 0 && c.State == Number && !differ(c.V, chargedWan) {
		out = append(out, Finding{Rule: "FEE", Severity: SeverityWarning, Cells: []string{r.ref(Ref2(fee)), charged[0].ref()}, Found: c.V,
			Message: fmt.Sprintf("表二“行政事业性收费”金额%s万元与正文所写信息处理费相同：信息处理费不属于行政事业性收费，不应计入表二", formatNumber(c.V))})
	}
	return out
}

// NARR ------------------------------------------------------------------------

// narrRule is one kind of number stated in text and the table total it
// must equal (any of several: "收到申请66件" may or may not count the
// applications carried over).
type narrRule struct {
	re     *regexp.Regexp
	zero   *regexp.Regexp // a sentence saying there were none
	what   string
	totals func(r *Report) ([]float64, []string)
}

func t3Total(r *Report, code string) (float64, string) {
	i, _ := Table3Index(code)
	return r.Table3.Cells[i][ColTOT].Value(), r.ref(Ref3(i, ColTOT))
}

func t4Total(r *Report, block int) (float64, string) {
	return r.Table4.Cells[block][4].Value(), r.ref(Ref4(block, 4))
}

var narrRules = []narrRule{
	{
		re:   regexp.MustCompile(`(?:新收|收到|受理|接收|接到|共收|办理)[^。；，,]{0,16}?(?:政府信息公开申请|依申请公开申请|公开申请)[^。；，,\d零一二三四五六七八九十百（(]{0,6}?` + numRE + `\s*(?:件|份|宗)`),
		what: "政府信息公开申请数",
		totals: func(r *Report) ([]float64, []string) {
			n, a := t3Total(r, "new")
			c, b := t3Total(r, "carried_in")
			return []float64{n, n + c}, []string{a, b}
		},
	},
	{
		re:   regexp.MustCompile(`上年(?:度)?结转[^。；，,\d零一二三四五六七八九十百]{0,10}?` + numRE + `\s*(?:件|宗)`),
		what: "上年结转申请数",
		totals: func(r *Report) ([]float64, []string) {
			n, a := t3Total(r, "carried_in")
			return []float64{n}, []string{a}
		},
	},
	{
		re:   regexp.MustCompile(`结转(?:至|到)?下(?:一)?年(?:度)?[^。；，,\d零一二三四五六七八九十百]{0,10}?` + numRE + `\s*(?:件|宗)`),
		what: "结转下年度申请数",
		totals: func(r *Report) ([]float64, []string) {
			n, a := t3Total(r, "carried_out")
			return []float64{n}, []string{a}
		},
	},
	{
		re:   regexp.MustCompile(`行政复议[^。；，,\d零一二三四五六七八九十百]{0,8}?` + numRE + `\s*(?:件|起|宗|次)`),
		zero: regexp.MustCompile(`(?:未发生|没有发生|未有|无|未出现|没有)[^。；，,]{0,6}?行政复议`),
		what: "行政复议案件数",
		totals: func(r *Report) ([]float64, []string) {
			n, a := t4Total(r, 0)
			return []float64{n}, []string{a}
		},
	},
	{
		re:   regexp.MustCompile(`行政诉讼[^。；，,\d零一二三四五六七八九十百]{0,8}?` + numRE + `\s*(?:件|起|宗|次)`),
		zero: regexp.MustCompile(`(?:未发生|没有发生|未有|无|未出现|没有)[^。；，,]{0,6}?(?:行政诉讼|行政复议[和、及或]行政诉讼)`),
		what: "行政诉讼案件数",
		totals: func(r *Report) ([]float64, []string) {
			a, ra := t4Total(r, 1)
			b, rb := t4Total(r, 2)
			return []float64{a + b}, []string{ra, rb}
		},
	},
}

func checkNarrative(r *Report) []Finding {
	var out []Finding
	seen := map[string]bool{}
	for _, s := range sentences(r) {
		t := foldDigits(s.text)
		for _, nr := range narrRules {
			var v float64
			if m := nr.re.FindStringSubmatch(t); m != nil {
				n, ok := parseNum(m[1])
				if !ok {
					continue
				}
				v = n
			} else if nr.zero != nil && nr.zero.MatchString(t) {
				v = 0
			} else {
				continue
			}
			want, cells := nr.totals(r)
			match := false
			for _, w := range want {
				match = match || !differ(w, v)
			}
			key := nr.what + "/" + s.text
			if match || seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, Finding{Rule: "NARR", Severity: SeverityError, Cells: append([]string{s.ref()}, cells...),
				Expected: want[0], Found: v,
				Message: fmt.Sprintf("正文所写%s为%s，与表格中的%s不一致", nr.what, formatNumber(v), formatNumber(want[0]))})
		}
	}
	return out
}

// COPY / SAME -----------------------------------------------------------------

// boilerplateRE matches the sentences every report shares by rule or
// template: they are left out before paragraphs are compared.
var boilerplateRE = regexp.MustCompile(`根据《中华人民共和国政府信息公开条例》|依据《中华人民共和国政府信息公开条例》|本报告由总体情况|本报告中所列数据的统计期限|统计期限自|本报告电子版|如对本报告有任何疑问|如对本年度报告有疑问|以公开为常态、不公开为例外`)

// paragraph is a paragraph prepared for comparison.
type paragraph struct {
	where string
	text  string
	grams map[uint64]struct{}
}

// paragraphs returns the report's paragraphs long enough to compare, with
// boilerplate sentences removed and digits folded (a copy with this year's
// numbers is still a copy).
func paragraphs(r *Report, minLen int) []paragraph {
	var out []paragraph
	for i := range SectionHeadings {
		for k, p := range strings.Split(*r.Sections.field(i), "\n") {
			var keep []string
			for _, s := range sentenceEnd.Split(p, -1) {
				if !boilerplateRE.MatchString(s) {
					keep = append(keep, s)
				}
			}
			norm := normParagraph(strings.Join(keep, ""))
			if utf8.RuneCountInString(norm) < minLen {
				continue
			}
			out = append(out, paragraph{where: fmt.Sprintf("%s第%d段：“%s”", sectionRef(i), k+1, clip(p, 30)), text: norm, grams: trigrams(norm)})
		}
	}
	return out
}

func clip(s string, n int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > n {
		return string([]rune(s)[:n]) + "…"
	}
	return s
}

func normParagraph(s string) string {
	var b strings.Builder
	for _, r := range foldDigits(s) {
		switch {
		case unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r):
		case r >= '0' && r <= '9':
			b.WriteByte('0')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func trigrams(s string) map[uint64]struct{} {
	rs := []rune(s)
	out := make(map[uint64]struct{}, len(rs))
	for i := 0; i+3 <= len(rs); i++ {
		out[uint64(rs[i])<<42|uint64(rs[i+1])<<21|uint64(rs[i+2])] = struct{}{}
	}
	return out
}

// similarity3 is the Jaccard similarity of two trigram sets.
func similarity3(a, b map[uint64]struct{}) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	inter := 0
	for g := range a {
		if _, ok := b[g]; ok {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

func checkCopied(cur, prev *Report, rules TextRules) []Finding {
	old := paragraphs(prev, rules.minParagraph())
	var out []Finding
	for _, p := range paragraphs(cur, rules.minParagraph()) {
		best, at := 0.0, -1
		for i, q := range old {
			if s := similarity3(p.grams, q.grams); s > best {
				best, at = s, i
			}
		}
		if at >= 0 && best >= rules.threshold() {
			out = append(out, Finding{Rule: "COPY", Severity: SeverityWarning, Cells: []string{p.where, "上年报告/" + old[at].where},
				Expected: rules.threshold(), Found: math.Round(best*100) / 100,
				Message: fmt.Sprintf("这一段与上年报告的一段几乎相同（相似度%.0f%%）：年度报告应反映本年度的工作", best*100)})
		}
	}
	return out
}

// copiesAcross finds paragraphs near-identical between reports of
// different units (units[i] names report i's unit). A paragraph shared by
// at least half the units (and three or more) is the county's template,
// not a copy, and is left out. It returns the findings per report.
func copiesAcross(rs []*Report, units []string, rules TextRules) [][]Finding {
	type ref struct{ rep, par int }
	paras := make([][]paragraph, len(rs))
	index := map[uint64][]ref{}
	for i, r := range rs {
		if r == nil {
			continue
		}
		paras[i] = paragraphs(r, rules.minParagraph())
		for j, p := range paras[i] {
			for g := range p.grams {
				index[g] = append(index[g], ref{i, j})
			}
		}
	}
	distinct := map[string]bool{}
	for _, u := range units {
		distinct[u] = true
	}
	out := make([][]Finding, len(rs))
	for i := range rs {
		for _, p := range paras[i] {
			// Candidates share at least a fifth of p's trigrams.
			shared := map[ref]int{}
			for g := range p.grams {
				if len(index[g]) > 4*len(rs) {
					continue // a trigram in nearly every paragraph says nothing
				}
				for _, q := range index[g] {
					if q.rep != i && units[q.rep] != units[i] {
						shared[q]++
					}
				}
			}
			var matches []ref
			others := map[string]bool{}
			for q, n := range shared {
				if n*5 < len(p.grams) {
					continue
				}
				if similarity3(p.grams, paras[q.rep][q.par].grams) >= rules.threshold() {
					matches = append(matches, q)
					others[units[q.rep]] = true
				}
			}
			if len(matches) == 0 || (len(others)+1 >= 3 && 2*(len(others)+1) >= len(distinct)) {
				continue
			}
			sort.Slice(matches, func(a, b int) bool {
				if matches[a].rep != matches[b].rep {
					return matches[a].rep < matches[b].rep
				}
				return matches[a].par < matches[b].par
			})
			cells := []string{p.where}
			var names []string
			for _, q := range matches {
				cells = append(cells, units[q.rep]+"/"+paras[q.rep][q.par].where)
				if len(names) == 0 || names[len(names)-1] != units[q.rep] {
					names = append(names, units[q.rep])
				}
			}
			out[i] = append(out[i], Finding{Rule: "SAME", Severity: SeverityWarning, Cells: cells, Found: float64(len(others)),
				Message: fmt.Sprintf("这一段与%s的报告几乎相同：请核实是否照抄了其他单位的报告", strings.Join(names, "、"))})
		}
	}
	return out
}
