package csvstream

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"
)

// TestMarkupRefusal: pages and XML spreadsheets are told apart from CSV by
// their first characters, in any encoding; a CSV whose first cell begins
// with "<" is still a CSV.
func TestMarkupRefusal(t *testing.T) {
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte("<html><body><table><tr><td>申请编号</td></tr></table></body></html>"))
	cases := []struct {
		name string
		head []byte
		want string // the refusal's start; "" passes
	}{
		{"xhtml", []byte("<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\">\n<html xmlns=\"http://www.w3.org/1999/xhtml\">"), "这是网页格式"},
		{"comment first", []byte("\uFEFF  <!-- 导出 -->\r\n<table><tr><td>1</td></tr></table>"), "这是网页格式"},
		{"utf-16 page", utf16, "这是网页格式"},
		{"gbk page", gb(t, "<HTML><HEAD><META charset=gbk></HEAD><BODY><TABLE><TR><TD>申请编号</TD></TR></TABLE>"), "这是网页格式"},
		{"spreadsheetml", []byte("<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">"), "这是 Excel 2003 XML 表格"},
		{"mht", []byte("MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"----=_NextPart\"\r\n"), "这是单个文件网页格式"},
		{"other xml", []byte("<?xml version=\"1.0\"?><data/>"), "这是 XML 文件"},
		{"csv", []byte("申请编号,收到日期\nA,2024-03-05\n"), ""},
		{"csv with a cell in angle brackets", []byte("<备注>,申请编号\n甲,A\n"), ""},
		{"csv with a page's text in a cell", []byte("申请编号,内容\nA,<html>\n"), ""},
	}
	for _, c := range cases {
		enc, err := SniffEncoding(c.head, false)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		err = markupRefusal(c.head, enc)
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.HasPrefix(err.Error(), c.want)) {
			t.Errorf("%s: %v; want %q", c.name, err, c.want)
		}
	}
}
