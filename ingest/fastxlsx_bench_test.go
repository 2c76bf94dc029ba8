package ingest

// Benchmarks of the fast xlsx reader beside the excelize baseline
// (bench_test.go), in the same run:
//
//	go test -run '^$' -bench 'Ingest|Baseline' -benchtime 1x -benchmem ./ingest/
//
// BenchmarkIngestXLSX (bench_test.go) reads excelize's own stream-written
// file (inline strings) through the fast reader; the *SST benchmarks read
// the same rows from a workbook with a shared-string table, as Excel, WPS
// and LibreOffice write it.

import (
	"archive/zip"
	"bufio"
	"fmt"
	"html"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// benchSSTFile writes (once) the benchmark rows as a shared-string workbook.
func benchSSTFile(b *testing.B) string {
	b.Helper()
	f := benchData(b)
	path := strings.TrimSuffix(f.xlsx, ".xlsx") + "-sst.xlsx"
	if _, err := os.Stat(path); err == nil {
		return path
	}
	if err := writeSSTWorkbook(path, benchRows()); err != nil {
		b.Fatal(err)
	}
	return path
}

// writeSSTWorkbook writes n benchmark rows with every text cell in the
// shared-string table (numbers as numbers), in the layout Excel uses.
func writeSSTWorkbook(path string, n int) error {
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	defer out.Close()
	zw := zip.NewWriter(out)
	for _, p := range baseParts {
		body := p.body
		if p.name == "xl/workbook.xml" {
			body = strings.Replace(strings.Replace(body, `<workbookPr date1904="1"/>`, "", 1), "台账", "Sheet1", 1)
		}
		w, err := zw.Create(p.name)
		if err != nil {
			return err
		}
		w.Write([]byte(body))
	}
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString(sheetHead + "<sheetData>")
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
	writeRow(1, benchHeader)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < n; i++ {
		writeRow(i+2, benchRecord(rng, i))
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
	fmt.Fprintf(bw, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+`<sst xmlns="%s" count="%d" uniqueCount="%d">`, nsMain, len(strs), len(strs))
	for _, s := range strs {
		bw.WriteString("<si><t>" + html.EscapeString(s) + `</t><phoneticPr fontId="1" type="noConversion"/></si>`)
	}
	bw.WriteString("</sst>")
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// BenchmarkBaselineFastRows is the fast reader's bare iteration of the
// benchmark xlsx: the floor of the fast xlsx path.
func BenchmarkBaselineFastRows(b *testing.B)    { benchFastRows(b, benchData(b).xlsx) }
func BenchmarkBaselineFastRowsSST(b *testing.B) { benchFastRows(b, benchSSTFile(b)) }

// cpuSeconds is the process's user+system CPU time: under a loaded
// machine a steadier yardstick than wall time.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

func benchFastRows(b *testing.B, path string) {
	n := benchRows()
	b.ResetTimer()
	cpu0 := cpuSeconds()
	defer func() { b.ReportMetric((cpuSeconds()-cpu0)/float64(b.N), "cpu-s/op") }()
	for i := 0; i < b.N; i++ {
		resetPeakRSS()
		src, err := openFastXLSX(path, DefaultLimits)
		if err != nil {
			b.Fatal(err)
		}
		rr, err := src.Open("Sheet1")
		if err != nil {
			b.Fatal(err)
		}
		got := 0
		for rr.Next() {
			got++
		}
		if err := rr.Err(); err != nil {
			b.Fatal(err)
		}
		if _, ok := rr.(*fallbackRows); !ok || rr.(*fallbackRows).ex != nil {
			b.Fatal("not read by the fast reader")
		}
		rr.Close()
		src.Close()
		if got != n+1 {
			b.Fatalf("rows %d", got)
		}
		b.ReportMetric(peakRSSMB(), "peak-RSS-MB")
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkIngestXLSXSST is BenchmarkIngestXLSX on the shared-string file.
func BenchmarkIngestXLSXSST(b *testing.B) { benchIngest(b, benchSSTFile(b)) }

// BenchmarkBaselineExcelizeRowsSST is excelize's bare iteration of the
// shared-string file.
func BenchmarkBaselineExcelizeRowsSST(b *testing.B) { benchExcelizeRows(b, benchSSTFile(b)) }

// BenchmarkIngestXLSXExcelizePath is the end-to-end ingest with the fast
// reader switched off: what BenchmarkIngestXLSX was before it.
func BenchmarkIngestXLSXExcelizePath(b *testing.B) {
	useFastXLSX = false
	defer func() { useFastXLSX = true }()
	benchIngest(b, benchData(b).xlsx)
}

// BenchmarkIngestXLSXSSTExcelizePath is the whole ingest of the shared-string
// file with excelize reading the sheet: the "excelize path" of issue 7's ≥8×.
func BenchmarkIngestXLSXSSTExcelizePath(b *testing.B) {
	useFastXLSX = false
	defer func() { useFastXLSX = true }()
	benchIngest(b, benchSSTFile(b))
}

// The SST benchmark file reads the same through both readers.
func TestSSTWorkbookWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sst.xlsx")
	if err := writeSSTWorkbook(path, 500); err != nil {
		t.Fatal(err)
	}
	if n, why := compareFast(t, path); n != 1 {
		t.Fatalf("declined: %s", why)
	}
}
