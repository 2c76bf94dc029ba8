package store

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// pendingRaw lists the files outside store still allowed to import
// database/sql, call DB.Raw() or run a named query (sqlfiles.Query,
// Statements, Fill). Issue 18 emptied it; the test fails on an entry that
// no longer needs to be here.
var pendingRaw = map[string]bool{}

// goFile is one parsed Go file of the module.
type goFile struct {
	path string // slash-separated, from the module root
	dir  string // its package's directory, from the module root
	test bool
	ast  *ast.File
}

// moduleFiles parses every Go file of the module (this package's parent).
func moduleFiles(t *testing.T) []goFile {
	t.Helper()
	var out []goFile
	fset := token.NewFileSet()
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); path != ".." && (strings.HasPrefix(n, ".") || strings.HasPrefix(n, "_") || n == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(path, ".."+string(filepath.Separator)))
		out = append(out, goFile{path: rel, dir: filepath.ToSlash(filepath.Dir(rel)), test: strings.HasSuffix(rel, "_test.go"), ast: f})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 50 {
		t.Fatalf("only %d Go files found: is the walk rooted at the module?", len(out))
	}
	return out
}

// importName is the name a file uses for the package at path, "" if it
// does not import it.
func importName(f *ast.File, path, name string) string {
	for _, s := range f.Imports {
		if p, _ := strconv.Unquote(s.Path.Value); p == path {
			if s.Name != nil {
				return s.Name.Name
			}
			return name
		}
	}
	return ""
}

// calls calls fn for every call in f with the receiver's name when it is
// an identifier (the package of sqlfiles.Query, "" for a plain call or a
// longer selector), the function's name, its first string-literal argument
// ("" if none) and its number of arguments.
func calls(f *ast.File, fn func(recv, name, lit string, args int)) {
	ast.Inspect(f, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		recv, name := "", ""
		switch e := c.Fun.(type) {
		case *ast.SelectorExpr:
			name = e.Sel.Name
			if id, ok := e.X.(*ast.Ident); ok {
				recv = id.Name
			}
		case *ast.Ident:
			name = e.Name
		case *ast.IndexExpr: // a generic call with its type argument
			if id, ok := e.X.(*ast.Ident); ok {
				name = id.Name
			}
		default:
			return true
		}
		lit := ""
		for _, a := range c.Args {
			if b, ok := a.(*ast.BasicLit); ok && b.Kind == token.STRING {
				lit, _ = strconv.Unquote(b.Value)
				break
			}
		}
		fn(recv, name, lit, len(c.Args))
		return true
	})
}

// TestOnlyStoreTouchesSQL: store is the one owner of the database (issue
// 18). No other package imports database/sql, no product code outside
// store calls DB.Raw() (it is for tests' ad-hoc SQL), and nothing outside
// store runs a named query.
func TestOnlyStoreTouchesSQL(t *testing.T) {
	needed := map[string]bool{}
	for _, f := range moduleFiles(t) {
		if f.dir == "store" || f.dir == "sql" {
			continue
		}
		bad := func(what string) {
			if f.test && what == "calls Raw()" {
				return // tests may read and set up state with ad-hoc SQL
			}
			if pendingRaw[f.path] {
				needed[f.path] = true
				return
			}
			t.Errorf("%s %s: only store may (use a method of store.Queries)", f.path, what)
		}
		if !f.test {
			for _, s := range f.ast.Imports {
				// database/sql/driver is not the database: ingest hands
				// rows to the loader as driver.Value.
				if p, _ := strconv.Unquote(s.Path.Value); p == "database/sql" {
					bad("imports " + p)
				}
			}
		}
		sqlName := importName(f.ast, "gongkai/sql", "sqlfiles")
		calls(f.ast, func(recv, name, lit string, args int) {
			switch {
			case name == "Raw" && args == 0:
				bad("calls Raw()")
			case recv != "" && recv == sqlName && (name == "Query" || name == "Statements" || name == "Fill"):
				bad("calls sqlfiles." + name)
			}
		})
	}
	var stale []string
	for p := range pendingRaw {
		if !needed[p] {
			stale = append(stale, p)
		}
	}
	sort.Strings(stale)
	for _, p := range stale {
		t.Errorf("pendingRaw lists %s, which no longer imports database/sql, calls Raw() or names a query: remove it", p)
	}
}

// TestQueryFilesOwned: every file of sql/queries is named in exactly one
// place of store's code (its typed method; sqlc's idea), none is named
// outside store, and every name the code asks for has its file.
func TestQueryFilesOwned(t *testing.T) {
	ents, err := os.ReadDir("../sql/queries")
	if err != nil {
		t.Fatal(err)
	}
	queries := map[string]bool{}
	for _, e := range ents {
		if n, ok := strings.CutSuffix(e.Name(), ".sql"); ok {
			queries[n] = true
		}
	}
	parquet := map[string]bool{}
	if ents, err = os.ReadDir("../sql/parquet"); err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		parquet[strings.TrimSuffix(e.Name(), ".sql")] = true
	}

	inStore := map[string][]string{} // query → the store files naming it (once per literal)
	outside := map[string][]string{} // query → the pending files naming it
	for _, f := range moduleFiles(t) {
		sqlName := importName(f.ast, "gongkai/sql", "sqlfiles")
		// A name a file asks for must have its file.
		calls(f.ast, func(recv, name, lit string, _ int) {
			if lit == "" {
				return
			}
			switch {
			case recv != "" && recv == sqlName && (name == "Query" || name == "Statements"):
				if !queries[lit] {
					t.Errorf("%s: sqlfiles.%s(%q): no file sql/queries/%s.sql", f.path, name, lit, lit)
				}
				if f.dir != "store" {
					outside[lit] = append(outside[lit], f.path)
				}
			case recv != "" && recv == sqlName && name == "Parquet":
				if !parquet[lit] {
					t.Errorf("%s: sqlfiles.Parquet(%q): no file sql/parquet/%s.sql", f.path, lit, lit)
				}
			case f.dir == "store" && recv == "" && (name == "list" || name == "one" || name == "execNamed"):
				if !queries[lit] {
					t.Errorf("%s: %s(…, %q): no file sql/queries/%s.sql", f.path, name, lit, lit)
				}
			}
		})
		if f.dir != "store" || f.test {
			continue
		}
		ast.Inspect(f.ast, func(n ast.Node) bool {
			if b, ok := n.(*ast.BasicLit); ok && b.Kind == token.STRING {
				if s, _ := strconv.Unquote(b.Value); queries[s] {
					inStore[s] = append(inStore[s], f.path)
				}
			}
			return true
		})
	}
	for q := range queries {
		switch in, out := inStore[q], outside[q]; {
		case len(out) > 0 && !allPending(out):
			t.Errorf("query %s is named outside store, in %s: give it a method of store.Queries", q, strings.Join(out, ", "))
		case len(in) > 1:
			t.Errorf("query %s is named in %d places of store (%s): one method should own it", q, len(in), strings.Join(in, ", "))
		case len(in) == 0 && len(out) == 0:
			t.Errorf("query %s has no method in store (or is not used: delete sql/queries/%s.sql)", q, q)
		}
	}
}

func allPending(files []string) bool {
	for _, f := range files {
		if !pendingRaw[f] {
			return false
		}
	}
	return true
}
