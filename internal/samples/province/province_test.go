package province

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The same config gives the same bytes, whatever the number of workers.
func TestGenerateIsDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	ma, err := Generate(a, Config{Units: 70, Years: 2, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	mb, err := Generate(b, Config{Units: 70, Years: 2, Workers: 4})
	if err != nil {
		t.Fatal(err)
	}
	if ma.Rows != mb.Rows || ma.Files != mb.Files || ma.Bytes != mb.Bytes {
		t.Fatalf("manifests differ: %+v vs %+v", ma, mb)
	}
	n := 0
	err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "manifest.json" {
			return err
		}
		rel, _ := filepath.Rel(a, p)
		x, _ := os.ReadFile(p)
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between runs (%v)", rel, err)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// 2 counties (57 + 13 units) × 2 years, the registry, 2 schemes, files.txt.
	if n != ma.Files+len(ma.Bad)+4 || ma.Counties != 2 || ma.Units != 70 {
		t.Errorf("%d files on disk; manifest: %d files, %d bad, %d counties", n, ma.Files, len(ma.Bad), ma.Counties)
	}
	paths, err := ma.LedgerPaths(a)
	if err != nil || len(paths) != ma.Files {
		t.Fatalf("LedgerPaths: %d, %v", len(paths), err)
	}
	if ma.FilesByFormat["xlsx"] <= ma.Files/2 || ma.FilesByFormat["csv-gb18030"] == 0 || ma.FilesByFormat["csv-utf8"] == 0 || ma.Workbooks == 0 {
		t.Errorf("formats %v, %d workbooks", ma.FilesByFormat, ma.Workbooks)
	}
	if ma.RowsByKind["media"] <= ma.RowsByKind["disclosures"] {
		t.Errorf("media should be the largest ledger: %v", ma.RowsByKind)
	}
	for _, k := range KindNames() {
		if ma.RowsByKind[k] == 0 || ma.BatchesByKind[k] == 0 {
			t.Errorf("no %s: %v %v", k, ma.RowsByKind, ma.BatchesByKind)
		}
	}
}

// Names, aliases and credit codes are unique across the province, and
// every code has its GB 32100 check character.
func TestRegistryIsUnambiguous(t *testing.T) {
	cs := newProvince(600, 1)
	seen := map[string]string{}
	n := 0
	for _, c := range cs {
		for _, u := range c.Units {
			n++
			for _, k := range append([]string{u.Name, u.Code}, u.Aliases...) {
				if o, dup := seen[k]; dup && o != u.Name {
					t.Errorf("%q names both %s and %s", k, o, u.Name)
				}
				seen[k] = u.Name
			}
			if len(u.Code) != 18 || creditCheck(u.Code[:17]) != u.Code[17] || strings.ContainsAny(u.Code, "IOSVZ") {
				t.Errorf("%s: bad credit code %s", u.Name, u.Code)
			}
			if u.assessed() != (u.kind != kGov) {
				t.Errorf("%s: group %q", u.Name, u.Group)
			}
		}
	}
	if n != 600 || len(cs) != 11 {
		t.Errorf("%d units in %d counties", n, len(cs))
	}
	// ingest.ValidCreditCode checks every code again when bench's
	// TestProvinceYearEnd loads the registry.
}

func TestYearsWithinCalendar(t *testing.T) {
	if _, err := Generate(t.TempDir(), Config{Units: 5, Years: 2, FirstYear: 2026}); err == nil {
		t.Error("2027 is beyond the working-day calendar and must be refused")
	}
}
