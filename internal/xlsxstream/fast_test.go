package xlsxstream

// Differential tests of the fast xlsx reader (fast.go) against
// excelize's Rows with RawCellValue: the same rows, row numbers and cells,
// or a decline. To search further than the seeds and testdata/fuzz:
//
//	go test ./internal/xlsxstream -run '^$' -fuzz '^FuzzFastXLSXSheet$' -fuzztime 60s

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/benchdata"
)

// numRow is a row as read: its number and cells without trailing blanks.
type numRow struct {
	N     int
	Cells []string
}

// rowCap stops readRows after so many rows (0: none), for the fuzzer:
// one input must not iterate a million gap rows.
var rowCap = 0

func readRows(rr rowReader) ([]numRow, error) {
	defer rr.Close()
	var out []numRow
	for rr.Next() {
		if rowCap > 0 && len(out) >= rowCap {
			break
		}
		row := rr.Row()
		for len(row) > 0 && row[len(row)-1] == "" {
			row = row[:len(row)-1]
		}
		out = append(out, numRow{rr.RowNum(), append([]string(nil), row...)})
	}
	return out, rr.Err()
}

// sheetResult is what one reader made of one sheet.
type sheetResult struct {
	rows []numRow
	err  error
}

// readExcelize reads every sheet with excelize (the reference).
func readExcelize(t testing.TB, path string) (sheets []string, date1904 bool, res map[string]sheetResult, err error) {
	src, err := openExcelizeXLSX(path, testOpt)
	if err != nil {
		return nil, false, nil, err
	}
	defer src.Close()
	res = map[string]sheetResult{}
	for _, sh := range src.Sheets() {
		rr, err := src.Open(sh)
		if err != nil {
			res[sh] = sheetResult{err: err}
			continue
		}
		rows, err := readRows(rr)
		res[sh] = sheetResult{rows, err}
	}
	return src.Sheets(), src.Date1904(), res, nil
}

// readFast reads every sheet with the fast scanner alone (no fallback);
// a sheet it declines is missing from res.
func readFast(path string) (src *fastSource, res map[string]sheetResult, err error) {
	src, err = openFastXLSX(path, testOpt)
	if err != nil {
		return nil, nil, err
	}
	defer src.Close()
	res = map[string]sheetResult{}
	for _, sh := range src.Sheets() {
		p, ok := src.paths[sh]
		if !ok || !sheetNameOK(sh) || !strings.HasPrefix(p, "xl/worksheets/") {
			continue
		}
		fr, err := src.openSheet(sh, p)
		if err != nil {
			continue
		}
		rows, err := readRows(fr)
		if isDecline(err) {
			continue
		}
		res[sh] = sheetResult{rows, err}
	}
	return src, res, nil
}

