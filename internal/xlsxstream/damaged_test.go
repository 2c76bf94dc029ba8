package xlsxstream

// Damaged workbooks (issue 13 point 2): a file is read whole or refused,
// never short. The hostile corpus in testdata/damaged/ is made by
//
//	go test ./internal/xlsxstream -run TestGenerateDamagedCorpus -gen
//
// (commit what changed); testdata/damaged/cases.tsv gives each file the
// reason it must be refused with (a regular expression).

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"context"
	"encoding/xml"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

const damagedDir = "testdata/damaged"

// damageRows is the data rows of the corpus's ledger.
const damageRows = 400

var damageSST = []string{"平安县财政局2024年依申请公开办理台账", "申请编号", "收到日期", "申请人类型", "申请方式", "申请内容", "是否延期", "答复日期", "办理结果", "自然人", "网络", "否", "予以公开", "商业企业", "邮寄"}

// damageLedger is the sheet XML of an applications ledger of 平安县财政局
// for 2024 as rows (index i is Excel row i+1): a title, a header and n
// data rows, the words through the shared strings as Excel writes them.
// fallbackAt > 0 puts a comment in that row, which the fast reader does
// not read: it hands the sheet to excelize there.
func damageLedger(n, fallbackAt int) (head string, rows []string, tail string) {
	head = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><dimension ref="A1:H` + fmt.Sprint(n+2) + `"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData>`
	tail = `</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`
	rows = append(rows, `<row r="1"><c r="A1" t="s"><v>0</v></c></row>`)
	var b strings.Builder
	b.WriteString(`<row r="2">`)
	for j := 1; j <= 8; j++ {
		fmt.Fprintf(&b, `<c r="%s2" t="s"><v>%d</v></c>`, string(rune('A'+j-1)), j)
	}
	b.WriteString(`</row>`)
	rows = append(rows, b.String())
	for i := 0; i < n; i++ {
		r := i + 3
		b.Reset()
		fmt.Fprintf(&b, `<row r="%d">`, r)
		if r == fallbackAt {
			b.WriteString(`<!-- the fast reader hands over here -->`)
		}
		typ, way := 9, 10
		if i%3 == 1 {
			typ, way = 13, 14
		}
		fmt.Fprintf(&b, `<c r="A%d" t="str"><v>YS-%05d</v></c><c r="B%d" t="str"><v>2024-03-%02d</v></c><c r="C%d" t="s"><v>%d</v></c><c r="D%d" t="s"><v>%d</v></c>`, r, i, r, 1+i%28, r, typ, r, way)
		fmt.Fprintf(&b, `<c r="E%d" t="str"><v>关于第%d号道路改造项目的政府信息</v></c><c r="F%d" t="s"><v>11</v></c><c r="G%d" t="str"><v>2024-04-%02d</v></c><c r="H%d" t="s"><v>12</v></c></row>`, r, i, r, r, 1+i%28, r)
		rows = append(rows, b.String())
	}
	return head, rows, tail
}

func damageSSTXML(items []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, len(items), len(items))
	for _, s := range items {
		b.WriteString("<si><t>" + s + "</t></si>")
	}
	b.WriteString("</sst>")
	return b.String()
}

// zipPart is one part of a hand-built package; raw, when set, replaces
// the honest entry (damage to the zip layer).
type zipPart struct {
	name, body string
	raw        func(body []byte) (hdr zip.FileHeader, data []byte)
}

func damagePackage(sheet, sst string) []zipPart {
	ps := []zipPart{
		{name: "[Content_Types].xml", body: baseParts[0].body},
		{name: "_rels/.rels", body: baseParts[1].body},
		{name: "docProps/app.xml", body: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Excel</Application></Properties>`},
		{name: "xl/workbook.xml", body: strings.Replace(baseParts[2].body, `<workbookPr date1904="1"/>`, "", 1)},
		{name: "xl/_rels/workbook.xml.rels", body: baseParts[3].body},
		{name: "xl/worksheets/sheet1.xml", body: sheet},
		{name: "xl/sharedStrings.xml", body: sst},
	}
	return ps
}

