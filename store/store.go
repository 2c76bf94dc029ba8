// Package store owns gongkai's DuckDB database: opening it, migrating its
// schema from the embedded sql/migrations, and the few writes that must be
// atomic (a ledger batch, the unit registry). It is the only package that
// imports the DuckDB driver; everything else reads through *sql.DB.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	sqlfiles "gongkai/sql"
)

// ErrInUse is returned when another process holds the database file.
var ErrInUse = errors.New("数据库正被另一个程序使用（database is in use）")

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
	var current int
	if err := d.db.QueryRowContext(ctx, sqlfiles.Query("schema_version")).Scan(&current); err != nil {
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
func (d *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := d.db.QueryRowContext(ctx, sqlfiles.Query("schema_version")).Scan(&v)
	return v, err
}

// dropUnfinished removes the batches a crash left 'loading' (see LoadBatches).
func (d *DB) dropUnfinished(ctx context.Context) error {
	var n int
	if err := d.db.QueryRowContext(ctx, sqlfiles.Query("batch_loading_count")).Scan(&n); err != nil || n == 0 {
		return err
	}
	rows, err := d.db.QueryContext(ctx, sqlfiles.Query("ledger_tables"))
	if err != nil {
		return err
	}
	var tables []string
	for rows.Next() {
		var t string
		rows.Scan(&t)
		tables = append(tables, t)
	}
	rows.Close()
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// The table names come from the catalog, not from any input.
	for _, t := range tables {
		if _, err := tx.ExecContext(ctx, sqlfiles.Fill(sqlfiles.Query("batch_unfinished_rows"), "table", t)); err != nil {
			return fmt.Errorf("drop unfinished batches from %s: %w", t, err)
		}
	}
	if _, err := tx.ExecContext(ctx, sqlfiles.Query("batch_unfinished")); err != nil {
		return err
	}
	return tx.Commit()
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

// ErrNoBatch is returned for an unknown batch id.
var ErrNoBatch = errors.New("没有这个批次")

// Restore makes an earlier batch the active one for its unit, kind and year
// again; the batch it displaces goes to history. Nothing is deleted.
func (d *DB) Restore(ctx context.Context, batchID int64) error {
	d.writing.Lock()
	defer d.writing.Unlock()
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer tx.Rollback()
	var (
		kind, status string
		unit         int64
		year         int
		id           int64
	)
	if err := tx.QueryRowContext(ctx, sqlfiles.Query("batch_get"), batchID).Scan(&id, &kind, &unit, &year, &status); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w: %d", ErrNoBatch, batchID)
		}
		return fmt.Errorf("restore: %w", err)
	}
	switch status {
	case "active":
		return nil
	case "loading":
		return fmt.Errorf("%w: %d（未导入完成）", ErrNoBatch, batchID)
	}
	// The batch it displaces: the active one of its unit, kind and year.
	p := published{id: batchID, unit: unit, kind: kind, year: year}
	query, err := activeQuery(map[batchKey]bool{{unit, kind, year}: true})
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	rows, err := tx.QueryContext(ctx, query)
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
	if err := publishTx(ctx, tx, []published{p}); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return tx.Commit()
}
