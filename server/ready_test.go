package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"gongkai/store"
)

const notReady = "{\n  \"error\": \"数据库不可用\",\n  \"status\": \"unavailable\"\n}\n"

func getStatus(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestReadyzCorruptBlocks: a database file whose accounts block is corrupt
// opens (DuckDB reads only metadata at open) but is not ready.
func TestReadyzCorruptBlocks(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "g.duckdb")
	if err := copyFile(path, fixtureDB); err != nil {
		t.Fatal(err)
	}
	// Where the accounts' names lie in the file: blocks of 256 KiB follow
	// the 12 KiB of file and database headers.
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	var block, offset int64
	err = db.Raw().QueryRowContext(ctx, "SELECT block_id, block_offset FROM pragma_storage_info('accounts') WHERE column_name = 'name' AND segment_type = 'VARCHAR'").Scan(&block, &offset)
	db.Close()
	if err != nil || block < 0 {
		t.Fatalf("accounts block %d: %v", block, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	at := 12<<10 + block*256<<10 + offset
	junk := make([]byte, 64)
	f.ReadAt(junk, at)
	for i := range junk {
		junk[i] ^= 0x5a
	}
	f.WriteAt(junk, at)
	f.Close()

	db, err = store.Open(ctx, path)
	if err != nil {
		t.Fatalf("the corrupt file no longer opens, the test needs another block: %v", err)
	}
	defer db.Close()
	srv, err := New(Config{DB: db, BcryptCost: testCost, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	if code, body := getStatus(t, ts.URL+"/readyz"); code != http.StatusServiceUnavailable || body != notReady {
		t.Errorf("readyz: %d %q", code, body)
	}
	if code, _ := getStatus(t, ts.URL+"/healthz"); code != http.StatusOK {
		t.Errorf("healthz: %d", code)
	}
}

// TestReadyzFileDamagedWhileServing: the file overwritten or replaced under
// a running server makes it not ready.
func TestReadyzFileDamagedWhileServing(t *testing.T) {
	e := newEnv(t, nil)
	if code, body := getStatus(t, e.url+"/readyz"); code != http.StatusOK || body != "{\n  \"status\": \"ready\"\n}\n" {
		t.Fatalf("readyz of a sound file: %d %q", code, body)
	}
	path := e.db.Path
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Header zeroed in place.
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteAt(make([]byte, 4096), 0)
	if code, body := getStatus(t, e.url+"/readyz"); code != http.StatusServiceUnavailable || body != notReady {
		t.Errorf("readyz, header zeroed: %d %q", code, body)
	}
	f.WriteAt(orig[:4096], 0)
	f.Close()
	if code, _ := getStatus(t, e.url+"/readyz"); code != http.StatusOK {
		t.Errorf("readyz, header restored: %d", code)
	}
	// Replaced by another file (a restore copied over it, a new inode).
	tmp := path + ".new"
	os.WriteFile(tmp, orig, 0o644)
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
	if code, body := getStatus(t, e.url+"/readyz"); code != http.StatusServiceUnavailable || body != notReady {
		t.Errorf("readyz, file replaced: %d %q", code, body)
	}
}
