package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	sqlfiles "gongkai/sql"
)

// The typed methods of store (one per query file of sql/queries, sqlc's
// idea written by hand) share these helpers, so that no method repeats the
// rows.Next loop and each names its query once.

// Queries carries the typed methods, one per query file. DB embeds one over
// the pool; InTx hands one over a transaction, so a method is written once
// and serves both (sqlc's Queries/WithTx).
type Queries struct{ q querier }

// InTx runs fn in one transaction: committed when fn returns nil, rolled
// back otherwise.
func (d *DB) InTx(ctx context.Context, fn func(*Queries) error) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if err := fn(&Queries{q: tx}); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// querier is what a method reads through: the pool, a *sql.Tx or a *sql.Conn.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// scanner is the part of *sql.Rows and *sql.Row a scan function needs.
type scanner interface {
	Scan(dest ...any) error
}

// list runs the named query and scans every row with scan. Errors name the
// query, so a failure says which file of sql/queries it came from.
func list[T any](ctx context.Context, q querier, name string, scan func(scanner) (T, error), args ...any) ([]T, error) {
	return listSQL(ctx, q, name, sqlfiles.Query(name), scan, args...)
}

// listSQL is list over the SQL query made from the named file.
func listSQL[T any](ctx context.Context, q querier, name, query string, scan func(scanner) (T, error), args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

// one runs the named query for a single row. A query that finds no row
// returns an error that errors.Is sql.ErrNoRows, which callers test with
// NotFound.
func one[T any](ctx context.Context, q querier, name string, scan func(scanner) (T, error), args ...any) (T, error) {
	v, err := scan(q.QueryRowContext(ctx, sqlfiles.Query(name), args...))
	if err != nil {
		return v, fmt.Errorf("%s: %w", name, err)
	}
	return v, nil
}

// execNamed runs the named statement.
func execNamed(ctx context.Context, q querier, name string, args ...any) error {
	if _, err := q.ExecContext(ctx, sqlfiles.Query(name), args...); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// execStatements runs a file of several statements one by one, for what
// binds parameters per statement: a statement that names $1 gets args, the
// others none.
func execStatements(ctx context.Context, q querier, name string, args ...any) error {
	for _, st := range sqlfiles.Statements(name) {
		var a []any
		if strings.Contains(st, "$1") {
			a = args
		}
		if _, err := q.ExecContext(ctx, st, a...); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}

// nullIfEmpty writes "" as NULL, for optional text columns.
func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// nullIfNil writes a missing number as NULL.
func nullIfNil(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

// fields makes the scan function of list and one for a row that goes
// straight into a T's fields: addrs gives their addresses in column order.
func fields[T any](addrs func(*T) []any) func(scanner) (T, error) {
	return func(s scanner) (v T, err error) {
		err = s.Scan(addrs(&v)...)
		return v, err
	}
}

// scalar scans a one-column row into T (for list and one).
func scalar[T any](s scanner) (T, error) {
	var v T
	err := s.Scan(&v)
	return v, err
}

// NotFound reports whether err says a query found no row.
func NotFound(err error) bool { return errors.Is(err, sql.ErrNoRows) }