// compareFast checks the fast reader against excelize on one file and
// reports how many sheets it read itself.
func compareFast(t testing.TB, path string) (fastSheets int, declined string) {
	t.Helper()
	xs, x1904, xres, xerr := readExcelize(t, path)
	fs, fres, ferr := readFast(path)
	if ferr != nil {
		if !isDecline(ferr) {
			t.Fatalf("%s: fast open: not a decline: %v", path, ferr)
		}
		return 0, ferr.Error()
	}
	if xerr != nil {
		// excelize's path refuses a file with a damaged sheet when it
		// opens it; the fast reader must refuse it alike once it reads
		// that sheet.
		if !strings.HasPrefix(reasonOf(xerr), "文件已损坏") {
			t.Fatalf("%s: fast reader opened a file excelize refuses (%v)", path, xerr)
		}
		if refusedAlike(t, path, reasonOf(xerr)) {
			return 0, "damaged"
		}
		t.Fatalf("%s: read through the hook what excelize's path refuses (%v)", path, xerr)
	}
	if !reflect.DeepEqual(fs.sheets, xs) || fs.date1904 != x1904 {
		t.Fatalf("%s: sheets %q date1904 %v; excelize %q %v", path, fs.sheets, fs.date1904, xs, x1904)
	}
	// A worksheet bounds.go refuses as implausible is refused by the fast
	// reader once it reads it, with bounds.go's reason (an upload's
	// excelize path refuses it before excelize opens the file; the
	// reference here is excelize unchecked).
	boundsErr := checkBounds(context.Background(), path, testOpt)
	boundsRefused := func(err error) bool {
		return boundsErr != nil && err != nil && reasonOf(err) == reasonOf(boundsErr)
	}
	for sh, fr := range fres {
		xr := xres[sh]
		if boundsRefused(fr.err) {
			continue
		}
		if fr.err != nil {
			t.Fatalf("%s [%s]: fast error %v", path, sh, fr.err)
		}
		if xr.err != nil {
			t.Fatalf("%s [%s]: fast read what excelize refuses (%v)", path, sh, xr.err)
		}
		if !reflect.DeepEqual(fr.rows, xr.rows) {
			t.Fatalf("%s [%s]: rows differ\nfast:     %s\nexcelize: %s", path, sh, firstDiff(fr.rows, xr.rows), firstDiff(xr.rows, fr.rows))
		}
		fastSheets++
	}
	// Through the hook, with the fallback, every sheet reads as excelize.
	src, err := openXLSXCtx(context.Background(), path, testOpt)
	if err != nil {
		t.Fatalf("%s: openXLSXCtx: %v", path, err)
	}
	defer src.Close()
	for _, sh := range src.Sheets() {
		var rows []numRow
		rr, err := src.Open(sh)
		if err == nil {
			rows, err = readRows(rr)
		}
		xr := xres[sh]
		if boundsRefused(err) {
			continue
		}
		if err != nil && xr.err != nil {
			// A damaged sheet: the rows read before the refusal differ
			// (excelize's path checks the sheet before its first row),
			// the refusal must not.
			if reasonOf(err) != reasonOf(xr.err) {
				t.Fatalf("%s [%s]: through the hook: %v; excelize %v", path, sh, err, xr.err)
			}
			continue
		}
		if (err != nil) != (xr.err != nil) || !reflect.DeepEqual(rows, xr.rows) {
			t.Fatalf("%s [%s]: through the hook: %v %s; excelize %v %s", path, sh, err, firstDiff(rows, xr.rows), xr.err, firstDiff(xr.rows, rows))
		}
	}
	return fastSheets, ""
}

// refusedAlike: reading every sheet through the hook meets the refusal.
func refusedAlike(t testing.TB, path, reason string) bool {
	src, err := openXLSXCtx(context.Background(), path, testOpt)
	if err != nil {
		return reasonOf(err) == reason
	}
	defer src.Close()
	for _, sh := range src.Sheets() {
		rr, err := src.Open(sh)
		if err == nil {
			_, err = readRows(rr)
		}
		if err != nil {
			return reasonOf(err) == reason
		}
	}
	return false
}

func firstDiff(a, b []numRow) string {
	for i := range a {
		if i >= len(b) || !reflect.DeepEqual(a[i], b[i]) {
			return fmt.Sprintf("row %d of %d: %d %q", i, len(a), a[i].N, a[i].Cells)
		}
	}
	return fmt.Sprintf("%d rows", len(a))
}

// workbooks are every .xlsx of the repository's test and sample data.
func workbooks(t testing.TB) []string {
	var files []string
	for _, root := range []string{"testdata", ingestTD(""), "../../reports/testdata", "../samples/data", "../samples/county2/data"} {
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".xlsx") {
				files = append(files, p)
			}
			return nil
		})
	}
	if len(files) < 20 {
		t.Fatalf("only %d workbooks found", len(files))
	}
	return files
}

func TestFastXLSXMatchesExcelize(t *testing.T) {
	files := workbooks(t)
	dir := t.TempDir()
	bench := filepath.Join(dir, "bench.xlsx")
	writeBenchXLSX(t, bench, 6000, false) // past asyncAfter
	sst := filepath.Join(dir, "bench-sst.xlsx")
	writeBenchXLSX(t, sst, 3000, true)
	files = append(files, bench, sst)
	// Files the fast reader must read itself: excelize's own (inline and
	// shared strings) and Excel/WPS-shaped shared-string workbooks.
	mustFast := map[string]bool{bench: true, sst: true}
	for _, f := range files {
		if strings.Contains(f, "samples/data") || strings.HasPrefix(f, ingestTD("app-")) {
			mustFast[f] = true
		}
	}
	read, declinedFiles := 0, 0
	for _, f := range files {
		n, why := compareFast(t, f)
		read += n
		if why != "" {
			declinedFiles++
			t.Logf("declined %s: %s", f, why)
		}
		if mustFast[f] && n == 0 {
			t.Errorf("%s: the fast reader read no sheet (%s)", f, why)
		}
	}
	t.Logf("%d workbooks, %d sheets read by the fast reader, %d workbooks declined", len(files), read, declinedFiles)
}

