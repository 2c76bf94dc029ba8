package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gongkai"
	"gongkai/ingest"
	"gongkai/store"
)

// committed is the sample data in the repository.
const committed = "../data"

// listFiles maps every file under dir (slash paths) to its bytes, leaving
// out the annotated copies the ingest writes beside refused workbooks.
func listFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, "-错误标注.xlsx") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Regenerating the samples reproduces the committed files byte for byte.
func TestRegenerateIsByteIdentical(t *testing.T) {
	dir := t.TempDir()
	if _, err := generate(dir); err != nil {
		t.Fatal(err)
	}
	got, want := listFiles(t, dir), listFiles(t, committed)
	if len(want) == 0 {
		t.Fatalf("no committed samples in %s: run go run ./internal/samples/gen", committed)
	}
	for p, b := range got {
		w, ok := want[p]
		switch {
		case !ok:
			t.Errorf("%s: generated but not committed (run go run ./internal/samples/gen)", p)
		case !bytes.Equal(b, w):
			t.Errorf("%s: differs from the committed file (%d vs %d bytes; run go run ./internal/samples/gen)", p, len(b), len(w))
		}
	}
	for p := range want {
		if _, ok := got[p]; !ok {
			t.Errorf("%s: committed but no longer generated", p)
		}
	}
}

// Loading the committed samples gives what expected.json says: every good
// file loads with its unit, year, rows and skipped rows; every bad file is
// refused for the listed cells. To keep the test quick it loads one year
// (2024, about a third of the files); the other years are the same generator.
func TestSamplesLoadAsExpected(t *testing.T) {
	if testing.Short() {
		t.Skip("loads sample files into DuckDB")
	}
	const year = 2024
	var fx facts
	b, err := os.ReadFile(filepath.Join(committed, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &fx); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "s.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if ur := ingest.LoadUnits(ctx, db, filepath.Join(committed, "单位名录.xlsx")); ur.Status != ingest.StatusLoaded || ur.Added != fx.Units {
		t.Fatalf("registry: %+v", ur)
	}
	in, err := ingest.New(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	opt := ingest.Options{Uploader: "test", NoAnnotate: true}
	for _, f := range fx.FileList {
		if f.Kinds[0].Year != year {
			continue
		}
		res := in.File(ctx, filepath.Join(committed, filepath.FromSlash(f.Path)), "", opt)
		if len(res) != len(f.Kinds) {
			t.Errorf("%s: %d results, want %d: %+v", f.Path, len(res), len(f.Kinds), res)
			continue
		}
		for i, k := range f.Kinds {
			r := res[i]
			// A county-wide ledger is the county's, whoever's name its file
			// carries; rows are counted as the clerk sees them, a task with
			// two lead units stored twice.
			unit, stored := k.Unit, 0
			if kind := gongkai.KindByName(k.Kind); kind != nil && kind.CountyWide {
				unit = gongkai.CountyName
			}
			if k.Stored != k.Rows {
				stored = k.Stored
			}
			if r.Status != ingest.StatusLoaded || r.Kind != k.Kind || r.Unit != unit || r.Year != k.Year ||
				int(r.RowsLoaded) != k.Rows || int(r.RowsStored) != stored || int(r.RowsSkipped) != k.Skipped {
				t.Errorf("%s: got %s %s %s %d, %d rows (%d stored), %d skipped (%s %v); want %s %s %d, %d rows (%d stored), %d skipped",
					f.Path, r.Status, r.Kind, r.Unit, r.Year, r.RowsLoaded, r.RowsStored, r.RowsSkipped, r.Reason, r.Errors, k.Kind, unit, k.Year, k.Rows, stored, k.Skipped)
			}
		}
	}
	for _, bf := range fx.Bad {
		res := in.File(ctx, filepath.Join(committed, filepath.FromSlash(bf.Path)), "", opt)
		if len(res) != 1 || res[0].Status != ingest.StatusRefused {
			t.Errorf("%s: want refused, got %+v", bf.Path, res)
			continue
		}
		errs := res[0].Errors
		if len(errs) != len(bf.Rows) {
			t.Errorf("%s: %d errors, want %d: %+v", bf.Path, len(errs), len(bf.Rows), errs)
		}
		for _, want := range bf.Rows {
			found := false
			for _, e := range errs {
				found = found || e.Row == want.Row && e.Column == want.Column && strings.Contains(e.Reason, want.Reason)
			}
			if !found {
				t.Errorf("%s: no error at row %d %s containing %q; got %+v", bf.Path, want.Row, want.Column, want.Reason, errs)
			}
		}
	}
}
