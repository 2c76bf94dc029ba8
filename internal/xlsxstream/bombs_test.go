package xlsxstream

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"gongkai/internal/benchdata"
)

// Resource bombs (issue 13, "bounded resources"): workbooks within the
// size limits whose content would make a reader take gigabytes or minutes.
// They are generated into t.TempDir(), streamed through the compressor, so
// that a 900 MB sheet never sits in the test's memory.

// bombPart is one part of a generated workbook; body writes its content.
type bombPart struct {
	name string
	body func(w io.Writer)
}

func str(s string) func(io.Writer) { return func(w io.Writer) { io.WriteString(w, s) } }

// repeat writes s n times, in chunks.
func repeat(w io.Writer, s string, n int) {
	chunk := strings.Repeat(s, max(1, (1<<20)/len(s)))
	per := len(chunk) / len(s)
	for n > 0 {
		k := min(n, per)
		io.WriteString(w, chunk[:k*len(s)])
		n -= k
	}
}

const (
	bombHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	bombTail = `</sheetData></worksheet>`
)

// ledgerRows are the title, header and two data rows of an applications
// ledger of 平安县财政局 for 2024, as inline strings: a bomb looks like a
// ledger up to where it goes wrong.
func ledgerRows(w io.Writer) {
	rows := [][]string{
		{"平安县财政局2024年依申请公开台账"},
		{"申请编号", "收到日期", "申请人类型", "申请方式", "申请内容", "答复日期", "办理结果", "信息处理费"},
		{"B-001", "2024-03-05", "自然人", "网络", "关于预算的申请", "2024-03-20", "予以公开", "0"},
		{"B-002", "2024-03-06", "自然人", "网络", "关于决算的申请", "2024-03-21", "予以公开", "0"},
	}
	for i, r := range rows {
		fmt.Fprintf(w, `<row r="%d">`, i+1)
		for j, c := range r {
			fmt.Fprintf(w, `<c r="%c%d" t="inlineStr"><is><t>%s</t></is></c>`, 'A'+j, i+1, c)
		}
		io.WriteString(w, `</row>`)
	}
}

// sheetWith is a ledger sheet with mid written after its first rows.
func sheetWith(mid func(w io.Writer)) func(io.Writer) {
	return func(w io.Writer) {
		io.WriteString(w, bombHead)
		ledgerRows(w)
		mid(w)
		io.WriteString(w, `<row r="1000"><c r="A1000" t="inlineStr"><is><t>B-003</t></is></c></row>`)
		io.WriteString(w, bombTail)
	}
}

