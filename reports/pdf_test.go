package reports

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// The PDFs in testdata/docs are made by make.sh from source.json by three
// writers (LibreOffice, Chromium, reportlab); every table cell read is
// compared to source.json, the numbers the generator wrote, not to what
// another reader of ours makes of the same report.
func TestReadPDFs(t *testing.T) {
	tr := loadTruth(t)
	for _, tc := range []struct {
		file string
		old6 bool
	}{
		{"lo_word_2023.pdf", false},      // LibreOffice printing python-docx's Word file
		{"chromium_plain.pdf", false},    // Chromium printing a plain page
		{"chromium_cms.pdf", true},       // Chromium printing the CMS page (old （六）)
		{"rl_2023.pdf", false},           // reportlab, table 3 over two pages
		{"chromium_noborder.pdf", false}, // Chromium, tables without rulings
		{"rotated_2023.pdf", false},      // reportlab, table 3 on /Rotate 90 pages drawn turned
		{"landscape_2023.pdf", false},    // reportlab, table 3 on landscape pages
		{"wps_2023.pdf", false},          // as WPS exports: Type0 Identity-H, ToUnicode, glyph by glyph
		{"rl_cid_2023.pdf", false},       // reportlab, STSong-Light not embedded (UniGB-UCS2-H)
		{"gbk_2023.pdf", false},          // SimSun not embedded, GBK-EUC-H, no ToUnicode, glyph by glyph
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

// TestPDFDeviations: a Word file printed to PDF reports the same
// deviations as the Word file itself; only the cell addresses differ.
func TestPDFDeviations(t *testing.T) {
	strip := func(fs []Finding) string {
		var b strings.Builder
		for _, f := range fs {
			b.WriteString(f.Severity + " " + f.Rule + " " + f.Message + "\n")
		}
		return b.String()
	}
	docx, err := ReadFile("testdata/docs/word_2023.docx")
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := ReadFile("testdata/docs/lo_word_2023.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strip(pdf.Deviations), strip(docx.Deviations); got != want || want == "" {
		t.Errorf("deviations of the PDF:\n%s\nof the Word file:\n%s", got, want)
	}
	// Addresses name the page where the table starts and its grid.
	if c := pdf.Deviations[0].Cells[0]; c != "表三/2.其他法律行政法规禁止公开（第1页第2个表格第9行第3列）" {
		t.Errorf("cell %s", c)
	}
}

// TestBareFonts: in a Chinese font the PDF does not embed, PDFium here
// drops every text object of one character (pdf_raw.go); those are read
// from the file, and TestReadPDFs compares every cell. A font that nothing
// decodes is refused with that reason, never read as the codes PDFium
// makes characters of.
func TestBareFonts(t *testing.T) {
	for name, want := range map[string]int{"rl_cid_2023.pdf": 1, "gbk_2023.pdf": 500, "rl_2023.pdf": 0} {
		b, err := os.ReadFile("testdata/docs/" + name)
		if err != nil {
			t.Fatal(err)
		}
		pages, err := pdfExtract(b)
		if err != nil {
			t.Fatal(err)
		}
		dropped, lost := 0, 0
		for _, p := range pages {
			dropped += len(p.dropped)
			lost += p.lost
		}
		if dropped < want || want == 0 && dropped > 0 || lost > 0 {
			t.Errorf("%s: %d objects dropped by PDFium (want at least %d), %d characters lost", name, dropped, want, lost)
		}
	}
	_, err := ReadFile("testdata/docs/identity_2023.pdf")
	if !errors.Is(err, ErrUndecodableFont) || err.Error() != "identity_2023.pdf: PDF字体无法解码：第1页、第2页、第3页有1006个字符使用了PDF中没有嵌入的字体，该字体既没有Unicode映射（ToUnicode），也不是能识别的中文编码（如GBK-EUC-H、UniGB-UCS2-H），无法还原为汉字和数字；请提供报告的.docx、网页版本，或导出PDF时选择嵌入字体" {
		t.Errorf("identity: %v", err)
	}
}

func TestPDFRefused(t *testing.T) {
	_, err := ReadFile("testdata/docs/scan_2023.pdf")
	if !errors.Is(err, ErrNoTextLayer) || err.Error() != "scan_2023.pdf: PDF没有文字层：这是扫描件或图片生成的PDF，页面上只有图像、没有可提取的文字，无法读取表格数字（本程序不做文字识别）；请提供由Word、WPS导出的PDF，或报告的.docx、网页版本" {
		t.Errorf("scan: %v", err)
	}
	good, err := os.ReadFile("testdata/docs/rl_2023.pdf")
	if err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		data []byte
		msg  string
	}{
		"cut.pdf":   {good[:len(good)/3], ""},
		"junk.pdf":  {[]byte("%PDF-1.4\n%junk\n"), "无法打开PDF文件junk.pdf：文件已损坏或不是PDF格式"},
		"empty.pdf": {[]byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF"), ""},
	} {
		_, err := ReadPDFBytes(tc.data, name)
		if err == nil {
			t.Errorf("%s read", name)
			continue
		}
		if tc.msg != "" && err.Error() != tc.msg {
			t.Errorf("%s: %v, want %s", name, err, tc.msg)
		}
		t.Logf("%s: %v", name, err)
	}
}

// FuzzReadPDF: no panic, and every number read is written in the PDF's
// text, taken in PDFium's own order of the characters (the content
// stream's), independent of the geometry that builds the cells.
func FuzzReadPDF(f *testing.F) {
	for _, name := range []string{"rl_2023.pdf", "lo_word_2023.pdf", "rl_cid_2023.pdf", "gbk_2023.pdf"} {
		b, err := os.ReadFile("testdata/docs/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(checkPDFInput)
}

// FuzzRawPDF: the reader of the file itself (pdf_raw.go) never panics nor
// runs away, whatever the bytes; it runs without PDFium, so fast.
func FuzzRawPDF(f *testing.F) {
	for _, name := range []string{"rl_cid_2023.pdf", "gbk_2023.pdf", "chromium_cms.pdf"} {
		b, err := os.ReadFile("testdata/docs/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(checkRawInput)
}

func checkRawInput(t *testing.T, data []byte) {
	r, err := openRawPDF(data)
	if err != nil {
		return
	}
	for _, p := range r.pages() {
		r.bareFonts(p)
		for _, sh := range r.rawShows(p, identity) {
			for _, c := range sh.chars {
				if c.r == utf8.RuneError {
					t.Fatalf("a character made up: %q", c.r)
				}
			}
		}
	}
}

// TestRawMutations runs FuzzRawPDF's property on many damaged copies.
func TestRawMutations(t *testing.T) {
	rng := rand.New(rand.NewSource(17))
	for _, name := range []string{"rl_cid_2023.pdf", "gbk_2023.pdf", "chromium_cms.pdf", "lo_word_2023.pdf"} {
		seed, err := os.ReadFile("testdata/docs/" + name)
		if err != nil {
			t.Fatal(err)
		}
		for k := 0; k < 100; k++ {
			b := append([]byte(nil), seed...)
			for range 1 + rng.Intn(40) {
				b[rng.Intn(len(b))] = byte(rng.Intn(256))
			}
			if k%5 == 4 {
				b = b[:rng.Intn(len(b))]
			}
			checkRawInput(t, b)
		}
	}
}

func checkPDFInput(t *testing.T, data []byte) {
	r, err := ReadPDFBytes(data, "f.pdf")
	if err != nil {
		return
	}
	pages, err := pdfExtract(data)
	if err != nil {
		t.Fatalf("read, then not extracted: %v", err)
	}
	var text strings.Builder
	for _, p := range pages {
		for _, c := range p.chars {
			text.WriteRune(c.r)
		}
	}
	checkNoInvented(t, r, visibleDigits(text.String()))
}

// TestPDFMutations runs the fuzz property on damaged copies of the test
// PDFs in every test run: the fuzzer proper is slow here (the coverage
// instrumentation reaches the WebAssembly runtime), so a fixed set of
// random byte changes, some in the content streams and cross-reference
// table, stands in for it in CI.
func TestPDFMutations(t *testing.T) {
	rng := rand.New(rand.NewSource(17))
	for _, name := range []string{"rl_2023.pdf", "lo_word_2023.pdf", "chromium_cms.pdf", "chromium_noborder.pdf", "gbk_2023.pdf"} {
		seed, err := os.ReadFile("testdata/docs/" + name)
		if err != nil {
			t.Fatal(err)
		}
		for k := 0; k < 15; k++ {
			b := append([]byte(nil), seed...)
			for range 1 + rng.Intn(8) {
				b[rng.Intn(len(b))] = byte(rng.Intn(256))
			}
			if k%5 == 4 {
				b = b[:rng.Intn(len(b))]
			}
			checkPDFInput(t, b)
		}
	}
}

// objStmPDF writes a PDF 1.5 as Word and Acrobat do: the font dictionaries
// packed in a compressed object stream, a cross-reference stream for the
// trailer; the font is STSong-Light, not embedded, under UniGB-UCS2-H, and
// every line is a show operator of its own.
//
// With toUnicode the codes are Identity-H codes of the writer's own
// numbering and only a /ToUnicode map (with a bfrange) says what they are,
// as Word writes a font it was told not to embed.
func objStmPDF(lines []string, toUnicode bool) []byte {
	var content bytes.Buffer
	content.WriteString("BT /F1 12 Tf\n")
	codes := map[rune]int{}
	var order []rune
	for i, l := range lines {
		fmt.Fprintf(&content, "1 0 0 1 72 %d Tm <", 760-20*i)
		for _, u := range utf16.Encode([]rune(l)) {
			if toUnicode {
				if _, ok := codes[rune(u)]; !ok {
					codes[rune(u)] = len(codes) + 1
					order = append(order, rune(u))
				}
				u = uint16(codes[rune(u)])
			}
			fmt.Fprintf(&content, "%04X", u)
		}
		content.WriteString("> Tj\n")
	}
	enc, tu := "UniGB-UCS2-H", ""
	var cmap bytes.Buffer
	if toUnicode {
		enc, tu = "Identity-H", " /ToUnicode 10 0 R"
		cmap.WriteString("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n")
		fmt.Fprintf(&cmap, "%d beginbfchar\n", len(order)-1)
		for _, u := range order[1:] {
			fmt.Fprintf(&cmap, "<%04X> <%04X>\n", codes[u], u)
		}
		// The first as a range of one, as some writers put them.
		fmt.Fprintf(&cmap, "endbfchar\n1 beginbfrange\n<0001> <0001> <%04X>\nendbfrange\nendcmap CMapName currentdict /CMap defineresource pop end end\n", order[0])
	}
	content.WriteString("ET\n")
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(content.Bytes())
	zw.Close()

	packed := []string{
		"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /" + enc + " /DescendantFonts [7 0 R]" + tu + " >>",
		"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 8 0 R /DW 1000 /W [1 95 500] >>",
		"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 80 >>",
	}
	var head, body bytes.Buffer
	for i, o := range packed {
		fmt.Fprintf(&head, "%d %d ", 6+i, body.Len())
		body.WriteString(o + "\n")
	}
	var stm bytes.Buffer
	zw = zlib.NewWriter(&stm)
	zw.Write(append(head.Bytes(), body.Bytes()...))
	zw.Close()

	var out bytes.Buffer
	out.WriteString("%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
	offs := map[int]int{}
	obj := func(n int, s string, data []byte) {
		offs[n] = out.Len()
		fmt.Fprintf(&out, "%d 0 obj\n%s", n, s)
		if data != nil {
			out.WriteString("\nstream\n")
			out.Write(data)
			out.WriteString("\nendstream")
		}
		out.WriteString("\nendobj\n")
	}
	obj(1, "<< /Type /Catalog /Pages 2 0 R >>", nil)
	obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", nil)
	obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 6 0 R >> >> >>", nil)
	obj(4, fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>", z.Len()), z.Bytes())
	obj(5, fmt.Sprintf("<< /Type /ObjStm /N %d /First %d /Length %d /Filter /FlateDecode >>", len(packed), head.Len(), stm.Len()), stm.Bytes())
	if toUnicode {
		obj(10, fmt.Sprintf("<< /Length %d >>", cmap.Len()), cmap.Bytes())
	}
	// The cross-reference stream: type 1 (offset) for 1–5 and 9, type 2
	// (in stream 5) for 6–8.
	var xr bytes.Buffer
	xr.Write([]byte{0, 0, 0, 0, 0, 0xff, 0xff})
	for n := 1; n <= 10; n++ {
		switch {
		case n == 10 && !toUnicode:
			xr.Write([]byte{0, 0, 0, 0, 0, 0, 0})
		case n >= 6 && n <= 8:
			xr.Write([]byte{2, 0, 0, 0, 5, 0, byte(n - 6)})
		case n == 9:
			o := out.Len()
			xr.Write([]byte{1, byte(o >> 24), byte(o >> 16), byte(o >> 8), byte(o), 0, 0})
		default:
			o := offs[n]
			xr.Write([]byte{1, byte(o >> 24), byte(o >> 16), byte(o >> 8), byte(o), 0, 0})
		}
	}
	xrefAt := out.Len()
	obj(9, fmt.Sprintf("<< /Type /XRef /Size 11 /W [1 4 2] /Root 1 0 R /Length %d >>", xr.Len()), xr.Bytes())
	fmt.Fprintf(&out, "startxref\n%d\n%%%%EOF\n", xrefAt)
	return out.Bytes()
}

func TestBareFontObjStm(t *testing.T) {
	lines := []string{"人", "本年新收政府信息公开申请数量", "6", "１２", "（七）总计", "年"}
	for _, toUnicode := range []bool{false, true} {
		pages, err := pdfExtract(objStmPDF(lines, toUnicode))
		if err != nil {
			t.Fatal(err)
		}
		got := textLines(pages[0].chars)
		var texts []string
		for _, l := range got {
			texts = append(texts, l.text)
		}
		if strings.Join(texts, "|") != strings.Join(lines, "|") || len(pages[0].dropped) == 0 || pages[0].lost != 0 {
			t.Errorf("ToUnicode %v: read %q (%d dropped, %d lost), want %q", toUnicode, texts, len(pages[0].dropped), pages[0].lost, lines)
		}
	}
}
