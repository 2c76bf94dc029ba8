package store

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/duckdb/duckdb-go/v2"

	"gongkai/internal/golden"
	sqlfiles "gongkai/sql"
)

var update = flag.Bool("update", false, "rewrite testdata/schema.golden")

// schemaQueries read what a database's schema is made of from DuckDB's
// catalog, each row a line: tables, columns (types, nullability, defaults),
// views with their SQL as DuckDB keeps it, constraints, indexes, sequences,
// macros and the migrations recorded. Object ids are left out: they follow
// the order things were made in, not what they are.
var schemaQueries = []struct{ name, q string }{
	{"table", `SELECT schema_name, table_name, column_count, sql FROM duckdb_tables()
		WHERE database_name = current_database() AND NOT internal ORDER BY ALL`},
	{"column", `SELECT schema_name, table_name, column_index, column_name, data_type, is_nullable, coalesce(column_default, '')
		FROM duckdb_columns() WHERE database_name = current_database() AND NOT internal ORDER BY schema_name, table_name, column_index`},
	{"view", `SELECT schema_name, view_name, column_count, sql FROM duckdb_views()
		WHERE database_name = current_database() AND NOT internal ORDER BY ALL`},
	{"constraint", `SELECT schema_name, table_name, constraint_index, constraint_type, coalesce(constraint_text, ''),
		coalesce(expression, ''), constraint_column_names::VARCHAR FROM duckdb_constraints()
		WHERE database_name = current_database() ORDER BY ALL`},
	{"index", `SELECT schema_name, table_name, index_name, is_unique, is_primary, coalesce(sql, '') FROM duckdb_indexes()
		WHERE database_name = current_database() ORDER BY ALL`},
	{"sequence", `SELECT schema_name, sequence_name, start_value, min_value, max_value, increment_by, cycle FROM duckdb_sequences()
		WHERE database_name = current_database() ORDER BY ALL`},
	{"macro", `SELECT schema_name, function_name, function_type, coalesce(macro_definition, '') FROM duckdb_functions()
		WHERE database_name = current_database() AND NOT internal ORDER BY ALL`},
	{"migration", `SELECT version, name FROM schema_migrations ORDER BY version`},
}

// schemaOf is the schema of the database file at path as text, one line a
// catalog row. It reads the file without Open, whose views would be those
// made in this session: DuckDB prints a view made in the session and one
// read back from the file differently (UNION ALL nested or not, CROSS JOIN
// or a comma), so every schema compared is the one on disk.
func schemaOf(t *testing.T, path string) string {
	t.Helper()
	connector, err := duckdb.NewConnector(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(connector)
	defer connector.Close()
	defer db.Close()
	var b strings.Builder
	for _, s := range schemaQueries {
		rows, err := db.Query(s.q)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			b.WriteString(s.name)
			for _, v := range vals {
				fmt.Fprintf(&b, "\t%v", v)
			}
			b.WriteString("\n")
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return b.String()
}

// A new database has the schema of testdata/schema.golden, written at
// commit 5464b1c (a new migration rewrites it, with -update): what the
// migrations no longer restate since, Open makes.
func TestSchemaFresh(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.duckdb")
	openT(t, path).Close()
	golden.Check(t, "testdata/schema.golden", []byte(schemaOf(t, path)), *update)
}

// A database migrated by the migrations of commit 5464b1c
// (testdata/migrations_5464b1c, their text then) and then opened by this
// code has the schema of a new one: all of them applied, or only those
// before a migration whose text has changed since. What an applied
// migration no longer restates changes nothing for a database it ran on.
func TestSchemaMigratedBefore(t *testing.T) {
	ctx := context.Background()
	old, err := sqlfiles.MigrationsIn(os.DirFS("testdata/migrations_5464b1c"))
	if err != nil {
		t.Fatal(err)
	}
	migs, err := sqlfiles.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/schema.golden")
	if err != nil {
		t.Fatal(err)
	}
	ns := []int{len(old)}
	for i, m := range old {
		if i < len(migs) && (migs[i].Version != m.Version || migs[i].SQL != m.SQL) {
			ns = append(ns, i)
		}
	}
	for _, n := range ns {
		path := filepath.Join(t.TempDir(), "g.duckdb")
		connector, err := duckdb.NewConnector(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		d := newDB(connector, path)
		if err := d.migrate(ctx, old[:n]); err != nil {
			t.Fatalf("%d old migrations: %v", n, err)
		}
		d.Close()
		openT(t, path).Close()
		if got := schemaOf(t, path); got != string(want) {
			t.Errorf("%d old migrations applied, then opened: schema differs from testdata/schema.golden:\n%s",
				n, golden.FirstDiff(string(want), got))
		}
	}
}

// sqlfiles.Tables reads the tables from the migrations' text, for what
// has no database to ask (a session over an export): it must name exactly
// the tables a migrated database has, whatever way a migration creates,
// drops or renames them (CREATE TABLE IF NOT EXISTS was once missed).
func TestTablesAreTheDatabases(t *testing.T) {
	db := openT(t, filepath.Join(t.TempDir(), "t.duckdb"))
	rows, err := db.Raw().Query(`SELECT table_name FROM duckdb_tables()
		WHERE database_name = current_database() AND NOT internal AND table_name <> 'schema_migrations' ORDER BY ALL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var have []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		have = append(have, n)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	got, err := sqlfiles.Tables()
	if err != nil {
		t.Fatal(err)
	}
	got = slices.DeleteFunc(got, func(s string) bool { return s == "schema_migrations" })
	slices.Sort(got)
	if !slices.Equal(got, have) {
		t.Errorf("sqlfiles.Tables() = %v\nthe migrated database has %v", got, have)
	}
}
