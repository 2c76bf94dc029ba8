package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/duckdb/duckdb-go/v2"
)

// The statements of the stale-statistics tests: a ledger, its batches and an
// append-only log of the active batch, as in migration 0005, cut down.
const (
	staleSchema = `CREATE TABLE batches (batch_id BIGINT, rows_loaded BIGINT);
CREATE TABLE ledger (batch_id BIGINT);
CREATE TABLE log (seq BIGINT, batch_id BIGINT);
INSERT INTO ledger SELECT 1 FROM range(2000);
INSERT INTO batches VALUES (1, 2000);
INSERT INTO log VALUES (1, 1);`
	// staleLoad adds batch $1 with $2 rows and makes it the active one.
	staleLoadRows  = `INSERT INTO ledger SELECT $1 FROM range($2)`
	staleLoadBatch = `INSERT INTO batches VALUES ($1, $2)`
	staleLoadLog   = `INSERT INTO log VALUES ($1, $1)`
	// staleRead is the readers' query: the active batch's rows with its record.
	staleRead = `SELECT c.batch_id, count(*), any_value(b.rows_loaded)
FROM (SELECT * FROM ledger WHERE batch_id IN (SELECT arg_max(batch_id, seq) FROM log)) c
JOIN batches b USING (batch_id) GROUP BY c.batch_id`
)

func staleRows(t *testing.T, rows *sql.Rows, err error) []string {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, n, loaded int64
		if err := rows.Scan(&id, &n, &loaded); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("batch %d: %d rows of %d", id, n, loaded))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestPreparedPlanStaleStatistics shows, with DuckDB alone, why a reader saw
// a published batch vanish (TestReplaceIsAtomicForReaders): a statement
// planned before a commit and executed after it is planned from statistics
// that do not cover the committed rows. The join of the active batch's rows
// with batches gets a static batch_id range from the statistics at prepare
// time (batch 1 only), and the rows of batch 2 are dropped: the query
// returns nothing. duckdb-go runs every statement as a prepare and an
// execute, each in a transaction of its own outside a transaction, so a
// commit between them -- likely only on a busy machine -- did this to plain
// queries. DuckDB issues #24182 and #23704; fixed upstream by PR #24696
// (statistics are not propagated into prepared plans).
//
// Prepared and executed in one transaction, the statement reads the
// snapshot its statistics were taken in, and is right: what snapshot.go
// does for every statement.
func TestPreparedPlanStaleStatistics(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// One connection for the transaction below, one to commit meanwhile;
	// they share the in-memory database.
	db.SetMaxOpenConns(2)
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(staleSchema)
	load := func(id, n int64) {
		exec(staleLoadRows, id, n)
		exec(staleLoadBatch, id, n)
		exec(staleLoadLog, id)
	}
	want := []string{"batch 2: 3000 rows of 3000"}

	// Prepared, then batch 2 is committed, then executed.
	st, err := db.PrepareContext(ctx, staleRead)
	if err != nil {
		t.Fatal(err)
	}
	load(2, 3000)
	rows, err := st.QueryContext(ctx)
	got := staleRows(t, rows, err)
	st.Close()
	rows, err = db.QueryContext(ctx, staleRead)
	if fresh := staleRows(t, rows, err); !reflect.DeepEqual(fresh, want) {
		t.Fatalf("a one-shot read: %q, want %q", fresh, want)
	}
	if reflect.DeepEqual(got, want) {
		t.Logf("this DuckDB plans prepared statements without stale statistics (fixed upstream): " +
			"store/snapshot.go is no longer needed for it")
	} else {
		t.Logf("DuckDB bug still present: the statement prepared before the commit returned %q, want %q", got, want)
	}

	// Prepared and executed in one transaction: right, whatever commits
	// between the two.
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	st, err = tx.PrepareContext(ctx, staleRead)
	if err != nil {
		t.Fatal(err)
	}
	load(3, 2000) // on the other connection
	rows, err = st.QueryContext(ctx)
	if got := staleRows(t, rows, err); !reflect.DeepEqual(got, want) {
		t.Errorf("prepared and executed in one transaction: %q, want %q", got, want)
	}
	st.Close()
	tx.Rollback()
}

