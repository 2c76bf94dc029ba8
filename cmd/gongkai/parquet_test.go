package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gongkai/store"
)

// TestParquetCLIRoundTrip: ledgers, a scheme and scores go out with
// export-parquet and come back with import-parquet into a new database,
// every table with the same row count and checksum.
func TestParquetCLIRoundTrip(t *testing.T) {
	c := newCLI(t)
	// A database never scored: the export still carries the calendar the
	// measures join.
	first := filepath.Join(c.dir, "pq0")
	c.want(0, "export-parquet", "--db", c.db, "--out", first)
	var m store.ParquetManifest
	if b, err := os.ReadFile(filepath.Join(first, "manifest.json")); err != nil || json.Unmarshal(b, &m) != nil {
		t.Fatalf("manifest: %v", err)
	}
	if m.Tables["calendar"].Rows < 365*20 || m.Tables["holiday_exceptions"].Rows == 0 || m.Tables["ledger_applications"].Rows != 0 {
		t.Errorf("export of an unscored database: %v", m.Tables)
	}
	for _, f := range []string{"kinds/applications.xlsx", "kinds/responses.xlsx", "kinds/media.csv", "kinds/tasks.csv", "app-two-sheets.xlsx"} {
		c.want(0, "ingest", "--db", c.db, "--year", "2024", ledger(f))
	}
	c.want(0, "scheme", "load", "--db", c.db, filepath.Join("..", "..", "internal", "samples", "scheme-2024.yaml"))
	c.run("score", "--db", c.db, "--year", "2024")
	out := filepath.Join(c.dir, "pq")
	stdout, _ := c.want(0, "export-parquet", "--db", c.db, "--out", out)
	if !strings.Contains(stdout, "ledger_applications") {
		t.Errorf("export output: %s", stdout)
	}
	c.want(1, "export-parquet", "--db", c.db, "--out", out) // not empty
	c.want(2, "export-parquet", "--db", c.db)
	dst := filepath.Join(c.dir, "copy.duckdb")
	c.want(0, "import-parquet", "--db", dst, out)
	c.want(1, "import-parquet", "--db", dst, out) // not empty any more
	c.want(1, "import-parquet", "--db", filepath.Join(c.dir, "x.duckdb"), c.dir)

	sums := func(path string) map[string]store.TableSum {
		db, err := store.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		s, err := db.TableChecksums(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	want, got := sums(c.db), sums(dst)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("round trip:\n got %v\nwant %v", got, want)
	}
	for _, tb := range []string{"units", "batches", "ledger_applications", "ledger_responses", "ledger_media", "ledger_tasks", "schemes", "scheme_indicators", "calendar", "holiday_exceptions", "calendar_coverage"} {
		if want[tb].Rows == 0 {
			t.Errorf("nothing in %s to round-trip", tb)
		}
	}
	t.Logf("%v", want)
}
