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
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
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
	// writing is held by whoever changes which batches are active -- the
	// loader from its first transaction to its second, Restore -- so that
	// the batch each finds active is still active when it publishes.
	writing sync.Mutex
	Path    string
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
	d := newDB(connector, path)
	if err := d.db.PingContext(ctx); err != nil {
		d.Close()
		return nil, wrapOpenErr(path, err)
	}
	migs, err := sqlfiles.Migrations()
	if err == nil {
		err = d.migrate(ctx, migs)
	}
	if err != nil {
		d.Close()
		return nil, err
	}
	if err := d.views(ctx); err != nil {
		d.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
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

// newDB is a DB over connector, nothing run on it yet.
func newDB(connector *duckdb.Connector, path string) *DB {
	// Statements outside a transaction get one of their own (snapshot.go).
	sdb := sql.OpenDB(snapConnector{connector})
	return &DB{Queries: &Queries{q: sdb}, db: sdb, connector: connector, Path: path}
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

// migrate applies every migration of migs not yet recorded in
// schema_migrations, in order of version, each in its own transaction.
func (d *DB) migrate(ctx context.Context, migs []sqlfiles.Migration) error {
	if _, err := d.db.ExecContext(ctx, sqlfiles.Query("schema_migrations_create")); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	// Each migration not yet recorded runs, not only those above the
	// highest (a test re-runs one by deleting its record).
	applied, err := list(ctx, d.q, "schema_applied", scalar[int])
	if err != nil {
		return fmt.Errorf("read schema versions: %w", err)
	}
	for _, m := range migs {
		if slices.Contains(applied, m.Version) {
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

// dropUnfinished removes the batches a crash left 'loading' (see LoadBatches).
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
	d.writing.Lock()
	defer d.writing.Unlock()
	return d.InTx(ctx, func(q *Queries) error {
		b, err := q.BatchUnit(ctx, batchID)
		if NotFound(err) {
			return fmt.Errorf("%w: %d", ErrNoBatch, batchID)
		}
		if err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		switch b.Status {
		case gongkai.BatchActive:
			return nil
		case gongkai.BatchLoading:
			return fmt.Errorf("%w: %d（未导入完成）", ErrNoBatch, batchID)
		}
		// The batch it displaces: the active one of its unit, kind and year.
		p := published{id: batchID, unit: b.UnitID, kind: b.Kind, year: b.Year}
		query, err := activeQuery(map[batchKey]bool{{b.UnitID, b.Kind, b.Year}: true})
		if err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		rows, err := q.q.QueryContext(ctx, query)
		if err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		active := 0
		for rows.Next() {
			var unit, kind, year, sha any
			if err := rows.Scan(&unit, &kind, &year, &p.supersedes, &sha); err != nil {
				rows.Close()
				return fmt.Errorf("restore: %w", err)
			}
			active++
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		if active > 1 {
			return fmt.Errorf("restore: %d active batches for one unit, kind and year", active)
		}
		if err := publishTx(ctx, q.q, []published{p}); err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		return nil
	})
}
