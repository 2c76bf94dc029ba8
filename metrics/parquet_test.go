package metrics_test

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"gongkai/ingest"
	"gongkai/internal/samples"
	"gongkai/internal/samples/sampledb"
	"gongkai/metrics"
	sqlfiles "gongkai/sql"
	"gongkai/store"
)

// TestMeasuresOnParquet: the sample county, scored, goes out with
// ExportParquet. A fresh in-memory DuckDB without the gongkai schema
// (store.OpenParquet) gets only sql/parquet/views.sql, whose one input is
// the directory, and the empty tables of sql/parquet/results.sql, and runs
// every measure file unchanged for every year, with every parameter the
// schemes use and the default one; then the whole scoring (metrics.Score).
// Every row equals what the database gives.
// One ledger is uploaded again with fewer rows first, so the export holds
// a superseded batch whose rows the measures must not see.
func TestMeasuresOnParquet(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the sample county")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := sampledb.Load(ctx, db, sampledb.Options{Score: true}); err != nil {
		t.Fatal(err)
	}
	const again = "2024年平安县自然资源局依申请公开台账.csv"
	b, err := fs.ReadFile(samples.FS, "data/2024/"+again)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	shorter := filepath.Join(t.TempDir(), again)
	if err := os.WriteFile(shorter, []byte(strings.Join(lines[:8], "")), 0o644); err != nil {
		t.Fatal(err)
	}
	in, err := ingest.New(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if r := in.File(ctx, shorter, "", ingest.Options{Uploader: "test", NoAnnotate: true}); len(r) != 1 || r[0].Status != ingest.StatusLoaded {
		t.Fatalf("upload again: %+v", r)
	}
	if err := metrics.Score(ctx, db, 2024); err != nil {
		t.Fatal(err)
	}
	var superseded int
	if err := db.Raw().QueryRow(`SELECT count(*) FROM batches WHERE status = 'superseded' AND rows_loaded > 7`).Scan(&superseded); err != nil || superseded != 1 {
		t.Fatalf("superseded batches: %d %v", superseded, err)
	}
	dir := filepath.Join(t.TempDir(), "export")
	if _, err := db.ExportParquet(ctx, dir); err != nil {
		t.Fatal(err)
	}

	// The session over the export, as a user sets it up in the DuckDB shell:
	// parquet_dir on every connection, views.sql and results.sql.
	pq, err := store.OpenParquet(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer pq.Close()

	measures, err := sqlfiles.Measures()
	if err != nil {
		t.Fatal(err)
	}
	params := map[string]map[string]bool{}
	for name := range measures {
		params[name] = map[string]bool{"": true}
	}
	for _, r := range dump(t, db.Raw(), `SELECT DISTINCT measure, param FROM scheme_indicators WHERE measure IS NOT NULL`) {
		m, p, _ := strings.Cut(r, "|")
		if params[m] == nil {
			t.Fatalf("the schemes use an unknown measure %q", m)
		}
		params[m][p] = true
	}
	names := make([]string, 0, len(measures))
	for name := range measures {
		names = append(names, name)
	}
	sort.Strings(names)
	dbConn, pqConn := conn(t, db.Raw()), conn(t, pq.Raw())
	rows, empty := 0, 0
	for _, y := range sampledb.Years {
		for _, name := range names {
			for p := range params[name] {
				run := func(c *sql.Conn) []string {
					for _, s := range []string{fmt.Sprintf("SET VARIABLE year = %d", y), "SET VARIABLE param = '" + strings.ReplaceAll(p, "'", "''") + "'"} {
						if _, err := c.ExecContext(ctx, s); err != nil {
							t.Fatal(err)
						}
					}
					return dump(t, c, measures[name].SQL)
				}
				want, got := run(dbConn), run(pqConn)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s(%q) %d on Parquet: %d rows, database %d\n got %.300q\nwant %.300q", name, p, y, len(got), len(want), got, want)
				}
				rows += len(want)
				if len(want) == 0 {
					empty++
				}
			}
		}
	}
	t.Logf("%d measure rows equal (%d measure runs with no rows)", rows, empty)
	if rows == 0 {
		t.Fatal("the measures gave no rows")
	}
	issue19OnParquet(t, db, pq)

	// The whole scoring, score.sql included, in the session over Parquet.
	for _, y := range sampledb.Years {
		if err := metrics.Score(ctx, pq, y); err != nil {
			t.Fatalf("score %d on Parquet: %v", y, err)
		}
	}
	for _, tb := range []string{"measure_values", "score_items", "score_results", "score_batches"} {
		q := "SELECT * FROM " + tb
		want, got := dump(t, db.Raw(), q), dump(t, pq.Raw(), q)
		if len(want) == 0 || !reflect.DeepEqual(got, want) {
			t.Errorf("%s on Parquet: %d rows, database %d", tb, len(got), len(want))
			for i := range min(len(got), len(want)) {
				if got[i] != want[i] {
					t.Errorf("first difference:\n got %s\nwant %s", got[i], want[i])
					break
				}
			}
		}
	}
}

