package metrics

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"gongkai/store"
)

//go:embed testdata/bench_gen.sql
var benchGen string

// Scoring benchmark of issue "year-end scoring": GONGKAI_BENCH_UNITS units
// (default 10,000) × 5 years with realistic ledgers (≈ 380 rows per unit and
// year, ≈ 19M rows), generated once into $TMPDIR and reused:
//
//	go test -run '^$' -bench 'Score|Explain' -benchtime 1x ./metrics/
func benchUnits() int {
	if s := os.Getenv("GONGKAI_BENCH_UNITS"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n > 0 {
			return n
		}
	}
	return 10_000
}

func benchScoreDB(b *testing.B) *store.DB {
	b.Helper()
	ctx := context.Background()
	n := benchUnits()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("gongkai-score-bench-%d.duckdb", n))
	_, statErr := os.Stat(path)
	db, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	if statErr == nil {
		return db
	}
	b.Logf("generating %d units × 5 years into %s", n, path)
	conn, err := db.Raw().Conn(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("SET VARIABLE units = %d", n)); err != nil {
		b.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, benchGen); err != nil {
		db.Close()
		os.Remove(path)
		b.Fatal(err)
	}
	for y := 2020; y <= 2024; y++ {
		loadSample(b, db, y, Group{Name: "A类"}, Group{Name: "B类"})
	}
	return db
}

func BenchmarkScoreAllYears(b *testing.B) {
	db := benchScoreDB(b)
	defer db.Close()
	ctx := context.Background()
	rows, _ := db.LedgerRowCount(ctx)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for y := 2020; y <= 2024; y++ {
			if err := Score(ctx, db, y); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(rows), "ledger-rows")
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkExplainOneUnit(b *testing.B) {
	db := benchScoreDB(b)
	defer db.Close()
	ctx := context.Background()
	if err := Score(ctx, db, 2024); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		l, err := Explain(ctx, db, 2024, int64(13+i%100))
		if err != nil || len(l) == 0 {
			b.Fatalf("explain: %v %d", err, len(l))
		}
	}
}
