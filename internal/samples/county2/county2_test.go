package county2

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/golden"
)

// committed is the county's data in the repository.
const committed = "data"

// Regenerating the county with make.sh reproduces data/: byte for byte what
// openpyxl, Python's csv module, iconv and LibreOffice's .xls filter write;
// by content what LibreOffice writes as .xlsx and .ods, whose zip entries
// carry the time of the run. Without the tools (python3-openpyxl,
// libreoffice-calc-nogui) the test is skipped, except under CI=true, where
// it fails: .ci/run installs them.
func TestRegenerateMatchesCommitted(t *testing.T) {
	ci := os.Getenv("CI") == "true"
	if testing.Short() && !ci {
		t.Skip("runs LibreOffice (about 30 s)")
	}
	out := filepath.Join(t.TempDir(), "data")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sh", "make.sh", out)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 2 && strings.Contains(stderr.String(), "make.sh: missing") {
		if ci {
			t.Fatalf("the tools that write county 2 are missing under CI=true: %s", stderr.String())
		}
		t.Skipf("tools missing: %s", stderr.String())
	}
	if err != nil {
		t.Fatalf("make.sh: %v\n%s", err, stderr.String())
	}

	var truth struct {
		Files []struct {
			Path   string `json:"path"`
			Writer string `json:"writer"`
		} `json:"files"`
	}
	b, err := os.ReadFile(filepath.Join(committed, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &truth); err != nil {
		t.Fatal(err)
	}
	libre := map[string]bool{}
	for _, f := range truth.Files {
		libre[f.Path] = strings.HasPrefix(f.Writer, "LibreOffice")
	}

	got, want := listFiles(t, out), listFiles(t, committed)
	if len(want) == 0 {
		t.Fatalf("nothing committed in %s: run sh make.sh", committed)
	}
	for _, p := range slices.Sorted(maps.Keys(want)) {
		if _, ok := got[p]; !ok {
			t.Errorf("%s: committed but no longer generated (run sh make.sh)", p)
		}
	}
	for _, p := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[p]; !ok {
			t.Errorf("%s: generated but not committed (run sh make.sh)", p)
			continue
		}
		g, w := got[p], want[p]
		switch ext := filepath.Ext(p); {
		case libre[p] && ext == ".xlsx":
			equalText(t, p, xlsxContent(t, g), xlsxContent(t, w))
		case libre[p] && ext == ".ods":
			equalText(t, p, zipParts(t, g, "content.xml"), zipParts(t, w, "content.xml"))
		case !bytes.Equal(readAll(t, g), readAll(t, w)):
			t.Errorf("%s: differs from the committed file (run sh make.sh)", p)
		}
	}
}

// listFiles maps every file under dir (slash paths) to its path, leaving
// out the annotated copies the ingest writes beside refused workbooks.
func listFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, "-错误标注.xlsx") {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = p
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	return out
}

func readAll(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// equalText reports a difference by its first differing line.
func equalText(t *testing.T, name, got, want string) {
	t.Helper()
	if got == want {
		return
	}
	if m := golden.Mismatches(strings.Split(want, "\n"), strings.Split(got, "\n")); len(m) > 0 {
		t.Errorf("%s: content differs from the committed file at line %d: %.200q, committed %.200q (run sh make.sh)", name, m[0].At+1, m[0].Got, m[0].Want)
	}
}

// xlsxContent is what a LibreOffice workbook holds, independent of the zip
// container: its parts, defined names (the autofilter ranges), and per
// sheet its visibility, every non-empty cell with its type and raw value,
// merged ranges, hidden rows and hidden columns.
func xlsxContent(t *testing.T, p string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(zipParts(t, p, ""))
	f, err := excelize.OpenFile(p)
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	defer f.Close()
	for _, dn := range f.GetDefinedName() {
		fmt.Fprintf(&b, "name %s %s %s\n", dn.Name, dn.Scope, dn.RefersTo)
	}
	for _, sh := range f.GetSheetList() {
		vis, err := f.GetSheetVisible(sh)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		fmt.Fprintf(&b, "sheet %s visible=%v\n", sh, vis)
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		cols := 0
		for r, row := range rows {
			cols = max(cols, len(row))
			if ok, _ := f.GetRowVisible(sh, r+1); !ok {
				fmt.Fprintf(&b, "hidden row %d\n", r+1)
			}
			for c, v := range row {
				if v == "" {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				typ, _ := f.GetCellType(sh, cell)
				fmt.Fprintf(&b, "%s %d %q\n", cell, typ, v)
			}
		}
		for c := 1; c <= cols; c++ {
			name, _ := excelize.ColumnNumberToName(c)
			if ok, _ := f.GetColVisible(sh, name); !ok {
				fmt.Fprintf(&b, "hidden column %s\n", name)
			}
		}
		merges, err := f.GetMergeCells(sh)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for _, m := range merges {
			fmt.Fprintf(&b, "merge %s:%s\n", m.GetStartAxis(), m.GetEndAxis())
		}
	}
	return b.String()
}

// zipParts lists a zip's part names, or with part set, returns that part.
func zipParts(t *testing.T, p, part string) string {
	t.Helper()
	z, err := zip.OpenReader(p)
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	defer z.Close()
	var names []string
	for _, f := range z.File {
		if part == "" {
			names = append(names, f.Name)
			continue
		}
		if f.Name == part {
			r, err := f.Open()
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			defer r.Close()
			b, err := io.ReadAll(r)
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			return string(b)
		}
	}
	if part != "" {
		t.Fatalf("%s: no part %s", p, part)
	}
	sort.Strings(names)
	return "parts " + strings.Join(names, " ") + "\n"
}