func writePackage(t testing.TB, parts []zipPart) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		if p.raw != nil {
			hdr, data := p.raw([]byte(p.body))
			hdr.Name = p.name
			w, err := zw.CreateRaw(&hdr)
			if err != nil {
				t.Fatal(err)
			}
			w.Write(data)
			continue
		}
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, p.body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// deflated is an honest deflated entry of body, for raw to damage.
func deflated(body []byte) (zip.FileHeader, []byte) {
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.DefaultCompression)
	fw.Write(body)
	fw.Close()
	return zip.FileHeader{Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(body), CompressedSize64: uint64(comp.Len()), UncompressedSize64: uint64(len(body))}, comp.Bytes()
}

// damageCase is one file of the corpus: want is the refusal's pattern.
type damageCase struct {
	name string
	data []byte
	want string
}

// Patterns of the refusals.
func wantSheetRow(row int) string {
	return regexp.QuoteMeta(fmt.Sprintf("文件已损坏：工作表“台账”约第 %d 行附近的数据无法读取，请重新保存后上传", row))
}

const (
	wantSheetAnywhere = `^文件已损坏：工作表“台账”(约第 \d+ 行附近的数据|开头部分（第 1 行之前）的内容|的数据之后（第 \d+ 行以后）的内容)无法读取，请重新保存后上传$`
	wantSheetStart    = `^文件已损坏：工作表“台账”开头部分（第 1 行之前）的内容无法读取，请重新保存后上传$`
)

func wantAfterData(row int) string {
	return regexp.QuoteMeta(fmt.Sprintf("文件已损坏：工作表“台账”的数据之后（第 %d 行以后）的内容无法读取，请重新保存后上传", row))
}

