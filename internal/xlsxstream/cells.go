package xlsxstream

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"strconv"
	"strings"
)

// CellType is the kind of value a cell holds, as its t= attribute says:
// what the text of Rows.Row alone cannot tell (a number 123 from the text
// "123", TRUE from 1, an error #N/A from the text "#N/A").
type CellType uint8

const (
	// CellUnknown: no cell, or a sheet read by excelize, which does not
	// say (the fast reader's fallback); the caller reads the text alone.
	CellUnknown CellType = iota
	CellText             // a shared or inline string, or a formula's text (t="s", "inlineStr", "str")
	CellNumber           // a number (no t=, or t="n"): a date is a number too, told by its format
	CellBool             // t="b": the text is 1 or 0, Excel shows TRUE or FALSE
	CellError            // t="e": a formula's error (#N/A, #DIV/0!), shown as it is
	CellDate             // t="d": an ISO 8601 date written as text (rare writers)
)

// A cell's meta: its CellType in the low bits, whether a merged range's
// value was filled into it from a column to its left (Rows.FilledAcross),
// and its style (the index into styles.xml's cellXfs) above. One uint32 a
// cell keeps the hot path of a million rows cheap.
const (
	metaTypeMask   = 0x7
	metaAcross     = 0x8
	metaStyleShift = 4
	maxStyleIndex  = 1<<(32-metaStyleShift) - 1
)

func cellTypeOf(t []byte) CellType {
	switch string(t) {
	case "s", "inlineStr", "str":
		return CellText
	case "b":
		return CellBool
	case "e":
		return CellError
	case "d":
		return CellDate
	}
	return CellNumber
}

// UnknownFormat is Rows.NumFmt of a cell whose style cannot be resolved:
// styles.xml is missing where a cell names a style, or unreadable. It is
// no format code any writer uses (a bracketed word), so that a caller
// rendering codes refuses it rather than guess General.
const UnknownFormat = "[未知格式]"

// numFmts resolves a cell's style index to its number format code.
type numFmts struct {
	codes []string // by cellXfs index; "" is General
	bad   bool     // styles.xml present but unreadable
}

func (t *numFmts) code(style uint32) string {
	if t == nil {
		return ""
	}
	if t.bad {
		return UnknownFormat
	}
	if int(style) < len(t.codes) {
		return t.codes[style]
	}
	if style == 0 {
		return "" // no styles.xml: every cell is General
	}
	// A style beyond cellXfs: Excel repairs such a file; its cells have
	// no format that can be vouched for.
	return UnknownFormat
}

// builtinNumFmts are the formats Excel numbers without writing them
// (ECMA-376 part 1, 18.8.30), with the zh-CN ones (27–36, 50–58: all
// dates and times). A cell's format among them is given by its code; ids
// not listed are shown as General by Excel.
var builtinNumFmts = map[int]string{
	0: "", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
	5: `"¥"#,##0;"¥"\-#,##0`, 6: `"¥"#,##0;[Red]"¥"\-#,##0`, 7: `"¥"#,##0.00;"¥"\-#,##0.00`, 8: `"¥"#,##0.00;[Red]"¥"\-#,##0.00`,
	9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
	14: "yyyy/m/d", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM",
	20: "h:mm", 21: "h:mm:ss", 22: "yyyy/m/d h:mm",
	27: `yyyy"年"m"月"`, 28: `m"月"d"日"`, 29: `m"月"d"日"`, 30: "m-d-yy", 31: `yyyy"年"m"月"d"日"`,
	32: `h"时"mm"分"`, 33: `h"时"mm"分"ss"秒"`, 34: `上午/下午h"时"mm"分"`, 35: `上午/下午h"时"mm"分"ss"秒"`, 36: `yyyy"年"m"月"`,
	37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;[Red](#,##0.00)",
	45: "mm:ss", 46: "[h]:mm:ss", 47: "mm:ss.0", 48: "##0.0E+0", 49: "@",
	50: `yyyy"年"m"月"`, 51: `m"月"d"日"`, 52: `yyyy"年"m"月"`, 53: `m"月"d"日"`, 54: `m"月"d"日"`,
	55: `上午/下午h"时"mm"分"`, 56: `上午/下午h"时"mm"分"ss"秒"`, 57: `yyyy"年"m"月"`, 58: `m"月"d"日"`,
}

type stylesXML struct {
	NumFmts []struct {
		ID   string `xml:"numFmtId,attr"`
		Code string `xml:"formatCode,attr"`
	} `xml:"numFmts>numFmt"`
	CellXfs []struct {
		NumFmtID string `xml:"numFmtId,attr"`
	} `xml:"cellXfs>xf"`
}

// readNumFmts reads the number format of every cell style of styles.xml
// (zf nil: the workbook has none). A part it cannot read gives formats
// that are all UnknownFormat: the rows are read as before, and only a
// caller that renders formats is affected.
func readNumFmts(zf *zip.File) *numFmts {
	if zf == nil {
		return &numFmts{}
	}
	if zf.UncompressedSize64 > maxMetaPart {
		return &numFmts{bad: true}
	}
	rc, err := zf.Open()
	if err != nil {
		return &numFmts{bad: true}
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxMetaPart+1))
	var st stylesXML
	if err != nil || xml.Unmarshal(b, &st) != nil {
		return &numFmts{bad: true}
	}
	custom := map[int]string{}
	for _, f := range st.NumFmts {
		id, err := strconv.Atoi(f.ID)
		if err != nil {
			return &numFmts{bad: true}
		}
		custom[id] = f.Code
	}
	t := &numFmts{codes: make([]string, len(st.CellXfs))}
	for i, xf := range st.CellXfs {
		id := 0
		if xf.NumFmtID != "" {
			if id, err = strconv.Atoi(xf.NumFmtID); err != nil {
				return &numFmts{bad: true}
			}
		}
		if c, ok := custom[id]; ok {
			if strings.EqualFold(c, "General") {
				c = ""
			}
			t.codes[i] = c
		} else {
			t.codes[i] = builtinNumFmts[id]
		}
	}
	return t
}
