package ingest

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// Files written by other software (testdata/formats/gen.sh: Python's
// zipfile, csv and openpyxl, iconv, LibreOffice Calc) that are not what
// their name says, or are CSV that encoding/csv reads otherwise than
// Excel does. The expected values are what Excel shows, written out here.

func fmtFile(name string) string { return filepath.Join("testdata", "formats", name) }

// fmtOpt: the probe's files name no unit and no year.
var fmtOpt = Options{Unit: "平安县财政局", Year: 2024}

// refusedWhole checks a refusal's invariants: refused with exactly want
// (a Chinese reason with no English words in it), nothing loaded, the
// database as it was, no panic (a panic fails the test).
func refusedWhole(t *testing.T, e *env, path, want string) {
	t.Helper()
	before := e.snapshot()
	r := e.one(path, fmtOpt)
	if r.Status != StatusRefused || r.RowsLoaded != 0 || r.BatchID != 0 || r.Reason != want {
		t.Errorf("%s: status %s, loaded %d, batch %d, reason %q\nwant refused: %s", path, r.Status, r.RowsLoaded, r.BatchID, r.Reason, want)
	}
	if !chineseReason(r.Reason) {
		t.Errorf("%s: reason not in Chinese: %q", path, r.Reason)
	}
	e.unchangedSince(before)
}

// chineseReason: Han characters, and no Latin word but the names of
// programs, formats and encodings the clerk knows (an English word from a
// library's error would be one).
func chineseReason(s string) bool {
	han := false
	for _, r := range s {
		han = han || unicode.Is(unicode.Han, r)
	}
	words := strings.FieldsFunc(s, func(r rune) bool { return r >= 0x80 || !unicode.IsLetter(r) })
	for _, w := range words {
		switch strings.ToLower(w) {
		case "excel", "wps", "csv", "html", "xml", "word", "powerpoint", "xlsx", "xlsb", "xls", "zip", "mht", "pdf", "utf", "gbk", "gb":
		default:
			return false
		}
	}
	return han
}

// TestNotCSVNorXLSX: web pages and Excel 2003 XML saved under .xls names,
// a PDF, an .xlsb, a Word document and a zip of ledgers are each refused with
// what they are and what to do, not as a damaged file or a CSV quoting
// error.
func TestNotCSVNorXLSX(t *testing.T) {
	e := newEnv(t)
	const html = "这是网页格式（HTML）的文件，不是 .xlsx 或 .csv 文件（业务系统导出的“.xls”常是这种格式）：请用 Excel 或 WPS 打开后另存为 .xlsx 再上传"
	cases := []struct{ file, want string }{
		{"html_export.xls", html},
		{"html_export_gbk.xls", html},
		{"lo_html.xls", html},
		{"spreadsheetml2003.xls", "这是 Excel 2003 XML 表格（XML 电子表格），不是 .xlsx 或 .csv 文件：请用 Excel 或 WPS 打开后另存为 .xlsx 再上传"},
		{"binary.xlsb", "不支持 Excel 二进制工作簿（.xlsb）格式：请用 Excel 或 WPS 打开后选“另存为”，文件类型选“Excel 工作簿(*.xlsx)”，保存后上传 .xlsx 文件"},
		{"word_named.xlsx", "不是 Excel 或 CSV 文件（是 Word 文档，不是电子表格），请上传台账的 .xlsx 或 .csv 文件"},
		{"lo_printed.pdf", "这是 PDF 文件，不是 .xlsx 或 .csv 文件：请上传台账的 Excel 表格（.xlsx）或 CSV 文件"},
		{"台账打包.zip", "这是一个压缩包（.zip，内有 2 个文件），不是 .xlsx 或 .csv 文件：请先解压，再把其中的台账逐个上传"},
	}
	for _, c := range cases {
		refusedWhole(t, e, fmtFile(c.file), c.want)
	}
	// The workbook zipped into 台账打包.zip loads by itself: the check of
	// a zip's parts passes a workbook.
	e.loaded(fmtFile("plain.xlsx"), fmtOpt)
	e.wantRows(`SELECT app_no, received, content FROM cur_applications ORDER BY 1`, "H01|2024-03-05|内容")
}

