package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"iter"
	"path/filepath"
	"testing"
	"time"
)

// mixedRows yields n media rows whose values vary (NULLs, dates, long and
// short text) so that a fed batch can be checked value by value. Every row
// is the same slice, as a reader's would be: the loader copies the values.
func mixedRows(n int) iter.Seq2[[]driver.Value, error] {
	return func(yield func([]driver.Value, error) bool) {
		row := make([]driver.Value, 6)
		for i := 0; i < n; i++ {
			var sheet, title driver.Value = "台账", fmt.Sprintf("第%d条 关于%s的通知", i, []string{"道路", "低保", "征收"}[i%3])
			if i%7 == 0 {
				sheet = nil
			}
			if i%11 == 0 {
				title = nil
			}
			day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%366)
			copy(row, []driver.Value{sheet, int32(i + 3), "平安发布", "微信公众号", day, title})
			if !yield(row, nil) {
				return
			}
		}
	}
}

// A batch large enough to be fed through gongkai_feed holds exactly the
// rows of the same batch appended in small pieces.
func TestLoadFedEqualsAppended(t *testing.T) {
	ctx := context.Background()
	db := openT(t, filepath.Join(t.TempDir(), "g.duckdb"))
	db.Raw().SetMaxOpenConns(1) // the queries below use the connection that fed
	const n = 3*feedAfter + 777
	big := batch("fed")
	r, err := stream(ctx, db, big, mixedRows(n))
	if err != nil || r.Loaded != n {
		t.Fatalf("fed load: %+v %v", r, err)
	}
	// The same rows as small batches of other units, each under feedAfter.
	for lo, u := int64(0), int64(2); lo < n; lo, u = lo+feedAfter-1, u+1 {
		hi := min(lo+feedAfter-1, n)
		b := batch(fmt.Sprintf("small%d", u))
		b.UnitID = u
		rr, err := stream(ctx, db, b, func(yield func([]driver.Value, error) bool) {
			for v := range mixedRows(int(hi)) {
				if int64(v[1].(int32))-3 >= lo && !yield(v, nil) {
					return
				}
			}
		})
		if err != nil || rr.Loaded != hi-lo {
			t.Fatalf("small load %d: %+v %v", u, rr, err)
		}
	}
	if got := count(t, db, "SELECT count(*) FROM ledger_media WHERE batch_id = ?", r.BatchID); got != n {
		t.Fatalf("fed batch has %d rows, want %d", got, n)
	}
	// Row ids run 1..n in file order, whatever order DuckDB wrote them in.
	if got := count(t, db, "SELECT count(*) FROM ledger_media WHERE batch_id = ? AND row_id - batch_id * ? = src_row - 2", r.BatchID, int64(RowsPerBatch)); got != n {
		t.Errorf("%d of %d rows have row_id matching their position", got, n)
	}
	diff := count(t, db, `SELECT count(*) FROM (
		(SELECT src_sheet, src_row, account, platform, posted, title, year FROM ledger_media WHERE batch_id = ?
		 EXCEPT ALL SELECT src_sheet, src_row, account, platform, posted, title, year FROM ledger_media WHERE batch_id <> ?)
		UNION ALL
		(SELECT src_sheet, src_row, account, platform, posted, title, year FROM ledger_media WHERE batch_id <> ?
		 EXCEPT ALL SELECT src_sheet, src_row, account, platform, posted, title, year FROM ledger_media WHERE batch_id = ?))`,
		r.BatchID, r.BatchID, r.BatchID, r.BatchID)
	if diff != 0 {
		t.Errorf("fed and appended rows differ in %d rows", diff)
	}
	if got := count(t, db, "SELECT count(*) FROM cur_media WHERE unit_id = 1"); got != n {
		t.Errorf("cur_media shows %d rows of the fed batch", got)
	}
	if got := count(t, db, "SELECT count(*) FROM ledger_media WHERE batch_id = ? AND (title IS NULL) <> ((src_row - 3) % 11 = 0)", r.BatchID); got != 0 {
		t.Errorf("%d NULL titles misplaced", got)
	}
	// The connection that fed keeps insertion order for its later queries.
	var v string
	if err := db.Raw().QueryRow("SELECT current_setting('preserve_insertion_order')::VARCHAR").Scan(&v); err != nil || v != "true" {
		t.Errorf("preserve_insertion_order = %q, %v", v, err)
	}
}

// A fed load that fails or is cancelled midway leaves nothing behind.
func TestLoadFedRollsBack(t *testing.T) {
	ctx := context.Background()
	db := openT(t, ":memory:")
	if _, err := stream(ctx, db, batch("a"), mediaRows(5, "A")); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	_, err := stream(ctx, db, batch("b"), failing(mixedRows(2*feedAfter), boom))
	if !errors.Is(err, boom) {
		t.Fatalf("failed load: %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	_, err = stream(cctx, db, batch("c"), func(yield func([]driver.Value, error) bool) {
		i := 0
		for v := range mixedRows(2*feedAfter + 4*feedChunkRows) {
			if i++; i == 2*feedAfter {
				cancel()
			}
			if !yield(v, nil) {
				return
			}
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled load: %v", err)
	}
	// A value DuckDB cannot take fails the INSERT, and the load with it.
	_, err = stream(ctx, db, batch("d"), func(yield func([]driver.Value, error) bool) {
		for v := range mixedRows(2 * feedAfter) {
			if !yield(v, nil) {
				return
			}
		}
		yield([]driver.Value{"x", "not a number", "a", "b", nil, nil}, nil)
	})
	if err == nil {
		t.Fatal("a bad value was accepted")
	}
	if n := count(t, db, "SELECT count(*) FROM ledger_media"); n != 5 {
		t.Errorf("ledger_media: %d rows", n)
	}
	if n := count(t, db, "SELECT count(*) FROM batches"); n != 1 {
		t.Errorf("batches: %d", n)
	}
	if r, err := stream(ctx, db, batch("e"), mixedRows(feedAfter+1)); err != nil || r.Loaded != feedAfter+1 {
		t.Fatalf("load after the failures: %+v %v", r, err)
	}
	if n := count(t, db, "SELECT count(*) FROM cur_media"); n != feedAfter+1 {
		t.Errorf("cur_media: %d", n)
	}
}
