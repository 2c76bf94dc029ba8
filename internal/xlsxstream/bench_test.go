package xlsxstream

// Benchmarks of the fast xlsx reader on the benchmark ledgers of
// internal/benchdata, beside ingest's excelize baselines:
//
//	go test -run '^$' -bench 'Baseline' -benchtime 1x -benchmem ./internal/xlsxstream/ ./ingest/
//
// BenchmarkBaselineFastRows reads excelize's own stream-written file
// (inline strings); the SST one the same rows from a workbook with a
// shared-string table, as Excel, WPS and LibreOffice write it.

import (
	"path/filepath"
	"testing"

	"gongkai/internal/benchdata"
)

// BenchmarkBaselineFastRows is the fast reader's bare iteration of the
// benchmark xlsx: the floor of the fast xlsx path.
func BenchmarkBaselineFastRows(b *testing.B)    { benchFastRows(b, benchdata.Get(b).XLSX) }
func BenchmarkBaselineFastRowsSST(b *testing.B) { benchFastRows(b, benchdata.SST(b)) }

func benchFastRows(b *testing.B, path string) {
	n := benchdata.Rows()
	b.ResetTimer()
	cpu0 := benchdata.CPUSeconds()
	defer func() { b.ReportMetric((benchdata.CPUSeconds()-cpu0)/float64(b.N), "cpu-s/op") }()
	for i := 0; i < b.N; i++ {
		benchdata.ResetPeakRSS()
		src, err := openFastXLSX(path, testOpt)
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
		b.ReportMetric(benchdata.PeakRSSMB(), "peak-RSS-MB")
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// The SST benchmark file reads the same through both readers.
func TestSSTWorkbookWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sst.xlsx")
	if err := benchdata.WriteSSTWorkbook(path, 500); err != nil {
		t.Fatal(err)
	}
	if n, why := compareFast(t, path); n != 1 {
		t.Fatalf("declined: %s", why)
	}
}
