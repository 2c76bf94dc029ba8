package ingest

import (
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai"
	"gongkai/internal/xlsxstream"
)

// normalizer turns one file row into the values of a ledger table row.
type normalizer struct {
	kind     *gongkai.Kind
	reg      *Registry
	unit     *gongkai.Unit
	year     int
	date1904 bool
	cols     []string
	// slot[ci] is the position in the value row of kind column ci (-1 for
	// the unit column, which is the batch's).
	slot    []int
	leadPos int
	// first row of each 申请编号/案件编号, for duplicate detection; nil
	// when the kind has neither.
	seen     *keySet
	uniqueCI int
	// The sheets read so far, in order, and the current one's index
	// shifted to sheetShift: a number's first row is recorded with its
	// sheet's index in the bits above the row (a workbook's rows stop at
	// 1,048,576 < 2^21), so that a duplicate on another sheet (a hidden
	// copy of the ledger, the month before) names the sheet. A CSV has
	// one sheet, and its rows use all 31 bits.
	sheets    []string
	sheetBits int32
	// layout of the sheet being read: file column → kind column.
	layout *layout
	// cells tells the types and formats of the current row's cells of an
	// .xlsx sheet (xlsxstream.Rows); nil for a CSV, whose fields are text.
	cells cellInfo
	// memo[ci] remembers the outcome of a raw cell for columns whose values
	// repeat (dates, enumerations, yes/no): ledgers hold few distinct values,
	// and parsing each once keeps a million-row load off the hot path.
	memo []map[string]memoEntry
	have []bool // scratch of row
}

type memoEntry struct {
	val driver.Value
	err error
}

// memoMax bounds each column's memo; past it values are parsed every time.
const memoMax = 8192

func memoable(t gongkai.ColType) bool {
	switch t {
	case gongkai.TDate, gongkai.TEnum, gongkai.TMultiEnum, gongkai.TOutcome, gongkai.TBool:
		return true
	}
	return false
}

func newNormalizer(k *gongkai.Kind, reg *Registry, unit *gongkai.Unit, year int, date1904 bool) *normalizer {
	n := &normalizer{kind: k, reg: reg, unit: unit, year: year, date1904: date1904, uniqueCI: -1, leadPos: -1}
	n.cols = []string{"src_sheet", "src_row"}
	n.slot = make([]int, len(k.Columns))
	for ci, c := range k.Columns {
		n.slot[ci] = len(n.cols)
		switch c.Type {
		case gongkai.TUnit:
			if c.Field == "unit_id" {
				n.slot[ci] = -1
				continue
			}
			n.leadPos = len(n.cols)
			n.cols = append(n.cols, c.Field)
		case gongkai.TDeadline:
			n.cols = append(n.cols, c.Field, c.Field+"_text")
		case gongkai.TUnitOrGroup:
			n.cols = append(n.cols, c.Field+"_unit_id", c.Field+"_group")
		default:
			n.cols = append(n.cols, c.Field)
		}
		if c.Field == "app_no" || c.Field == "case_no" {
			n.uniqueCI = ci
			n.seen = &keySet{}
		}
	}
	return n
}

func (n *normalizer) columns() []string { return n.cols }

// sheetShift: the bits of a row number below a sheet's index (see
// normalizer.sheets); maxSheetsNamed sheets fit in an int32 above them.
const (
	sheetShift     = 21
	maxSheetsNamed = 1 << (31 - sheetShift)
)

// cellInfo is what an .xlsx sheet's reader tells of the current row's
// cells beyond their text (xlsxstream.Rows).
type cellInfo interface {
	Type(i int) xlsxstream.CellType
	NumFmt(i int) string
	FilledAcross(i int) bool
	AnyFilledAcross() bool
}

// startSheet tells the normaliser that the rows of sheet come next, from
// rr.
func (n *normalizer) startSheet(sheet string, rr rowReader) {
	n.cells, _ = rr.(cellInfo)
	i := slices.Index(n.sheets, sheet)
	if i < 0 {
		i = len(n.sheets)
		n.sheets = append(n.sheets, sheet)
	}
	// Past maxSheetsNamed sheets a duplicate names no sheet.
	if i < maxSheetsNamed {
		n.sheetBits = int32(i) << sheetShift
	} else {
		n.sheetBits = 0
	}
}

