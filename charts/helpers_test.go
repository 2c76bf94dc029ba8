package charts

import (
	"context"
	"flag"
	goldenfile "gongkai/internal/golden"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"gongkai/internal/samples/sampledb"
	"gongkai/store"
)

// -update rewrites the golden files in testdata/golden.
var update = flag.Bool("update", false, "rewrite testdata/golden")

const goldenDir = "testdata/golden"

// golden compares got with testdata/golden/name.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenfile.Check(t, filepath.Join(goldenDir, name), got, *update)
}

// The sample county 平安县 (the samples package), loaded the way
// `gongkai demo` loads it: registry, every good ledger, the three schemes,
// scored 2022–2024. Loaded once per test binary.
var (
	sampleOnce sync.Once
	sampleDB   *store.DB
	sampleErr  error
)

const sampleYear = 2024

func sampleCounty(t testing.TB) *store.DB {
	t.Helper()
	sampleOnce.Do(func() { sampleDB, sampleErr = loadSampleCounty() })
	if sampleErr != nil {
		t.Fatal(sampleErr)
	}
	return sampleDB
}

func loadSampleCounty() (*store.DB, error) {
	db, err := store.Open(context.Background(), ":memory:")
	if err != nil {
		return nil, err
	}
	return db, sampledb.Load(context.Background(), db, sampledb.Options{Score: true})
}

// sampleData loads the charts' data of the sample county's last year.
func sampleData(t testing.TB) *Data {
	t.Helper()
	d, err := Load(context.Background(), sampleCounty(t), sampleYear, LoadOptions{Details: true})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// readTree reads every file under dir by relative path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
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
