package reports

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/transform"
)

// The documents in testdata/docs are made by make.sh from source.json, each
// by a different writer (python-docx, a hand-written GBK CMS page,
// LibreOffice Writer). Every table cell read is compared to source.json,
// decoded here with encoding/json alone so the truth does not pass through
// the code under test.

type truth struct {
	Unit     string                    `json:"unit"`
	Year     int                       `json:"year"`
	Table2   map[string]map[string]any `json:"table2"`
	Table3   map[string]map[string]any `json:"table3"`
	Table4   map[string]map[string]any `json:"table4"`
	Sections map[string]string         `json:"sections"`
}

func loadTruth(t *testing.T) truth {
	t.Helper()
	b, err := os.ReadFile("testdata/docs/source.json")
	if err != nil {
		t.Fatal(err)
	}
	var tr truth
	if err := json.Unmarshal(b, &tr); err != nil {
		t.Fatal(err)
	}
	return tr
}

// sameCell compares a read cell with a source value: a JSON number, "/" or
// null.
func sameCell(c Cell, want any) bool {
	switch w := want.(type) {
	case nil:
		return c.State == Blank
	case string:
		return w == "/" && c.State == NA
	case float64:
		return c.State == Number && c.V == w
	}
	return false
}

// oldLayout6 turns the truth into what a report printing （六）其他处理 as one
// row holds: that row is the sum of the three sub-rows, read as 3.其他, and
// the two sub-rows that do not exist are "/".
func oldLayout6(tr truth) truth {
	t3 := map[string]map[string]any{}
	for k, v := range tr.Table3 {
		t3[k] = v
	}
	l1, l2, l3 := Table3Rows[20].Label, Table3Rows[21].Label, Table3Rows[22].Label
	sum := map[string]any{}
	for _, col := range Table3Cols {
		var s float64
		any := false
		for _, l := range []string{l1, l2, l3} {
			if v, ok := tr.Table3[l][col.Label].(float64); ok {
				s, any = s+v, true
			}
		}
		if any {
			sum[col.Label] = s
		} else {
			sum[col.Label] = nil
		}
	}
	na := map[string]any{}
	for _, col := range Table3Cols {
		na[col.Label] = "/"
	}
	t3[l1], t3[l2], t3[l3] = na, na, sum
	tr.Table3 = t3
	return tr
}

func compareToTruth(t *testing.T, name string, r *Report, tr truth) {
	t.Helper()
	if r.Unit != tr.Unit || r.Year != tr.Year {
		t.Errorf("%s: unit/year %q %d, want %q %d", name, r.Unit, r.Year, tr.Unit, tr.Year)
	}
	n := 0
	for i, it := range Table2Items {
		want, ok := tr.Table2[it.Row][it.Col]
		if !ok {
			t.Fatalf("source.json lacks %s", Ref2(i))
		}
		if !sameCell(r.Table2.Cells[i], want) {
			t.Errorf("%s: %s = %+v, want %v", name, Ref2(i), r.Table2.Cells[i], want)
		}
		n++
	}
	for i, row := range Table3Rows {
		for c, col := range Table3Cols {
			want, ok := tr.Table3[row.Label][col.Label]
			if !ok {
				t.Fatalf("source.json lacks %s", Ref3(i, c))
			}
			if !sameCell(r.Table3.Cells[i][c], want) {
				t.Errorf("%s: %s = %+v, want %v", name, Ref3(i, c), r.Table3.Cells[i][c], want)
			}
			n++
		}
	}
	for b, blk := range Table4Blocks {
		for c, col := range Table4Cols {
			want, ok := tr.Table4[blk.Label][col.Label]
			if !ok {
				t.Fatalf("source.json lacks %s", Ref4(b, c))
			}
			if !sameCell(r.Table4.Cells[b][c], want) {
				t.Errorf("%s: %s = %+v, want %v", name, Ref4(b, c), r.Table4.Cells[b][c], want)
			}
			n++
		}
	}
	if n != 10+25*7+15 {
		t.Fatalf("compared %d cells", n)
	}
	for i, h := range SectionHeadings {
		if got := *r.Sections.field(i); got != tr.Sections[h.Label] {
			t.Errorf("%s: section %s = %q, want %q", name, h.Label, got, tr.Sections[h.Label])
		}
	}
}

