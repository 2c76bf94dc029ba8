package county2

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"gongkai"
	"gongkai/ingest"
	"gongkai/metrics"
	"gongkai/reports"
	"gongkai/store"
)

// needsMergeFill lists files allowed to differ from the truth because a
// merged cell's value is not filled into the cells it covers. Empty since
// xlsxstream fills merges (weights.xlsx, 卫生健康局, 农业农村局, 金沙乡 and
// weights-v2 depended on it); the test logs an entry that already passes.
var needsMergeFill = map[string]bool{}

// truthFile is one file of truth.json (README.md lists the fields).
type truthFile struct {
	Path    string `json:"path"`
	Kind    string `json:"kind"`
	Scope   string `json:"scope"`
	Unit    string `json:"unit"`
	Year    int    `json:"year"`
	Expect  string `json:"expect"`
	Refusal *struct {
		Why   string   `json:"why"`
		Code  string   `json:"code"`  // the refusal's code, where the truth says it
		Names []string `json:"names"` // what its message must name
	} `json:"refusal"`
	Rows          int `json:"rows"`
	Loaded        int `json:"loaded"`
	LoadedPartial int `json:"loaded_partial"`
	Pairs         int `json:"pairs"`
	Bad           []struct {
		Sheet  string `json:"sheet"`
		Row    int    `json:"row"`
		Column string `json:"column"`
		Value  string `json:"value"`
		Reason string `json:"reason"`
	} `json:"bad"`
	Records []struct {
		Sheet  string         `json:"sheet"`
		Row    int            `json:"row"`
		Line   int            `json:"line"` // a CSV's physical line, where it differs from Row (not gongkai's: it numbers the row a spreadsheet shows)
		Values map[string]any `json:"values"`
	} `json:"records"`
}

type truthDoc struct {
	Year  int         `json:"year"`
	Files []truthFile `json:"files"`
	Units struct {
		Units []struct {
			Name string `json:"name"`
		} `json:"units"`
	} `json:"registry"`
	Weights []struct {
		Unit             string  `json:"unit"`
		TotalPoints      float64 `json:"total_points"`
		DisclosurePoints float64 `json:"disclosure_points"`
		Compliant        bool    `json:"compliant"`
	} `json:"weights"`
	Table3 []struct {
		Unit string                    `json:"unit"`
		Rows map[string]map[string]int `json:"rows"`
	} `json:"table3"`
}

