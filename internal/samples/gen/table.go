package main

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"gongkai/ingest"
)

// Seeds of every random choice. Each part of the data draws from its own
// stream, keyed by what it describes (unit, year, kind, file), so changing
// one ledger does not reshuffle all the others.
const (
	seed1 uint64 = 0x5a_2024_0101
	seed2 uint64 = 0x9e37_79b9
)

func newRand(parts ...string) *rand.Rand {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return rand.New(rand.NewPCG(seed1, seed2^h.Sum64()))
}

// ---- cells ----

type ckind int

const (
	cEmpty    ckind = iota
	cText           // text as written
	cDate           // a date, rendered in the file's date style
	cDateTime       // a date and time
	cInt            // a whole number
	cDec            // a decimal number
	cBool           // yes/no, rendered in the file's yes/no style
	cOutcome        // an outcome code of table 三, rendered as one of its labels
)

type cell struct {
	k ckind
	s string
	t time.Time
	n float64
	b bool
}

func txt(s string) cell {
	if s == "" {
		return cell{}
	}
	return cell{k: cText, s: s}
}
func dt(t time.Time) cell      { return cell{k: cDate, t: t} }
func dtm(t time.Time) cell     { return cell{k: cDateTime, t: t} }
func num(n int) cell           { return cell{k: cInt, n: float64(n)} }
func dec(f float64) cell       { return cell{k: cDec, n: f} }
func yes(b bool) cell          { return cell{k: cBool, b: b} }
func outcome(code string) cell { return cell{k: cOutcome, s: code} }

// rec is one ledger row by field name (kind fields, plus extras such as
// "seq", "applicant", "note"). Only looked up, never iterated.
type rec map[string]cell

// ---- sheets ----

type rowKind int

const (
	rData   rowKind = iota
	rBlank          // an empty row between data rows
	rTotal          // 合计 row of a count ledger
	rFooter         // 填表人：… 审核人：…
	rNote           // 说明：… (a remark row)
)

type row struct {
	kind  rowKind
	rec   rec
	cells []cell // for total/footer/note rows, by column position
}

// column is one column of a sheet as the clerk headed it.
type column struct {
	field string // kind field, or an extra the ingest ignores
	head  string // header text
	group string // upper header of a two-row header ("补正"), "" when the column spans both rows
}

type sheet struct {
	name       string
	kind       string // ledger kind, for the facts
	unit       *unit
	year       int
	titles     []string // title rows above the header
	mergeTitle bool     // merge the first title across the header width
	cols       []column
	twoRow     bool // the header has an upper group row
	rows       []row
	// extraStored is how many more rows the ingest stores than data rows
	// (a task led by two units is stored once per lead unit).
	extraStored int
}

func (s *sheet) dataRows() int {
	n := 0
	for _, r := range s.rows {
		if r.kind == rData {
			n++
		}
	}
	return n
}

func (s *sheet) skippedRows() int { return len(s.rows) - s.dataRows() }

func (s *sheet) colIndex(field string) int {
	for i, c := range s.cols {
		if c.field == field {
			return i
		}
	}
	return -1
}

// ---- rendering ----

type dateStyle int

const (
	dsExcel   dateStyle = iota // an Excel date cell (serial number + date format)
	dsISO                      // 2024-03-05
	dsSlash                    // 2024/3/5
	dsDot                      // 2024.3.5
	dsCN                       // 2024年3月5日
	dsCompact                  // 20240305
	dsMixed                    // a different style per cell, as pasted together
)

type boolStyle int

const (
	bsChinese boolStyle = iota // 是/否
	bsTick                     // √/×
	bsYN                       // Y/N
)

// style is how one file writes its values.
type style struct {
	dates     dateStyle
	bools     boolStyle
	outcomes  int     // see renderOutcome
	fullWidth float64 // share of number cells typed with full-width digits (１２)
	numText   bool    // numbers typed into text cells
}

// dateLayouts are the typed styles' layouts: a date, and a date with its
// time (dsCompact has none: a time is then typed in another style).
var dateLayouts = [...]struct{ date, dateTime string }{
	dsISO:     {"2006-01-02", "2006-01-02 15:04"},
	dsSlash:   {"2006/1/2", "2006/1/2 15:04"},
	dsDot:     {"2006.1.2", "2006.1.2 15:04"},
	dsCN:      {"2006年1月2日", "2006年1月2日 15时04分"},
	dsCompact: {"20060102", ""},
}

// renderDate types t in style ds; an Excel cell or a mixed file draws one
// of the typed styles (dsISO…dsCompact).
func renderDate(t time.Time, ds dateStyle, r *rand.Rand) string {
	if ds == dsMixed || ds == dsExcel {
		ds = dateStyle(1 + r.IntN(5))
	}
	return t.Format(dateLayouts[ds].date)
}

