package ingest

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gongkai"
	"gongkai/store"
)

func td(name string) string { return filepath.Join("testdata", name) }

// env is a real database with the test registry loaded.
type env struct {
	t   *testing.T
	ctx context.Context
	db  *store.DB
	in  *Ingester
	dir string // annotated copies go here, never into testdata/
}

func newEnv(t *testing.T) *env {
	return newEnvAt(t, ":memory:")
}

func newEnvAt(t *testing.T, path string) *env {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e := &env{t: t, ctx: ctx, db: db, dir: t.TempDir()}
	if u, _ := db.Units(ctx); len(u) == 0 {
		r := LoadUnits(ctx, db, td("units.xlsx"))
		if r.Status != StatusLoaded || r.Added != 5 {
			t.Fatalf("load registry: %+v", r)
		}
	}
	e.in, err = New(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) file(path string, opt Options) []Result {
	e.t.Helper()
	if opt.AnnotateDir == "" {
		opt.AnnotateDir = e.dir
	}
	rs := e.in.File(e.ctx, path, "", opt)
	for _, r := range rs {
		// A refusal says what happened by its code; nothing else has one.
		if refused := r.Status == StatusRefused; refused != slices.Contains(gongkai.Codes, r.Code) {
			e.t.Errorf("%s: status %s with code %q (%s)", path, r.Status, r.Code, r.Reason)
		}
	}
	return rs
}

// one ingests a file that must give exactly one result.
func (e *env) one(path string, opt Options) Result {
	e.t.Helper()
	rs := e.file(path, opt)
	if len(rs) != 1 {
		e.t.Fatalf("%s: %d results, want 1: %+v", path, len(rs), rs)
	}
	return rs[0]
}

// loaded ingests a file that must load completely.
func (e *env) loaded(path string, opt Options) Result {
	e.t.Helper()
	r := e.one(path, opt)
	if r.Status != StatusLoaded {
		e.t.Fatalf("%s: status %s (%s), errors %+v", path, r.Status, r.Reason, r.Errors)
	}
	return r
}

func (e *env) count(q string, args ...any) int64 {
	e.t.Helper()
	var n int64
	if err := e.db.Raw().QueryRowContext(e.ctx, q, args...).Scan(&n); err != nil {
		e.t.Fatalf("%s: %v", q, err)
	}
	return n
}

// strings runs a query whose rows are one text column each (NULL as "∅").
func (e *env) rows(q string, args ...any) []string {
	e.t.Helper()
	rs, err := e.db.Raw().QueryContext(e.ctx, q, args...)
	if err != nil {
		e.t.Fatalf("%s: %v", q, err)
	}
	defer rs.Close()
	cols, _ := rs.Columns()
	var out []string
	for rs.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			e.t.Fatal(err)
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			parts[i] = cellText(v)
		}
		out = append(out, strings.Join(parts, "|"))
	}
	if err := rs.Err(); err != nil {
		e.t.Fatal(err)
	}
	return out
}

func cellText(v any) string {
	switch x := v.(type) {
	case nil:
		return "∅"
	case []byte:
		return string(x)
	case interface{ Format(string) string }:
		if s := x.Format("2006-01-02 15:04:05"); strings.HasSuffix(s, " 00:00:00") {
			return strings.TrimSuffix(s, " 00:00:00")
		} else {
			return s
		}
	}
	return fmt.Sprint(v)
}

func (e *env) wantRows(q string, want ...string) {
	e.t.Helper()
	got := e.rows(q)
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		e.t.Errorf("%s\n got %q\nwant %q", q, got, want)
	}
}

// snapshot counts the rows of every ledger table and the batches by status.
func (e *env) snapshot() map[string]int64 {
	e.t.Helper()
	m := map[string]int64{}
	for _, k := range gongkai.Kinds {
		m[k.Table] = e.count("SELECT count(*) FROM " + k.Table)
		m["cur_"+k.Name] = e.count("SELECT count(*) FROM cur_" + k.Name)
	}
	for _, r := range e.rows("SELECT status, count(*), coalesce(sum(batch_id), 0) FROM batches GROUP BY status") {
		m["batches "+r] = 1
	}
	m["units"] = e.count("SELECT count(*) FROM units")
	return m
}

func (e *env) unchangedSince(before map[string]int64) {
	e.t.Helper()
	if after := e.snapshot(); !reflect.DeepEqual(before, after) {
		e.t.Errorf("database changed:\nbefore %v\nafter  %v", before, after)
	}
}