// writeBomb writes a workbook of the given parts (plus the package's
// skeleton) to path.
func writeBomb(t testing.TB, path string, sheet func(io.Writer), extra ...bombPart) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 1<<20)
	zw := zip.NewWriter(bw)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestCompression) })
	sst := ""
	for _, p := range extra {
		if p.name == "xl/sharedStrings.xml" {
			sst = `<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`
		}
	}
	parts := append([]bombPart{
		{"[Content_Types].xml", str(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`)},
		{"_rels/.rels", str(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)},
		{"xl/workbook.xml", str(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>`)},
		{"xl/_rels/workbook.xml.rels", str(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` + sst + `</Relationships>`)},
		{"xl/worksheets/sheet1.xml", sheet},
	}, extra...)
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		p.body(w)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
}

// bomb is one kind of resource bomb: its name, how to write it at a
// scale (1 = the figures of the issue), and what its refusal says.
type bomb struct {
	name  string
	write func(t testing.TB, path string, scale int)
	want  string
}

var bombs = []bomb{
	{"whitespace", func(t testing.TB, p string, scale int) {
		// The file: 900 MB of whitespace between two rows.
		writeBomb(t, p, sheetWith(func(w io.Writer) { repeat(w, " \n\t", (900<<20)/3/scale) }))
	}, "工作表“台账”含有超长空白或异常内容（可能是恶意构造的文件），已拒收"},
	{"whitespace-chopped", func(t testing.TB, p string, scale int) {
		// The same in runs just under the run limit, each after a row.
		writeBomb(t, p, sheetWith(func(w io.Writer) {
			for i := 0; i < 900/scale; i++ {
				fmt.Fprintf(w, `<row r="%d"/>`, 5+i)
				repeat(w, " ", maxTextRun-10)
			}
		}))
	}, "工作表“台账”含有超长空白或异常内容（可能是恶意构造的文件），已拒收"},
	{"whitespace-in-tag", func(t testing.TB, p string, scale int) {
		writeBomb(t, p, sheetWith(func(w io.Writer) {
			io.WriteString(w, `<row r="5"`)
			repeat(w, " ", (900<<20)/scale)
			io.WriteString(w, `/>`)
		}))
	}, "工作表“台账”含有异常内容（超长的标记"},
	{"giant-cell", func(t testing.TB, p string, scale int) {
		writeBomb(t, p, sheetWith(func(w io.Writer) {
			io.WriteString(w, `<row r="5"><c r="E5" t="inlineStr"><is><t>`)
			repeat(w, "公开", (300<<20)/6/scale)
			io.WriteString(w, `</t></is></c></row>`)
		}))
	}, "工作表“台账”中有单元格内容过长"},
	{"giant-row", func(t testing.TB, p string, scale int) {
		writeBomb(t, p, sheetWith(func(w io.Writer) {
			io.WriteString(w, `<row r="5">`)
			for i := 0; i < 16384; i++ {
				fmt.Fprintf(w, `<c t="inlineStr"><is><t>%s</t></is></c>`, strings.Repeat("长", 400))
			}
			io.WriteString(w, `</row>`)
		}))
	}, "工作表“台账”第 5 行内容过大"},
	{"sst-bytes", func(t testing.TB, p string, scale int) {
		writeBomb(t, p, sheetWith(func(io.Writer) {}), bombPart{"xl/sharedStrings.xml", func(w io.Writer) {
			io.WriteString(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
			for i := 0; i < 900; i++ {
				io.WriteString(w, `<si><t>`)
				repeat(w, "串", (1<<20-64)/3)
				io.WriteString(w, `</t></si>`)
			}
			io.WriteString(w, `</sst>`)
		}})
	}, "共享字符串表解压后"},
	{"sst-count", func(t testing.TB, p string, scale int) {
		writeBomb(t, p, sheetWith(func(io.Writer) {}), bombPart{"xl/sharedStrings.xml", func(w io.Writer) {
			io.WriteString(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
			repeat(w, `<si><t>a</t></si>`, maxSSTItems+1)
			io.WriteString(w, `</sst>`)
		}})
	}, "共享字符串表含有超过 5000000 个字符串"},
	{"row-number", func(t testing.TB, p string, scale int) {
		writeBomb(t, p, sheetWith(func(w io.Writer) {
			io.WriteString(w, `<row r="99999999"><c r="A99999999"><v>1</v></c></row>`)
		}))
	}, "工作表“台账”的行号“99999999”超出 Excel 的上限"},
	{"column-number", func(t testing.TB, p string, scale int) {
		writeBomb(t, p, sheetWith(func(w io.Writer) {
			io.WriteString(w, `<row r="5"><c r="ZZZZZ5"><v>1</v></c></row>`)
		}))
	}, "工作表“台账”的单元格位置“ZZZZZ5”超出 Excel 的上限"},
	{"deep-nesting", func(t testing.TB, p string, scale int) {
		writeBomb(t, p, sheetWith(func(w io.Writer) {
			io.WriteString(w, `<row r="5"><c r="A5" t="inlineStr"><is>`)
			repeat(w, `<r>`, 1_000_000/scale)
			repeat(w, `</r>`, 1_000_000/scale)
			io.WriteString(w, `</is></c></row>`)
		}))
	}, "工作表“台账”的结构嵌套超过 100 层"},
	{"styles-whitespace", func(t testing.TB, p string, scale int) {
		// Not a sheet: excelize reads every other part into memory whole.
		writeBomb(t, p, sheetWith(func(io.Writer) {}), bombPart{"xl/styles.xml", func(w io.Writer) {
			io.WriteString(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
			repeat(w, " ", (15<<20)/scale)
			io.WriteString(w, `</styleSheet>`)
		}})
	}, "文件部件“xl/styles.xml”含有超长空白或异常内容"},
	{"big-styles", func(t testing.TB, p string, scale int) {
		writeBomb(t, p, sheetWith(func(io.Writer) {}), bombPart{"xl/styles.xml", func(w io.Writer) {
			io.WriteString(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs>`)
			repeat(w, `<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`, (60<<20)/62/scale)
			io.WriteString(w, `</cellXfs></styleSheet>`)
		}})
	}, "文件部件“xl/styles.xml”解压后 60 MB，超过 16 MB 上限"},
	{"big-image", func(t testing.TB, p string, scale int) {
		writeBomb(t, p, sheetWith(func(io.Writer) {}), bombPart{"xl/media/image1.png", func(w io.Writer) {
			repeat(w, "\x00", (200<<20)/scale)
		}})
	}, "文件部件“xl/media/image1.png”解压后过大"},
}

// TestResourceBombsRefused: every bomb is refused with its reason in
// Chinese, quickly, with no panic.
func TestResourceBombsRefused(t *testing.T) {
	dir := t.TempDir()
	for _, b := range bombs {
		t.Run(b.name, func(t *testing.T) {
			p := filepath.Join(dir, b.name+".xlsx")
			b.write(t, p, 1)
			st, _ := os.Stat(p)
			// Both readers: the fast one bounds the worksheets in its own
			// pass, the excelize path has them scanned before excelize
			// opens the file.
			for _, fast := range []bool{true, false} {
				opt := serverOpt
				opt.ExcelizeOnly = !fast
				start := time.Now()
				_, err := readWorkbook(context.Background(), p, opt)
				took := time.Since(start)
				// The time is logged, not asserted: a wall-time bound fails on a
				// busy machine (it did, at load 10–15 on 2 cores). What a bomb may
				// cost is bounded by TestBombPeakRSS and by the
				// deadline test below.
				t.Logf("%s (fast reader %v): %d KB compressed, refused in %v", b.name, fast, st.Size()>>10, took.Round(time.Millisecond))
				if err == nil {
					t.Fatalf("fast reader %v: not refused", fast)
				}
				if reason := reasonOf(err); !strings.Contains(reason, b.want) || !hasHan(reason) {
					t.Errorf("fast reader %v: reason %q, want %q", fast, reason, b.want)
				}
			}
		})
	}
}

