package ingest

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gongkai"
	"gongkai/internal/xlsxstream"
)

// Value normalisers: each takes a cell as text (xlsx raw value or CSV field)
// and returns the typed value or a reason in Chinese that the clerk can act on.

// Date is a calendar date with no time zone: ledger dates are Asia/Shanghai
// calendar dates and are stored as DATE.
type Date struct{ Y, M, D int }

// Time returns midnight UTC of the date, which the DuckDB appender stores as that DATE.
func (d Date) Time() time.Time { return time.Date(d.Y, time.Month(d.M), d.D, 0, 0, 0, 0, time.UTC) }

func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Y, d.M, d.D) }

func validDate(y, m, d int) bool {
	if y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= daysIn(y, m)
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// foldWidth maps full-width ASCII forms (１２，ＡＢ) to ASCII and the
// ideographic space to a space, as WPS and Chinese IMEs often type them.
func foldWidth(s string) string {
	// Most cells, Chinese text included, have nothing to fold: in valid
	// UTF-8 the runes foldRune changes start with bytes EF, E3 or C2, so
	// look for those before building a copy.
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == 0xEF || c == 0xE3 || c == 0xC2 {
			return foldEach(s)
		}
	}
	if !utf8.ValidString(s) {
		return foldEach(s)
	}
	return s
}

// foldEach is foldWidth rune by rune, without its shortcut.
func foldEach(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

// foldRune is foldWidth of one rune.
func foldRune(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFEE0
	case r == 0x3000 || r == 0x00A0:
		return ' '
	}
	return r
}