// damageCorpus builds every hostile case on the ledger, the plain one and
// the one the fast reader hands to excelize at row 150 (fallback).
func damageCorpus(t testing.TB) []damageCase {
	var out []damageCase
	for _, variant := range []struct {
		tag        string
		fallbackAt int
	}{{"fast", 0}, {"fallback", 150}} {
		head, rows, tail := damageLedger(damageRows, variant.fallbackAt)
		sst := damageSSTXML(damageSST)
		last := damageRows + 2
		build := func(sheet, sst string, edit func(ps []zipPart)) []byte {
			ps := damagePackage(sheet, sst)
			if edit != nil {
				edit(ps)
			}
			return writePackage(t, ps)
		}
		add := func(name string, data []byte, want string) {
			out = append(out, damageCase{variant.tag + "-" + name, data, want})
		}
		sheetWith := func(k int, f func(row string) string) string {
			rs := append([]string(nil), rows...)
			rs[k-1] = f(rs[k-1])
			return head + strings.Join(rs, "") + tail
		}
		whole := head + strings.Join(rows, "") + tail

		// XML damage in a row, at the first, a middle and the last data row.
		for _, k := range []int{3, damageRows/2 + 2, last} {
			add(fmt.Sprintf("entity-row%d", k), build(sheetWith(k, func(r string) string {
				return strings.Replace(r, "<v>YS-", "<v>&bogus;YS-", 1)
			}), sst, nil), wantSheetRow(k))
			add(fmt.Sprintf("mismatched-tag-row%d", k), build(sheetWith(k, func(r string) string {
				return strings.Replace(r, "</c>", "</d>", 1)
			}), sst, nil), wantSheetRow(k))
			add(fmt.Sprintf("stray-lt-row%d", k), build(sheetWith(k, func(r string) string {
				return strings.Replace(r, "<v>YS-", "<v>Y<S-", 1)
			}), sst, nil), wantSheetRow(k))
			add(fmt.Sprintf("control-char-row%d", k), build(sheetWith(k, func(r string) string {
				return strings.Replace(r, "<v>YS-", "<v>\x01YS-", 1)
			}), sst, nil), wantSheetRow(k))
			add(fmt.Sprintf("doctype-before-row%d", k), build(sheetWith(k, func(r string) string {
				return `<!DOCTYPE row [<!ENTITY e "x">]>` + r
			}), sst, nil), wantSheetRow(k-1))
			rs := rows[:k-1]
			cut := rows[k-1]
			add(fmt.Sprintf("truncated-xml-row%d", k), build(head+strings.Join(rs, "")+cut[:len(cut)/2], sst, nil), wantSheetRow(k))
		}
		// XML damage around the data.
		add("doctype-in-prolog", build(strings.Replace(whole, "\n<worksheet", "\n<!DOCTYPE worksheet [<!ENTITY x \"y\">]><worksheet", 1), sst, nil), wantSheetStart)
		add("no-root-close", build(strings.TrimSuffix(whole, "</worksheet>"), sst, nil), wantAfterData(last))
		add("mismatched-tag-after-data", build(strings.Replace(whole, "</worksheet>", "<pageSetup></pageSetupp></worksheet>", 1), sst, nil), wantAfterData(last))
		add("second-root", build(whole+`<worksheet><sheetData><row r="9"/></sheetData></worksheet>`, sst, nil), wantAfterData(last))

		// The zip layer of the sheet: bytes flipped at three places of the
		// compressed data, the stream cut, sizes and CRC misdeclared, and a
		// stored entry with one letter changed (well-formed: only the CRC
		// tells).
		for i, at := range []float64{0.1, 0.5, 0.9} {
			rng := rand.New(rand.NewPCG(uint64(i), 13))
			add(fmt.Sprintf("flipped-bytes-%d%%", int(at*100)), build(whole, sst, func(ps []zipPart) {
				ps[5].raw = func(b []byte) (zip.FileHeader, []byte) {
					h, d := deflated(b)
					for j := 0; j < 8; j++ {
						d[int(at*float64(len(d)))+j*7] ^= byte(1 + rng.IntN(255))
					}
					return h, d
				}
			}), wantSheetAnywhere)
		}
		add("cut-stream", build(whole, sst, func(ps []zipPart) {
			ps[5].raw = func(b []byte) (zip.FileHeader, []byte) {
				h, d := deflated(b)
				d = d[:len(d)/2]
				h.CompressedSize64 = uint64(len(d))
				return h, d
			}
		}), wantSheetAnywhere)
		for _, c := range []struct {
			name string
			size func(n uint64) uint64
		}{{"size-understated-by-1", func(n uint64) uint64 { return n - 1 }}, {"size-understated-half", func(n uint64) uint64 { return n / 2 }}, {"size-overstated", func(n uint64) uint64 { return n + 100 }}} {
			add(c.name, build(whole, sst, func(ps []zipPart) {
				ps[5].raw = func(b []byte) (zip.FileHeader, []byte) {
					h, d := deflated(b)
					h.UncompressedSize64 = c.size(h.UncompressedSize64)
					return h, d
				}
			}), wantSheetAnywhere)
		}
		add("bad-crc", build(whole, sst, func(ps []zipPart) {
			ps[5].raw = func(b []byte) (zip.FileHeader, []byte) {
				h, d := deflated(b)
				h.CRC32++
				return h, d
			}
		}), wantSheetAnywhere)
		add("stored-letter-changed", build(whole, sst, func(ps []zipPart) {
			ps[5].raw = func(b []byte) (zip.FileHeader, []byte) {
				d := append([]byte(nil), b...)
				i := bytes.Index(d, []byte("YS-00200"))
				d[i] = 'Z'
				return zip.FileHeader{Method: zip.Store, CRC32: crc32.ChecksumIEEE(b), CompressedSize64: uint64(len(b)), UncompressedSize64: uint64(len(b))}, d
			}
		}), wantSheetAnywhere)

		// The shared strings and another part.
		bad := append([]string(nil), damageSST...)
		bad[5] = "申请<内容"
		add("sst-stray-lt", build(whole, damageSSTXML(bad), nil), regexp.QuoteMeta("文件已损坏：共享文字表（xl/sharedStrings.xml）约第 6 条附近无法读取，各工作表中的文字无法完整读出，请重新保存后上传"))
		add("sst-bad-crc", build(whole, sst, func(ps []zipPart) {
			ps[6].raw = func(b []byte) (zip.FileHeader, []byte) {
				h, d := deflated(b)
				h.CRC32 ^= 1
				return h, d
			}
		}), `^文件已损坏：共享文字表（xl/sharedStrings.xml）约第 \d+ 条附近无法读取，各工作表中的文字无法完整读出，请重新保存后上传$`)
		add("docprops-bad-crc", build(whole, sst, func(ps []zipPart) {
			ps[2].raw = func(b []byte) (zip.FileHeader, []byte) {
				h, d := deflated(b)
				h.CRC32 ^= 1
				return h, d
			}
		}), regexp.QuoteMeta("文件已损坏：文件内部的“docProps/app.xml”部分无法完整读取，请重新保存后上传"))
	}
	return out
}