func TestReadDocuments(t *testing.T) {
	tr := loadTruth(t)
	for _, tc := range []struct {
		file string
		old6 bool
	}{
		{"word_2023.docx", false},  // python-docx
		{"lo_2023.docx", false},    // LibreOffice Writer
		{"plain_2023.html", false}, // plain page, UTF-8
		{"cms_2023.html", true},    // CMS page, GBK, nested layout, old （六）
	} {
		r, err := ReadFile("testdata/docs/" + tc.file)
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		want := tr
		if tc.old6 {
			want = oldLayout6(tr)
		}
		compareToTruth(t, tc.file, r, want)
	}
}

// ruleList names findings by severity and rule, in order.
func ruleList(fs []Finding) string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Severity+" "+f.Rule)
	}
	return strings.Join(out, ", ")
}

// findingLines renders findings one a line, cells included, for exact
// comparison.
func findingLines(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.Severity + " " + f.Rule + " " + f.Message + " | " + strings.Join(f.Cells, "；") + "\n")
	}
	return b.String()
}

func TestDocumentDeviations(t *testing.T) {
	renumbered := []string{}
	for i, row := range Table3Rows {
		if row.Level == 3 && row.Code != "3.2" {
			renumbered = append(renumbered, "表三/"+row.Label+"（第2个表格第"+itoa(i+4)+"行第3列）")
		}
	}
	for _, tc := range []struct{ file, want, rules string }{
		{"lo_2023.docx", "", "error CELL, warning CELL"},
		{"plain_2023.html", "", "error CELL, warning CELL"},
		{"cms_2023.html", "warning LAYOUT 表三“（六）其他处理”只有一行，没有2021年格式的三个子行（旧版式）：该行数字按“3.其他”读取，“1.申请人无正当理由逾期不补正…”“2.申请人逾期未按收费通知要求缴纳费用…”两行记为“/” | 表三/（六）其他处理（第2个表格第24行第1列）\n", "error CELL, warning CELL"},
		{"word_2023.docx", "warning LABEL 表三的行标签“2、其他法律行政止公开”与标准格式不符，按含义对应为“2.其他法律行政法规禁止公开”，请核对并更正 | 表三/2.其他法律行政法规禁止公开（第2个表格第9行第3列）\n" +
			"warning LABEL 表三有18行的编号写法与标准格式不同（如“1、属于国家秘密”），已按编号对应 | " + strings.Join(renumbered, "；") + "\n" +
			"warning NUMBER 2个单元格的数字使用了千位分隔符，已按数值读取；标准格式为阿拉伯数字 | 表二/行政许可/本年处理决定数量（第1个表格第7行第2列）；表二/行政事业性收费/本年收费金额（单位：万元）（第1个表格第14行第2列）\n" +
			"warning NUMBER 15个单元格的数字使用了全角数字，已按数值读取；标准格式为阿拉伯数字 | " +
			"表三/一、本年新收政府信息公开申请数量/自然人（第2个表格第4行第4列）；表三/一、本年新收政府信息公开申请数量/其他（第2个表格第4行第9列）；" +
			"表三/（二）部分公开（区分处理的，只计这一情形，不计其他情形）/自然人（第2个表格第7行第4列）；表三/（二）部分公开（区分处理的，只计这一情形，不计其他情形）/其他（第2个表格第7行第9列）；" +
			"表三/（三）不予公开/1.属于国家秘密/总计（第2个表格第8行第10列）；表三/（三）不予公开/6.属于四类过程性信息/总计（第2个表格第13行第10列）；" +
			"表三/（四）无法提供/1.本机关不掌握相关政府信息/商业企业（第2个表格第16行第5列）；表三/（四）无法提供/1.本机关不掌握相关政府信息/总计（第2个表格第16行第10列）；" +
			"表三/（四）无法提供/3.补正后申请内容仍不明确/自然人（第2个表格第18行第4列）；表三/（五）不予处理/1.信访举报投诉类申请/总计（第2个表格第19行第10列）；" +
			"表三/（六）其他处理/1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请/自然人（第2个表格第24行第4列）；" +
			"表三/（七）总计/商业企业（第2个表格第27行第5列）；表三/（七）总计/总计（第2个表格第27行第10列）；" +
			"表二/行政规范性文件/本年废止件数（第1个表格第4行第3列）；表四/复议后起诉/其他结果（第3个表格第4行第13列）\n", "error CELL, warning CELL"},
	} {
		res, err := CheckFile("testdata/docs/"+tc.file, "", TextRules{})
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		// The deviations come first; the rules' findings follow, the text
		// rules' (CELL: these documents leave zeros blank) among them.
		dev := len(res.Report.Deviations)
		if got := findingLines(res.Findings[:dev]); got != tc.want {
			t.Errorf("%s findings:\n%s\nwant:\n%s", tc.file, got, tc.want)
		}
		if got := ruleList(res.Findings[dev:]); got != tc.rules {
			t.Errorf("%s rules after the deviations: %s, want %s", tc.file, got, tc.rules)
		}
		if res.Report == nil || res.Report.Unit != "某县自然资源和规划局" {
			t.Errorf("%s: report not carried in the result", tc.file)
		}
	}
}