// clean trims spaces of every kind, including the ideographic space.
func clean(s string) string {
	if s == "" {
		return s
	}
	// Most cells have nothing to trim: look at both ends first, by the
	// lead byte of the rune there when it settles it.
	if !mayBeSpace(s[0]) {
		i := len(s) - 1
		for i > 0 && i > len(s)-4 && s[i]&0xC0 == 0x80 {
			i--
		}
		if !mayBeSpace(s[i]) {
			return s
		}
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	if !cleanSpace(first) && !cleanSpace(last) {
		return s
	}
	return strings.TrimFunc(s, cleanSpace)
}

// mayBeSpace tells whether a rune starting with byte b can be a cleanSpace:
// the ASCII spaces, or a rune whose UTF-8 starts C2 (U+0085, U+00A0), E1
// (U+1680), E2 (U+2000–U+205F), E3 (U+3000) or EF (U+FEFF). A continuation
// byte (a broken rune) also answers true, for the careful path.
func mayBeSpace(b byte) bool {
	switch {
	case b < utf8.RuneSelf:
		return b <= ' ' || b == 0x7F
	case b < 0xC0, b == 0xC2, b == 0xE1, b == 0xE2, b == 0xE3, b == 0xEF:
		return true
	}
	return b >= 0xF5 // not a valid lead byte
}

func cleanSpace(r rune) bool { return unicode.IsSpace(r) || r == 0x3000 || r == 0xFEFF }

// isNA reports the marks offices use for "not applicable".
func isNA(s string) bool {
	switch s {
	case "/", "／", "—", "——", "-", "--", "－", "无", "不适用":
		return true
	}
	return false
}

// ParseDate reads the date styles offices write: Excel serials, 2024-03-05,
// 2024/3/5, 2024.3.5, 2024年3月5日, 20240305, optionally followed by a time.
// date1904 is the workbook's 1904 flag for serials.
func ParseDate(raw string, date1904 bool) (Date, error) {
	s := clean(foldWidth(raw))
	if s == "" {
		return Date{}, errBlank
	}
	// An Excel serial is at most 7 digits; yyyymmdd is exactly 8.
	if d, ok := parseSerial(s, date1904); ok {
		return d, nil
	}
	if len(s) == 8 && allDigits(s) {
		y, _ := strconv.Atoi(s[:4])
		m, _ := strconv.Atoi(s[4:6])
		dd, _ := strconv.Atoi(s[6:])
		if validDate(y, m, dd) {
			return Date{y, m, dd}, nil
		}
		return Date{}, fmt.Errorf("“%s”不是有效日期", raw)
	}
	nums, rest := leadingNumbers(s, 3)
	if len(nums) == 3 && dateTail(rest) {
		if validDate(nums[0], nums[1], nums[2]) {
			return Date{nums[0], nums[1], nums[2]}, nil
		}
		if nums[0] < 1000 {
			// 3/5/2024 or 24-3-5: the year is not written first in full,
			// so which number is the month is a guess; none is made.
			return Date{}, fmt.Errorf("“%s”的年份不在最前或不是四位数，无法确定年、月、日，请写成 2024-03-05", raw)
		}
		return Date{}, fmt.Errorf("“%s”不是有效日期（月或日超出范围）", raw)
	}
	return Date{}, fmt.Errorf("“%s”不是可识别的日期，请写成 2024-03-05 或 2024年3月5日", raw)
}

// monthDayRE is a date written without its year: 3月5日, 10月1号, with an
// optional time after it.
var monthDayRE = regexp.MustCompile(`^(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]\s*(.*)$`)

// ParseDateIn is ParseDate for a ledger of year: a date written without
// its year (3月5日, as clerks type dates within the ledger's year) takes it.
func ParseDateIn(raw string, year int, date1904 bool) (Date, error) {
	d, err := ParseDate(raw, date1904)
	if err == nil || year == 0 {
		return d, err
	}
	m := monthDayRE.FindStringSubmatch(clean(foldWidth(raw)))
	if m == nil || clean(m[3]) != "" {
		return d, err
	}
	mo, _ := strconv.Atoi(m[1])
	dd, _ := strconv.Atoi(m[2])
	if !validDate(year, mo, dd) {
		return Date{}, fmt.Errorf("“%s”不是有效日期（月或日超出范围）", raw)
	}
	return Date{year, mo, dd}, nil
}

// ParseDateTimeIn is ParseDateTime for a ledger of year: 4月8日 9时30分
// takes the year as ParseDateIn does.
func ParseDateTimeIn(raw string, year int, date1904 bool) (time.Time, error) {
	t, err := ParseDateTime(raw, date1904)
	if err == nil || year == 0 {
		return t, err
	}
	m := monthDayRE.FindStringSubmatch(clean(foldWidth(raw)))
	if m == nil {
		return t, err
	}
	mo, _ := strconv.Atoi(m[1])
	dd, _ := strconv.Atoi(m[2])
	if !validDate(year, mo, dd) {
		return time.Time{}, fmt.Errorf("“%s”不是有效日期（月或日超出范围）", raw)
	}
	h, mi, sec := 0, 0, 0
	if rest := clean(m[3]); rest != "" {
		var ok bool
		if h, mi, sec, ok = parseClock(rest); !ok {
			return t, err
		}
	}
	return time.Date(year, time.Month(mo), dd, h, mi, sec, 0, time.UTC), nil
}

// dateTail accepts what may follow a date: nothing, 日/号, or a time of day.
func dateTail(rest string) bool {
	rest = strings.TrimLeft(rest, "日号")
	rest = clean(rest)
	if rest == "" {
		return true
	}
	_, _, _, ok := parseClock(strings.TrimPrefix(rest, "T"))
	return ok
}

// leadingNumbers splits "2024年3月5日" or "2024-3-5 10:00" into up to n
// numbers separated by - / . 年 月, returning what follows them.
func leadingNumbers(s string, n int) ([]int, string) {
	var nums []int
	i := 0
	for len(nums) < n {
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i || j-i > 4 {
			return nums, s[i:]
		}
		v, _ := strconv.Atoi(s[i:j])
		nums = append(nums, v)
		i = j
		if len(nums) == n {
			break
		}
		switch {
		case i < len(s) && (s[i] == '-' || s[i] == '/' || s[i] == '.'):
			i++
		case strings.HasPrefix(s[i:], "年") || strings.HasPrefix(s[i:], "月"):
			i += len("年")
		default:
			return nums, s[i:]
		}
	}
	return nums, s[i:]
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Excel date serials taken as dates: from 10000 (1927-05-18), so that a bare
// year or a count typed into a date column is refused rather than read as a
// day of 1905, up to the last day validDate allows.
const minSerial = 10000

// serialValue reads an Excel serial as stored in the sheet XML: plain digits
// with at most one decimal point ("45356", "45356.604166666664"). Exponents,
// signs, hex and yyyymmdd (8 digits) are not serials.
func serialValue(s string) (float64, bool) {
	if s == "" || len(s) > 32 || (len(s) == 8 && allDigits(s)) {
		return 0, false
	}
	dot := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
		case c == '.' && !dot && i > 0 && i < len(s)-1:
			dot = true
		default:
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < minSerial || f >= 100000 {
		return 0, false
	}
	return f, true
}

// parseSerial reads an Excel date serial (days since 1899-12-30, or since
// 1904-01-01 in 1904 workbooks); a fraction is the time of day.
func parseSerial(s string, date1904 bool) (Date, bool) {
	f, ok := serialValue(s)
	if !ok {
		return Date{}, false
	}
	t := serialTime(f, date1904)
	d := Date{t.Year(), int(t.Month()), t.Day()}
	return d, validDate(d.Y, d.M, d.D)
}

func serialTime(f float64, date1904 bool) time.Time {
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	days := math.Floor(f)
	secs := math.Round((f - days) * 86400)
	return base.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second)
}

// parseClock reads 14:30, 14:30:05, 14时30分 or 14点30分.
func parseClock(s string) (h, m, sec int, ok bool) {
	s = clean(s)
	s = strings.NewReplacer("时", ":", "点", ":", "分", ":", "秒", "").Replace(s)
	s = strings.TrimSuffix(s, ":")
	parts := strings.Split(s, ":")
	if len(parts) < 1 || len(parts) > 3 || s == "" {
		return 0, 0, 0, false
	}
	vals := [3]int{}
	for i, p := range parts {
		if !allDigits(p) || len(p) > 2 {
			return 0, 0, 0, false
		}
		vals[i], _ = strconv.Atoi(p)
	}
	if len(parts) == 1 && !strings.Contains(s, ":") {
		// a bare number after a date is not a time
		return 0, 0, 0, false
	}
	if vals[0] > 23 || vals[1] > 59 || vals[2] > 59 {
		return 0, 0, 0, false
	}
	return vals[0], vals[1], vals[2], true
}

// ParseDateTime reads a date with an optional time of day (midnight when absent).
func ParseDateTime(raw string, date1904 bool) (time.Time, error) {
	s := clean(foldWidth(raw))
	if s == "" {
		return time.Time{}, errBlank
	}
	if f, ok := serialValue(s); ok {
		if t := serialTime(f, date1904); validDate(t.Year(), int(t.Month()), t.Day()) {
			return t, nil
		}
	}
	nums, rest := leadingNumbers(s, 3)
	if len(nums) == 3 && validDate(nums[0], nums[1], nums[2]) {
		rest = clean(strings.TrimPrefix(strings.TrimLeft(rest, "日号"), "T"))
		if rest == "" {
			return time.Date(nums[0], time.Month(nums[1]), nums[2], 0, 0, 0, 0, time.UTC), nil
		}
		if h, m, sec, ok := parseClock(rest); ok {
			return time.Date(nums[0], time.Month(nums[1]), nums[2], h, m, sec, 0, time.UTC), nil
		}
	}
	if d, err := ParseDate(raw, date1904); err == nil {
		return d.Time(), nil
	}
	return time.Time{}, fmt.Errorf("“%s”不是可识别的日期时间，请写成 2024-03-05 14:30", raw)
}

// Deadline is a task deadline: a date, or no date for open-ended work
// (长期坚持), which is not scored for timeliness.
type Deadline struct {
	Date  Date
	Open  bool   // no date: 长期坚持 / 持续推进
	Label string // the words as written
}

var openEnded = []string{"长期坚持", "持续推进", "长期", "持续", "常态化", "长期推进", "持续开展"}

// ParseDeadline reads 2024年10月底前 (= 2024-10-31), 6月底前 (year from
// context), 年内 / 年底前 (= 12-31), 上半年 (= 06-30), or any date.
func ParseDeadline(raw string, year int) (Deadline, error) {
	d, err := parseDeadline(raw, year)
	if err == nil && !d.Open && !validDate(d.Date.Y, d.Date.M, d.Date.D) {
		return Deadline{Label: d.Label}, fmt.Errorf("“%s”的年份 %d 超出范围", raw, d.Date.Y)
	}
	return d, err
}

func parseDeadline(raw string, year int) (Deadline, error) {
	s := clean(foldWidth(raw))
	out := Deadline{Label: clean(raw)}
	if s == "" {
		return out, errBlank
	}
	for _, w := range openEnded {
		if s == w {
			out.Open = true
			return out, nil
		}
	}
	if d, err := ParseDate(s, false); err == nil {
		out.Date = d
		return out, nil
	}
	y := year
	rest := s
	if nums, r := leadingNumbers(s, 1); len(nums) == 1 && strings.HasPrefix(r, "年") && nums[0] >= 1900 {
		y = nums[0]
		rest = r[len("年"):]
	}
	rest = strings.TrimSuffix(strings.TrimSuffix(rest, "以前"), "前")
	rest = strings.TrimSuffix(rest, "之")
	if y == 0 {
		return out, fmt.Errorf("“%s”没有写年份，且无法从文件确定年度", raw)
	}
	switch rest {
	case "年内", "年底", "底", "年末", "全年", "12月底", "年度内":
		out.Date = Date{y, 12, 31}
		return out, nil
	case "上半年", "6月底", "二季度", "第二季度", "二季度末":
		out.Date = Date{y, 6, 30}
		return out, nil
	case "一季度", "第一季度", "一季度末", "3月底":
		out.Date = Date{y, 3, 31}
		return out, nil
	case "三季度", "第三季度", "三季度末", "9月底":
		out.Date = Date{y, 9, 30}
		return out, nil
	case "下半年", "四季度", "第四季度":
		out.Date = Date{y, 12, 31}
		return out, nil
	}
	// N月底 / N月中旬 / N月上旬 / N月D日
	if nums, r := leadingNumbers(rest, 1); len(nums) == 1 && strings.HasPrefix(r, "月") {
		m := nums[0]
		tail := r[len("月"):]
		if m >= 1 && m <= 12 {
			switch tail {
			case "底", "末", "", "份", "内":
				out.Date = Date{y, m, daysIn(y, m)}
				return out, nil
			case "上旬":
				out.Date = Date{y, m, 10}
				return out, nil
			case "中旬":
				out.Date = Date{y, m, 20}
				return out, nil
			case "下旬":
				out.Date = Date{y, m, daysIn(y, m)}
				return out, nil
			}
			if dn, r2 := leadingNumbers(tail, 1); len(dn) == 1 && (r2 == "日" || r2 == "号") && validDate(y, m, dn[0]) {
				out.Date = Date{y, m, dn[0]}
				return out, nil
			}
		}
	}
	return out, fmt.Errorf("“%s”不是可识别的完成时限，请写成 2024年10月底前、年底前、2024-10-31 或 长期坚持", raw)
}

var errBlank = fmt.Errorf("空白")

// ParseInt reads whole numbers as offices type them: full-width digits,
// thousands separators, a trailing 件/人/次/个/天, or a float cell holding a
// whole number.
func ParseInt(raw string) (int64, error) {
	s := numberText(raw)
	if s == "" {
		return 0, errBlank
	}
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		return v, nil
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return int64(f), nil
	}
	return 0, fmt.Errorf("“%s”不是整数", raw)
}