func TestGenerateDamagedCorpus(t *testing.T) {
	if !*genFlag {
		t.Skip("run with -gen to regenerate testdata/damaged/")
	}
	os.RemoveAll(damagedDir)
	if err := os.MkdirAll(damagedDir, 0o755); err != nil {
		t.Fatal(err)
	}
	// The sound ledger every case damages.
	head, rows, tail := damageLedger(damageRows, 0)
	sound := writePackage(t, damagePackage(head+strings.Join(rows, "")+tail, damageSSTXML(damageSST)))
	if err := os.WriteFile(filepath.Join(damagedDir, "sound.xlsx"), sound, 0o644); err != nil {
		t.Fatal(err)
	}
	var manifest strings.Builder
	manifest.WriteString("# file\trefusal it must give (regular expression); made by TestGenerateDamagedCorpus\n")
	for _, c := range damageCorpus(t) {
		if err := os.WriteFile(filepath.Join(damagedDir, c.name+".xlsx"), c.data, 0o644); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&manifest, "%s.xlsx\t%s\n", c.name, c.want)
	}
	if err := os.WriteFile(filepath.Join(damagedDir, "cases.tsv"), []byte(manifest.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// damageCases are the corpus's files and their refusals' patterns.
func damageCases(t *testing.T) (cases []damageCase) {
	f, err := os.Open(filepath.Join(damagedDir, "cases.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := sc.Text(); line != "" && !strings.HasPrefix(line, "#") {
			file, want, _ := strings.Cut(line, "\t")
			cases = append(cases, damageCase{name: file, want: want})
		}
	}
	if len(cases) < 60 {
		t.Fatalf("%d cases in the corpus", len(cases))
	}
	return cases
}

// TestDamagedRefused: every file of the corpus, on both reading paths, is
// refused with its reason (ingest's TestDamagedRefused loads the corpus).
func TestDamagedRefused(t *testing.T) {
	cases := damageCases(t)
	// The fuzz target's strict reader, on the sound ledger and a damaged one.
	sound, err := os.ReadFile(filepath.Join(damagedDir, "sound.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if n, header, err := strictSheet(sound); n != damageRows || header != 2 || err != nil {
		t.Fatalf("strict reader on the sound ledger: %d rows below header row %d, %v", n, header, err)
	}
	if b, _ := os.ReadFile(filepath.Join(damagedDir, "fast-bad-crc.xlsx")); b == nil {
		t.Fatal("no fast-bad-crc.xlsx")
	} else if _, _, err := strictSheet(b); err == nil {
		t.Fatal("strict reader: no damage seen in fast-bad-crc.xlsx")
	}
	rows, err := readWorkbook(context.Background(), filepath.Join(damagedDir, "sound.xlsx"), testOpt)
	if err != nil || len(rows["台账"]) != damageRows+2 {
		t.Fatalf("sound ledger: %d rows, %v", len(rows["台账"]), err)
	}
	for _, fast := range []bool{true, false} {
		opt := testOpt
		opt.ExcelizeOnly = !fast
		for _, c := range cases {
			_, err := readWorkbook(context.Background(), filepath.Join(damagedDir, c.name), opt)
			if err == nil || !regexp.MustCompile(c.want).MatchString(reasonOf(err)) {
				t.Errorf("%s (fast reader %v): %v; want refused with %s", c.name, fast, err, c.want)
			}
		}
	}
}

// TestDamagedCorpusCurrent: the committed corpus is what the generator makes.
func TestDamagedCorpusCurrent(t *testing.T) {
	for _, c := range damageCorpus(t) {
		b, err := os.ReadFile(filepath.Join(damagedDir, c.name+".xlsx"))
		if err != nil || !bytes.Equal(b, c.data) {
			t.Fatalf("%s differs from the generator's (%v): run TestGenerateDamagedCorpus -gen", c.name, err)
		}
	}
}

// TestFlippedBytesNeverShort is the experiment: copies of a
// ledger with 8 bytes flipped at seeded random places of the compressed
// sheet data are each refused or read whole, never short: the rows read
// are the sound ledger's. 30 copies of 2,000 rows, and 6 of 6,000 rows
// (past the point where the fast reader scans on a goroutine of its own),
// on both reading paths.
func TestFlippedBytesNeverShort(t *testing.T) {
	dir := t.TempDir()
	refused := 0
	for _, c := range []struct{ rows, copies int }{{2000, 30}, {6000, 6}} {
		head, rows, tail := damageLedger(c.rows, 0)
		sheet := head + strings.Join(rows, "") + tail
		sst := damageSSTXML(damageSST)
		sound := filepath.Join(dir, fmt.Sprintf("sound-%d.xlsx", c.rows))
		os.WriteFile(sound, writePackage(t, damagePackage(sheet, sst)), 0o644)
		want, err := readWorkbook(context.Background(), sound, testOpt)
		if err != nil || len(want["台账"]) != c.rows+2 {
			t.Fatalf("sound ledger: %d rows, %v", len(want["台账"]), err)
		}
		for i := 0; i < c.copies; i++ {
			rng := rand.New(rand.NewPCG(uint64(c.rows), uint64(i)))
			ps := damagePackage(sheet, sst)
			ps[5].raw = func(b []byte) (zip.FileHeader, []byte) {
				h, d := deflated(b)
				for j := 0; j < 8; j++ {
					d[rng.IntN(len(d))] ^= byte(1 + rng.IntN(255))
				}
				return h, d
			}
			path := filepath.Join(dir, fmt.Sprintf("flipped-%d-%02d.xlsx", c.rows, i))
			os.WriteFile(path, writePackage(t, ps), 0o644)
			for _, fast := range []bool{true, false} {
				opt := testOpt
				opt.ExcelizeOnly = !fast
				got, err := readWorkbook(context.Background(), path, opt)
				switch {
				case err != nil && strings.Contains(reasonOf(err), "文件已损坏"):
					refused++
				case err == nil && reflect.DeepEqual(got, want):
					// Read whole.
				default:
					t.Errorf("%s (fast reader %v): %d rows of %d: %v", path, fast, len(got["台账"]), c.rows+2, err)
				}
			}
		}
	}
	t.Logf("%d of %d reads refused, the rest read whole", refused, 2*36)
}

// strictSheet is what an independent strict reader sees of the corpus's
// ledger package: every part read to its end through archive/zip (CRC,
// declared size), the shared strings and xl/worksheets/sheet1.xml decoded
// token by token with any XML error, DTD or text outside the root taken
// for damage. dataRows is the rows below the header (the first row with
// at least 4 of the ledger's header labels) down to the last non-blank
// row: the rows a reader must give. header is 0 when no row is
// one.
func strictSheet(data []byte) (dataRows, header int, damaged error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return 0, 0, err
	}
	parts := map[string][]byte{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			return 0, 0, err
		}
		b, err := io.ReadAll(io.LimitReader(rc, 64<<20))
		rc.Close()
		if err != nil {
			return 0, 0, fmt.Errorf("%s: %w", zf.Name, err)
		}
		parts[zf.Name] = b
	}
	// walk decodes a part strictly, calling fn on each token.
	walk := func(b []byte, fn func(t xml.Token)) error {
		d := xml.NewDecoder(bytes.NewReader(b))
		depth, roots := 0, 0
		for {
			t, err := d.Token()
			if err == io.EOF {
				if roots != 1 {
					return fmt.Errorf("%d roots", roots)
				}
				return nil
			}
			if err != nil {
				return err
			}
			switch x := t.(type) {
			case xml.StartElement:
				if depth == 0 {
					roots++
				}
				depth++
			case xml.EndElement:
				depth--
			case xml.CharData:
				if depth == 0 && strings.Trim(string(x), " \t\r\n\uFEFF") != "" {
					return fmt.Errorf("text outside the root")
				}
			case xml.Directive:
				return fmt.Errorf("DTD")
			}
			fn(xml.CopyToken(t))
		}
	}
	var sst []string
	if b, ok := parts["xl/sharedStrings.xml"]; ok {
		var cur strings.Builder
		inT, inRPh := false, false
		err := walk(b, func(t xml.Token) {
			switch x := t.(type) {
			case xml.StartElement:
				switch x.Name.Local {
				case "si":
					cur.Reset()
				case "t":
					inT = true
				case "rPh":
					inRPh = true
				}
			case xml.EndElement:
				switch x.Name.Local {
				case "si":
					sst = append(sst, cur.String())
				case "t":
					inT = false
				case "rPh":
					inRPh = false
				}
			case xml.CharData:
				if inT && !inRPh {
					cur.Write(x)
				}
			}
		})
		if err != nil {
			return 0, 0, fmt.Errorf("shared strings: %w", err)
		}
	}
	labels := map[string]bool{}
	for _, l := range damageSST[1:9] {
		labels[l] = true
	}
	row, lastFull := 0, 0
	var typ, val strings.Builder
	inV, nonBlank, hits := false, false, 0
	err = walk(parts["xl/worksheets/sheet1.xml"], func(t xml.Token) {
		switch x := t.(type) {
		case xml.StartElement:
			switch x.Name.Local {
			case "row":
				row++
				for _, a := range x.Attr {
					if a.Name.Local == "r" {
						fmt.Sscan(a.Value, &row)
					}
				}
				nonBlank, hits = false, 0
			case "c":
				typ.Reset()
				val.Reset()
				for _, a := range x.Attr {
					if a.Name.Local == "t" {
						typ.WriteString(a.Value)
					}
				}
			case "v", "t":
				inV = true
			}
		case xml.EndElement:
			switch x.Name.Local {
			case "v", "t":
				inV = false
			case "c":
				v := val.String()
				if typ.String() == "s" {
					var i int
					if _, err := fmt.Sscan(v, &i); err == nil && i >= 0 && i < len(sst) {
						v = sst[i]
					}
				}
				if strings.TrimSpace(v) != "" {
					nonBlank = true
				}
				if labels[strings.TrimSpace(v)] {
					hits++
				}
			case "row":
				if header == 0 && hits >= 4 {
					header = row
				} else if nonBlank && header > 0 {
					lastFull = row
				}
			}
		case xml.CharData:
			if inV {
				val.Write(x)
			}
		}
	})
	if err != nil {
		return 0, 0, fmt.Errorf("sheet: %w", err)
	}
	if header > 0 && lastFull > header {
		dataRows = lastFull - header
	}
	return dataRows, header, nil
}

// checkRead reads a file's bytes and checks the invariant of issue 13
// point 2 at the reader: no panic, and the file is either refused, with a
// reason in Chinese (never as damaged when the strict reader above reads
// it whole), or read with every row the strict reader sees; a file the
// strict reader finds damaged is never read whole. It returns "refused" or
// "read".
func checkRead(t *testing.T, dir string, data []byte) string {
	path := filepath.Join(dir, "平安县财政局2024年依申请公开台账.xlsx")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	want, header, damage := strictSheet(data)
	// A small limit: a mutated zip directory may declare parts of
	// gigabytes, which excelize allocates up front.
	got, err := readWorkbook(context.Background(), path, Options{MaxUnzipBytes: 16 << 20})
	if err != nil {
		reason := reasonOf(err)
		if !hasHan(reason) {
			t.Fatalf("refused without a Chinese reason: %q", reason)
		}
		if damage == nil && strings.HasPrefix(reason, "文件已损坏") {
			t.Fatalf("refused as damaged (%s), the strict reader reads it whole", reason)
		}
		return "refused"
	}
	if damage != nil {
		t.Fatalf("read whole a file the strict reader finds damaged: %v", damage)
	}
	if rows, ok := got["台账"]; ok && header > 0 {
		n := 0
		for _, r := range rows {
			if r.N > header && slices.ContainsFunc(r.Cells, func(c string) bool { return strings.TrimSpace(c) != "" }) {
				n = r.N - header
			}
		}
		if n != want {
			t.Fatalf("%d rows below the header in row %d; the strict reader sees %d", n, header, want)
		}
	}
	return "read"
}

// readSeeds are the sound ledger, deflated and stored with no CRC
// (archive/zip does not check a zero CRC, so mutations reach the XML).
func readSeeds(tb testing.TB) [][]byte {
	head, rows, tail := damageLedger(40, 0)
	sheet := head + strings.Join(rows, "") + tail
	sst := damageSSTXML(damageSST)
	noCRC := damagePackage(sheet, sst)
	for i := range noCRC {
		noCRC[i].raw = func(b []byte) (zip.FileHeader, []byte) {
			return zip.FileHeader{Method: zip.Store, CompressedSize64: uint64(len(b)), UncompressedSize64: uint64(len(b))}, b
		}
	}
	return [][]byte{writePackage(tb, damagePackage(sheet, sst)), writePackage(tb, noCRC)}
}

// FuzzReadXLSX: checkRead on any bytes; seeds are readSeeds and some of
// the hostile corpus.
//
//	go test ./internal/xlsxstream -run '^$' -fuzz '^FuzzReadXLSX$' -fuzztime 120s -fuzzminimizetime 2s
func FuzzReadXLSX(f *testing.F) {
	for _, b := range readSeeds(f) {
		f.Add(b)
	}
	for _, name := range []string{"fast-entity-row3.xlsx", "fallback-stray-lt-row202.xlsx", "fast-size-understated-by-1.xlsx", "fast-no-root-close.xlsx"} {
		if b, err := os.ReadFile(filepath.Join(damagedDir, name)); err == nil {
			f.Add(b)
		}
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, dir, data) })
}

