// Package benchdata writes the ledgers of the ingest and reader benchmarks:
// N application rows (default 1,000,000; GONGKAI_BENCH_ROWS to change) of
// 平安县财政局 as UTF-8 CSV, GB18030 CSV, an xlsx written by excelize's
// stream writer (inline strings) and an xlsx with shared strings as Excel,
// WPS and LibreOffice write it. The files are generated once into
// $TMPDIR/gongkai-bench-<N>/ and reused by every benchmark that asks.
package benchdata

import (
	"archive/zip"
	"bufio"
	"fmt"
	"html"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// Rows is N, the benchmark's data rows.
func Rows() int {
	if s := os.Getenv("GONGKAI_BENCH_ROWS"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n > 0 {
			return n
		}
	}
	return 1_000_000
}

// Header is the applications ledger's header row.
var Header = []string{"申请编号", "收到日期", "申请人类型", "申请方式", "申请内容", "补正完成日期", "是否延期", "征求意见天数", "答复日期", "办理结果", "信息处理费"}

// Record is data row i, drawn from r.
func Record(r *rand.Rand, i int) []string {
	types := []string{"自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"}
	ways := []string{"当面", "邮寄", "网络", "传真", "信函"}
	outcomes := []string{"予以公开", "部分公开", "不予公开/1.属于国家秘密", "无法提供/1.本机关不掌握相关政府信息", "不予处理/2.重复申请", "（六）其他处理/3.其他"}
	recv := 1 + r.IntN(300)
	m, d := monthDay(recv)
	rep := recv + 5 + r.IntN(30)
	rm, rd := monthDay(min(rep, 365))
	ext := "否"
	if r.IntN(10) == 0 {
		ext = "是"
	}
	return []string{
		fmt.Sprintf("YS2024-%07d", i),
		fmt.Sprintf("2024-%02d-%02d", m, d),
		types[r.IntN(len(types))],
		ways[r.IntN(len(ways))],
		"申请公开关于" + []string{"城区道路改造", "农村低保发放", "土地征收补偿", "学校布局调整", "环境影响评价"}[r.IntN(5)] + "的相关文件及批复",
		"",
		ext,
		strconv.Itoa(r.IntN(3)),
		fmt.Sprintf("2024年%d月%d日", rm, rd),
		outcomes[r.IntN(len(outcomes))],
		"",
	}
}

func monthDay(doy int) (int, int) {
	days := []int{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	m := 0
	for doy > days[m] {
		doy -= days[m]
		m++
	}
	return m + 1, doy
}

// Files are the benchmark ledgers' paths.
type Files struct {
	CSV, GB, XLSX string
}

// Get returns the files of Rows() rows, writing them first if need be.
func Get(tb testing.TB) Files {
	tb.Helper()
	n := Rows()
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("gongkai-bench-%d", n))
	f := Files{CSV: filepath.Join(dir, "平安县财政局-依申请-2024.csv"), GB: filepath.Join(dir, "平安县财政局-依申请-2024-gb.csv"), XLSX: filepath.Join(dir, "平安县财政局-依申请-2024.xlsx")}
	if _, err := os.Stat(f.XLSX); err == nil {
		return f
	}
	tb.Logf("generating %d rows into %s", n, dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	writeCSV := func(path string, gb bool) {
		out, err := os.Create(path)
		if err != nil {
			tb.Fatal(err)
		}
		var w *bufio.Writer
		if gb {
			w = bufio.NewWriterSize(simplifiedchinese.GB18030.NewEncoder().Writer(out), 1<<20)
		} else {
			w = bufio.NewWriterSize(out, 1<<20)
		}
		w.WriteString(strings.Join(Header, ",") + "\n")
		r := rand.New(rand.NewPCG(1, 2))
		for i := 0; i < n; i++ {
			w.WriteString(strings.Join(Record(r, i), ",") + "\n")
		}
		if err := w.Flush(); err != nil {
			tb.Fatal(err)
		}
		out.Close()
	}
	writeCSV(f.CSV, false)
	writeCSV(f.GB, true)

	x := excelize.NewFile()
	sw, err := x.NewStreamWriter("Sheet1")
	if err != nil {
		tb.Fatal(err)
	}
	row := make([]any, len(Header))
	for i, h := range Header {
		row[i] = h
	}
	sw.SetRow("A1", row)
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < n; i++ {
		for j, v := range Record(r, i) {
			row[j] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			tb.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := x.SaveAs(f.XLSX); err != nil {
		tb.Fatal(err)
	}
	x.Close()
	return f
}

// SST returns the shared-string workbook of Rows() rows (beside Get's
// files), writing it first if need be.
func SST(tb testing.TB) string {
	tb.Helper()
	path := strings.TrimSuffix(Get(tb).XLSX, ".xlsx") + "-sst.xlsx"
	if _, err := os.Stat(path); err == nil {
		return path
	}
	if err := WriteSSTWorkbook(path, Rows()); err != nil {
		tb.Fatal(err)
	}
	return path
}

// The parts of WriteSSTWorkbook's package besides the sheet and the strings.
var sstParts = []struct{ name, body string }{
	{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`},
	{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
	{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
	{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`},
}

const sstSheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
	`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><dimension ref="A1:C3"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols><col min="1" max="3" width="12"/></cols>`

// WriteSSTWorkbook writes n benchmark rows with every text cell in the
// shared-string table (numbers as numbers), in the layout Excel uses.
func WriteSSTWorkbook(path string, n int) error {
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	defer out.Close()
	zw := zip.NewWriter(out)
	for _, p := range sstParts {
		w, err := zw.Create(p.name)
		if err != nil {
			return err
		}
		w.Write([]byte(p.body))
	}
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString(sstSheetHead + "<sheetData>")
	index := map[string]int{}
	var strs []string
	writeRow := func(r int, cells []string) {
		fmt.Fprintf(bw, `<row r="%d" spans="1:%d">`, r, len(cells))
		for j, v := range cells {
			if v == "" {
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(j+1, r)
			if j == 7 && r > 1 {
				fmt.Fprintf(bw, `<c r="%s"><v>%s</v></c>`, ref, v)
				continue
			}
			k, ok := index[v]
			if !ok {
				k = len(strs)
				index[v] = k
				strs = append(strs, v)
			}
			fmt.Fprintf(bw, `<c r="%s" s="1" t="s"><v>%d</v></c>`, ref, k)
		}
		bw.WriteString("</row>")
	}
	writeRow(1, Header)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < n; i++ {
		writeRow(i+2, Record(rng, i))
	}
	bw.WriteString("</sheetData></worksheet>")
	if err := bw.Flush(); err != nil {
		return err
	}
	w, err = zw.Create("xl/sharedStrings.xml")
	if err != nil {
		return err
	}
	bw = bufio.NewWriterSize(w, 1<<20)
	fmt.Fprintf(bw, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, len(strs), len(strs))
	for _, s := range strs {
		bw.WriteString("<si><t>" + html.EscapeString(s) + `</t><phoneticPr fontId="1" type="noConversion"/></si>`)
	}
	bw.WriteString("</sst>")
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// CPUSeconds is the process's user+system CPU time: under a loaded
// machine a steadier yardstick than wall time.
func CPUSeconds() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// ResetPeakRSS clears VmHWM so that PeakRSSMB measures the benchmark alone:
// first the heap an earlier benchmark of the same run left behind goes back
// to the OS, or it would count here.
func ResetPeakRSS() {
	debug.FreeOSMemory()
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// PeakRSSMB is the process's peak resident memory (VmHWM) in MB.
func PeakRSSMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(line, "VmHWM:"), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}
