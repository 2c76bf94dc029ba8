package reports

import (
	"context"
	"os"
	"testing"
	"time"

	"gongkai/store"
)

// BenchmarkDerive derives and checks the reports of 10,000 units (300,000
// applications, 50,000 documents, 40,000 enforcement rows, 20,000 appeals,
// generated inside DuckDB by testdata/bench_ledgers.sql) in one pass.
// derive-ns/op and check-ns/op split the wall time; cpu-ns/op is the
// process CPU time (DuckDB's threads included) of both, which is the
// steadier figure on a shared machine.
//
//	go test -run '^$' -bench BenchmarkDerive -benchtime 1x ./reports/
func BenchmarkDerive(b *testing.B) {
	ctx := context.Background()
	db, err := store.Open(ctx, ":memory:")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	script, err := os.ReadFile("testdata/bench_ledgers.sql")
	if err != nil {
		b.Fatal(err)
	}
	t0 := time.Now()
	if _, err := db.Raw().ExecContext(ctx, string(script)); err != nil {
		b.Fatal(err)
	}
	b.Logf("generated the ledgers in %v", time.Since(t0))

	var deriveT, checkT, cpuT time.Duration
	var units int
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0, c0 := time.Now(), cpuTime()
		all, err := DeriveAll(ctx, db, 2024, DeriveOptions{})
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		for _, d := range all {
			for _, f := range Check(d.Report, nil) {
				b.Fatalf("%s: %s", d.Report.Unit, f.Message)
			}
		}
		deriveT += t1.Sub(t0)
		checkT += time.Since(t1)
		cpuT += cpuTime() - c0
		units = len(all)
	}
	b.StopTimer()
	if units != 10000 {
		b.Fatalf("derived %d reports", units)
	}
	b.ReportMetric(float64(deriveT.Nanoseconds())/float64(b.N), "derive-ns/op")
	b.ReportMetric(float64(checkT.Nanoseconds())/float64(b.N), "check-ns/op")
	b.ReportMetric(float64(cpuT.Nanoseconds())/float64(b.N), "cpu-ns/op")
}
