// Package sqlfiles holds every SQL statement of gongkai as named .sql files,
// embedded in the binary. Import it as sqlfiles "gongkai/sql": a package
// named sql would shadow database/sql.
package sqlfiles

import (
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strings"
)

//go:embed migrations/*.sql queries/*.sql measures/*.sql parquet/*.sql kinds/*.sql views/*.sql
var files embed.FS

// Migration is one numbered schema change.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations returns the migrations in version order. File names are
// NNNN_name.sql; the number is the version.
func Migrations() ([]Migration, error) {
	sub, err := fs.Sub(files, "migrations")
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	return MigrationsIn(sub)
}

// MigrationsIn returns the migrations of the directory fsys in version
// order: Migrations reads the embedded ones, a test an older copy of them.
// File names are NNNN_name followed by an extension (.sql); the number is
// the version, NNNN_name the name recorded.
func MigrationsIn(fsys fs.FS) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var out []Migration
	for _, e := range entries {
		var v int
		if _, err := fmt.Sscanf(e.Name(), "%04d_", &v); err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a 4-digit version: %w", e.Name(), err)
		}
		b, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		name, _, _ := strings.Cut(e.Name(), ".")
		out = append(out, Migration{Version: v, Name: name, SQL: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i := 1; i < len(out); i++ {
		if out[i].Version == out[i-1].Version {
			return nil, fmt.Errorf("two migrations with version %d", out[i].Version)
		}
	}
	return out, nil
}

// file returns the file name.sql of the directory dir. A missing name is
// a programming error, so it panics at first use.
func file(dir, name string) string {
	b, err := files.ReadFile(dir + "/" + name + ".sql")
	if err != nil {
		panic(fmt.Sprintf("sqlfiles: no file %q in %s: %v", name, dir, err))
	}
	return string(b)
}

// Query returns the named query file (without .sql) from queries/.
// A missing name is a programming error, so it panics at first use.
func Query(name string) string { return file("queries", name) }

// Parquet returns the named file (without .sql) from parquet/: SQL for a
// DuckDB session over an export-parquet directory rather than a gongkai
// database (views.sql, cur_view.sql, results.sql). A line {{create NAME}}
// in it becomes CreateTable(NAME). A missing name panics, as in Query.
func Parquet(name string) string {
	return createRef.ReplaceAllStringFunc(file("parquet", name), func(ref string) string {
		return CreateTable(createRef.FindStringSubmatch(ref)[1])
	})
}

// ParquetCreates lists the tables of the {{create NAME}} lines of the named
// file of parquet/ (the tables results.sql creates), in order.
func ParquetCreates(name string) []string {
	var out []string
	for _, m := range createRef.FindAllStringSubmatch(file("parquet", name), -1) {
		out = append(out, m[1])
	}
	return out
}

// KindTemplate returns the named file (without .sql) from kinds/: a
// text/template over the ledger kinds (gongkai.Kinds) that store fills in
// when a database opens, so that the per-kind SQL follows the kinds'
// declaration. A missing name panics, as in Query.
func KindTemplate(name string) string { return file("kinds", name) }

// View returns the named file (without .sql) from views/: a view store
// (re)makes at every Open, after the migrations, rather than a migration
// once (its {{placeholders}} filled by Fill). A missing name panics, as in
// Query.
func View(name string) string { return file("views", name) }

var (
	createTableRE = regexp.MustCompile(`(?m)^CREATE TABLE (?:IF NOT EXISTS )?(\w+) \(`)
	dropTableRE   = regexp.MustCompile(`(?m)^DROP TABLE (\w+);`)
	renameTableRE = regexp.MustCompile(`(?m)^ALTER TABLE (\w+) RENAME TO (\w+);`)
)

// Tables lists the tables the migrations leave, in the order they are
// first created: for what must know them without a database to ask.
func Tables() ([]string, error) {
	ms, err := Migrations()
	if err != nil {
		return nil, err
	}
	var out []string
	for _, m := range ms {
		for _, l := range strings.Split(m.SQL, "\n") {
			if c := createTableRE.FindStringSubmatch(l); c != nil {
				out = append(out, c[1])
			} else if d := dropTableRE.FindStringSubmatch(l); d != nil {
				out = slices.DeleteFunc(out, func(t string) bool { return t == d[1] })
			} else if r := renameTableRE.FindStringSubmatch(l); r != nil {
				if i := slices.Index(out, r[1]); i >= 0 {
					out[i] = r[2]
				}
			}
		}
	}
	return out, nil
}

var createRef = regexp.MustCompile(`(?m)^\{\{create (\w+)\}\}$`)

// CreateTable returns the CREATE TABLE statement of table as a migration
// declares it, from its first line to the line that ends it with ";",
// comments included; for a view, its CREATE VIEW … AS statement (a view a
// session over an export defines as the database does: declared_none,
// application_deadlines). A
// table no migration creates, or one a later migration alters, drops or
// replaces (its shape is then no single statement), is a programming
// error: it panics, as Query does for a missing name.
func CreateTable(table string) string {
	ms, err := Migrations()
	if err != nil {
		panic(fmt.Sprintf("sqlfiles: %v", err))
	}
	var stmt string
	for _, m := range ms {
		lines := strings.Split(m.SQL, "\n")
		for i, l := range lines {
			switch {
			case stmt != "" && (strings.HasPrefix(l, "ALTER TABLE "+table+" ") || strings.HasPrefix(l, "DROP TABLE "+table+";") ||
				strings.HasPrefix(l, "CREATE OR REPLACE VIEW "+table+" ")):
				panic(fmt.Sprintf("sqlfiles: table %s is changed by migration %s after its CREATE TABLE", table, m.Name))
			case stmt == "" && (strings.HasPrefix(l, "CREATE TABLE "+table+" (") || l == "CREATE VIEW "+table+" AS"):
				for j := i; j < len(lines); j++ {
					code, _, _ := strings.Cut(lines[j], "--")
					if strings.HasSuffix(strings.TrimSpace(code), ";") {
						stmt = strings.Join(lines[i:j+1], "\n")
						break
					}
				}
			}
		}
	}
	if stmt == "" {
		panic(fmt.Sprintf("sqlfiles: no migration creates table %s", table))
	}
	return stmt
}

// Measure is one named metric query from measures/: a SELECT returning
// unit_id, value, total, evidence, unknown for getvariable('year') and
// getvariable('param'). unknown lists the rows a working-day measure could
// not judge (a date outside the known holiday calendar).
type Measure struct {
	Name string
	SQL  string
	// Doc is the header comment: name, meaning, inputs, output.
	Doc string
}

// includeRef is a measure's line {{include NAME}}: the file
// measures/_NAME.sql, a part several measures share, not a measure itself.
var includeRef = regexp.MustCompile(`(?m)^\{\{include (\w+)\}\}$`)

// Measures returns every measure by name, its {{include NAME}} lines
// filled in.
func Measures() (map[string]Measure, error) {
	entries, err := fs.ReadDir(files, "measures")
	if err != nil {
		return nil, fmt.Errorf("read measures: %w", err)
	}
	out := map[string]Measure{}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "_") {
			continue
		}
		b, err := files.ReadFile("measures/" + e.Name())
		if err != nil {
			return nil, fmt.Errorf("read measure %s: %w", e.Name(), err)
		}
		name := strings.TrimSuffix(e.Name(), ".sql")
		b = includeRef.ReplaceAllFunc(b, func(ref []byte) []byte {
			return []byte(file("measures", "_"+string(includeRef.FindSubmatch(ref)[1])))
		})
		var doc []string
		for _, line := range strings.Split(string(b), "\n") {
			if !strings.HasPrefix(line, "--") {
				break
			}
			doc = append(doc, strings.TrimSpace(strings.TrimPrefix(line, "--")))
		}
		out[name] = Measure{Name: name, SQL: string(b), Doc: strings.Join(doc, "\n")}
	}
	return out, nil
}

// Statements splits a query file of several statements (separated by ";"
// at a line end) for drivers that bind parameters per statement.
func Statements(name string) []string {
	var out []string
	for _, s := range strings.Split(Query(name), ";\n") {
		lines := strings.Split(strings.TrimSpace(s), "\n")
		body := false
		for _, l := range lines {
			if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "--") {
				body = true
			}
		}
		if body {
			out = append(out, strings.TrimSpace(s))
		}
	}
	return out
}

// Fill replaces each {{key}} placeholder of query with its value, given as
// key, value pairs. It is for what a statement cannot take as a bound
// parameter: identifiers (table and column names), file paths quoted by the
// caller, a measure's SELECT. Values are pasted into the SQL as they are, so
// they must come from gongkai itself -- table names from the code's own
// lists or the database's catalog, never from a request or a file being
// read.
func Fill(query string, kv ...string) string {
	for i := 0; i+1 < len(kv); i += 2 {
		query = strings.ReplaceAll(query, "{{"+kv[i]+"}}", kv[i+1])
	}
	return query
}