// ParseDecimal reads a decimal number (amounts in 万元 or 元).
func ParseDecimal(raw string) (float64, error) {
	s := numberText(raw)
	if s == "" {
		return 0, errBlank
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("“%s”不是数字", raw)
	}
	return f, nil
}

func numberText(raw string) string {
	s := clean(foldWidth(raw))
	for _, suf := range []string{"万元", "元", "件", "人次", "人", "次", "个", "天", "日"} {
		s = strings.TrimSuffix(s, suf)
	}
	s = clean(s)
	if strings.ContainsAny(s, ",，") {
		s = strings.NewReplacer(",", "", "，", "").Replace(s)
	}
	return s
}

// identText reads back an identifier a spreadsheet stored as a number,
// when the reader cannot say whether the cell is a number (an .xlsx read
// by the fallback path, xlsxstream.CellUnknown): 2024013.0 → 2024013,
// 2.024013E+06 → 2024013. Only the two shapes writers give a whole number
// are read back (a decimal point and zeros; a mantissa with E+ or e+), so
// text such as 2024E001, +2024001 or 2024001. is kept as typed; so are
// digits (leading zeros included) and a number too large to have kept its
// digits (the 18 digits of a credit code).
func identText(v string) string {
	if !numberShape.MatchString(v) {
		return v
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f != math.Trunc(f) || f >= 1e15 {
		return v
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// numberShape: how a writer spells a whole number it stored as a float.
var numberShape = regexp.MustCompile(`^[0-9]+\.0+$|^[0-9](\.[0-9]+)?[eE]\+[0-9]+$`)

// identCell is the text of an identifier cell (申请编号, 文号, 索引号) as
// the clerk sees it, or why it cannot be had. A text cell (an .xlsx
// string, any CSV field) is kept as written: 2024E001, +2024001 and
// 2024001. are identifiers, not numbers. An .xlsx number cell is shown as
// Excel shows it through its format (000123, SQ2024-007, 财发〔2024〕5号);
// one whose digits Excel has already lost, or which Excel made a date of,
// or whose format cannot be rendered exactly, is refused: storing a
// number for it would be a different identifier. name is the column's.
func identCell(name, v string, typ xlsxstream.CellType, format string, csv bool) (string, error) {
	switch typ {
	case xlsxstream.CellNumber:
		return identNumber(name, v, format)
	case xlsxstream.CellDate:
		return "", fmt.Errorf("“%s”被 Excel 自动转换成了日期，请把该列设为文本后重新输入编号", name)
	case xlsxstream.CellUnknown:
		if csv {
			// Excel's display of a long number (2.02E+07): the CSV holds
			// what the cell showed, and the digits are gone.
			if excelSci.MatchString(v) {
				return "", fmt.Errorf("“%s”是 Excel 以科学计数法显示的数字，编号的数字已经丢失。请在 Excel 中把该列设为文本、重新输入编号后再导出 CSV", name)
			}
			return v, nil
		}
		return identText(v), nil
	}
	return v, nil
}

// excelSci is how Excel shows a number too wide for its column (General
// format) and so writes it to a CSV: 2.02E+07, 1.10101E+17.
var excelSci = regexp.MustCompile(`^[0-9](\.[0-9]+)?E\+[0-9]+$`)

// identNumber renders an .xlsx number cell (its raw value v) through its
// format code as Excel shows it, for an identifier.
func identNumber(name, v, format string) (string, error) {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return v, nil // not a number after all: its text
	}
	if isDateFormat(format) {
		return "", fmt.Errorf("“%s”被 Excel 自动转换成了日期，请把该列设为文本后重新输入编号", name)
	}
	// Excel keeps 15 significant digits: an 18-digit number typed into a
	// cell ends in zeros in the file already.
	if math.Abs(f) >= 1e15 {
		return "", fmt.Errorf("“%s”是超过 15 位的数字，Excel 已丢失末尾的数字，请把该列设为文本后重新输入编号", name)
	}
	if s, ok := renderNumber(f, format); ok {
		return s, nil
	}
	return "", fmt.Errorf("“%s”是按单元格格式“%s”显示的数字，无法确定 Excel 显示的编号，请把该列设为文本后重新输入编号", name, format)
}

// formatSections splits a format code at the ';' outside quotes and
// escapes.
func formatSections(code string) []string {
	var out []string
	start, quoted := 0, false
	for i := 0; i < len(code); i++ {
		switch c := code[i]; {
		case c == '"':
			quoted = !quoted
		case c == '\\' && !quoted:
			i++
		case c == ';' && !quoted:
			out = append(out, code[start:i])
			start = i + 1
		}
	}
	return append(out, code[start:])
}

// isDateFormat tells a date or time format: a y, m, d, h or s (or
// 上午/下午, AM/PM) outside quotes, escapes and brackets ([h] too).
func isDateFormat(code string) bool {
	if strings.EqualFold(code, "General") {
		return false
	}
	quoted := false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\\' || c == '_' || c == '*':
			i++
		case c == '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				return false
			}
			switch strings.ToLower(strings.Trim(code[i+1:i+j], "hms")) {
			case "":
				return true // [h], [mm], [ss]: elapsed time
			}
			i += j
		case c == 'E' || c == 'e':
			if i+1 < len(code) && (code[i+1] == '+' || code[i+1] == '-') {
				return false // scientific
			}
			return true // e: the era year of some locales
		case strings.IndexByte("yYmMdDhHsSgGaA", c) >= 0:
			return true
		case strings.HasPrefix(code[i:], "上午/下午"):
			return true
		}
	}
	return false
}