// firstRowText is where a number was first seen, as a message says it:
// "第 3 行", or "工作表“1月”第 3 行" when that is another sheet.
func (n *normalizer) firstRowText(first int32) string {
	if len(n.sheets) < 2 {
		return fmt.Sprintf("第 %d 行", first)
	}
	i, row := int(first>>sheetShift), first&(1<<sheetShift-1)
	if i >= len(n.sheets) || n.sheetBits == first&^(1<<sheetShift-1) {
		return fmt.Sprintf("第 %d 行", row)
	}
	return fmt.Sprintf("工作表“%s”第 %d 行", n.sheets[i], row)
}

// expectRows sizes the duplicate-number index for about rows rows:
// growing it to a million keys step by step costs more than filling it.
func (n *normalizer) expectRows(rows int64) {
	if n.seen == nil || n.seen.len() != 0 || rows <= 0 {
		return
	}
	n.seen.reserve(int(min(rows, 4_000_000)))
}

// row normalises one data row into vals (positions 0 and 1, the source
// sheet and row, are the caller's). Problems go to bad with the 0-based
// file column. It returns further lead-unit ids when a task names several.
func (n *normalizer) row(row []string, rowNum int, vals []driver.Value, bad func(col int, value, reason string)) (extraLeads []int64) {
	lay := n.layout
	if len(n.have) != len(n.kind.Columns) {
		n.have = make([]bool, len(n.kind.Columns))
	}
	have := n.have
	clear(have)
	cells := n.cells
	if cells != nil && cells.AnyFilledAcross() {
		// A data row's text merged over several columns (a long 标题 over
		// the empty 索引号 and 文号) is its first column's: Excel shows it
		// once, and the other columns are empty. (Header rows keep the
		// value across: a label over two columns names both.)
		row = slices.Clone(row)
		for i := range row {
			if cells.FilledAcross(i) {
				row[i] = ""
			}
		}
	}
	for i := 2; i < len(vals); i++ {
		vals[i] = nil
	}
	for fi, ci := range lay.cols {
		if ci < 0 {
			continue
		}
		have[ci] = true
		c := &n.kind.Columns[ci]
		raw := ""
		if fi < len(row) {
			raw = row[fi]
		}
		// Bytes that are not text in the file's encoding (an invalid UTF-8
		// byte, or a GB18030 sequence the decoder turned into U+FFFD) would
		// be stored as NULL or as replacement characters: the row is refused
		// instead, so nothing is silently altered. A literal U+FFFD is
		// refused too: it is what an earlier bad conversion left behind.
		if !validText(raw) {
			bad(fi, strings.ToValidUTF8(raw, "\uFFFD"), fmt.Sprintf("“%s”含有无法识别的字符，请检查文件编码", c.Name))
			continue
		}
		typ := xlsxstream.CellUnknown
		if cells != nil {
			typ = cells.Type(fi)
		}
		v := clean(raw)
		// A leading apostrophe is how a clerk types digits as text into a
		// spreadsheet ('0, 'HK2024-001): a CSV keeps it in the value. An
		// .xlsx keeps the typed apostrophe as a style, not in the text:
		// there an apostrophe is the value's own ('双减'政策).
		if cells == nil && strings.HasPrefix(v, "'") {
			v = clean(v[1:])
			raw = v
		}
		switch typ {
		case xlsxstream.CellError:
			// #N/A, #DIV/0!: what Excel shows is the formula's failure,
			// not the value.
			bad(fi, raw, fmt.Sprintf("“%s”是公式出错的结果（%s），请修正公式后重新上传", c.Name, v))
			continue
		case xlsxstream.CellBool:
			if c.Type == gongkai.TText {
				// Excel shows TRUE or FALSE; the file holds 1 or 0.
				if v == "1" {
					v = "TRUE"
				} else {
					v = "FALSE"
				}
				raw = v
			}
		}
		// A "not applicable" mark is at most 3 runes (isNA), and foldWidth
		// maps rune to rune: longer cells need no folding here.
		if v == "" || c.Type != gongkai.TText && len(v) <= 12 && isNA(foldWidth(v)) {
			if c.Required {
				bad(fi, raw, fmt.Sprintf("“%s”为必填项，不能为空", c.Name))
				continue
			}
			if c.BlankZero && v == "" {
				switch c.Type {
				case gongkai.TInt:
					vals[n.slot[ci]] = int64(0)
				case gongkai.TDecimal:
					vals[n.slot[ci]] = float64(0)
				}
			}
			continue
		}
		pos := n.slot[ci]
		var err error
		var memo map[string]memoEntry
		if memoable(c.Type) {
			if n.memo == nil {
				n.memo = make([]map[string]memoEntry, len(n.kind.Columns))
			}
			if n.memo[ci] == nil {
				n.memo[ci] = map[string]memoEntry{}
			}
			memo = n.memo[ci]
			if e, ok := memo[raw]; ok {
				if e.err != nil {
					bad(fi, raw, e.err.Error())
				} else {
					vals[pos] = e.val
				}
				continue
			}
		}
		switch c.Type {
		case gongkai.TText:
			if c.Ident {
				if v, err = identCell(c.Name, v, typ, n.numFmt(fi, typ), cells == nil); err != nil {
					bad(fi, raw, err.Error())
					continue
				}
			}
			vals[pos] = v
			if ci == n.uniqueCI {
				if first, dup := n.seen.first(foldWidth(v), int32(rowNum)|n.sheetBits); dup {
					bad(fi, raw, fmt.Sprintf("“%s”与%s重复，同一单位同一年度的编号不能重复", c.Name, n.firstRowText(first)))
					continue
				}
			}
		case gongkai.TDate:
			var d Date
			if d, err = ParseDateIn(raw, n.year, n.date1904); err == nil {
				vals[pos] = d.Time()
			}
		case gongkai.TDateTime:
			vals[pos], err = parsed(ParseDateTimeIn(raw, n.year, n.date1904))
		case gongkai.TDeadline:
			var dl Deadline
			if dl, err = ParseDeadline(raw, n.year); err == nil {
				if !dl.Open {
					vals[pos] = dl.Date.Time()
				}
				vals[pos+1] = dl.Label
			}
		case gongkai.TInt:
			vals[pos], err = parsed(nonNegative(raw, ParseInt))
		case gongkai.TDecimal:
			vals[pos], err = parsed(nonNegative(raw, ParseDecimal))
		case gongkai.TBool:
			vals[pos], err = parsed(ParseBool(raw))
		case gongkai.TEnum:
			vals[pos], err = parsed(ParseEnum(c, raw))
		case gongkai.TMultiEnum:
			vals[pos], err = parsed(ParseMultiEnum(c, raw))
		case gongkai.TOutcome:
			vals[pos], err = parsed(ParseOutcome(raw))
		case gongkai.TUnit:
			if c.Field == "unit_id" {
				if n.kind.CountyWide {
					break // the batch is the county's: a 单位 column says nothing of it
				}
				u, uerr := n.reg.Resolve(raw)
				switch {
				case uerr != nil:
					err = uerr
				case u.ID != n.unit.ID:
					err = fmt.Errorf("本文件是“%s”的台账，此行单位为“%s”：一个文件只能包含一个单位的数据", n.unit.Name, u.Name)
				}
				break
			}
			var ids []int64
			for _, part := range splitList(v) {
				u, uerr := n.reg.Resolve(part)
				if uerr != nil {
					err = uerr
					break
				}
				ids = append(ids, u.ID)
			}
			if err == nil && len(ids) > 0 {
				vals[pos] = ids[0]
				extraLeads = ids[1:]
			}
		case gongkai.TUnitOrGroup:
			if u, uerr := n.reg.Resolve(raw); uerr == nil {
				vals[pos] = u.ID
			} else if g, ok := n.reg.ResolveGroup(raw); ok {
				vals[pos+1] = g
			} else {
				err = fmt.Errorf("“%s”既不是单位名录中的单位，也不是考核分组", raw)
			}
		}
		if memo != nil && len(memo) < memoMax {
			// A copy: raw may share its block with many rows.
			memo[strings.Clone(raw)] = memoEntry{vals[pos], err}
		}
		if err != nil {
			bad(fi, raw, err.Error())
		}
	}
	n.crossChecks(row, vals, bad)
	for ci, c := range n.kind.Columns {
		if c.Required && !have[ci] && c.Type != gongkai.TUnit {
			bad(-1, "", fmt.Sprintf("缺少必填列“%s”", c.Name))
		}
	}
	return extraLeads
}

