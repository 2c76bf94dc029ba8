package gongkai_test

import (
	"go/build"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// layers is ARCHITECTURE.md's map of the house: a product package may import
// only packages of a lower layer (data flows one way: files → ingest → store
// → metrics → reports/charts → CLI/HTTP). The tools (samples, bench) stand
// beside the product and may import any of it, but nothing imports them
// except the CLI's demo and the tools themselves. A new package must be
// placed here, or this test fails.
var layers = map[string]int{
	"gongkai":                       0,
	"gongkai/sql":                   0,
	"gongkai/internal/golden":       0,
	"gongkai/internal/benchdata":    0,
	"gongkai/internal/textgroup":    0,
	"gongkai/internal/xlsxprint":    0,
	"gongkai/internal/xlsxmark":     0,
	"gongkai/internal/csvstream":    1,
	"gongkai/internal/xlsxstream":   1,
	"gongkai/internal/xlsxtemplate": 1,
	"gongkai/store":                 2,
	"gongkai/ingest":                3,
	"gongkai/metrics":               3,
	"gongkai/reports":               4,
	"gongkai/charts":                5,
	"gongkai/server":                6,
	"gongkai/cmd/gongkai":           8,
}

// tools may import the product but are not part of it.
var tools = map[string]int{
	"gongkai/internal/samples":              7,
	"gongkai/internal/samples/gen":          7,
	"gongkai/internal/samples/draw":         7,
	"gongkai/internal/samples/province":     7,
	"gongkai/internal/samples/province/gen": 7,
	"gongkai/internal/samples/sampledb":     7,
	"gongkai/internal/samples/county2":      7,
	"gongkai/internal/bench":                7,
}

// onlyIn names imports that belong to one package: the database driver to
// store, the only owner of the database (store's TestOnlyStoreTouchesSQL
// checks database/sql and the named queries). notIn keeps file formats out
// of ingest, which tells the domain story; they belong to the technology
// packages of internal/.
var onlyIn = map[string][]string{
	"github.com/duckdb/duckdb-go/v2": {"gongkai/store"},
}
var notIn = map[string][]string{
	"gongkai/ingest": {"archive/zip", "encoding/csv", "encoding/xml", "github.com/xuri/excelize/v2",
		"golang.org/x/text/encoding/simplifiedchinese", "golang.org/x/text/transform"},
}

func TestArchitecture(t *testing.T) {
	pkgs := map[string][]string{} // import path → non-test imports
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		name := d.Name()
		if path != "." && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "node_modules") {
			return filepath.SkipDir
		}
		p, err := build.Default.ImportDir(path, 0)
		if err != nil {
			if _, ok := err.(*build.NoGoError); ok {
				return nil
			}
			return err
		}
		ip := "gongkai"
		if path != "." {
			ip += "/" + filepath.ToSlash(path)
		}
		pkgs[ip] = p.Imports
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) < len(layers) {
		t.Fatalf("found %d packages, fewer than the %d the map names: is the test run from the module root?", len(pkgs), len(layers))
	}
	rank := func(p string) (int, bool) {
		if r, ok := layers[p]; ok {
			return r, true
		}
		r, ok := tools[p]
		return r, ok
	}
	for p, imps := range pkgs {
		r, ok := rank(p)
		if !ok {
			t.Errorf("package %s is not on the map: place it in a layer in architecture_test.go and ARCHITECTURE.md", p)
			continue
		}
		for _, imp := range imps {
			if owners, ok := onlyIn[imp]; ok && !slices.Contains(owners, p) {
				t.Errorf("%s imports %s, which only %v may import", p, imp, owners)
			}
			if slices.Contains(notIn[p], imp) {
				t.Errorf("%s imports %s: file formats belong in internal/xlsxstream, csvstream, xlsxmark, xlsxtemplate", p, imp)
			}
			if !strings.HasPrefix(imp, "gongkai") {
				continue
			}
			ri, ok := rank(imp)
			if !ok {
				continue // reported as unmapped above
			}
			_, impIsTool := tools[imp]
			_, pIsTool := tools[p]
			switch {
			case impIsTool && !pIsTool && p != "gongkai/cmd/gongkai":
				t.Errorf("product package %s imports the tool %s", p, imp)
			case !impIsTool && ri >= r:
				t.Errorf("%s (layer %d) imports %s (layer %d): nothing imports sideways or upward", p, r, imp, ri)
			}
		}
	}
	for p := range layers {
		if _, ok := pkgs[p]; !ok {
			t.Errorf("the map names %s, which is not in the tree", p)
		}
	}
	if _, err := os.Stat("ARCHITECTURE.md"); err != nil {
		t.Error(err)
	}
}
