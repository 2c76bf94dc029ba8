package sqlfiles

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestFill(t *testing.T) {
	got := Fill("DELETE FROM {{table}} WHERE a = {{v}} OR b = {{v}} {{other}}", "table", "ledger_x", "v", "1")
	if want := "DELETE FROM ledger_x WHERE a = 1 OR b = 1 {{other}}"; got != want {
		t.Errorf("Fill = %q, want %q", got, want)
	}
}

// Query panics on an unknown name, so a name misspelt in Go would only
// show when that statement first runs: check every literal name the
// module's Go files ask for.
func TestNamedFilesExist(t *testing.T) {
	use := regexp.MustCompile(`sqlfiles\.(Query|Statements|Parquet)\("([^"]+)"\)`)
	seen := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != ".." && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range use.FindAllStringSubmatch(string(b), -1) {
			dir := "queries"
			if m[1] == "Parquet" {
				dir = "parquet"
			}
			if _, err := files.ReadFile(dir + "/" + m[2] + ".sql"); err != nil {
				t.Errorf("%s: %s(%q): no file %s/%s.sql", path, m[1], m[2], dir, m[2])
			}
			seen++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen == 0 {
		t.Fatal("no sqlfiles.Query uses found: is the walk rooted at the module?")
	}
}

// results.sql names its tables; their columns come from the migrations.
func TestParquetResultsFromMigrations(t *testing.T) {
	got := Parquet("results")
	for _, table := range []string{"measure_values", "measure_unknown", "score_items", "score_results", "published_years"} {
		if want := CreateTable(table); !strings.Contains(got, want+"\n") || !strings.HasSuffix(want, ");") {
			t.Errorf("results.sql lacks %s as the migrations create it:\n%s", table, want)
		}
	}
	if createRef.MatchString(got) {
		t.Errorf("results.sql keeps a placeholder:\n%s", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("CreateTable of a table no migration creates did not panic")
		}
	}()
	CreateTable("no_such_table")
}