// writeBenchXLSX writes n benchmark rows like benchdata's, with excelize's
// stream writer (inline strings) or, sst, through shared strings as
// Excel, WPS and LibreOffice write them.
func writeBenchXLSX(t testing.TB, path string, n int, sst bool) {
	x := excelize.NewFile()
	defer x.Close()
	r := rand.New(rand.NewPCG(1, 2))
	if sst {
		x.SetSheetRow("Sheet1", "A1", &benchdata.Header)
		for i := 0; i < n; i++ {
			rec := benchdata.Record(r, i)
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			row := make([]any, len(rec))
			for j, v := range rec {
				row[j] = v
			}
			row[7] = i % 3 // a number
			x.SetSheetRow("Sheet1", cell, &row)
		}
	} else {
		sw, err := x.NewStreamWriter("Sheet1")
		if err != nil {
			t.Fatal(err)
		}
		row := make([]any, len(benchdata.Header))
		for i, h := range benchdata.Header {
			row[i] = h
		}
		sw.SetRow("A1", row)
		for i := 0; i < n; i++ {
			for j, v := range benchdata.Record(r, i) {
				row[j] = v
			}
			row[7] = i % 3
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			if err := sw.SetRow(cell, row); err != nil {
				t.Fatal(err)
			}
		}
		if err := sw.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// ---- hand-made sheets ----

// baseParts are a minimal package; sheet and sst fill in the rest.
var baseParts = []struct{ name, body string }{
	{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`},
	{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
	{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="1"/><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>`},
	{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`},
}

const sheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
	`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><dimension ref="A1:C3"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols><col min="1" max="3" width="12"/></cols>`

// testSST has plain, rich-text, phonetic, escaped and spaced items.
const testSST = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="9" uniqueCount="9"><si><t>申请编号</t></si><si><t xml:space="preserve"> 前后空格 </t><phoneticPr fontId="1" type="noConversion"/></si><si><r><rPr><b/><sz val="11"/><color rgb="FFFF0000"/><rFont val="宋体"/><family val="3"/><charset val="134"/></rPr><t>富</t></r><r><t xml:space="preserve">文本</t></r></si><si><t>a&amp;b&lt;c&gt;&quot;&apos;&#x4E2D;&#25991;</t></si><si><t>line1
line2</t></si><si><t>_x000D_回车_x005F_x0041_</t></si><si><t/></si><si><t>予以公开</t><rPh sb="0" eb="2"><t>よ</t></rPh><phoneticPr fontId="1"/></si><si>
<t>换行前</t>
</si></sst>`

func buildXLSX(t testing.TB, sheet, sst string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	write := func(name, body string) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, body)
	}
	for _, p := range baseParts {
		write(p.name, p.body)
	}
	write("xl/worksheets/sheet1.xml", sheet)
	if sst != "" {
		write("xl/sharedStrings.xml", sst)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// handSheets are sheet bodies (inside <sheetData>) the fast reader must
// read itself, each against excelize.
var handSheets = map[string]string{
	"shared strings": `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row><row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>4</v></c><c r="C2" t="s"><v>5</v></c><c r="D2" t="s"><v>6</v></c><c r="E2" t="s"><v>7</v></c><c r="F2" t="s"><v>8</v></c></row>`,
	"gaps":           `<row r="2" spans="1:5"><c r="C2"><v>3</v></c><c r="E2" s="1"/></row><row r="5"><c r="B5" t="str"><v>x</v></c></row><row r="6"/><row r="9" ht="20" customHeight="1"></row>`,
	"no refs":        `<row><c><v>1</v></c><c t="s"><v>0</v></c><c/><c t="str"><v>z</v></c></row><row><c r="B2"><v>2</v></c><c><v>3</v></c></row>`,
	"types":          `<row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="e"><v>#DIV/0!</v></c><c r="C1" t="n"><v>1.13352318001776E+17</v></c><c r="D1" t="d"><v>2024-03-05T00:00:00Z</v></c><c r="E1"><v>45356.604166666664</v></c><c r="F1" t=""><v>007</v></c></row>`,
	"formulas":       `<row r="1"><c r="A1"><f>SUM(B1:C1)</f><v>3</v></c><c r="B1"><f t="shared" ref="B1:B3" si="0">1+1</f></c><c r="C1" t="str"><f ca="1">"a"&amp;"b"</f><v>ab</v></c><c r="D1"><f si="0" t="shared"/></c></row>`,
	"inline strings": `<row r="1"><c r="A1" t="inlineStr"><is><t>内联</t></is></c><c r="B1" t="inlineStr"><is><r><t>富</t></r><r><rPr><i/></rPr><t>文本</t></r></is></c><c r="C1" t="inlineStr"><v>v-not-is</v></c><c r="D1" t="inlineStr"><is><t xml:space="preserve">  </t></is></c><c r="E1" t="inlineStr"><is><t>_x0041_B</t></is></c></row>`,
	"text escapes":   "<row r=\"1\"><c r=\"A1\" t=\"str\"><v>a\r\nb\rc</v></c><c r=\"B1\" t=\"inlineStr\"><is><t>&#13;&#10;x&#x9;</t></is></c><c r=\"C1\" t=\"str\"><v>]]&gt;</v></c><c r=\"D1\" t=\"str\"><v>\U0001F600\t</v></c></row>",
	"whitespace":     "\n  <row r=\"1\" >\n    <c r=\"A1\" t=\"str\" >\n      <v >x</v >\n    </c >\n  </row >\n",
	"empty values":   `<row r="1"><c r="A1" t="s"><v></v></c><c r="B1" t="str"><v/></c><c r="C1"><v>1</v></c><c r="D1" t="inlineStr"><is/></c><c r="E1" t="inlineStr"><is><t/></is></c></row>`,
	"is before v":    `<row r="1"><c r="A1" t="inlineStr"><is><t>先</t></is><v>后</v></c><c r="B1" t="str"><is><t>忽略</t></is><v>值</v></c><c r="C1" t="s"><is><t>x</t></is><v>0</v></c></row>`,
	"wide":           `<row r="1"><c r="XFD1"><v>1</v></c></row><row r="1048576"><c r="A1048576"><v>2</v></c></row>`,
}

// declinedSheets are bodies the fast reader must refuse to vouch for.
var declinedSheets = map[string]string{
	"unknown type":     `<row r="1"><c r="A1" t="x"><v>1</v></c></row>`,
	"lower-case ref":   `<row r="1"><c r="a1"><v>1</v></c></row>`,
	"ref of other row": `<row r="1"><c r="A2"><v>1</v></c></row>`,
	"cells backwards":  `<row r="1"><c r="B1"><v>1</v></c><c r="A1"><v>2</v></c></row>`,
	"rows backwards":   `<row r="2"><c r="A2"><v>1</v></c></row><row r="1"><c r="A1"><v>2</v></c></row>`,
	"bad sst index":    `<row r="1"><c r="A1" t="s"><v>99</v></c></row>`,
	"spaced sst index": `<row r="1"><c r="A1" t="s"><v> 1</v></c></row>`,
	"bad style":        `<row r="1"><c r="A1" s="x"><v>1</v></c></row>`,
	"prefixed":         `<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>`,
	"comment":          `<row r="1"><!-- x --><c r="A1"><v>1</v></c></row>`,
	"cdata":            `<row r="1"><c r="A1" t="str"><v><![CDATA[x]]></v></c></row>`,
	"control char":     "<row r=\"1\"><c r=\"A1\" t=\"str\"><v>a\x01b</v></c></row>",
	"bad entity":       `<row r="1"><c r="A1" t="str"><v>&nbsp;</v></c></row>`,
	"nested in v":      `<row r="1"><c r="A1"><v>1<b/></v></c></row>`,
	"two v":            `<row r="1"><c r="A1"><v>1</v><v>2</v></c></row>`,
	"ext in cell":      `<row r="1"><c r="A1"><extLst><v>1</v></extLst></c></row>`,
	"bad formula attr": `<row r="1"><c r="A1"><f si="x">1</f><v>1</v></c></row>`,
	"row too far":      `<row r="1048577"><c r="A1048577"><v>1</v></c></row>`,
	"column too far":   `<row r="1"><c r="XFE1"><v>1</v></c></row>`,
	"truncated":        `<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2`,
	"mismatched end":   `<row r="1"><c r="A1"><v>1</v></c></roe>`,
	"text in row":      `<row r="1">x<c r="A1"><v>1</v></c></row>`,
}

func TestFastXLSXHandMadeSheets(t *testing.T) {
	dir := t.TempDir()
	check := func(name, body string, wantFast bool) {
		path := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".xlsx")
		tail := "</sheetData></worksheet>"
		if name == "truncated" {
			tail = ""
		}
		if err := os.WriteFile(path, buildXLSX(t, sheetHead+"<sheetData>"+body+tail, testSST), 0o644); err != nil {
			t.Fatal(err)
		}
		n, why := compareFast(t, path)
		if wantFast && n != 1 {
			t.Errorf("%s: the fast reader declined (%s)", name, why)
		}
		if !wantFast && n != 0 {
			t.Errorf("%s: the fast reader read it", name)
		}
	}
	for name, body := range handSheets {
		check(name, body, true)
	}
	for name, body := range declinedSheets {
		check(name, body, false)
	}
}

// A sheet the scanner declines midway is read on with excelize from the
// same row; excelize's value for the unknown type is its raw text. Both
// before and after the scanning moves to its own goroutine.
func TestFastXLSXFallbackMidway(t *testing.T) {
	for _, c := range []struct{ rows, at int }{{3000, 2500}, {10000, 9000}, {10000, 4097}} {
		var b strings.Builder
		for i := 1; i <= c.rows; i++ {
			typ := ""
			if i == c.at {
				typ = ` t="x"`
			}
			fmt.Fprintf(&b, `<row r="%d"><c r="A%d" t="s"><v>%d</v></c><c r="C%d"%s><v>%d</v></c></row>`, i, i, i%9, i, typ, i)
		}
		path := filepath.Join(t.TempDir(), "midway.xlsx")
		os.WriteFile(path, buildXLSX(t, sheetHead+"<sheetData>"+b.String()+"</sheetData></worksheet>", testSST), 0o644)
		_, _, xres, err := readExcelize(t, path)
		if err != nil {
			t.Fatal(err)
		}
		src, err := openXLSXCtx(context.Background(), path, testOpt)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := src.(*fastSource); !ok {
			t.Fatalf("opened with %T", src)
		}
		rr, _ := src.Open("台账")
		fb := rr.(*fallbackRows)
		rows, err := readRows(rr)
		if err != nil || !reflect.DeepEqual(rows, xres["台账"].rows) {
			t.Fatalf("%+v: fallback: %v %s", c, err, firstDiff(rows, xres["台账"].rows))
		}
		if fb.ex == nil {
			t.Fatalf("%+v: did not fall back", c)
		}
		if len(rows) != c.rows || rows[c.at-1].Cells[2] != strconv.Itoa(c.at) {
			t.Fatalf("%+v: rows %d, %v", c, len(rows), rows[c.at-1])
		}
		// Closing midway stops the scanning goroutine.
		rr, _ = src.Open("台账")
		for i := 0; i < 6000 && rr.Next(); i++ {
		}
		rr.Close()
		src.Close()
	}
}

// ---- fuzz ----

// fuzzBase is a real small workbook whose sheet the fuzzer replaces.
func fuzzBase(t testing.TB) (parts []*zip.File, sheet string) {
	b, err := os.ReadFile(ingestTD("app-title-sparse.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	return zr.File, "xl/worksheets/sheet1.xml"
}

func FuzzFastXLSXSheet(f *testing.F) {
	parts, sheetPart := fuzzBase(f)
	for _, p := range parts {
		if p.Name == sheetPart {
			rc, _ := p.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			f.Add(b)
		}
	}
	for _, body := range handSheets {
		f.Add([]byte(sheetHead + "<sheetData>" + body + "</sheetData></worksheet>"))
	}
	for _, body := range declinedSheets {
		f.Add([]byte(sheetHead + "<sheetData>" + body + "</sheetData></worksheet>"))
	}
	dir := f.TempDir()
	rowCap = 2000
	defer func() { rowCap = 0 }()
	f.Fuzz(func(t *testing.T, sheet []byte) { checkSheetBytes(t, parts, sheetPart, sheet, dir) })
}

// checkSheetBytes puts sheet into the base workbook and compares the
// readers: no panic, and equal rows whenever both read it.
func checkSheetBytes(t *testing.T, parts []*zip.File, sheetPart string, sheet []byte, dir string) (compared bool) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		if p.Name == sheetPart {
			w, _ := zw.Create(p.Name)
			w.Write(sheet)
			continue
		}
		zw.Copy(p)
	}
	zw.Close()
	path := filepath.Join(dir, "fuzz.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, xres, xerr := readExcelize(t, path)
	_, fres, ferr := readFast(path)
	if ferr != nil {
		if !isDecline(ferr) {
			t.Fatalf("fast open: %v", ferr)
		}
		return false
	}
	if xerr != nil {
		t.Fatalf("fast opened what excelize refuses: %v", xerr)
	}
	for sh, fr := range fres {
		xr := xres[sh]
		if fr.err != nil || xr.err != nil {
			continue
		}
		if !reflect.DeepEqual(fr.rows, xr.rows) {
			t.Fatalf("rows differ for %q\nfast:     %s\nexcelize: %s", sheet, firstDiff(fr.rows, xr.rows), firstDiff(xr.rows, fr.rows))
		}
		compared = true
	}
	return compared
}

// TestFastXLSXMutations is a small deterministic fuzzer run by every
// `go test`: byte-level mutations of the seeds (flip, insert, delete,
// duplicate a span, splice an XML token in).
func TestFastXLSXMutations(t *testing.T) {
	parts, sheetPart := fuzzBase(t)
	dir := t.TempDir()
	rowCap = 2000
	defer func() { rowCap = 0 }()
	var seeds [][]byte
	for _, body := range handSheets {
		seeds = append(seeds, []byte(sheetHead+"<sheetData>"+body+"</sheetData></worksheet>"))
	}
	tokens := []string{"<", ">", "/>", "</c>", "</row>", "<row>", "<c>", "<v>", "</v>", `"`, "&amp;", "&#", ";", " r=\"", " t=\"s\"", " t=\"inlineStr\"", "<is><t>", "</t></is>", "<f>", "</f>", "\r", "_x0041_", "\xef\xbf\xbe", "]]>", "<!--", "9", "Z", "x:"}
	rng := rand.New(rand.NewPCG(7, 7))
	n := 400
	if testing.Short() {
		n = 60
	}
	if v, err := strconv.Atoi(os.Getenv("GONGKAI_FASTX_MUTATIONS")); err == nil {
		n = v
	}
	read := 0
	for i := 0; i < n; i++ {
		s := append([]byte(nil), seeds[rng.IntN(len(seeds))]...)
		body := len(sheetHead)
		for m := 1 + rng.IntN(3); m > 0; m-- {
			at := body + rng.IntN(len(s)-body)
			switch rng.IntN(5) {
			case 0:
				s[at] ^= byte(1 << rng.IntN(8))
			case 1:
				s = append(s[:at], append([]byte(tokens[rng.IntN(len(tokens))]), s[at:]...)...)
			case 2:
				s = append(s[:at], s[min(len(s), at+1+rng.IntN(8)):]...)
			case 3:
				end := min(len(s), at+1+rng.IntN(40))
				s = append(s[:end], append(append([]byte(nil), s[at:end]...), s[end:]...)...)
			case 4:
				s[at] = "0123456789<>/\"= rcvtsAZ"[rng.IntN(20)]
			}
		}
		if checkSheetBytes(t, parts, sheetPart, s, dir) {
			read++
		}
	}
	t.Logf("%d mutations, %d read by both readers and equal", n, read)
}