// issue19OnParquet: what the unit page, the API and the cockpit show of
// issue 19's four capabilities reads the same over the export as in the
// database: each unit's 公开事项目录 findings and uncovered domains, the
// 建议提案 it hosts, the 转化 list stored when the year was scored, and the
// clock on open applications as of each year's end.
func issue19OnParquet(t *testing.T, db, pq *store.DB) {
	t.Helper()
	ctx := context.Background()
	same := func(what string, f func(*store.DB) (any, error)) bool {
		t.Helper()
		want, err := f(db)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		got, err := f(pq)
		if err != nil {
			t.Fatalf("%s on Parquet: %v", what, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s on Parquet:\n got %+v\nwant %+v", what, got, want)
		}
		return !reflect.ValueOf(want).IsZero() && reflect.ValueOf(want).Len() > 0
	}
	var items, hosted, uncovered, convert int
	for _, y := range sampledb.Years {
		// Every unit's at once (unit 0), as the cockpit reads them.
		if same(fmt.Sprintf("catalogues %d", y), func(d *store.DB) (any, error) { return d.CatalogItems(ctx, y, 0) }) {
			items++
		}
		if same(fmt.Sprintf("uncovered domains %d", y), func(d *store.DB) (any, error) {
			m, err := d.CatalogUncoveredByUnit(ctx, y)
			var l []string
			for u, ds := range m {
				l = append(l, fmt.Sprint(u, ds))
			}
			sort.Strings(l)
			return l, err
		}) {
			uncovered++
		}
		if same(fmt.Sprintf("proposals %d", y), func(d *store.DB) (any, error) { return d.ProposalsOf(ctx, 0, y) }) {
			hosted++
		}
		if same(fmt.Sprintf("转化 %d", y), func(d *store.DB) (any, error) {
			r, err := metrics.ConvertReportFor(ctx, d, y, metrics.Draft, 0)
			return r.Items, err
		}) {
			convert++
		}
		same(fmt.Sprintf("deadlines as of %d-12-31", y), func(d *store.DB) (any, error) {
			r, err := metrics.DeadlinesReport(ctx, d, time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC), 0)
			return r.Applications, err
		})
	}
	if items == 0 || uncovered == 0 || hosted == 0 || convert == 0 {
		t.Errorf("nothing to compare: %d years with catalogues, %d with domains uncovered, %d with proposals, %d with 转化", items, uncovered, hosted, convert)
	}
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// dump returns every row of query, each as its values joined by "|"
// (floats in their shortest exact form), sorted.
func dump(t *testing.T, q querier, query string) []string {
	t.Helper()
	rows, err := q.QueryContext(context.Background(), query)
	if err != nil {
		t.Fatalf("%.80s: %v", query, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	out := []string{}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		s := make([]string, len(vals))
		for i, v := range vals {
			s[i] = fmt.Sprintf("%v", v)
		}
		out = append(out, strings.Join(s, "|"))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

func conn(t *testing.T, db *sql.DB) *sql.Conn {
	t.Helper()
	c, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}
