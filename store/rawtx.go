package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
)

// rawTx is a transaction on the driver connection itself rather than a
// *sql.Tx: DuckDB's Appender and the gongkai_feed insert need the
// driver.Conn, and database/sql cannot hand out the connection of a Tx.
type rawTx struct {
	ctx       context.Context
	conn      driver.Conn
	ex        driver.ExecerContext
	q         driver.QueryerContext
	committed bool
}

// exec runs a statement with positional arguments.
func (t *rawTx) exec(query string, args ...any) error {
	_, err := t.ex.ExecContext(t.ctx, query, named(args))
	return err
}

// query runs a query with positional arguments and hands each row to fn
// (the values are fn's only until it returns).
func (t *rawTx) query(query string, fn func(vals []driver.Value), args ...any) error {
	rows, err := t.q.QueryContext(t.ctx, query, named(args))
	if err != nil {
		return err
	}
	defer rows.Close()
	vals := make([]driver.Value, len(rows.Columns()))
	for {
		if err := rows.Next(vals); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		fn(vals)
	}
}

// commit ends the transaction; without it, inRawTx rolls back. A caller
// that finds nothing to write just returns.
//
// COMMIT runs without t.ctx's cancellation: the caller has decided to
// commit. With t.ctx, a cancellation racing the COMMIT (duckdb-go
// interrupts the connection when ctx ends) sometimes came back as an error
// although the rows and the 'loading' batches were committed, so
// the loader took the group as failed and neither published nor dropped
// it: TestFilesCancelled failed about 1 run in 20 under CPU load, on the
// code of 4986d38 too; with this, 60 of 60 passed.
func (t *rawTx) commit() error {
	if _, err := t.ex.ExecContext(context.WithoutCancel(t.ctx), "COMMIT", nil); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	t.committed = true
	return nil
}

// inRawTx runs fn in a transaction on conn's driver connection. The
// transaction is rolled back unless fn committed it, whatever fn returns.
// The caller owns conn, so it decides when the connection goes back to the
// pool (the loader returns it before its second transaction).
func inRawTx(ctx context.Context, conn *sql.Conn, fn func(t *rawTx) error) error {
	return conn.Raw(func(dc any) (err error) {
		// DuckDB's own connection: the appender needs it, and the
		// transaction is this function's, not a statement's (snapshot.go).
		c := unwrapConn(dc)
		t := &rawTx{ctx: ctx, conn: c, ex: c.(driver.ExecerContext), q: c.(driver.QueryerContext)}
		// BEGIN without ctx's cancellation, and a failed one leaves the
		// connection bad: see errBegin (snapshot.go).
		if _, err := t.ex.ExecContext(context.WithoutCancel(ctx), "BEGIN TRANSACTION", nil); err != nil {
			return errors.Join(err, errBegin)
		}
		defer func() {
			if t.committed {
				return
			}
			// Not with ctx: a cancelled ctx must still roll back, or the
			// pooled connection would keep the open transaction.
			if _, rerr := t.ex.ExecContext(context.Background(), "ROLLBACK", nil); rerr != nil {
				// A connection in an unknown transaction state must not be
				// reused: ErrBadConn makes database/sql discard it.
				err = errors.Join(err, driver.ErrBadConn)
			}
		}()
		return fn(t)
	})
}