// renderNumber renders f through a format code of digit placeholders (0
// and #), a decimal point followed by 0s, and literal text (quoted,
// escaped, or one of Excel's unquoted literal characters): what an
// identifier's format is made of. ok is false for anything else
// (thousands separators, %, fractions, scientific, colours, conditions):
// better refused than shown other than as Excel shows it. "" (General) and
// "@" show the number itself, when its shortest form has at most Excel's
// 15 significant digits.
func renderNumber(f float64, code string) (string, bool) {
	secs := formatSections(code)
	if len(secs) > 4 {
		return "", false
	}
	sec, neg := secs[0], f < 0
	switch {
	case f < 0 && len(secs) >= 2:
		sec, neg = secs[1], false // the negative section shows its own sign
	case f == 0 && len(secs) >= 3:
		sec = secs[2]
	}
	a := math.Abs(f)
	if sec == "" || sec == "@" || strings.EqualFold(sec, "General") {
		if len(secs) > 1 && f < 0 {
			return "", false
		}
		s := strconv.FormatFloat(f, 'f', -1, 64)
		if g, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'g', 15, 64), 64); g != f {
			return "", false // more digits than Excel shows
		}
		return s, true
	}
	type tok struct {
		lit   string
		place byte // '0' or '#' for a placeholder
		frac  bool // after the decimal point
	}
	var toks []tok
	point, places := false, 0
	decimals := 0
	for i := 0; i < len(sec); i++ {
		c := sec[i]
		switch {
		case c == '"':
			j := strings.IndexByte(sec[i+1:], '"')
			if j < 0 {
				return "", false
			}
			toks = append(toks, tok{lit: sec[i+1 : i+1+j]})
			i += j + 1
		case c == '\\':
			if i+1 >= len(sec) {
				return "", false
			}
			_, size := utf8.DecodeRuneInString(sec[i+1:])
			toks = append(toks, tok{lit: sec[i+1 : i+1+size]})
			i += size
		case c == '0' || c == '#':
			if point && c == '#' {
				return "", false
			}
			toks = append(toks, tok{place: c, frac: point})
			if point {
				decimals++
			} else {
				places++
			}
		case c == '.':
			if point {
				return "", false
			}
			point = true
			toks = append(toks, tok{lit: "."})
		case c >= utf8.RuneSelf:
			_, size := utf8.DecodeRuneInString(sec[i:])
			toks = append(toks, tok{lit: sec[i : i+size]})
			i += size - 1
		case strings.IndexByte("$-+/():!^&'~{}<>= ", c) >= 0:
			toks = append(toks, tok{lit: string(c)})
		default:
			return "", false
		}
	}
	if places == 0 {
		return "", false // no digit shown: the number is not in the text
	}
	num := strconv.FormatFloat(a, 'f', decimals, 64)
	ip, fp, _ := strings.Cut(num, ".")
	if ip == "0" {
		ip = "" // '#' shows nothing for it, '0' shows 0
	}
	// The integer digits fill the placeholders from the right; more
	// digits than placeholders all go to the first one.
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	k, fk := 0, 0
	pad := places - len(ip)
	for _, t := range toks {
		switch {
		case t.place == 0:
			b.WriteString(t.lit)
		case t.frac:
			b.WriteByte(fp[fk])
			fk++
		case pad > 0 && k < pad:
			if t.place == '0' {
				b.WriteByte('0')
			}
			k++
		case pad <= 0 && k == 0:
			b.WriteString(ip[:1-pad])
			k++
		default:
			b.WriteByte(ip[k-pad])
			k++
		}
	}
	return b.String(), true
}