// TestReadFileByContent: the reader follows the content, whatever the name
// says; files that are no report format get a message naming what they are.
func TestReadFileByContent(t *testing.T) {
	dir := t.TempDir()
	for src, dst := range map[string]string{"word_2023.docx": "a.bin", "cms_2023.html": "b.txt", "lo_2023.docx": "c.doc"} {
		b, err := os.ReadFile("testdata/docs/" + src)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, dst)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		r, err := ReadFile(p)
		if err != nil || r.Unit != "某县自然资源和规划局" {
			t.Errorf("%s as %s: %v", src, dst, err)
		}
	}
	for name, tc := range map[string]struct{ body, msg string }{
		"old.doc":   {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", "old.doc是旧版Word/WPS/Excel文件（.doc/.wps/.xls），请另存为.docx或.xlsx后再检查"},
		"r.pdf":     {"%PDF-1.7\n", "无法打开PDF文件r.pdf：文件已损坏或不是PDF格式"},
		"notes.txt": {"just text", "notes.txt: 无法识别的文件格式（支持.docx、.pdf、.html/.htm、.xlsx和JSON）"},
		"page.html": {"<html><body><p>某局2023年政府信息公开工作年度报告</p></body></html>", "page.html: 文件不是政府信息公开工作年度报告：未找到表三“收到和处理政府信息公开申请情况”（没有“一、本年新收政府信息公开申请数量”这一行），请确认上传的是年度报告表格"},
	} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(tc.body), 0o644)
		_, err := ReadFile(p)
		if err == nil || err.Error() != tc.msg {
			t.Errorf("%s: %v, want %s", name, err, tc.msg)
		}
	}
}

// TestDocUnreadableNumber: a cell that is not one number is reported with
// its place, never guessed at.
func TestDocUnreadableNumber(t *testing.T) {
	page, err := os.ReadFile("testdata/docs/plain_2023.html")
	if err != nil {
		t.Fatal(err)
	}
	for cell, msg := range map[string]string{
		"1e3":               "“1e3”无法读作一个数字",
		"12 34":             "“12 34”无法读作一个数字",
		"1,23":              "“1,23”无法读作一个数字",
		"约1234":             "“约1234”无法读作一个数字",
		"1234元":             "“1234元”无法读作一个数字",
		"12345678901234567": "“12345678901234567”位数过多",
	} {
		bad := bytes.Replace(page, []byte(`<td colspan="3">1234</td>`), []byte(`<td colspan="3">`+cell+"</td>"), 1)
		if bytes.Equal(bad, page) {
			t.Fatal("plain_2023.html has no 1234 cell")
		}
		_, err := ReadHTMLBytes(bad, "p.html")
		want := "p.html: 表二/行政许可/本年处理决定数量（第1个表格第7行第2列）: " + msg
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: %v\nwant prefix %s", cell, err, want)
		}
	}
}

