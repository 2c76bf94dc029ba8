package ingest

import (
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"gongkai"
	"gongkai/internal/golden"
	"gongkai/store"
)

const sampleData = "../internal/samples/data"

// sampleFiles lists the ledgers of the sample county (good and bad), sorted.
func sampleFiles(t testing.TB) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(sampleData, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "单位名录.xlsx" {
			return err
		}
		if ext := strings.ToLower(filepath.Ext(p)); ext == ".xlsx" || ext == ".csv" {
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// sampleEnv is a database with the sample county's registry.
func sampleEnv(t testing.TB, path string) (*store.DB, *Ingester) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if r := LoadUnits(ctx, db, filepath.Join(sampleData, "单位名录.xlsx")); r.Status != StatusLoaded {
		t.Fatalf("registry: %+v", r)
	}
	in, err := New(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	return db, in
}

// dump is the whole content of a database that ingest writes: every ledger
// table and view, the batches (without their timestamps) and the active log.
func dump(t testing.TB, db *store.DB) map[string][]string {
	t.Helper()
	e := &env{t: t.(*testing.T), ctx: context.Background(), db: db}
	m := map[string][]string{}
	for _, k := range gongkai.Kinds {
		m[k.Table] = e.rows("SELECT * FROM " + k.Table + " ORDER BY row_id")
		m["cur_"+k.Name] = e.rows("SELECT * FROM cur_" + k.Name + " ORDER BY row_id")
	}
	m["batches"] = e.rows(`SELECT batch_id, kind, unit_id, year, file_name, sha256, uploader, rows_read, rows_loaded,
		rows_skipped, rows_refused, partial, status, replaced_by FROM batches ORDER BY batch_id`)
	m["batch_active_log"] = e.rows("SELECT * FROM batch_active_log ORDER BY seq")
	m["active_batches"] = e.rows("SELECT * FROM active_batches ORDER BY batch_id")
	return m
}

func sameDump(t *testing.T, want, got map[string][]string) {
	t.Helper()
	for k, w := range want {
		if g := got[k]; !reflect.DeepEqual(w, g) {
			t.Errorf("%s differs: %d rows one by one, %d with Files", k, len(w), len(g))
			if m := golden.Mismatches(w, g); len(m) > 0 {
				t.Errorf("  first difference at row %d:\n  one by one %s\n  Files      %s", m[0].At, m[0].Want, m[0].Got)
			}
		}
	}
}

func sameResults(t *testing.T, want, got []Result) {
	t.Helper()
	if len(want) != len(got) {
		t.Fatalf("%d results one by one, %d with Files", len(want), len(got))
	}
	// When a replaced batch was loaded differs from one database to the other.
	untimed := func(r Result) Result {
		if r.Replaces != nil {
			x := *r.Replaces
			x.UploadedAt = ""
			r.Replaces = &x
		}
		return r
	}
	for i := range want {
		if !reflect.DeepEqual(untimed(want[i]), untimed(got[i])) {
			t.Errorf("result %d differs:\none by one %+v\nFiles      %+v", i, want[i], got[i])
		}
	}
}

// smallGroups makes Files stream every file over 40 rows, so that the
// loader's groups of held files are small and many, with files streamed
// between them, and read little ahead.
var smallGroups = ReadAhead{HoldRows: 40, HeldRows: 150, Files: 5}

// The sample county through Files gives the database and the results of
// File called on each file in turn: all of it in order with the default
// groups, and a part of it shuffled with files repeated (the identical file
// again) in tiny groups (many groups, files over 40 rows streamed between them).
func TestFilesMatchesFileOnSamples(t *testing.T) {
	files := sampleFiles(t)
	if len(files) < 500 {
		t.Fatalf("only %d sample files", len(files))
	}
	r := rand.New(rand.NewPCG(7, 11))
	shuffled := append([]string{}, files...)
	r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	shuffled = shuffled[:120]
	for i := 0; i < 20; i++ {
		shuffled = append(shuffled, shuffled[r.IntN(len(shuffled))])
	}
	r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })

	for _, c := range []struct {
		name  string
		files []string
		small bool
		jobs  int
	}{
		{"sorted", files, false, 0},
		{"shuffled-repeats-small-groups", shuffled, true, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			annot := t.TempDir()
			opt := Options{Uploader: "t", AnnotateDir: annot}
			if c.small {
				opt.ReadAhead = smallGroups
			}
			ctx := context.Background()

			db1, in1 := sampleEnv(t, ":memory:")
			var want []Result
			for _, f := range c.files {
				want = append(want, in1.File(ctx, f, "", opt)...)
			}
			wantDump := dump(t, db1)

			db2, in2 := sampleEnv(t, ":memory:")
			got := in2.Files(ctx, c.files, opt, c.jobs)
			sameResults(t, want, got)
			sameDump(t, wantDump, dump(t, db2))

			var st = map[string]int{}
			for _, r := range got {
				st[r.Status]++
			}
			t.Logf("%d files, %d results %v, %d batches", len(c.files), len(got), st, len(wantDump["batches"]))
			if !c.small && (st[StatusRefused] == 0 || st[StatusLoaded] < 1000) {
				t.Errorf("statuses %v: the samples should load and refuse some", st)
			}
			if c.small && st[StatusUnchanged] == 0 {
				t.Errorf("statuses %v: repeats should be unchanged", st)
			}
		})
	}
}