// TestReadMutations is a small deterministic fuzzer of checkRead run by
// every `go test`: the seeds with 1-3 bytes changed, inserted or deleted,
// or an XML token spliced in.
func TestReadMutations(t *testing.T) {
	seeds := readSeeds(t)
	dir := t.TempDir()
	tokens := []string{"<", ">", "</c>", "</row>", "<row>", "&bogus;", "<!DOCTYPE x>", "]]>", "<!--", `r="9"`}
	rng := rand.New(rand.NewPCG(13, 2))
	n := 300
	if testing.Short() {
		n = 60
	}
	count := map[string]int{}
	for i := 0; i < n; i++ {
		seed := rng.IntN(len(seeds))
		s := append([]byte(nil), seeds[seed]...)
		if seed == 1 {
			// The stored package: same-length changes to the sheet's
			// XML keep the zip sound, so that the XML is what is tested.
			from := bytes.Index(s, []byte("<sheetData>"))
			to := bytes.Index(s, []byte("</worksheet>"))
			for m := 1 + rng.IntN(3); m > 0; m-- {
				const alphabet = "0123456789<>/\"= rcvtsAZ&;"
				s[from+rng.IntN(to-from)] = alphabet[rng.IntN(len(alphabet))]
			}
			count["xml: "+checkRead(t, dir, s)]++
			continue
		}
		for m := 1 + rng.IntN(3); m > 0; m-- {
			at := rng.IntN(len(s))
			switch rng.IntN(4) {
			case 0, 1:
				s[at] ^= byte(1 + rng.IntN(255))
			case 2:
				s = append(s[:at], append([]byte(tokens[rng.IntN(len(tokens))]), s[at:]...)...)
			case 3:
				s = append(s[:at], s[min(len(s), at+1+rng.IntN(4)):]...)
			}
		}
		count["zip: "+checkRead(t, dir, s)]++
	}
	t.Logf("%d mutations: %v", n, count)
}
