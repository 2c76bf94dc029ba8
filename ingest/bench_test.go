package ingest

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"gongkai"
	"gongkai/store"
)

// Benchmarks of issue "foundation and ingest": N application rows (default
// 1,000,000; GONGKAI_BENCH_ROWS to change) from UTF-8 CSV, GB18030 CSV and
// xlsx, each beside its baseline in the same run:
//
//	go test -run '^$' -bench 'Ingest|Baseline' -benchtime 1x -benchmem ./ingest/
//
// The files are generated once into $TMPDIR/gongkai-bench-<N>/ and reused.

func benchRows() int {
	if s := os.Getenv("GONGKAI_BENCH_ROWS"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n > 0 {
			return n
		}
	}
	return 1_000_000
}

var benchHeader = []string{"申请编号", "收到日期", "申请人类型", "申请方式", "申请内容", "补正完成日期", "是否延期", "征求意见天数", "答复日期", "办理结果", "信息处理费"}

func benchRecord(r *rand.Rand, i int) []string {
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

type benchFiles struct{ csv, gb, xlsx string }

func benchData(b *testing.B) benchFiles {
	b.Helper()
	n := benchRows()
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("gongkai-bench-%d", n))
	f := benchFiles{csv: filepath.Join(dir, "平安县财政局-依申请-2024.csv"), gb: filepath.Join(dir, "平安县财政局-依申请-2024-gb.csv"), xlsx: filepath.Join(dir, "平安县财政局-依申请-2024.xlsx")}
	if _, err := os.Stat(f.xlsx); err == nil {
		return f
	}
	b.Logf("generating %d rows into %s", n, dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	writeCSV := func(path string, gb bool) {
		out, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		var w *bufio.Writer
		if gb {
			w = bufio.NewWriterSize(simplifiedchinese.GB18030.NewEncoder().Writer(out), 1<<20)
		} else {
			w = bufio.NewWriterSize(out, 1<<20)
		}
		w.WriteString(strings.Join(benchHeader, ",") + "\n")
		r := rand.New(rand.NewPCG(1, 2))
		for i := 0; i < n; i++ {
			w.WriteString(strings.Join(benchRecord(r, i), ",") + "\n")
		}
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
		out.Close()
	}
	writeCSV(f.csv, false)
	writeCSV(f.gb, true)

	x := excelize.NewFile()
	sw, err := x.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	row := make([]any, len(benchHeader))
	for i, h := range benchHeader {
		row[i] = h
	}
	sw.SetRow("A1", row)
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < n; i++ {
		for j, v := range benchRecord(r, i) {
			row[j] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := x.SaveAs(f.xlsx); err != nil {
		b.Fatal(err)
	}
	x.Close()
	return f
}

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

// resetPeakRSS clears VmHWM so peakRSSMB measures the benchmark alone:
// first the heap an earlier benchmark of the same run left behind goes back
// to the OS, or it would count here.
func resetPeakRSS() {
	debug.FreeOSMemory()
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

func peakRSSMB() float64 {
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

func benchIngest(b *testing.B, path string) {
	files := benchData(b)
	_ = files
	n := benchRows()
	b.ResetTimer()
	cpu0 := cpuSeconds()
	defer func() { b.ReportMetric((cpuSeconds()-cpu0)/float64(b.N), "cpu-s/op") }()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, in := benchDB(b)
		resetPeakRSS()
		b.StartTimer()
		res := in.File(context.Background(), path, "", Options{Year: 2024})
		b.StopTimer()
		if len(res) != 1 || res[0].Status != StatusLoaded || res[0].RowsLoaded != int64(n) {
			b.Fatalf("ingest: %+v", res[0])
		}
		b.ReportMetric(peakRSSMB(), "peak-RSS-MB")
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkIngestCSVUTF8(b *testing.B)    { benchIngest(b, benchData(b).csv) }
func BenchmarkIngestCSVGB18030(b *testing.B) { benchIngest(b, benchData(b).gb) }
func BenchmarkIngestXLSX(b *testing.B)       { benchIngest(b, benchData(b).xlsx) }

// BenchmarkBaselineReadCSV is DuckDB's own read_csv of the same UTF-8 file
// into a table, the yardstick for the CSV path.
func BenchmarkBaselineReadCSV(b *testing.B) {
	f := benchData(b)
	n := benchRows()
	var cpu float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, _ := benchDBWith(b, store.Options{})
		b.StartTimer()
		cpu0 := cpuSeconds()
		if _, err := db.Raw().Exec(fmt.Sprintf("CREATE TABLE t AS SELECT * FROM read_csv('%s')", f.csv)); err != nil {
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
func BenchmarkBaselineExcelizeRows(b *testing.B) { benchExcelizeRows(b, benchData(b).xlsx) }

func benchExcelizeRows(b *testing.B, path string) {
	n := benchRows()
	b.ResetTimer()
	cpu0 := cpuSeconds()
	defer func() { b.ReportMetric((cpuSeconds()-cpu0)/float64(b.N), "cpu-s/op") }()
	for i := 0; i < b.N; i++ {
		resetPeakRSS()
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
		b.ReportMetric(peakRSSMB(), "peak-RSS-MB")
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkIngestTypicalUpload is a 2,000-row upload, accepted.
func BenchmarkIngestTypicalUpload(b *testing.B) {
	dir := b.TempDir()
	path := filepath.Join(dir, "平安县财政局-依申请-2024.csv")
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