// renderDateTime types t with its time in style ds, drawing dsISO…dsCN
// where ds has no typed date-time.
func renderDateTime(t time.Time, ds dateStyle, r *rand.Rand) string {
	if ds == dsMixed || ds == dsExcel || ds == dsCompact {
		ds = dateStyle(1 + r.IntN(4))
	}
	return t.Format(dateLayouts[ds].dateTime)
}

func fullWidthDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r - '0' + '０')
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func renderBool(v bool, bs boolStyle) string {
	i := 0
	if !v {
		i = 1
	}
	return [...][2]string{bsChinese: {"是", "否"}, bsTick: {"√", "×"}, bsYN: {"Y", "N"}}[bs][i]
}

func formatNum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// outcomeForms are the ways offices write each outcome of table 三:
// [short, with group, numbered label]. Every form is checked against
// ingest.ParseOutcome when the generator starts.
var outcomeForms = map[string][3]string{
	"1":   {"予以公开", "（一）予以公开", "（一）予以公开"},
	"2":   {"部分公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（二）部分公开"},
	"3.1": {"不予公开-国家秘密", "（三）不予公开/1.属于国家秘密", "1.属于国家秘密"},
	"3.2": {"不予公开-法律行政法规禁止公开", "（三）不予公开/2.其他法律行政法规禁止公开", "2.其他法律行政法规禁止公开"},
	"3.3": {"不予公开-危及三安全一稳定", "（三）不予公开/3.危及“三安全一稳定”", "3.危及“三安全一稳定”"},
	"3.4": {"不予公开-第三方合法权益", "（三）不予公开/4.保护第三方合法权益", "4.保护第三方合法权益"},
	"3.5": {"不予公开-内部事务信息", "（三）不予公开/5.属于三类内部事务信息", "5.属于三类内部事务信息"},
	"3.6": {"不予公开-过程性信息", "（三）不予公开/6.属于四类过程性信息", "6.属于四类过程性信息"},
	"3.7": {"不予公开-行政执法案卷", "（三）不予公开/7.属于行政执法案卷", "7.属于行政执法案卷"},
	"3.8": {"不予公开-行政查询事项", "（三）不予公开/8.属于行政查询事项", "8.属于行政查询事项"},
	"4.1": {"无法提供-本机关不掌握", "（四）无法提供/1.本机关不掌握相关政府信息", "1.本机关不掌握相关政府信息"},
	"4.2": {"无法提供-需要另行制作", "（四）无法提供/2.没有现成信息需要另行制作", "2.没有现成信息需要另行制作"},
	"4.3": {"无法提供-申请内容仍不明确", "（四）无法提供/3.补正后申请内容仍不明确", "3.补正后申请内容仍不明确"},
	"5.1": {"不予处理-信访举报投诉类", "（五）不予处理/1.信访举报投诉类申请", "1.信访举报投诉类申请"},
	"5.2": {"不予处理-重复申请", "（五）不予处理/2.重复申请", "2.重复申请"},
	"5.3": {"不予处理-公开出版物", "（五）不予处理/3.要求提供公开出版物", "3.要求提供公开出版物"},
	"5.4": {"不予处理-大量反复申请", "（五）不予处理/4.无正当理由大量反复申请", "4.无正当理由大量反复申请"},
	"5.5": {"不予处理-确认或重新出具", "（五）不予处理/5.要求行政机关确认或重新出具已获取信息", "5.要求行政机关确认或重新出具已获取信息"},
	"6.1": {"其他处理-逾期不补正", "（六）其他处理/1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"},
	"6.2": {"其他处理-未按收费通知要求缴纳费用", "（六）其他处理/2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"},
	"6.3": {"其他处理-其他", "（六）其他处理/3.其他", "3.其他"},
}

// renderOutcome writes an outcome code in the file's form: 0 short,
// 1 with group, 2 numbered label, 3 a mix per row.
func renderOutcome(code string, form int, r *rand.Rand) string {
	f, ok := outcomeForms[code]
	if !ok {
		panic("outcome " + code)
	}
	if form == 3 {
		form = r.IntN(3)
	}
	return f[form]
}

// Every outcome form must read back as its code.
func init() {
	for code, forms := range outcomeForms {
		for _, f := range forms {
			if got, err := ingest.ParseOutcome(f); err != nil || got != code {
				panic(fmt.Sprintf("outcome form %q reads as %q (%v), want %s", f, got, err, code))
			}
		}
	}
}