// parsed is a cell's parsed value as vals holds it: nil, as the row
// starts, when it did not parse.
func parsed[T any](v T, err error) (driver.Value, error) {
	if err != nil {
		return nil, err
	}
	return v, nil
}

// nonNegative parses a count or an amount, which no ledger has below zero.
func nonNegative[T int64 | float64](raw string, parse func(string) (T, error)) (T, error) {
	x, err := parse(raw)
	if err == nil && x < 0 {
		err = fmt.Errorf("“%s”不能为负数", raw)
	}
	return x, err
}

// crossChecks are rules between cells of one row.
func (n *normalizer) crossChecks(row []string, vals []driver.Value, bad func(col int, value, reason string)) {
	get := func(field string) (driver.Value, int) {
		for ci, c := range n.kind.Columns {
			if c.Field == field && n.slot[ci] >= 0 {
				return vals[n.slot[ci]], n.fileCol(ci)
			}
		}
		return nil, -1
	}
	cell := func(fi int) string {
		if fi >= 0 && fi < len(row) {
			return row[fi]
		}
		return ""
	}
	switch n.kind.Name {
	case "applications":
		replied, rcol := get("replied")
		outcome, ocol := get("outcome")
		received, _ := get("received")
		if replied != nil && outcome == nil {
			if ocol < 0 {
				bad(-1, "", "已填写答复日期，必须填写办理结果（文件缺少“办理结果”列）")
			} else if clean(cell(ocol)) == "" {
				bad(ocol, "", "已填写答复日期，必须填写办理结果")
			}
		}
		if replied != nil && received != nil && replied.(time.Time).Before(received.(time.Time)) {
			bad(rcol, cell(rcol), "答复日期早于收到日期")
		}
	case "documents":
		attr, _ := get("disclosure_attr")
		reason, _ := get("nondisclosure_reason")
		if attr == "不予公开" && reason == nil {
			_, c := get("nondisclosure_reason")
			bad(c, "", "公开属性为“不予公开”时必须填写不公开理由")
		}
	case "proposals":
		assigned, _ := get("assigned")
		before := func(field, reason string) {
			if v, c := get(field); v != nil && assigned != nil && v.(time.Time).Before(assigned.(time.Time)) {
				bad(c, cell(c), reason)
			}
		}
		before("due", "办结期限早于交办日期")
		before("done_date", "办结日期早于交办日期")
		done, _ := get("done_date")
		published, pcol := get("published")
		public, _ := get("full_text_public")
		switch {
		case published != nil && public == false:
			bad(pcol, cell(pcol), "“是否公开答复全文”为“否”，不应填写公开日期")
		case published != nil && done == nil:
			bad(pcol, cell(pcol), "尚未办结（办结日期为空），不应填写答复全文公开日期")
		case published != nil && published.(time.Time).Before(done.(time.Time)):
			bad(pcol, cell(pcol), "答复全文公开日期早于办结日期")
		}
	case "responses":
		rec, _ := get("received_at")
		resp, c := get("responded_at")
		if rec != nil && resp != nil && resp.(time.Time).Before(rec.(time.Time)) {
			bad(c, cell(c), "回应时间早于收到时间")
		}
	}
}

// numFmt is the number format of the current row's cell fi, for a number.
func (n *normalizer) numFmt(fi int, typ xlsxstream.CellType) string {
	if typ != xlsxstream.CellNumber {
		return ""
	}
	return n.cells.NumFmt(fi)
}

func (n *normalizer) fileCol(ci int) int {
	for fi, c := range n.layout.cols {
		if c == ci {
			return fi
		}
	}
	return -1
}

func splitList(s string) []string {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '、' || r == ',' || r == '，' || r == ';' || r == '；' || r == '\n' })
	out := parts[:0]
	for _, p := range parts {
		if p = clean(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// validText reports whether s is valid UTF-8 without U+FFFD. It runs on
// every mapped cell, so the common cases are checked inline: ASCII, and
// three-byte characters whose lead byte (E1–EC, EE) allows any continuation
// bytes — all CJK ideographs. The rest (E0, ED with its surrogates, EF with
// U+FFFD, four-byte characters, invalid bytes) are decoded.
func validText(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		if (c >= 0xE1 && c <= 0xEC || c == 0xEE) && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			i += 3
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError {
			return false // size 1: an invalid byte; size 3: U+FFFD itself
		}
		i += size
	}
	return true
}
