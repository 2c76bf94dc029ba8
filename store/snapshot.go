package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"reflect"

	"github.com/duckdb/duckdb-go/v2"
)

// Every statement outside a transaction runs in one of its own.
//
// duckdb-go runs a statement as two calls, prepare and then execute, and
// outside a transaction DuckDB gives each call a transaction of its own. The
// plan is made from the table statistics at prepare time, and DuckDB 1.5.6
// turns those statistics into parts of the plan (such as a static min/max
// range on a join's probe side, or an empty result for a filter no row
// could match); the execute then reads a
// newer snapshot, and rows committed in between fall outside the plan's
// range and are silently dropped. A reader of cur_applications JOIN batches
// saw the freshly published batch vanish this way (DuckDB issues #24182 and
// #23704, fixed upstream by PR #24696; TestPreparedPlanStaleStatistics shows
// it with DuckDB alone). Inside one transaction the prepare and the execute
// share a snapshot, and the statistics at prepare time cover every row that
// snapshot can see (appends and updates only widen them), as for a
// one-shot query. Disabling statistics propagation also removed the fault,
// but it costs every query its statistics, and other optimizers (the row
// group pruner) read statistics at plan time too.
//
// So the connector wraps DuckDB's connections: a statement run outside a
// transaction is preceded by BEGIN TRANSACTION and followed by COMMIT (for a
// query, when its rows are closed). Statements inside a transaction
// (database/sql's BeginTx, or rawTx) run as they are.

// snapConnector hands out snapConns over the DuckDB connector.
type snapConnector struct{ c *duckdb.Connector }

func (s snapConnector) Connect(ctx context.Context) (driver.Conn, error) {
	c, err := s.c.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &snapConn{Conn: c.(*duckdb.Conn)}, nil
}

func (s snapConnector) Driver() driver.Driver { return s.c.Driver() }

// snapConn is a DuckDB connection whose statements outside a transaction
// run in one. database/sql uses a connection from one goroutine at a time.
type snapConn struct {
	*duckdb.Conn
	inTx bool // a transaction begun through BeginTx is open
}

// unwrapConn gives the DuckDB connection under a driver connection that
// database/sql handed out (Appender and the like need *duckdb.Conn).
func unwrapConn(dc any) driver.Conn {
	if w, ok := dc.(*snapConn); ok {
		return w.Conn
	}
	return dc.(driver.Conn)
}

func (c *snapConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	tx, err := c.Conn.BeginTx(context.WithoutCancel(ctx), opts) // see errBegin
	if err != nil {
		return nil, errors.Join(err, errBegin)
	}
	c.inTx = true
	return &snapTx{Tx: tx, c: c}, nil
}

func (c *snapConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

// begin opens the statement's own transaction.
func (c *snapConn) begin(ctx context.Context) error {
	if _, err := c.Conn.ExecContext(context.WithoutCancel(ctx), "BEGIN TRANSACTION", nil); err != nil {
		return errors.Join(err, errBegin)
	}
	return nil
}

// BEGIN runs without its context's cancellation (here, in BeginTx and in
// inRawTx): a BEGIN interrupted by a cancel could fail after it had opened
// the transaction, and the next statement on the pooled connection then
// failed with "cannot start a transaction within a transaction"
// (TestCancelledStatementsLeaveConnectionClean shows it with DuckDB 1.5.6
// within a few dozen cancels; TestFilesCancelled saw it once in ~60). The
// cancel reaches the statement instead, whose failure rolls back. A BEGIN
// that fails all the same returns errBegin with its error: whether it left
// a transaction is not told, so database/sql must not reuse the connection:
// it closes it (DuckDB rolls back what it left open) and runs the
// statement, which has not begun, on another.
var errBegin = driver.ErrBadConn

// end commits the statement's own transaction, or rolls it back after a
// failed statement. Not with the statement's context: a cancelled context
// must still end the transaction, or the pooled connection would keep it.
func (c *snapConn) end(failed bool) error {
	q := "COMMIT"
	if failed {
		q = "ROLLBACK"
	}
	_, err := c.Conn.ExecContext(context.Background(), q, nil)
	if err != nil && !failed {
		// A COMMIT refused (say, after an error while the rows were read)
		// leaves the transaction open: roll it back.
		if _, rerr := c.Conn.ExecContext(context.Background(), "ROLLBACK", nil); rerr == nil {
			return err
		}
	}
	if err != nil {
		// A connection in an unknown transaction state must not be reused.
		return errors.Join(err, driver.ErrBadConn)
	}
	return nil
}

func (c *snapConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if c.inTx {
		return c.Conn.ExecContext(ctx, query, args)
	}
	if err := c.begin(ctx); err != nil {
		return nil, err
	}
	res, err := c.Conn.ExecContext(ctx, query, args)
	if eerr := c.end(err != nil); eerr != nil {
		return nil, errors.Join(err, eerr)
	}
	return res, err
}

func (c *snapConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if c.inTx {
		return c.Conn.QueryContext(ctx, query, args)
	}
	if err := c.begin(ctx); err != nil {
		return nil, err
	}
	rows, err := c.Conn.QueryContext(ctx, query, args)
	if err != nil {
		return nil, errors.Join(err, c.end(true))
	}
	return &snapRows{Rows: rows, c: c}, nil
}

// PrepareContext is refused: a statement prepared once and run later is
// planned from statistics older than the snapshot it reads, the very fault
// snapConn exists to avoid. gongkai prepares nothing; database/sql does not
// prepare behind the caller's back when the driver has ExecerContext and
// QueryerContext.
func (c *snapConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return nil, errNoPrepare
}

func (c *snapConn) Prepare(query string) (driver.Stmt, error) { return nil, errNoPrepare }

var errNoPrepare = errors.New("store: prepared statements are not used (see snapshot.go)")

type snapTx struct {
	driver.Tx
	c *snapConn
}

func (t *snapTx) Commit() error {
	t.c.inTx = false
	return t.Tx.Commit()
}

func (t *snapTx) Rollback() error {
	t.c.inTx = false
	return t.Tx.Rollback()
}

// snapRows ends the query's own transaction when the rows are closed.
type snapRows struct {
	driver.Rows
	c      *snapConn
	closed bool
}

func (r *snapRows) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	err := r.Rows.Close()
	if eerr := r.c.end(false); err == nil {
		err = eerr
	}
	return err
}

// The column type methods DuckDB's rows have, for sql.Rows.ColumnTypes.
func (r *snapRows) ColumnTypeScanType(i int) reflect.Type {
	if t, ok := r.Rows.(driver.RowsColumnTypeScanType); ok {
		return t.ColumnTypeScanType(i)
	}
	return reflect.TypeFor[any]()
}

func (r *snapRows) ColumnTypeDatabaseTypeName(i int) string {
	if t, ok := r.Rows.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return t.ColumnTypeDatabaseTypeName(i)
	}
	return ""
}