// The acceptance test of issue 14: the registry and every file of 安宁县,
// written by programs other than gongkai, loaded into a fresh database
// through ingest, give what truth.json (computed by gen.py, never by
// gongkai) says: each file's status, rows, unit, year and refused cells,
// every stored value of every record, the 4% check per unit through
// metrics.Weights, table 三 per unit through reports.Derive, and, for the
// files refused for their cells, the rows a partial load keeps.
func TestCountyLoadsAsTruthSays(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the county into DuckDB")
	}
	ctx := context.Background()
	truth, db, in := openCounty(t)
	names := map[int64]string{}
	for _, u := range in.Reg.Units {
		names[u.ID] = u.Name
	}

	// check reports a file's problems: as failures, or as a note for a
	// file that waits for merged cells to be filled.
	check := func(f truthFile, problems []string) {
		t.Helper()
		switch {
		case needsMergeFill[f.Path] && len(problems) == 0:
			t.Logf("%s passes: remove it from needsMergeFill", f.Path)
		case needsMergeFill[f.Path]:
			t.Logf("%s (needs merged cells filled): %s", f.Path, strings.Join(problems, "; "))
		default:
			for _, p := range problems {
				t.Errorf("%s: %s", f.Path, p)
			}
		}
	}
	opt := ingest.Options{Uploader: "acceptance", NoAnnotate: true}
	loaded := map[string]bool{}
	byBatch := map[int64]truthFile{}
	for _, f := range truth.Files {
		res := in.File(ctx, filepath.Join(committed, filepath.FromSlash(f.Path)), "", opt)
		var problems []string
		bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
		if len(res) != 1 {
			check(f, []string{fmt.Sprintf("%d results: %+v", len(res), res)})
			continue
		}
		r := res[0]
		formatRefusal := f.Expect == "refused" && len(f.Bad) == 0
		switch {
		case f.Expect == "loaded" && r.Status != ingest.StatusLoaded:
			bad("status %s (%s) %v, want loaded", r.Status, r.Reason, first(r.Errors, 5))
		case f.Expect == "refused" && r.Status != ingest.StatusRefused:
			bad("status %s, want refused", r.Status)
		}
		if f.Refusal != nil && f.Refusal.Code != "" && r.Code != f.Refusal.Code {
			bad("refused with code %s (%s), want %s", r.Code, r.Reason, f.Refusal.Code)
		}
		if f.Refusal != nil {
			for _, n := range f.Refusal.Names {
				if !strings.Contains(r.Reason, n) {
					bad("the refusal %q does not name %s", r.Reason, n)
				}
			}
		}
		if int(r.RowsLoaded) != f.Loaded {
			bad("%d rows loaded, want %d", r.RowsLoaded, f.Loaded)
		}
		if !formatRefusal {
			wantUnit := f.Unit
			if f.Scope == "county" {
				wantUnit = gongkai.CountyName
			}
			if r.Kind != f.Kind || r.Unit != wantUnit || r.County != (f.Scope == "county") || r.Year != f.Year {
				bad("kind %s unit %q (county %v) year %d; want %s %q %d", r.Kind, r.Unit, r.County, r.Year, f.Kind, wantUnit, f.Year)
			}
		}
		if f.Pairs != 0 && r.Status == ingest.StatusLoaded && int(r.RowsStored) != f.Pairs {
			bad("%d task–unit pairs stored, want %d", r.RowsStored, f.Pairs)
		}
		// The refused cells, exactly.
		var got, want []string
		for _, e := range r.Errors {
			got = append(got, fmt.Sprintf("%s!%d!%s", e.Sheet, e.Row, e.Column))
		}
		for _, w := range f.Bad {
			want = append(want, fmt.Sprintf("%s!%d!%s", w.Sheet, w.Row, w.Column))
			ok := false
			for _, e := range r.Errors {
				ok = ok || e.Sheet == w.Sheet && e.Row == w.Row && e.Column == w.Column && strings.Contains(e.Reason, w.Reason)
			}
			if !ok {
				bad("no error at %s row %d %s containing %q", w.Sheet, w.Row, w.Column, w.Reason)
			}
		}
		sort.Strings(got)
		sort.Strings(want)
		if !slices.Equal(got, want) {
			bad("refused cells %v, want %v", got, want)
		}
		if r.Status == ingest.StatusLoaded {
			loaded[f.Path] = true
			byBatch[r.BatchID] = f
			problems = append(problems, compareRecords(t, db, f, r.BatchID, names)...)
		}
		check(f, problems)
	}

	// The history counts a file's rows as the clerk sees them in the file
	// (tasks.xlsx: 40 rows, not its 50 task–unit pairs), with the pairs
	// stored as detail, and so do the counts per kind of the admin page.
	hist, err := db.History(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]int64{}
	for _, h := range hist {
		f, ok := byBatch[h.ID]
		if !ok {
			continue
		}
		delete(byBatch, h.ID)
		rows[f.Kind] += int64(f.Loaded)
		if h.RowsLoaded != int64(f.Loaded) || h.RowsStored != int64(f.Pairs) || h.RowsRead-h.RowsSkipped-h.RowsRefused != h.RowsLoaded {
			t.Errorf("history of %s: %d rows loaded (%d stored; read %d, skipped %d), want %d (%d stored)",
				f.Path, h.RowsLoaded, h.RowsStored, h.RowsRead, h.RowsSkipped, f.Loaded, f.Pairs)
		}
	}
	if len(byBatch) != 0 {
		t.Errorf("batches missing from the history: %v", byBatch)
	}
	counts, err := db.KindCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range counts {
		if c.Rows != rows[c.Kind] {
			t.Errorf("%s: %d rows active, want %d", c.Kind, c.Rows, rows[c.Kind])
		}
	}
	if c, err := db.LedgerRowsActive(ctx); err != nil || c.Recorded != c.Stored {
		t.Errorf("consistency check: %+v %v", c, err)
	}

	// The 4% check per unit, from the weights ledger.
	if loaded["weights.xlsx"] {
		ws, err := metrics.Weights(ctx, db, truth.Year)
		if err != nil {
			t.Fatal(err)
		}
		byName := map[string]metrics.Weight{}
		for _, w := range ws {
			byName[w.UnitName] = w
		}
		if len(ws) != len(truth.Weights) {
			t.Errorf("weights for %d units, want %d", len(ws), len(truth.Weights))
		}
		for _, want := range truth.Weights {
			w, ok := byName[want.Unit]
			if !ok || !near(w.TotalPoints, want.TotalPoints) || !near(w.DisclosurePoints, want.DisclosurePoints) || w.Compliant != want.Compliant {
				t.Errorf("weights of %s: %+v, want %+v", want.Unit, w, want)
			}
		}
	} else if !needsMergeFill["weights.xlsx"] {
		t.Error("weights.xlsx did not load: no 4% check")
	}

	// Table 三 per unit with a good applications ledger.
	for _, want := range truth.Table3 {
		u, err := in.Reg.Resolve(want.Unit)
		if err != nil {
			t.Fatal(err)
		}
		d, err := reports.Derive(ctx, db, truth.Year, u.ID, reports.DeriveOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range reports.Table3Rows {
			key := row.Code
			if key == "7" {
				key = "7.total"
			}
			for ci, col := range reports.Table3Cols {
				w := want.Rows[key][col.Label]
				if g := d.Report.Table3.Cell(row.Code, ci).Value(); !near(g, float64(w)) {
					t.Errorf("table 三 of %s: %s × %s = %v, want %d", want.Unit, row.Code, col.Label, g, w)
				}
			}
		}
	}

	// A file refused for its cells keeps its good rows with Partial.
	opt.Partial = true
	for _, f := range truth.Files {
		if f.Expect != "refused" || len(f.Bad) == 0 {
			continue
		}
		res := in.File(ctx, filepath.Join(committed, filepath.FromSlash(f.Path)), "", opt)
		var problems []string
		if len(res) != 1 || res[0].Status != ingest.StatusPartial || int(res[0].RowsLoaded) != f.LoadedPartial {
			problems = append(problems, fmt.Sprintf("partial load: %+v, want %d rows", res, f.LoadedPartial))
		}
		check(f, problems)
	}
}

