package charts

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"gongkai/metrics"
	"gongkai/store"
)

//go:embed testdata/bench_scores.sql
var benchScores string

// Benchmarks of the leadership outputs on scores generated in SQL
// (testdata/bench_scores.sql: three scored years, 14 rules, 20
// applications per unit and year as evidence):
//
//	go test -run '^$' -bench 'Site1000|Workbook10000' -benchtime 1x ./charts/
//
// Targets: the static site of 1,000 units under 30 s, the workbook of
// 10,000 units under 10 s.
func benchDB(b *testing.B, units int) *store.DB {
	b.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, ":memory:")
	if err != nil {
		b.Fatal(err)
	}
	conn, err := db.Raw().Conn(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	t := time.Now()
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("SET VARIABLE units = %d", units)); err != nil {
		b.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, benchScores); err != nil {
		b.Fatal(err)
	}
	if err := metrics.EnsureCalendar(ctx, db); err != nil {
		b.Fatal(err)
	}
	b.Logf("generated %d units × 3 scored years in %v", units, time.Since(t).Round(time.Millisecond))
	return db
}

func BenchmarkSite1000(b *testing.B) {
	db := benchDB(b, 1000)
	defer db.Close()
	ctx := context.Background()
	dir := b.TempDir()
	if d := os.Getenv("GONGKAI_BENCH_SITE"); d != "" {
		dir = d // keep the site to look at
	}
	b.ResetTimer()
	var info *SiteInfo
	for i := 0; i < b.N; i++ {
		t := time.Now()
		d, err := Load(ctx, db, 2024, LoadOptions{Details: true})
		if err != nil {
			b.Fatal(err)
		}
		load := time.Since(t)
		if info, err = WriteSite(d, filepath.Join(dir, fmt.Sprint(i))); err != nil {
			b.Fatal(err)
		}
		b.Logf("load %v, write %v", load.Round(time.Millisecond), (time.Since(t) - load).Round(time.Millisecond))
	}
	b.StopTimer()
	var size int64
	filepath.Walk(filepath.Join(dir, "0"), func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			size += fi.Size()
		}
		return nil
	})
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/site")
	b.ReportMetric(float64(info.Units), "unit-pages")
	b.ReportMetric(float64(size)/(1<<20), "MiB")
}

func BenchmarkWorkbook10000(b *testing.B) {
	db := benchDB(b, 10000)
	defer db.Close()
	ctx := context.Background()
	dir := b.TempDir()
	b.ResetTimer()
	var w *Workbook
	for i := 0; i < b.N; i++ {
		t := time.Now()
		var err error
		if w, err = LoadWorkbook(ctx, db, 2024, metrics.Draft); err != nil {
			b.Fatal(err)
		}
		load := time.Since(t)
		if err := w.Save(filepath.Join(dir, fmt.Sprintf("r%d.xlsx", i))); err != nil {
			b.Fatal(err)
		}
		b.Logf("load %v, write %v", load.Round(time.Millisecond), (time.Since(t) - load).Round(time.Millisecond))
	}
	b.StopTimer()
	fi, _ := os.Stat(filepath.Join(dir, "r0.xlsx"))
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/workbook")
	b.ReportMetric(float64(len(w.Results)), "units")
	b.ReportMetric(float64(len(w.Deductions)), "deduction-rows")
	b.ReportMetric(float64(fi.Size())/(1<<20), "MiB")
}