// loadingBatches counts batches left 'loading'.
func (e *env) loadingBatches() int64 {
	return e.count(`SELECT count(*) FROM batches WHERE status = 'loading'`)
}

// A file refused in the middle of a group changes nothing and leaves its
// neighbours loaded, as File does; with --partial its good rows load.
func TestFilesRefusedInGroup(t *testing.T) {
	dir := t.TempDir()
	good1, good2 := filepath.Join(dir, "平安县财政局-2024-a.csv"), filepath.Join(dir, "z.csv")
	writeApps(t, good1, 30, "A")
	writeApps(t, good2, 20, "B")   // the same unit, kind and year: replaces good1
	bad := td("app-bad-rows.xlsx") // the same unit, kind and year too
	paths := []string{good1, bad, td("kinds/media.csv"), bad, good2}
	for _, partial := range []bool{false, true} {
		opt := Options{Partial: partial}
		seq := newEnv(t)
		var want []Result
		for _, p := range paths {
			want = append(want, seq.file(p, opt)...)
		}
		e := newEnv(t)
		opt.AnnotateDir = seq.dir // the same annotated copies
		got := e.in.Files(e.ctx, paths, opt, 2)
		sameResults(t, want, got)
		sameDump(t, dump(t, seq.db), dump(t, e.db))
		replaced := got[0].BatchID
		if partial {
			replaced = got[1].BatchID
		}
		if got[0].Status != StatusLoaded || got[2].Status != StatusLoaded || got[4].Status != StatusLoaded || got[4].Replaced != replaced {
			t.Errorf("neighbours: %+v", got)
		}
		if !partial {
			if got[1].Status != StatusRefused || got[1].RowsRefused == 0 || got[1].Annotated == "" || len(got[1].Errors) == 0 {
				t.Errorf("bad file in the middle: %+v", got[1])
			}
			if n := e.count(`SELECT count(*) FROM batches`); n != 3 {
				t.Errorf("%d batches, want 3", n)
			}
		} else if got[1].Status != StatusPartial || got[3].Status != StatusUnchanged {
			t.Errorf("partial: %+v / %+v", got[1], got[3])
		}
		if n := e.loadingBatches(); n != 0 {
			t.Errorf("%d batches left loading", n)
		}
	}
}

// Two files for the same unit, kind and year in one call: the later
// supersedes the earlier, both stay in history; the identical file again is
// unchanged, also against a batch loaded before the call.
func TestFilesSameKeyAndIdenticalFile(t *testing.T) {
	dir := t.TempDir()
	v1, v2, v3 := filepath.Join(dir, "v1.csv"), filepath.Join(dir, "v2.csv"), filepath.Join(dir, "v3.csv")
	writeApps(t, v1, 3, "A")
	writeApps(t, v2, 2, "B")
	writeApps(t, v3, 4, "C")
	e := newEnv(t)
	r0 := e.loaded(v3, Options{})

	rs := e.in.Files(e.ctx, []string{v3, v1, v1, v2, td("kinds/media.csv"), v1}, Options{}, 0)
	if len(rs) != 6 {
		t.Fatalf("%d results", len(rs))
	}
	st := func(i int) string { return rs[i].Status }
	if st(0) != StatusUnchanged || rs[0].BatchID != r0.BatchID || rs[0].RowsLoaded != 0 || rs[0].RowsRead != 0 {
		t.Errorf("v3 again (active before the call): %+v", rs[0])
	}
	if st(1) != StatusLoaded || rs[1].Replaced != r0.BatchID || rs[1].RowsLoaded != 3 {
		t.Errorf("v1: %+v", rs[1])
	}
	if st(2) != StatusUnchanged || rs[2].BatchID != rs[1].BatchID {
		t.Errorf("v1 twice: %+v", rs[2])
	}
	if st(3) != StatusLoaded || rs[3].Replaced != rs[1].BatchID {
		t.Errorf("v2: %+v", rs[3])
	}
	if st(5) != StatusLoaded || rs[5].Replaced != rs[3].BatchID || rs[5].BatchID <= rs[3].BatchID {
		t.Errorf("v1 after v2 is a new batch: %+v", rs[5])
	}
	e.wantRows(`SELECT batch_id, status, coalesce(replaced_by, 0) FROM batches WHERE kind = 'applications' ORDER BY 1`,
		fmtRow(r0.BatchID, "superseded", rs[1].BatchID),
		fmtRow(rs[1].BatchID, "superseded", rs[3].BatchID),
		fmtRow(rs[3].BatchID, "superseded", rs[5].BatchID),
		fmtRow(rs[5].BatchID, "active", 0))
	e.wantRows(`SELECT count(*), min(app_no) FROM cur_applications`, "3|A-0000000")
	// History and restore work on batches loaded by Files.
	if err := e.db.Restore(e.ctx, rs[3].BatchID); err != nil {
		t.Fatal(err)
	}
	e.wantRows(`SELECT count(*), min(app_no) FROM cur_applications`, "2|B-0000000")
	h, err := e.db.History(e.ctx)
	if err != nil || len(h) != 5 {
		t.Errorf("history: %d entries, %v", len(h), err)
	}
}