// TestReadersNeverPlanStale runs the readers' query through the connector
// store.Open uses (snapshot.go) while batches are published from another connection:
// every reader sees exactly one whole batch. Without snapshot.go, 200
// publishes gave a reader an empty result a few times in every run on a
// busy 2-core machine.
func TestReadersNeverPlanStale(t *testing.T) {
	ctx := context.Background()
	connector, err := duckdb.NewConnector(filepath.Join(t.TempDir(), "s.duckdb"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer connector.Close()
	db := sql.OpenDB(snapConnector{connector})
	defer db.Close()
	if _, err := db.ExecContext(ctx, staleSchema); err != nil {
		t.Fatal(err)
	}
	if _, err := db.PrepareContext(ctx, staleRead); err == nil {
		t.Error("a statement was prepared for later: it would be planned from stale statistics")
	}
	var stop atomic.Bool
	var seen, bad atomic.Int64
	var wg sync.WaitGroup
	for g := 0; g < 2; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				rows, err := db.QueryContext(ctx, staleRead)
				if err != nil {
					t.Error(err)
					return
				}
				var got []string
				for rows.Next() {
					var id, n, loaded int64
					rows.Scan(&id, &n, &loaded)
					if n != loaded {
						got = append(got, "partial")
					}
					got = append(got, fmt.Sprint(id))
				}
				rows.Close()
				if len(got) != 1 && bad.Add(1) <= 5 {
					t.Errorf("reader saw %v", got)
				}
				seen.Add(1)
			}
		}()
	}
	for id := int64(2); id <= 201; id++ {
		n := 2000 + 1000*(id%2)
		// Each batch as a load does it: rows and record committed first,
		// then published.
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []struct {
			q    string
			args []any
		}{{staleLoadRows, []any{id, n}}, {staleLoadBatch, []any{id, n}}} {
			if _, err := tx.ExecContext(ctx, q.q, q.args...); err != nil {
				t.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, staleLoadLog, id); err != nil {
			t.Fatal(err)
		}
	}
	stop.Store(true)
	wg.Wait()
	t.Logf("%d observations", seen.Load())
}

// TestOwnTransactionsLeaveConnectionClean: after a failed statement, a
// failed query, a rolled-back and a committed transaction, the one
// connection of the pool is outside any transaction and works.
func TestOwnTransactionsLeaveConnectionClean(t *testing.T) {
	ctx := context.Background()
	db := oneConn(t)
	count := func() int64 {
		t.Helper()
		var n int64
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM batches`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if _, err := db.ExecContext(ctx, staleLoadBatch, "not a number", 1); err == nil {
		t.Fatal("a bad statement succeeded")
	}
	if _, err := db.QueryContext(ctx, `SELECT no_such_column FROM batches`); err == nil {
		t.Fatal("a bad query succeeded")
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, staleLoadBatch, 2, 10); err != nil {
		t.Fatal(err)
	}
	tx.Rollback()
	if n := count(); n != 1 {
		t.Fatalf("after a rollback: %d batches", n)
	}
	if _, err := db.ExecContext(ctx, staleLoadBatch, 3, 10); err != nil {
		t.Fatal(err)
	}
	tx, err = db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, staleLoadBatch, 4, 10); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 3 {
		t.Fatalf("%d batches, want 3", n)
	}
}

// TestCancelledStatementsLeaveConnectionClean: statements, queries and
// transactions cancelled at any moment leave no transaction open on a
// pooled connection. A BEGIN interrupted by the cancel could leave its
// transaction open behind an error, and the next statement on that
// connection failed with "cannot start a transaction within a transaction"
// (TestFilesCancelled saw it a few runs in a hundred).
func TestCancelledStatementsLeaveConnectionClean(t *testing.T) {
	bg := context.Background()
	db := oneConn(t)
	cancelled := 0
	for i := range 3000 {
		ctx, cancel := context.WithCancel(bg)
		// Cancel at a moment that moves through the statement's calls.
		go func() {
			for range i % 50 {
				runtime.Gosched()
			}
			cancel()
		}()
		var err error
		switch i % 3 {
		case 0:
			_, err = db.ExecContext(ctx, staleLoadBatch, 10+i, 1)
		case 1:
			var rows *sql.Rows
			if rows, err = db.QueryContext(ctx, staleRead); err == nil {
				for rows.Next() {
				}
				err = errors.Join(rows.Err(), rows.Close())
			}
		case 2:
			var tx *sql.Tx
			if tx, err = db.BeginTx(ctx, nil); err == nil {
				if _, err = tx.ExecContext(ctx, staleLoadBatch, 10+i, 1); err == nil {
					err = tx.Commit()
				} else {
					tx.Rollback()
				}
			}
		}
		cancel()
		if err != nil {
			cancelled++
		}
		var n int64
		if err := db.QueryRowContext(bg, `SELECT count(*) FROM batches`).Scan(&n); err != nil {
			t.Fatalf("statement %d (kind %d) left the connection unusable: %v", i, i%3, err)
		}
	}
	t.Logf("%d of 3000 cancelled", cancelled)
}

// oneConn is an in-memory database with the stale-statistics schema, through
// snapConn, whose pool holds one connection: a statement that leaves it in
// a transaction is seen by the next.
func oneConn(t *testing.T) *sql.DB {
	t.Helper()
	connector, err := duckdb.NewConnector("", nil)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(snapConnector{connector})
	t.Cleanup(func() { db.Close(); connector.Close() })
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(context.Background(), staleSchema); err != nil {
		t.Fatal(err)
	}
	return db
}