// TestDocSplitTable: Word splits a table where a page break or a stray
// Enter cuts it; two tables of the same width with nothing between them are
// read as one table 3.
func TestDocSplitTable(t *testing.T) {
	zr, err := zip.OpenReader("testdata/docs/lo_2023.docx")
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var doc []byte
	for _, zf := range zr.File {
		if zf.Name == "word/document.xml" {
			rc, _ := zf.Open()
			doc, _ = io.ReadAll(rc)
			rc.Close()
		}
	}
	s := string(doc)
	t3 := strings.Index(s, "<w:tbl>")
	t3 += strings.Index(s[t3+1:], "<w:tbl>") + 1
	at := t3
	for range 15 { // cut before the 15th row of table 3
		at += strings.Index(s[at+1:], "<w:tr") + 1
	}
	split := s[:at] + "</w:tbl><w:tbl>" + s[at:]
	r, err := ReadDOCXBytes(docxWith([]byte(split)), "split.docx")
	if err != nil {
		t.Fatal(err)
	}
	compareToTruth(t, "split.docx", r, loadTruth(t))
}

// Fuzzing: the readers must not panic on any input, and every number they
// return must be written in the input (after folding full-width digits
// and dropping separators), so none is invented.

func visibleDigits(text string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９' || r == '．' || r == '，':
			r -= 0xFEE0
		}
		if r == ',' || r == '\u3000' || r == '\u200b' || r == '\ufeff' || r == '\u00ad' || r == '+' || r == '-' {
			return -1
		}
		if r <= ' ' || r == '\u00a0' {
			return -1
		}
		return r
	}, text)
}

func checkNoInvented(t *testing.T, r *Report, hay string) {
	t.Helper()
	check := func(c Cell, ref string) {
		if c.State == Number && !strings.Contains(hay, formatNumber(c.V)) {
			t.Fatalf("%s = %s, not in the input", ref, formatNumber(c.V))
		}
	}
	for i, c := range r.Table2.Cells {
		check(c, Ref2(i))
	}
	for i := range r.Table3.Cells {
		for j, c := range r.Table3.Cells[i] {
			check(c, Ref3(i, j))
		}
	}
	for i := range r.Table4.Cells {
		for j, c := range r.Table4.Cells[i] {
			check(c, Ref4(i, j))
		}
	}
}

func FuzzReadHTML(f *testing.F) {
	for _, name := range []string{"plain_2023.html", "cms_2023.html"} {
		b, err := os.ReadFile("testdata/docs/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`<table><tr><td rowspan="99999" colspan="99999">一、本年新收政府信息公开申请数量</td></tr></table>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ReadHTMLBytes(data, "f.html")
		if err != nil {
			return
		}
		// The haystack is the page's text as the tokenizer decodes it
		// (entities, charset), independent of the reader's tree walk.
		enc, _, _ := charset.DetermineEncoding(data, "text/html")
		z := html.NewTokenizer(transform.NewReader(bytes.NewReader(data), enc.NewDecoder()))
		var text strings.Builder
		for z.Next() != html.ErrorToken {
			if tok := z.Token(); tok.Type == html.TextToken {
				text.WriteString(tok.Data)
			}
		}
		checkNoInvented(t, r, visibleDigits(text.String()))
	})
}

func docxWith(documentXML []byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/document.xml")
	w.Write(documentXML)
	zw.Close()
	return buf.Bytes()
}

func FuzzReadDOCX(f *testing.F) {
	for _, name := range []string{"word_2023.docx", "lo_2023.docx"} {
		zr, err := zip.OpenReader("testdata/docs/" + name)
		if err != nil {
			f.Fatal(err)
		}
		for _, zf := range zr.File {
			if zf.Name == "word/document.xml" {
				rc, _ := zf.Open()
				b, _ := io.ReadAll(rc)
				rc.Close()
				f.Add(b)
			}
		}
		zr.Close()
	}
	f.Add([]byte(`<w:document xmlns:w="w"><w:body><w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="-5"/><w:vMerge/></w:tcPr><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		r, err := ReadDOCXBytes(docxWith(doc), "f.docx")
		if err != nil {
			return
		}
		// The haystack is the character data of every w:t (the text Word
		// shows), decoded by the tokenizer alone.
		d := xml.NewDecoder(bytes.NewReader(doc))
		var text strings.Builder
		inT := 0
		for {
			tok, err := d.Token()
			if err != nil {
				break
			}
			switch tk := tok.(type) {
			case xml.StartElement:
				if tk.Name.Local == "t" {
					inT++
				}
			case xml.EndElement:
				if tk.Name.Local == "t" {
					inT--
				}
			case xml.CharData:
				if inT > 0 {
					text.Write(tk)
				}
			}
		}
		checkNoInvented(t, r, visibleDigits(text.String()))
	})
}