// openCounty reads truth.json and gives a fresh database (closed when the
// test ends) holding the county's registry, with an Ingester over it.
func openCounty(t *testing.T) (truthDoc, *store.DB, *ingest.Ingester) {
	t.Helper()
	var truth truthDoc
	b, err := os.ReadFile(filepath.Join(committed, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &truth); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "c2.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if r := ingest.LoadUnits(ctx, db, filepath.Join(committed, "单位名录.xlsx")); r.Status != ingest.StatusLoaded || r.Added != len(truth.Units.Units) {
		t.Fatalf("registry: %+v", r)
	}
	in, err := ingest.New(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	return truth, db, in
}

func first(errs []ingest.RowError, n int) []ingest.RowError { return errs[:min(n, len(errs))] }

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

// compareRecords compares the rows of a batch with the file's records in
// truth.json, field by field, and returns what differs.
func compareRecords(t *testing.T, db *store.DB, f truthFile, batch int64, names map[int64]string) []string {
	t.Helper()
	k := gongkai.KindByName(f.Kind)
	types := map[string]gongkai.ColType{}
	for _, c := range k.Columns {
		types[c.Field] = c.Type
	}
	rows, err := db.Raw().Query(fmt.Sprintf(`SELECT * FROM %s WHERE batch_id = $1 ORDER BY row_id`, k.Table), batch)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	// got[sheet!row] is the row's values as truth.json writes them.
	got := map[string]map[string]any{}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		v := map[string]any{}
		for i, c := range cols {
			v[c] = vals[i]
		}
		sheet, _ := v["src_sheet"].(string)
		key := fmt.Sprintf("%s!%d", sheet, v["src_row"])
		out := got[key]
		if out == nil {
			out = map[string]any{}
			got[key] = out
		}
		for field, typ := range types {
			switch typ {
			case gongkai.TDeadline:
				out[field] = map[string]any{"date": canon(v[field], gongkai.TDate), "text": canon(v[field+"_text"], gongkai.TText)}
			case gongkai.TUnitOrGroup:
				out[field] = canon(v[field+"_group"], gongkai.TText)
				if id, ok := v[field+"_unit_id"].(int64); ok {
					out[field] = names[id]
				}
			case gongkai.TUnit:
				if field != "unit_id" {
					list, _ := out[field].([]any)
					out[field] = append(list, names[v[field].(int64)])
				}
			default:
				out[field] = canon(v[field], typ)
			}
		}
	}
	var problems []string
	if len(got) != len(f.Records) {
		problems = append(problems, fmt.Sprintf("%d rows stored, want %d records", len(got), len(f.Records)))
	}
	for _, rec := range f.Records {
		key := fmt.Sprintf("%s!%d", rec.Sheet, rec.Row)
		row, ok := got[key]
		if !ok {
			problems = append(problems, fmt.Sprintf("record %s not stored", key))
			continue
		}
		for field, want := range rec.Values {
			if w, g := jsonText(want, types[field]), jsonText(row[field], types[field]); w != g {
				problems = append(problems, fmt.Sprintf("%s %s = %s, want %s", key, field, g, w))
			}
		}
	}
	return problems
}

// canon is a stored value as truth.json writes it: dates YYYY-MM-DD,
// date-times YYYY-MM-DD HH:MM, numbers as numbers, NULL as nil.
func canon(v any, typ gongkai.ColType) any {
	switch x := v.(type) {
	case nil:
		return nil
	case time.Time:
		if typ == gongkai.TDateTime {
			return x.Format("2006-01-02 15:04")
		}
		return x.Format("2006-01-02")
	case int64:
		return float64(x)
	case sql.NullString:
		return x.String
	}
	return v
}

// jsonText is a value in one spelling for comparing: numbers as float64
// in JSON, the rest as JSON.
func jsonText(v any, typ gongkai.ColType) string {
	switch x := v.(type) {
	case int:
		v = float64(x)
	case int64:
		v = float64(x)
	case []any:
		v = slices.Clone(x)
	}
	b, _ := json.Marshal(v)
	var back any
	json.Unmarshal(b, &back)
	b, _ = json.Marshal(back)
	return string(b)
}
