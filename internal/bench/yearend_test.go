package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"gongkai"
	"gongkai/ingest"
	"gongkai/internal/samples/province"
)

// TestProvinceYearEnd runs the whole pipeline on a small province (30 units
// × 2 years, generated afresh) and checks what it must give: every
// generated row stored, every bad file refused, every assessed unit scored,
// every derived report passing its checks, a site page and a workbook row
// per assessed unit.
func TestProvinceYearEnd(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	m, err := province.Generate(dir, province.Config{Units: 30, Years: 2})
	if err != nil {
		t.Fatal(err)
	}
	o, err := RunYearEnd(ctx, dir, m, t.TempDir(), Options{Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	if o.UnitsLoaded != m.Units {
		t.Errorf("registry: %d units loaded, %d generated", o.UnitsLoaded, m.Units)
	}
	if o.Refused > 0 {
		t.Errorf("%d good files refused: %v", o.Refused, o.Refusals)
	}
	if o.Results != m.Batches || o.Loaded != m.Batches {
		t.Errorf("ingest: %d results, %d loaded; %d batches generated", o.Results, o.Loaded, m.Batches)
	}
	if o.RowsLoaded != m.Rows {
		t.Errorf("ingest: %d rows loaded, %d generated", o.RowsLoaded, m.Rows)
	}
	for _, k := range province.KindNames() {
		if o.RowsByKind[k] != m.RowsByKind[k] || o.BatchesByKnd[k] != m.BatchesByKind[k] {
			t.Errorf("%s: database holds %d rows in %d batches, generated %d rows in %d", k, o.RowsByKind[k], o.BatchesByKnd[k], m.RowsByKind[k], m.BatchesByKind[k])
		}
	}
	if len(m.Bad) == 0 || o.BadRefused != len(m.Bad) || o.BadErrors < len(m.Bad) {
		t.Errorf("bad files: %d generated, %d refused with %d errors", len(m.Bad), o.BadRefused, o.BadErrors)
	}
	assessed := 0
	for _, n := range m.Groups {
		assessed += n
	}
	for _, y := range m.Years {
		if o.Scored[y] != assessed {
			t.Errorf("%d: %d units scored, %d assessed", y, o.Scored[y], assessed)
		}
		for g, n := range m.Groups {
			if o.ScoredGroups[y][g] != n {
				t.Errorf("%d %s: %d scored, %d in the registry", y, g, o.ScoredGroups[y][g], n)
			}
		}
	}
	if o.Reports != m.Units || len(o.ReportErrors) > 0 {
		t.Errorf("reports: %d derived (%d units), errors %v", o.Reports, m.Units, o.ReportErrors)
	}
	if o.Site == nil || o.Site.Units != assessed {
		t.Errorf("site: %+v, want %d unit pages", o.Site, assessed)
	}
	if o.WorkbookUnit != assessed || o.Deductions == 0 {
		t.Errorf("workbook: %d units, %d deduction rows", o.WorkbookUnit, o.Deductions)
	}
	if o.DBBytes == 0 {
		t.Error("no database file")
	}
}

// BenchmarkProvinceYearEnd is the whole year-end run on the province data
// set (GONGKAI_PROVINCE_UNITS units, default 10,000, × GONGKAI_PROVINCE_YEARS
// years, default 5; generated once into $TMPDIR and reused):
//
//	nice -n 19 go test -run '^$' -bench ProvinceYearEnd -benchtime 1x -timeout 0 ./internal/bench/
//
// Each stage's wall time is reported as <stage>-s, with its CPU seconds
// (<stage>-cpu-s, DuckDB's threads included) and the peak RSS of the run.
func BenchmarkProvinceYearEnd(b *testing.B) {
	cfg := province.ConfigFromEnv()
	dir, m, err := province.Cached(cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("data set %s: %d units, %d years, %d files (%d workbooks), %.0f MB, %d batches, %d rows (generated in %.0f s)",
		dir, m.Units, len(m.Years), m.Files, m.Workbooks, float64(m.Bytes)/(1<<20), m.Batches, m.Rows, m.Seconds)
	ctx := context.Background()
	work := os.Getenv("GONGKAI_PROVINCE_WORK") // keep the database and site to look at
	var o *Outcome
	var last string
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w := work
		if w == "" {
			w = b.TempDir()
		} else {
			w = fmt.Sprintf("%s/%d", w, i)
			os.MkdirAll(w, 0o755)
		}
		last = w
		if o, err = RunYearEnd(ctx, dir, m, w, Options{Logf: b.Logf, ProgressEvery: envInt("GONGKAI_PROVINCE_PROGRESS", 20000), OneByOne: os.Getenv("GONGKAI_PROVINCE_ONE_BY_ONE") == "1"}); err != nil {
			b.Fatal(err)
		}
		if o.RowsLoaded != m.Rows || o.Refused > 0 {
			b.Fatalf("ingest: %d rows loaded of %d, %d refused: %v", o.RowsLoaded, m.Rows, o.Refused, o.Refusals)
		}
	}
	b.StopTimer()
	for _, s := range o.Stages {
		b.ReportMetric(s.Wall.Seconds(), s.Name+"-s")
		b.ReportMetric(s.CPU.Seconds(), s.Name+"-cpu-s")
	}
	in := o.Stage("ingest")
	b.ReportMetric(float64(o.RowsLoaded)/in.Wall.Seconds(), "ingest-rows/s")
	b.ReportMetric(float64(m.Files)/in.Wall.Seconds(), "ingest-files/s")
	b.ReportMetric(float64(o.Results)/in.Wall.Seconds(), "ingest-batches/s")
	b.ReportMetric(float64(o.RowsLoaded), "rows")
	b.ReportMetric(float64(m.Files), "files")
	b.ReportMetric(float64(m.Bytes)/(1<<20), "input-MB")
	b.ReportMetric(float64(o.DBBytes)/(1<<20), "DB-MB")
	b.ReportMetric(float64(o.SiteBytes)/(1<<20), "site-MB")
	b.ReportMetric(o.PeakRSSMB, "peak-RSS-MB")
	b.Logf("whole log: %s", filepath.Join(last, "yearend.log"))
}

// BenchmarkRegistryFindIn is the unit lookup the ingest makes for every
// batch whose file has no 单位 column: a registry name or alias found in the
// title (Registry.FindIn). One op is one title, taken in turn from every
// unit of a registry of GONGKAI_PROVINCE_UNITS units (default 10,000), so
// the figure is the mean cost per batch.
func BenchmarkRegistryFindIn(b *testing.B) {
	var units []gongkai.Unit
	var titles []string
	for i, e := range province.Registry(province.ConfigFromEnv()) {
		units = append(units, gongkai.Unit{ID: int64(i + 1), Name: e.Name, Code: e.Code, Aliases: e.Aliases, Group: e.Group})
		titles = append(titles, e.Aliases[0]+"2024年依申请公开办理台账")
	}
	reg := ingest.NewRegistry(units)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := i % len(units)
		if u := reg.FindIn(titles[k]); u == nil || u.ID != units[k].ID {
			b.Fatalf("%s: %v", titles[k], u)
		}
	}
	b.ReportMetric(float64(len(units)), "units")
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return n
	}
	return def
}
