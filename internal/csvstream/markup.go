package csvstream

import (
	"bytes"
	"io"

	"gongkai"
)

// markupRefusal refuses a text file that is a web page or an Excel 2003
// XML spreadsheet (or other XML) rather than a CSV, from its first characters (decoded
// from enc). Business systems in China commonly export an HTML table
// under an .xls name, and Excel's "XML 表格 2003" is still saved as .xls or
// .xml; Excel opens both, so the clerk believes they are workbooks. Read
// as CSV their first tag's quotes failed with a quoting error, which told
// the clerk nothing. nil for anything else.
func markupRefusal(head []byte, enc Encoding) error {
	// 4 KB of text: a page's <html> follows at most a doctype and a
	// comment or two; an XML spreadsheet names its namespace in <Workbook>.
	b, _ := io.ReadAll(io.LimitReader(Decode(bytes.NewReader(head), enc), 4<<10))
	b = bytes.TrimLeft(b, " \t\r\n\uFEFF")
	low := bytes.ToLower(b)
	switch {
	case bytes.Contains(low, []byte("urn:schemas-microsoft-com:office:spreadsheet")) || bytes.Contains(low, []byte(`progid="excel.sheet"`)):
		if bytes.HasPrefix(low, []byte("<")) {
			return gongkai.Errorf(gongkai.EFORMAT, "这是 Excel 2003 XML 表格（XML 电子表格），不是 .xlsx 或 .csv 文件：请用 Excel 或 WPS 打开后另存为 .xlsx 再上传")
		}
	case isHTML(low):
		return gongkai.Errorf(gongkai.EFORMAT, "这是网页格式（HTML）的文件，不是 .xlsx 或 .csv 文件（业务系统导出的“.xls”常是这种格式）：请用 Excel 或 WPS 打开后另存为 .xlsx 再上传")
	case bytes.HasPrefix(low, []byte("mime-version:")) && bytes.Contains(low, []byte("multipart/related")):
		// Excel's "单个文件网页" (.mht), also saved under an .xls name.
		return gongkai.Errorf(gongkai.EFORMAT, "这是单个文件网页格式（.mht）的文件，不是 .xlsx 或 .csv 文件：请用 Excel 或 WPS 打开后另存为 .xlsx 再上传")
	case bytes.HasPrefix(low, []byte("<?xml")):
		return gongkai.Errorf(gongkai.EFORMAT, "这是 XML 文件，不是 .xlsx 或 .csv 文件：请上传台账的 Excel 表格（.xlsx）或 CSV 文件")
	}
	return nil
}

// isHTML: text (lower case, leading space dropped) that begins as a web
// page does: a doctype, a comment or one of the tags a page or a bare
// exported table starts with (an XHTML page after its <?xml ...?>).
func isHTML(low []byte) bool {
	if bytes.HasPrefix(low, []byte("<?xml")) {
		if i := bytes.Index(low, []byte("?>")); i >= 0 {
			low = bytes.TrimLeft(low[i+2:], " \t\r\n")
		}
	}
	for bytes.HasPrefix(low, []byte("<!--")) {
		i := bytes.Index(low, []byte("-->"))
		if i < 0 {
			return false
		}
		low = bytes.TrimLeft(low[i+3:], " \t\r\n")
	}
	for _, p := range []string{"<!doctype html", "<html", "<head", "<meta", "<body", "<table", "<style", "<title"} {
		if bytes.HasPrefix(low, []byte(p)) {
			return true
		}
	}
	return false
}

// pdfRefusal refuses a PDF: a scanned or printed ledger.
func pdfRefusal() error {
	return gongkai.Errorf(gongkai.EFORMAT, "这是 PDF 文件，不是 .xlsx 或 .csv 文件：请上传台账的 Excel 表格（.xlsx）或 CSV 文件")
}
