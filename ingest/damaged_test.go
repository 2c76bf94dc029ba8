package ingest

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The hostile corpus of internal/xlsxstream (issue 13 point 2): damaged
// copies of a ledger of 400 rows, each with the refusal it must give
// (testdata/damaged/cases.tsv there). The reader's refusals are tested
// there; here, that a refusal met at any row changes nothing.
var damagedDir = filepath.Join("..", "internal", "xlsxstream", "testdata", "damaged")

// TestDamagedRefused: every file of the corpus, on both reading paths and
// through Files, is refused with its reason and changes nothing: the
// unit's earlier batch (the sound ledger) stays the one in force, whole.
func TestDamagedRefused(t *testing.T) {
	f, err := os.Open(filepath.Join(damagedDir, "cases.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type tc struct{ file, want string }
	var cases []tc
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := sc.Text(); line != "" && !strings.HasPrefix(line, "#") {
			file, want, _ := strings.Cut(line, "\t")
			cases = append(cases, tc{file, want})
		}
	}
	if len(cases) < 60 {
		t.Fatalf("%d cases in the corpus", len(cases))
	}
	const rows = 400
	e := newEnv(t)
	good := e.loaded(filepath.Join(damagedDir, "sound.xlsx"), Options{})
	if good.RowsLoaded != rows {
		t.Fatalf("sound ledger: %+v", good)
	}
	before := e.snapshot()
	runs := 0
	for _, excelizeOnly := range []bool{false, true} {
		for _, c := range cases {
			r := e.one(filepath.Join(damagedDir, c.file), Options{ExcelizeOnly: excelizeOnly})
			runs++
			if r.Status != StatusRefused || r.RowsLoaded != 0 || r.BatchID != 0 || !regexp.MustCompile(c.want).MatchString(r.Reason) {
				t.Errorf("%s (excelize only %v): status %s, loaded %d, batch %d, reason %q; want refused with %s", c.file, excelizeOnly, r.Status, r.RowsLoaded, r.BatchID, r.Reason, c.want)
			}
			e.unchangedSince(before)
		}
	}
	// The same through Files, which reads small files whole and loads
	// them in groups.
	var paths []string
	for _, c := range cases {
		paths = append(paths, filepath.Join(damagedDir, c.file))
	}
	for i, r := range e.in.Files(e.ctx, paths, Options{AnnotateDir: e.dir}, 2) {
		runs++
		if c := cases[i]; r.Status != StatusRefused || r.RowsLoaded != 0 || !regexp.MustCompile(c.want).MatchString(r.Reason) {
			t.Errorf("Files, %s: status %s, loaded %d, reason %q; want refused with %s", c.file, r.Status, r.RowsLoaded, r.Reason, c.want)
		}
	}
	e.unchangedSince(before)
	e.wantRows(`SELECT batch_id, count(*) FROM cur_applications GROUP BY 1`, fmt.Sprintf("%d|%d", good.BatchID, rows))
	t.Logf("%d hostile files, %d refusals checked", len(cases), runs)
}