func fmtRow(id int64, status string, by int64) string {
	return fmt.Sprintf("%d|%s|%d", id, status, by)
}

// BenchmarkIngestFilesSample loads the sample county (good and bad files)
// into a fresh on-disk database: File on each file in turn, then Files.
//
//	nice -n 19 go test -run '^$' -bench IngestFilesSample -benchmem ./ingest/
func BenchmarkIngestFilesSample(b *testing.B) {
	files := sampleFiles(b)
	for _, c := range []struct {
		name string
		load func(ctx context.Context, in *Ingester, opt Options) []Result
	}{
		{"sequential", func(ctx context.Context, in *Ingester, opt Options) []Result {
			var rs []Result
			for _, f := range files {
				rs = append(rs, in.File(ctx, f, "", opt)...)
			}
			return rs
		}},
		{"Files", func(ctx context.Context, in *Ingester, opt Options) []Result {
			return in.Files(ctx, files, opt, 0)
		}},
	} {
		b.Run(c.name, func(b *testing.B) {
			var rows, batches int64
			var cpu float64
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db, in := sampleEnv(b, filepath.Join(b.TempDir(), "g.duckdb"))
				opt := Options{Uploader: "bench", AnnotateDir: b.TempDir()}
				cpu0 := cpuSeconds()
				b.StartTimer()
				rs := c.load(context.Background(), in, opt)
				b.StopTimer()
				cpu += cpuSeconds() - cpu0
				for _, r := range rs {
					rows += r.RowsLoaded
					if r.BatchID != 0 && r.Status != StatusUnchanged {
						batches++
					}
				}
				db.Close()
				b.StartTimer()
			}
			sec := b.Elapsed().Seconds()
			b.ReportMetric(float64(len(files)*b.N)/sec, "files/s")
			b.ReportMetric(float64(rows)/sec, "rows/s")
			b.ReportMetric(sec*1e3/float64(batches), "ms/batch")
			b.ReportMetric(cpu/float64(b.N), "cpu-s/op")
		})
	}
}

// Cancelled before the call: every file is refused and nothing changes.
// Cancelled half-way: the files loaded are exactly the active batches in
// the database, the rest changed nothing, no batch is left loading.
func TestFilesCancelled(t *testing.T) {
	files := sampleFiles(t)[:150]
	db, in := sampleEnv(t, filepath.Join(t.TempDir(), "g.duckdb"))
	e := &env{t: t, ctx: context.Background(), db: db, dir: t.TempDir()}
	opt := Options{AnnotateDir: e.dir}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	before := e.snapshot()
	for _, r := range in.Files(ctx, files, opt, 2) {
		if r.Status != StatusRefused || r.Reason == "" {
			t.Fatalf("cancelled before: %+v", r)
		}
	}
	e.unchangedSince(before)

	opt.ReadAhead = smallGroups
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	go func() { // cancel once a group is published
		for ctx.Err() == nil {
			var n int64
			if err := db.Raw().QueryRowContext(ctx, `SELECT count(*) FROM active_batches`).Scan(&n); err == nil && n > 0 {
				cancel()
			}
		}
	}()
	rs := in.Files(ctx, files, opt, 2)
	cancel()
	st := map[string]int{}
	loaded := map[int64]int64{}
	for _, r := range rs {
		st[r.Status]++
		switch r.Status {
		case StatusLoaded, StatusPartial:
			loaded[r.BatchID] = r.RowsLoaded
		case StatusRefused:
		default:
			t.Errorf("status %s: %+v", r.Status, r)
		}
	}
	t.Logf("cancelled half-way: %v", st)
	if st[StatusLoaded] == 0 || st[StatusRefused] < 20 {
		t.Errorf("statuses %v: want some loaded and many cancelled", st)
	}
	if n := e.loadingBatches(); n != 0 {
		t.Errorf("%d batches left loading", n)
	}
	active := map[int64]int64{}
	for _, row := range e.rows(`SELECT batch_id, rows_loaded FROM batches WHERE status = 'active'`) {
		var id, n int64
		fmt.Sscanf(row, "%d|%d", &id, &n)
		active[id] = n
	}
	if !reflect.DeepEqual(active, loaded) {
		t.Errorf("active batches %v, loaded results %v", active, loaded)
	}
	var rows int64
	for _, k := range gongkai.Kinds {
		rows += e.count("SELECT count(*) FROM cur_" + k.Name)
	}
	var want int64
	for _, n := range loaded {
		want += n
	}
	if rows != want {
		t.Errorf("%d current rows, results say %d", rows, want)
	}
}