// ParseBool reads 是/否, Y/N, √/×, 1/0 and their common variants.
func ParseBool(raw string) (bool, error) {
	s := strings.ToUpper(clean(foldWidth(raw)))
	switch s {
	case "":
		return false, errBlank
	case "是", "Y", "YES", "√", "✓", "✔", "1", "TRUE", "有", "已", "对":
		return true, nil
	case "否", "N", "NO", "×", "X", "✗", "✘", "0", "FALSE", "无", "未", "不是":
		return false, nil
	}
	return false, fmt.Errorf("“%s”应填写 是 或 否", raw)
}

// enumKey folds a label for matching: no spaces, ASCII width, 〔〕 and
// brackets unified.
func enumKey(s string) string {
	s = foldWidth(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			continue
		case r == '“' || r == '”' || r == '"' || r == '\'' || r == '‘' || r == '’':
			continue
		case r == '【' || r == '〔' || r == '[':
			b.WriteByte('(')
		case r == '】' || r == '〕' || r == ']':
			b.WriteByte(')')
		case r == '、' || r == '．':
			b.WriteByte('.')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ParseEnum matches a value against a column's labels and short forms.
func ParseEnum(c *gongkai.Column, raw string) (string, error) {
	k := enumKey(clean(raw))
	if k == "" {
		return "", errBlank
	}
	idx := enumIndex(c)
	if v, ok := idx[k]; ok {
		return v, nil
	}
	// "1.自然人" or "（一）自然人": a numbered pick-list entry.
	if t := stripNumbering(k); t != k {
		if v, ok := idx[t]; ok {
			return v, nil
		}
	}
	return "", fmt.Errorf("“%s”不是可选值，应为：%s", raw, strings.Join(c.Enum, "、"))
}

// ParseMultiEnum reads several values separated by 、 , ， ; ； or /.
func ParseMultiEnum(c *gongkai.Column, raw string) (string, error) {
	s := clean(raw)
	if s == "" {
		return "", errBlank
	}
	parts := strings.FieldsFunc(s, func(r rune) bool {
		return r == '、' || r == ',' || r == '，' || r == ';' || r == '；' || r == '/' || r == '+' || r == ' '
	})
	seen := map[string]bool{}
	var out []string
	for _, p := range parts {
		v, err := ParseEnum(c, p)
		if err != nil && len(parts) == 1 {
			// One value: naming it once ("“微电影”中的“微电影”" said it twice).
			return "", err
		}
		if err != nil {
			return "", fmt.Errorf("“%s”中的“%s”不是可选值，应为：%s", raw, p, strings.Join(c.Enum, "、"))
		}
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	if len(out) == 0 { // only separators
		return "", fmt.Errorf("“%s”不是可选值，应为：%s", raw, strings.Join(c.Enum, "、"))
	}
	return strings.Join(out, "、"), nil
}

// enumIndexes maps each enum column of gongkai.Kinds to its labels and
// short forms, folded by enumKey, and their canonical values. The domain
// declares the values; the folding is ingest's normalisation (unit names and
// outcomes share it), so the index is built here, once.
var enumIndexes = func() map[*gongkai.Column]map[string]string {
	out := map[*gongkai.Column]map[string]string{}
	for _, k := range gongkai.Kinds {
		for i := range k.Columns {
			if c := &k.Columns[i]; c.Type == gongkai.TEnum || c.Type == gongkai.TMultiEnum {
				out[c] = newEnumIndex(c)
			}
		}
	}
	return out
}()

// enumIndex is the column's index: built once for a column of
// gongkai.Kinds, on the spot for another (a test's own column).
func enumIndex(c *gongkai.Column) map[string]string {
	if idx, ok := enumIndexes[c]; ok {
		return idx
	}
	return newEnumIndex(c)
}

func newEnumIndex(c *gongkai.Column) map[string]string {
	idx := make(map[string]string, len(c.Enum)+len(c.Short))
	for _, e := range c.Enum {
		idx[enumKey(e)] = e
	}
	for from, to := range c.Short {
		idx[enumKey(from)] = to
	}
	return idx
}

// stripNumbering removes a leading "1." / "(一)" / "一、" list number.
func stripNumbering(s string) string {
	if s == "" {
		return s
	}
	if s[0] == '(' {
		if i := strings.IndexByte(s, ')'); i > 0 && i <= 10 {
			inner := s[1:i]
			if isNumeral(inner) {
				return s[i+1:]
			}
		}
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i < len(s) && s[i] == '.' {
		return s[i+1:]
	}
	for _, n := range []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"} {
		if strings.HasPrefix(s, n+".") {
			return s[len(n)+1:]
		}
	}
	return s
}

func isNumeral(s string) bool {
	if allDigits(s) {
		return true
	}
	for _, r := range s {
		if !strings.ContainsRune("一二三四五六七八九十", r) {
			return false
		}
	}
	return s != ""
}
