// Package store owns gongkai's DuckDB database: opening it, migrating its
// schema from the embedded sql/migrations, and the few writes that must be
// atomic (a ledger batch, the unit registry). It is the only package that
// imports the DuckDB driver and database/sql; the others read and write
// through the typed methods of Queries (query.go, q_*.go).
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"gongkai"
	sqlfiles "gongkai/sql"
)

// ErrInUse is returned (wrapped, with the path) when another process holds
// the database file.
var ErrInUse error = &gongkai.Error{Code: gongkai.EINUSE, Message: "数据库正被另一个程序使用（database is in use）"}

// DB is an open gongkai database.
type DB struct {
	// Queries are the typed methods over the pool: each statement outside
	// InTx runs in a transaction of its own (snapshot.go).
	*Queries
	db        *sql.DB
	connector *duckdb.Connector
	feeds     *feeds
	Path      string
}

// Options tune how a database is opened; the zero value is DuckDB's defaults.
type Options struct {
	// MemoryLimit caps DuckDB's buffer pool, as DuckDB writes it ("256MB");
	// empty keeps DuckDB's default of 80% of the machine's memory.
	MemoryLimit string
}

// LoadMemoryLimit is the buffer pool `gongkai ingest` runs with. A load
// streams: what DuckDB caches is row groups it has just written, which only
// costs memory. Measured on 1M application rows, it takes ~100 MB off the
// peak (xlsx 420–514 MB → 310–335 MB) without slowing the load.
const LoadMemoryLimit = "256MB"