// TestResourceBombDeadline: a bomb the checks let through only up to the
// deadline (the whitespace bomb under an already expired deadline) gives
// the context's error back rather than reading on.
func TestResourceBombDeadline(t *testing.T) {
	p := filepath.Join(t.TempDir(), "ws.xlsx")
	bombs[0].write(t, p, 8)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := checkBounds(ctx, p, serverOpt); err != context.Canceled {
		t.Errorf("checkBounds under a cancelled context: %v", err)
	}
}

// TestPlausibleLimitsPass: what Excel can write passes the checks — the
// last row and column, a cell of 32,767 characters, pretty-printed XML.
func TestPlausibleLimitsPass(t *testing.T) {
	p := filepath.Join(t.TempDir(), "edge.xlsx")
	writeBomb(t, p, sheetWith(func(w io.Writer) {
		io.WriteString(w, "\n  <row r=\"5\" spans=\"1:8\">\n    <c r=\"E5\" t=\"inlineStr\"><is><t xml:space=\"preserve\">")
		repeat(w, "&#x516C;", 32767)
		io.WriteString(w, "</t></is></c>\n  </row>\n  <row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row>\n<!-- a > comment --><![CDATA[ x > y ]]>")
	}))
	if err := checkBounds(context.Background(), p, serverOpt); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"app-dates.xlsx", "app-1904.xlsx", "picture.xlsx", "units.xlsx", "app-two-sheets.xlsx"} {
		if err := checkBounds(context.Background(), ingestTD(f), testOpt); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// bombChildEnv makes the test binary a child that reads one bomb and
// reports its peak RSS: the parent's memory must not count.
const bombChildEnv = "GONGKAI_BOMB_CHILD"

// TestBombPeakRSS reads each bomb at full scale in a child process and
// reports its peak RSS (VmHWM) and time; every one must stay under 512 MB.
// The figures are the "note the figures".
func TestBombPeakRSS(t *testing.T) {
	if p := os.Getenv(bombChildEnv); p != "" {
		bombChild(t, p)
		return
	}
	if testing.Short() {
		t.Skip("writes ~10 MB of bombs and ingests each in a child process")
	}
	dir := t.TempDir()
	for _, b := range bombs {
		p := filepath.Join(dir, b.name+".xlsx")
		b.write(t, p, 1)
		cmd := exec.Command(os.Args[0], "-test.run=^TestBombPeakRSS$", "-test.v")
		cmd.Env = append(os.Environ(), bombChildEnv+"="+p)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", b.name, err, out)
		}
		var hwm, ms int
		var reason string
		for _, l := range strings.Split(string(out), "\n") {
			if _, v, ok := strings.Cut(l, "BOMB "); ok {
				f := strings.SplitN(v, " ", 3)
				hwm, _ = strconv.Atoi(f[0])
				ms, _ = strconv.Atoi(f[1])
				reason = f[2]
			}
		}
		t.Logf("%-18s peak RSS %4d MB, %5d ms: %s", b.name, hwm>>10, ms, reason)
		if hwm == 0 || hwm > 512<<10 {
			t.Errorf("%s: peak RSS %d kB\n%s", b.name, hwm, out)
		}
	}
}

func bombChild(t *testing.T, path string) {
	start := time.Now()
	_, err := readWorkbook(context.Background(), path, serverOpt)
	ms := time.Since(start).Milliseconds()
	b, _ := os.ReadFile("/proc/self/status")
	hwm := 0
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			hwm, _ = strconv.Atoi(strings.Fields(v)[0])
		}
	}
	reason := "read whole"
	if err != nil {
		reason = "refused " + reasonOf(err)
	}
	fmt.Printf("BOMB %d %d %s\n", hwm, ms, reason)
}

// BenchmarkCheckBounds is the cost of the checks on an ordinary large
// workbook, to compare with ingest's BenchmarkIngestXLSX on the same file.
func BenchmarkCheckBounds(b *testing.B) {
	for _, f := range []string{benchdata.Get(b).XLSX, benchdata.SST(b)} {
		st, _ := os.Stat(f)
		b.Run(filepath.Base(f), func(b *testing.B) {
			b.SetBytes(st.Size())
			for i := 0; i < b.N; i++ {
				if err := checkBounds(context.Background(), f, testOpt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
