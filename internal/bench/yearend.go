// Package bench runs the whole year-end pipeline of a province (issue
// "Speed and scale") on the data set of package internal/samples/province:
// load the registry, ingest every ledger file, load the schemes, score every year,
// derive and check every unit's annual report, write the static site and
// the ranking workbook — through the same public APIs the CLI uses — and
// measures each stage.
package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"gongkai/charts"
	"gongkai/ingest"
	"gongkai/internal/samples/province"
	"gongkai/metrics"
	"gongkai/reports"
	"gongkai/store"
)

// Stage is one step of the run.
type Stage struct {
	Name      string
	Wall      time.Duration
	CPU       time.Duration // process CPU time (DuckDB's threads included)
	PeakRSSMB float64       // peak resident set during the stage (Linux; 0 elsewhere)
}

// Outcome is what a run did and what it measured.
type Outcome struct {
	Stages []Stage

	UnitsLoaded  int
	Results      int // ingest results of the good files (one per file and kind)
	Loaded       int
	Refused      int
	RowsLoaded   int64
	RowsSkipped  int64
	Refusals     []string // "file: reason" of refused good files (should be none)
	BadRefused   int      // bad files refused whole
	BadErrors    int      // their listed row errors
	RowsByKind   map[string]int64
	BatchesByKnd map[string]int
	Scored       map[int]int            // year → units with a result
	ScoredGroups map[int]map[string]int // year → group → units
	Vetoed       int                    // in the last year
	Reports      int                    // derived for the last year
	ReportErrors []string               // check findings of severity error
	ReportWarns  int
	Site         *charts.SiteInfo
	SiteBytes    int64
	WorkbookUnit int
	Deductions   int
	WorkbookSize int64
	DBBytes      int64
	PeakRSSMB    float64 // over the whole run
}

// Stage returns the stage called name.
func (o *Outcome) Stage(name string) Stage {
	for _, s := range o.Stages {
		if s.Name == name {
			return s
		}
	}
	return Stage{}
}

// Options of a run.
type Options struct {
	Workers int                           // for the ingest (see ingestFiles); 0 = GOMAXPROCS
	Logf    func(format string, a ...any) // progress, may be nil
	// ProgressEvery logs the ingest's pace every so many files (0 = only at the end).
	ProgressEvery int
	// OneByOne ingests with File on each path in turn instead of Files.
	OneByOne bool
}

// ingestFiles loads the files as `gongkai ingest` does: ingest.Files reads
// and checks them on workers while one writer loads them in groups. With
// oneByOne (GONGKAI_PROVINCE_ONE_BY_ONE=1 in the benchmark) it calls File on
// each path in turn instead, the path before Files, for comparison.
func ingestFiles(ctx context.Context, in *ingest.Ingester, paths []string, opt ingest.Options, workers int, oneByOne bool) []ingest.Result {
	if !oneByOne {
		return in.Files(ctx, paths, opt, workers)
	}
	var out []ingest.Result
	for _, p := range paths {
		out = append(out, in.File(ctx, p, "", opt)...)
	}
	return out
}

// progress wraps ingestFiles to log the pace every step files, which shows
// whether the cost per file grows with the database.
func progress(ctx context.Context, in *ingest.Ingester, paths []string, opt ingest.Options, workers int, oneByOne bool, step int, logf func(string, ...any)) []ingest.Result {
	var out []ingest.Result
	t0 := time.Now()
	for i := 0; i < len(paths); i += step {
		t, c := time.Now(), cpuTime()
		rs := ingestFiles(ctx, in, paths[i:min(i+step, len(paths))], opt, workers, oneByOne)
		var rows int64
		for _, r := range rs {
			rows += r.RowsLoaded
		}
		out = append(out, rs...)
		logf("  ingest files %6d–%6d: %5d batches %8d rows %7.1fs wall %7.1fs cpu (%.1f ms wall, %.1f ms cpu per batch; total %.0fs)",
			i+1, min(i+step, len(paths)), len(rs), rows, time.Since(t).Seconds(), (cpuTime() - c).Seconds(),
			1000*time.Since(t).Seconds()/float64(max(len(rs), 1)), 1000*(cpuTime()-c).Seconds()/float64(max(len(rs), 1)), time.Since(t0).Seconds())
	}
	return out
}

