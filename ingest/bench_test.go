package ingest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai"
	"gongkai/internal/benchdata"
	"gongkai/store"
)

// Benchmarks of issue "foundation and ingest": N application rows (default
// 1,000,000; GONGKAI_BENCH_ROWS to change) from UTF-8 CSV, GB18030 CSV and
// xlsx, each beside its baseline in the same run:
//
//	go test -run '^$' -bench 'Ingest|Baseline' -benchtime 1x -benchmem ./ingest/
//
// The files are generated once into $TMPDIR/gongkai-bench-<N>/ and reused.

var (
	benchHeader = benchdata.Header
	benchRecord = benchdata.Record
	cpuSeconds  = benchdata.CPUSeconds
)

func benchRows() int { return benchdata.Rows() }

// benchDB opens a fresh database as `gongkai ingest` does (with its buffer
// pool limit); the read_csv baseline opens it with DuckDB's defaults.
func benchDB(b *testing.B) (*store.DB, *Ingester) {
	return benchDBWith(b, store.Options{MemoryLimit: store.LoadMemoryLimit})
}

func benchDBWith(b *testing.B, opt store.Options) (*store.DB, *Ingester) {
	b.Helper()
	ctx := context.Background()
	db, err := store.OpenWith(ctx, filepath.Join(b.TempDir(), "bench.duckdb"), opt)
	if err != nil {
		b.Fatal(err)
	}
	if err := db.SaveUnits(ctx, []gongkai.Unit{{ID: 1, Name: "平安县财政局", Aliases: []string{"县财政局"}}}); err != nil {
		b.Fatal(err)
	}
	in, err := New(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	return db, in
}

func benchIngest(b *testing.B, path string, opt Options) {
	n := benchRows()
	b.ResetTimer()
	cpu0 := cpuSeconds()
	defer func() { b.ReportMetric((cpuSeconds()-cpu0)/float64(b.N), "cpu-s/op") }()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, in := benchDB(b)
		benchdata.ResetPeakRSS()
		b.StartTimer()
		opt.Year = 2024
		res := in.File(context.Background(), path, "", opt)
		b.StopTimer()
		if len(res) != 1 || res[0].Status != StatusLoaded || res[0].RowsLoaded != int64(n) {
			b.Fatalf("ingest: %+v", res[0])
		}
		b.ReportMetric(benchdata.PeakRSSMB(), "peak-RSS-MB")
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkIngestCSVUTF8(b *testing.B)    { benchIngest(b, benchdata.Get(b).CSV, Options{}) }
func BenchmarkIngestCSVGB18030(b *testing.B) { benchIngest(b, benchdata.Get(b).GB, Options{}) }
func BenchmarkIngestXLSX(b *testing.B)       { benchIngest(b, benchdata.Get(b).XLSX, Options{}) }

// BenchmarkIngestXLSXSST is BenchmarkIngestXLSX on the shared-string
// workbook, as Excel, WPS and LibreOffice write it.
func BenchmarkIngestXLSXSST(b *testing.B) { benchIngest(b, benchdata.SST(b), Options{}) }

// BenchmarkIngestXLSXExcelizePath is the end-to-end ingest with the fast
// reader switched off: what BenchmarkIngestXLSX was before it.
func BenchmarkIngestXLSXExcelizePath(b *testing.B) {
	benchIngest(b, benchdata.Get(b).XLSX, Options{ExcelizeOnly: true})
}

// BenchmarkIngestXLSXSSTExcelizePath is the whole ingest of the shared-string
// file with excelize reading the sheet: the "excelize path" of issue 7's ≥8×.
func BenchmarkIngestXLSXSSTExcelizePath(b *testing.B) {
	benchIngest(b, benchdata.SST(b), Options{ExcelizeOnly: true})
}

// BenchmarkBaselineReadCSV is DuckDB's own read_csv of the same UTF-8 file
// into a table, the yardstick for the CSV path.
func BenchmarkBaselineReadCSV(b *testing.B) {
	f := benchdata.Get(b)
	n := benchRows()
	var cpu float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, _ := benchDBWith(b, store.Options{})
		b.StartTimer()
		cpu0 := cpuSeconds()
		if _, err := db.Raw().Exec(fmt.Sprintf("CREATE TABLE t AS SELECT * FROM read_csv('%s')", f.CSV)); err != nil {
			b.Fatal(err)
		}
		cpu += cpuSeconds() - cpu0
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(cpu/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkBaselineExcelizeRows is excelize's bare streaming Rows()
// iteration with raw values: the floor for any excelize-based xlsx path.
func BenchmarkBaselineExcelizeRows(b *testing.B) { benchExcelizeRows(b, benchdata.Get(b).XLSX) }

// BenchmarkBaselineExcelizeRowsSST is excelize's bare iteration of the
// shared-string file.
func BenchmarkBaselineExcelizeRowsSST(b *testing.B) { benchExcelizeRows(b, benchdata.SST(b)) }

func benchExcelizeRows(b *testing.B, path string) {
	n := benchRows()
	b.ResetTimer()
	cpu0 := cpuSeconds()
	defer func() { b.ReportMetric((cpuSeconds()-cpu0)/float64(b.N), "cpu-s/op") }()
	for i := 0; i < b.N; i++ {
		benchdata.ResetPeakRSS()
		x, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
		if err != nil {
			b.Fatal(err)
		}
		rows, err := x.Rows("Sheet1")
		if err != nil {
			b.Fatal(err)
		}
		got := 0
		for rows.Next() {
			if _, err := rows.Columns(excelize.Options{RawCellValue: true}); err != nil {
				b.Fatal(err)
			}
			got++
		}
		rows.Close()
		x.Close()
		if got != n+1 {
			b.Fatalf("rows %d", got)
		}
		b.ReportMetric(benchdata.PeakRSSMB(), "peak-RSS-MB")
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkIngestTypicalUpload is a 2,000-row upload, accepted.
func BenchmarkIngestTypicalUpload(b *testing.B) {
	dir := b.TempDir()
	// No year in the name: the year given each round is not contradicted.
	path := filepath.Join(dir, "平安县财政局-依申请.csv")
	var sb strings.Builder
	sb.WriteString(strings.Join(benchHeader, ",") + "\n")
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 2000; i++ {
		sb.WriteString(strings.Join(benchRecord(r, i), ",") + "\n")
	}
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	db, in := benchDB(b)
	defer db.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// A new year each time up to 50, so that those uploads really load
		// (no hash de-duplication).
		res := in.File(context.Background(), path, "", Options{Year: 2000 + i%50})
		if res[0].Status != StatusLoaded && res[0].Status != StatusUnchanged {
			b.Fatalf("%+v", res[0])
		}
	}
}

// BenchmarkIngestTypicalRefused is a 2,000-row .xlsx with 20 bad rows:
// refused, with its annotated copy written.
func BenchmarkIngestTypicalRefused(b *testing.B) {
	dir := b.TempDir()
	path := filepath.Join(dir, "平安县财政局-依申请-2024.xlsx")
	x := excelize.NewFile()
	x.SetSheetRow("Sheet1", "A1", &benchHeader)
	r := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 2000; i++ {
		rec := benchRecord(r, i)
		if i%100 == 50 {
			rec[1] = "2024-02-30"
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		x.SetSheetRow("Sheet1", cell, &rec)
	}
	if err := x.SaveAs(path); err != nil {
		b.Fatal(err)
	}
	x.Close()
	db, in := benchDB(b)
	defer db.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res := in.File(context.Background(), path, "", Options{AnnotateDir: dir})
		if res[0].Status != StatusRefused || res[0].RowsRefused != 20 || res[0].Annotated == "" {
			b.Fatalf("%+v", res[0])
		}
	}
}