// TestCSVQuotesAsExcel: a quote inside a cell that does not begin with
// one is part of the text (Excel shows 关于"双减"政策); a quoted cell with
// text after its closing quote is refused, in Chinese.
func TestCSVQuotesAsExcel(t *testing.T) {
	e := newEnv(t)
	r := e.loaded(fmtFile("csv_barequote.csv"), fmtOpt)
	if r.RowsLoaded != 1 {
		t.Errorf("%+v", r)
	}
	e.wantRows(`SELECT app_no, content, replied FROM cur_applications`, `Q01|关于"双减"政策|2024-03-20`)
	refusedWhole(t, e, fmtFile("csv_strayquote.csv"), "CSV 第 2 行格式错误：字段中间出现引号，以引号开头的单元格在结束引号之后还有文字（单元格中的引号应写成两个连续的引号），请检查该行的引号")
}

// TestCSVDelimiterAsExcel: a comma CSV whose every 公开渠道 is 政府网站，公开栏
// (one full-width comma a row) and whose two titles are quoted for their
// ASCII commas was split at the full-width comma and refused.
func TestCSVDelimiterAsExcel(t *testing.T) {
	e := newEnv(t)
	r := e.loaded(fmtFile("csv_delim_sniff2.csv"), fmtOpt)
	if r.RowsLoaded != 8 {
		t.Errorf("%+v", r)
	}
	e.wantRows(`SELECT title, published, channel, secrecy_review FROM cur_disclosures WHERE title LIKE '%,%' OR published = DATE '2024-03-01' ORDER BY published`,
		"关于第0批项目的公示|2024-03-01|政府网站，公开栏|true",
		"关于A,B两个项目的公示|2024-03-03|政府网站，公开栏|true",
		"关于C,D,E三个项目的公示|2024-03-06|政府网站，公开栏|true")
}

// TestCSVCROnly: lines ending in a lone CR (classic Mac) are rows, as in
// Excel; a CR inside a quoted cell is a line break in the cell. Without a
// year given, the year is the dates'.
func TestCSVCROnly(t *testing.T) {
	e := newEnv(t)
	r := e.loaded(fmtFile("csv_cr_only.csv"), Options{Unit: "平安县财政局"})
	if r.RowsLoaded != 2 || r.Year != 2024 {
		t.Errorf("%+v", r)
	}
	e.wantRows(`SELECT app_no, received, content, replied FROM cur_applications ORDER BY 1`,
		"M01|2024-03-05|内容|2024-03-20", "M02|2024-03-06|两行\n内容|2024-03-20")
}

// TestCSVMixedEncoding: a UTF-8 line pasted into a GBK file was stored as
// 缃戠粶 for 网络, without a word; a GBK line late in a UTF-8 file likewise
// can not be read. Both files are refused whole, with the line.
func TestCSVMixedEncoding(t *testing.T) {
	e := newEnv(t)
	refusedWhole(t, e, fmtFile("csv_mixed_dis2.csv"), "CSV 第 3 行是UTF-8 编码，而文件的其他部分是GBK（GB18030）编码：文件中混有两种编码，这一行会读成乱码（“缃戠粶,2024-03-06”，原文应是“网络,2024-03-06”），所以整个文件未导入。请把文件统一另存为 UTF-8 或 GBK 编码后重新上传")
	refusedWhole(t, e, fmtFile("csv_mixed_utf8_gbk.csv"), "CSV 第 1 行是UTF-8 编码，而文件的其他部分是GBK（GB18030）编码：文件中混有两种编码，这一行会读成乱码（“鏍囬?,鍙戝竷鏃ユ湡”，原文应是“标题,发布日期”），所以整个文件未导入。请把文件统一另存为 UTF-8 或 GBK 编码后重新上传")
	refusedWhole(t, e, fmtFile("csv_mixed_late_gbk.csv"), "CSV 第 2002 行是GBK（GB18030）编码，而文件的其他部分是UTF-8 编码：文件中混有两种编码，这一行会读成乱码（“???繫??,2024-03-06”，原文应是“网络公开,2024-03-06”），所以整个文件未导入。请把文件统一另存为 UTF-8 或 GBK 编码后重新上传")
	// A GB18030 file of one encoding loads (the sample county's are
	// checked in csvstream's TestMixedFalsePositives).
	e.loaded(td("app-gb18030.csv"), Options{})
}