// BenchmarkIngestFilesMany loads GONGKAI_BENCH_FILES (default 2,000) small
// application ledgers of 57 rows, one per unit of a registry of as many
// units -- the shape of a province's year end (~350,000 such batches) in
// small: File on each in turn, then Files.
//
//	GONGKAI_BENCH_FILES=2000 nice -n 19 go test -run '^$' -bench IngestFilesMany -benchtime 1x -benchmem ./ingest/
func BenchmarkIngestFilesMany(b *testing.B) {
	n := 2000
	if s := os.Getenv("GONGKAI_BENCH_FILES"); s != "" {
		if v, err := strconv.Atoi(s); err == nil && v > 0 {
			n = v
		}
	}
	const rowsPerFile = 57
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("gongkai-bench-files-%d", n))
	unitName := func(i int) string { return fmt.Sprintf("第%05d号测试单位", i+1) }
	var files []string
	for i := 0; i < n; i++ {
		files = append(files, filepath.Join(dir, fmt.Sprintf("%05d.csv", i)))
	}
	if _, err := os.Stat(files[n-1]); err != nil {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			b.Fatal(err)
		}
		r := rand.New(rand.NewPCG(5, 6))
		for i, f := range files {
			var sb strings.Builder
			sb.WriteString(unitName(i) + "2024年依申请公开办理台账\n" + strings.Join(benchHeader, ",") + "\n")
			for j := 0; j < rowsPerFile; j++ {
				sb.WriteString(strings.Join(benchRecord(r, j), ",") + "\n")
			}
			if err := os.WriteFile(f, []byte(sb.String()), 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	units := make([]gongkai.Unit, n)
	for i := range units {
		units[i] = gongkai.Unit{ID: int64(i + 1), Name: unitName(i)}
	}
	for _, c := range []struct {
		name string
		load func(ctx context.Context, in *Ingester, opt Options) []Result
	}{
		{"sequential", func(ctx context.Context, in *Ingester, opt Options) []Result {
			var rs []Result
			for _, f := range files {
				rs = append(rs, in.File(ctx, f, "", opt)...)
			}
			return rs
		}},
		{"Files", func(ctx context.Context, in *Ingester, opt Options) []Result {
			return in.Files(ctx, files, opt, 0)
		}},
	} {
		b.Run(c.name, func(b *testing.B) {
			var cpu float64
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				ctx := context.Background()
				db, err := store.Open(ctx, filepath.Join(b.TempDir(), "g.duckdb"))
				if err != nil {
					b.Fatal(err)
				}
				if err := db.SaveUnits(ctx, units); err != nil {
					b.Fatal(err)
				}
				in, err := New(ctx, db)
				if err != nil {
					b.Fatal(err)
				}
				cpu0 := cpuSeconds()
				b.StartTimer()
				rs := c.load(ctx, in, Options{Uploader: "bench"})
				b.StopTimer()
				cpu += cpuSeconds() - cpu0
				for _, r := range rs {
					if r.Status != StatusLoaded || r.RowsLoaded != rowsPerFile {
						b.Fatalf("%+v", r)
					}
				}
				db.Close()
				b.StartTimer()
			}
			sec := b.Elapsed().Seconds()
			b.ReportMetric(float64(n*b.N)/sec, "files/s")
			b.ReportMetric(float64(n*rowsPerFile*b.N)/sec, "rows/s")
			b.ReportMetric(sec*1e3/float64(n*b.N), "ms/batch")
			b.ReportMetric(cpu/float64(b.N), "cpu-s/op")
		})
	}
}