// RunYearEnd runs the year-end pipeline on the data set in dataDir into a
// fresh database under workDir. The reports, the site and the workbook are
// of the last year of the data set.
func RunYearEnd(ctx context.Context, dataDir string, m *province.Manifest, workDir string, opt Options) (*Outcome, error) {
	// Every line also goes to workDir/yearend.log (go test cuts long
	// benchmark logs short).
	logFile, err := os.Create(filepath.Join(workDir, "yearend.log"))
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	logf := func(format string, a ...any) {
		fmt.Fprintf(logFile, format+"\n", a...)
		if opt.Logf != nil {
			opt.Logf(format, a...)
		}
	}
	o := &Outcome{RowsByKind: map[string]int64{}, BatchesByKnd: map[string]int{}, Scored: map[int]int{}, ScoredGroups: map[int]map[string]int{}}
	dbPath := filepath.Join(workDir, "province.duckdb")
	for _, p := range []string{dbPath, dbPath + ".wal"} {
		os.Remove(p)
	}
	year := m.Years[len(m.Years)-1]
	runPeak := 0.0
	stage := func(name string, f func() error) error {
		resetPeakRSS()
		t0, c0 := time.Now(), cpuTime()
		err := f()
		s := Stage{Name: name, Wall: time.Since(t0), CPU: cpuTime() - c0, PeakRSSMB: peakRSSMB()}
		runPeak = max(runPeak, s.PeakRSSMB)
		o.Stages = append(o.Stages, s)
		logf("%-10s %9.2fs wall %9.2fs cpu %7.0f MB peak RSS", name, s.Wall.Seconds(), s.CPU.Seconds(), s.PeakRSSMB)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		return nil
	}

	var db *store.DB
	if err := stage("open", func() (err error) {
		db, err = store.Open(ctx, dbPath)
		return err
	}); err != nil {
		return o, err
	}
	closed := false
	defer func() {
		if !closed {
			db.Close()
		}
	}()

	if err := stage("registry", func() error {
		r := ingest.LoadUnits(ctx, db, filepath.Join(dataDir, m.Registry))
		if r.Status != ingest.StatusLoaded {
			return fmt.Errorf("单位名录：%s %v", r.Reason, r.Errors)
		}
		o.UnitsLoaded = r.Added + r.Updated
		return nil
	}); err != nil {
		return o, err
	}

	var in *ingest.Ingester
	if err := stage("ingest", func() error {
		var err error
		if in, err = ingest.New(ctx, db); err != nil {
			return err
		}
		paths, err := m.LedgerPaths(dataDir)
		if err != nil {
			return err
		}
		step := opt.ProgressEvery
		if step <= 0 {
			step = len(paths) + 1
		}
		for _, r := range progress(ctx, in, paths, ingest.Options{Uploader: "province-bench", NoAnnotate: true}, opt.Workers, opt.OneByOne, step, logf) {
			o.Results++
			o.RowsLoaded += r.RowsLoaded
			o.RowsSkipped += r.RowsSkipped
			switch r.Status {
			case ingest.StatusLoaded:
				o.Loaded++
			case ingest.StatusRefused:
				o.Refused++
				if len(o.Refusals) < 20 {
					msg := r.File + ": " + r.Reason
					if len(r.Errors) > 0 {
						msg += fmt.Sprintf(" (%s 第%d行 %s: %s)", r.Errors[0].Column, r.Errors[0].Row, r.Errors[0].Value, r.Errors[0].Reason)
					}
					o.Refusals = append(o.Refusals, msg)
				}
			}
		}
		return nil
	}); err != nil {
		return o, err
	}

	if err := stage("bad-files", func() error {
		annot := filepath.Join(workDir, "错误标注")
		for _, r := range ingestFiles(ctx, in, m.BadPaths(dataDir), ingest.Options{Uploader: "province-bench", AnnotateDir: annot}, opt.Workers, opt.OneByOne) {
			if r.Status == ingest.StatusRefused {
				o.BadRefused++
				o.BadErrors += len(r.Errors)
			}
		}
		counts, err := db.KindCounts(ctx)
		if err != nil {
			return err
		}
		for _, k := range counts {
			o.RowsByKind[k.Kind] += k.Stored
			o.BatchesByKnd[k.Kind] += int(k.Batches)
		}
		return nil
	}); err != nil {
		return o, err
	}

	if err := stage("schemes", func() error {
		for _, name := range m.Schemes {
			s, err := metrics.ParseSchemeFile(filepath.Join(dataDir, name))
			if err != nil {
				return err
			}
			if err := metrics.LoadScheme(ctx, db, s, name, metrics.LoadOptions{}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return o, err
	}

	if err := stage("score", func() error {
		for _, y := range m.Years {
			if err := metrics.Score(ctx, db, y); err != nil {
				return fmt.Errorf("%d: %w", y, err)
			}
			res, err := metrics.Results(ctx, db, y, "")
			if err != nil {
				return err
			}
			o.Scored[y] = len(res)
			o.ScoredGroups[y] = map[string]int{}
			for _, r := range res {
				o.ScoredGroups[y][r.Group]++
				if y == year && r.Vetoed {
					o.Vetoed++
				}
			}
		}
		return nil
	}); err != nil {
		return o, err
	}

	if err := stage("reports", func() error {
		// Every unit's report of the year, checked against the year before
		// when there is one (carry-over and 现行有效件数 rules).
		prev := map[int64]*reports.Report{}
		if len(m.Years) > 1 {
			all, err := reports.DeriveAll(ctx, db, year-1, reports.DeriveOptions{})
			if err != nil {
				return err
			}
			for _, d := range all {
				prev[d.UnitID] = d.Report
			}
		}
		all, err := reports.DeriveAll(ctx, db, year, reports.DeriveOptions{})
		if err != nil {
			return err
		}
		o.Reports = len(all)
		for _, d := range all {
			for _, f := range reports.Check(d.Report, prev[d.UnitID]) {
				if f.Severity == reports.SeverityError {
					if len(o.ReportErrors) < 20 {
						o.ReportErrors = append(o.ReportErrors, d.Report.Unit+": ["+f.Rule+"] "+f.Message)
					}
				} else {
					o.ReportWarns++
				}
			}
		}
		return nil
	}); err != nil {
		return o, err
	}

	siteDir := filepath.Join(workDir, "site")
	os.RemoveAll(siteDir)
	if err := stage("site", func() error {
		d, err := charts.Load(ctx, db, year, charts.LoadOptions{Details: true})
		if err != nil {
			return err
		}
		o.Site, err = charts.WriteSite(d, siteDir)
		return err
	}); err != nil {
		return o, err
	}
	o.SiteBytes = dirSize(siteDir)

	book := filepath.Join(workDir, fmt.Sprintf("考核排名-%d.xlsx", year))
	if err := stage("workbook", func() error {
		w, err := charts.WriteWorkbook(ctx, db, year, metrics.Draft, book)
		if err != nil {
			return err
		}
		o.WorkbookUnit, o.Deductions = len(w.Results), len(w.Deductions)
		return nil
	}); err != nil {
		return o, err
	}
	if fi, err := os.Stat(book); err == nil {
		o.WorkbookSize = fi.Size()
	}

	if err := stage("close", func() error {
		closed = true
		return db.Close()
	}); err != nil {
		return o, err
	}
	for _, p := range []string{dbPath, dbPath + ".wal"} {
		if fi, err := os.Stat(p); err == nil {
			o.DBBytes += fi.Size()
		}
	}
	o.PeakRSSMB = runPeak
	logf("%d units, %d rows in %d batches (%d refused), %d bad files refused; scored %v, vetoed %d in %d; %d reports (%d error findings, %d warnings); site %d pages %d charts %.1f MB; workbook %d units %d deduction rows %.1f MB; database %.1f MB; peak RSS %.0f MB",
		o.UnitsLoaded, o.RowsLoaded, o.Results, o.Refused, o.BadRefused, o.Scored, o.Vetoed, year, o.Reports, len(o.ReportErrors), o.ReportWarns,
		o.Site.Units, o.Site.Charts, float64(o.SiteBytes)/(1<<20), o.WorkbookUnit, o.Deductions, float64(o.WorkbookSize)/(1<<20), float64(o.DBBytes)/(1<<20), o.PeakRSSMB)
	return o, nil
}

func dirSize(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n += fi.Size()
		}
		return nil
	})
	return n
}

// resetPeakRSS clears VmHWM so that peakRSSMB measures from here on (Linux).
func resetPeakRSS() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

func peakRSSMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(v, "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