var memoryLimitRE = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$`)

// Open opens or creates the database at path (":memory:" or "" for an
// in-memory database) with DuckDB's defaults and applies pending migrations.
func Open(ctx context.Context, path string) (*DB, error) {
	return OpenWith(ctx, path, Options{})
}

// OpenWith is Open with options.
func OpenWith(ctx context.Context, path string, opt Options) (*DB, error) {
	dsn := path
	if path == ":memory:" {
		dsn = ""
	}
	if opt.MemoryLimit != "" {
		if !memoryLimitRE.MatchString(opt.MemoryLimit) {
			return nil, fmt.Errorf("内存上限“%s”无法识别，请写成 256MB 或 2GB 这样的形式", opt.MemoryLimit)
		}
		// DuckDB takes configuration as DSN parameters, set before the
		// database starts.
		dsn += "?memory_limit=" + url.QueryEscape(opt.MemoryLimit)
	}
	connector, err := duckdb.NewConnector(dsn, nil)
	if err != nil {
		return nil, wrapOpenErr(path, err)
	}
	// Statements outside a transaction get one of their own (snapshot.go).
	sdb := sql.OpenDB(snapConnector{connector})
	d := &DB{Queries: &Queries{q: sdb}, db: sdb, connector: connector, Path: path}
	if err := sdb.PingContext(ctx); err != nil {
		d.Close()
		return nil, wrapOpenErr(path, err)
	}
	if err := d.migrate(ctx); err != nil {
		d.Close()
		return nil, err
	}
	if err := d.registerFeed(ctx); err != nil {
		d.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if err := d.dropUnfinished(ctx); err != nil {
		d.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return d, nil
}

func wrapOpenErr(path string, err error) error {
	msg := err.Error()
	if strings.Contains(msg, "Could not set lock") || strings.Contains(msg, "Conflicting lock") {
		return fmt.Errorf("%w: %s: %v", ErrInUse, path, err)
	}
	return fmt.Errorf("open database %s: %w", path, err)
}

// Raw is the pool itself, for tests and nothing else: product code reads and
// writes through the typed methods of Queries, so that store is the one
// owner of the database (issue 18); TestOnlyStoreTouchesSQL checks it.
func (d *DB) Raw() *sql.DB { return d.db }

// Close closes the database; DuckDB checkpoints the WAL on close.
func (d *DB) Close() error {
	err := d.db.Close()
	if cerr := d.connector.Close(); err == nil {
		err = cerr
	}
	return err
}

func (d *DB) migrate(ctx context.Context) error {
	migs, err := sqlfiles.Migrations()
	if err != nil {
		return err
	}
	if _, err := d.db.ExecContext(ctx, sqlfiles.Query("schema_migrations_create")); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	current, err := d.SchemaVersion(ctx)
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	for _, m := range migs {
		if m.Version <= current {
			continue
		}
		tx, err := d.db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if _, err := tx.ExecContext(ctx, sqlfiles.Query("schema_migration_insert"), m.Version, m.Name); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %s: commit: %w", m.Name, err)
		}
	}
	return nil
}

// SchemaVersion is the highest applied migration.
func (q *Queries) SchemaVersion(ctx context.Context) (int, error) {
	return one(ctx, q.q, "schema_version", scalar[int])
}

// RowsPerBatch bounds row ids: row_id = batch_id*RowsPerBatch + position.
const RowsPerBatch = 10_000_000

// Batch describes one upload of one ledger kind for one unit and year.
type Batch struct {
	Kind string
	// Table is the kind's ledger table, from ingest's own list of kinds.
	// It is pasted into SQL (sqlfiles.Fill), so it must never come from a
	// request or from the file being loaded.
	Table    string
	UnitID   int64
	Year     int
	FileName string
	SHA256   string
	// Hash gives SHA256 when it is left empty: the file is still being
	// hashed. LoadBatch waits for it before reading any row only when the
	// unit already has an active batch of this kind and year (it may be this
	// very file); otherwise the rows stream while the hash completes.
	Hash     func() (string, error)
	Uploader string
	Partial  bool
	// Counts of the file as read; Loaded is counted by LoadBatch.
	RowsRead, RowsSkipped, RowsRefused int64
}

// LoadResult tells what LoadBatch did.
type LoadResult struct {
	BatchID    int64
	Unchanged  bool  // the identical file is already the active batch
	Superseded int64 // the batch it replaced, 0 if none
	Loaded     int64
}

// Emit appends one row: src_sheet, src_row and then the kind's fields in
// the order given to LoadBatch.
type Emit func(vals []driver.Value) error

// LoadBatch writes a batch's rows and makes it the active batch of its unit,
// kind and year: readers see the old batch or the new one, never a mix, and
// a crash mid-load leaves the database as it was.
//
// It takes two transactions. The first appends the rows and records the
// batch as 'loading', which no cur_* view shows; the second publishes it
// with one UPDATE of batches (batch_flip). One transaction for both was
// not enough: DuckDB let concurrent readers see the batches change without
// the appended rows. (That, and the UPDATE "seen as neither" behind
// migration 0005, fit the stale-statistics plans that snapshot.go removes:
// a reader planned before a commit and executed after it. The split stays;
// it costs little.) A batch left 'loading' by a crash between the two is
// removed when the database is next opened.
// columns name the ledger columns after the common ones (row_id, batch_id,
// year, unit_id), starting with src_sheet, src_row.
//
// finish, when not nil, runs after produce and before the batch is recorded,
// so the caller can fill in counts known only after reading every row.
func (d *DB) LoadBatch(ctx context.Context, b Batch, columns []string, produce func(emit Emit) error, finish func(*Batch)) (LoadResult, error) {
	var res LoadResult
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return res, fmt.Errorf("load batch: %w", err)
	}
	defer conn.Close()
	sum := func() error {
		if b.SHA256 != "" {
			return nil
		}
		if b.Hash == nil {
			return fmt.Errorf("load batch: no SHA-256 for %s", b.FileName)
		}
		var err error
		b.SHA256, err = b.Hash()
		return err
	}
	err = inRawTx(ctx, conn, func(tx *rawTx) error {
		if v, err := tx.queryRow(sqlfiles.Query("batch_active"), b.UnitID, b.Kind, b.Year); err == nil {
			if err := sum(); err != nil {
				return err
			}
			if v[1].(string) == b.SHA256 {
				res.BatchID, res.Unchanged = v[0].(int64), true
				return nil
			}
			res.Superseded = v[0].(int64)
		} else if !errors.Is(err, io.EOF) {
			return fmt.Errorf("find active batch: %w", err)
		}
		v, err := tx.queryRow(sqlfiles.Query("batch_next_id"))
		if err != nil {
			return fmt.Errorf("next batch id: %w", err)
		}
		res.BatchID = v[0].(int64)

		cols := append([]string{"row_id", "batch_id", "year", "unit_id"}, columns...)
		app, err := duckdb.NewAppenderWithColumns(tx.conn, "", "", b.Table, cols)
		if err != nil {
			return fmt.Errorf("appender for %s: %w", b.Table, err)
		}
		sink := newRowSink(ctx, d, tx.ex, app, b.Table, cols, []driver.Value{nil, res.BatchID, int32(b.Year), b.UnitID}, res.BatchID*RowsPerBatch)
		perr := produce(sink.add)
		n, serr := sink.finish(perr == nil)
		if cerr := app.Close(); serr == nil && cerr != nil {
			serr = fmt.Errorf("append %s: %w", b.Table, cerr)
		}
		if perr != nil {
			return perr
		}
		if serr != nil {
			return serr
		}
		res.Loaded = n
		if finish != nil {
			finish(&b)
		}
		if err := sum(); err != nil {
			return err
		}
		if err := tx.exec(sqlfiles.Query("batch_insert"), res.BatchID, b.Kind, b.UnitID, b.Year, b.FileName, b.SHA256, b.Uploader,
			b.RowsRead, n, b.RowsSkipped, b.RowsRefused, b.Partial); err != nil {
			return fmt.Errorf("record batch: %w", err)
		}
		return tx.commit()
	})
	conn.Close() // back to the pool before the second transaction takes one
	if err != nil || res.Unchanged {
		return res, err
	}
	// Publish, even when ctx was cancelled meanwhile: the rows are in.
	pctx := context.WithoutCancel(ctx)
	if err := d.publish(pctx, res.BatchID, b.UnitID, b.Kind, b.Year); err != nil {
		d.dropLoading(pctx, b.Table, res.BatchID)
		return LoadResult{}, fmt.Errorf("activate batch: %w", err)
	}
	return res, nil
}

// publish records the history (batch_flip) and appends the batch to the
// active log that the cur_* views read, in one transaction.
func (d *DB) publish(ctx context.Context, batchID, unitID int64, kind string, year int) error {
	return d.InTx(ctx, func(q *Queries) error { return q.publishBatch(ctx, batchID, unitID, kind, year) })
}

// publishBatch is publish's two statements, for a transaction of the
// caller's (Restore's).
func (q *Queries) publishBatch(ctx context.Context, batchID, unitID int64, kind string, year int) error {
	if err := execNamed(ctx, q.q, "batch_flip", batchID, unitID, kind, year); err != nil {
		return err
	}
	return execNamed(ctx, q.q, "batch_publish", batchID, unitID, kind, year)
}

// dropLoading removes a batch that never became active, with its rows.
func (d *DB) dropLoading(ctx context.Context, table string, batchID int64) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// table is Batch.Table: a name from the code's own list of kinds.
	if _, err := tx.ExecContext(ctx, sqlfiles.Fill(sqlfiles.Query("batch_drop_rows"), "table", table), batchID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, sqlfiles.Query("batch_drop_loading"), batchID); err != nil {
		return err
	}
	return tx.Commit()
}

// dropUnfinished removes the batches a crash left 'loading' (see LoadBatch).
func (d *DB) dropUnfinished(ctx context.Context) error {
	n, err := one(ctx, d.q, "batch_loading_count", scalar[int])
	if err != nil || n == 0 {
		return err
	}
	tables, err := d.ledgerTables(ctx)
	if err != nil {
		return err
	}
	return d.InTx(ctx, func(q *Queries) error {
		// The table names come from the catalog, not from any input.
		for _, t := range tables {
			if _, err := q.q.ExecContext(ctx, sqlfiles.Fill(sqlfiles.Query("batch_unfinished_rows"), "table", t)); err != nil {
				return fmt.Errorf("drop unfinished batches from %s: %w", t, err)
			}
		}
		return execNamed(ctx, q.q, "batch_unfinished")
	})
}

// ledgerTables lists the ledger_* tables from the catalog.
func (q *Queries) ledgerTables(ctx context.Context) ([]string, error) {
	return list(ctx, q.q, "ledger_tables", scalar[string])
}

func named(args []any) []driver.NamedValue {
	out := make([]driver.NamedValue, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case int:
			a = int64(v)
		case time.Time:
			a = v
		}
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	return out
}

// ErrNoBatch is returned (wrapped, with the id) for an unknown batch id.
var ErrNoBatch error = &gongkai.Error{Code: gongkai.ENOTFOUND, Message: "没有这个批次"}

// Restore makes an earlier batch the active one for its unit, kind and year
// again; the batch it displaces goes to history. Nothing is deleted.
func (d *DB) Restore(ctx context.Context, batchID int64) error {
	return d.InTx(ctx, func(q *Queries) error {
		b, err := q.BatchUnit(ctx, batchID)
		if NotFound(err) {
			return fmt.Errorf("%w: %d", ErrNoBatch, batchID)
		}
		if err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		switch b.Status {
		case "active":
			return nil
		case "loading":
			return fmt.Errorf("%w: %d（未导入完成）", ErrNoBatch, batchID)
		}
		if err := q.publishBatch(ctx, batchID, b.UnitID, b.Kind, b.Year); err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		return nil
	})
}
