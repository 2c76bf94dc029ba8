// Package province generates a province-sized data set for the year-end
// benchmarks (issue "Speed and scale"): Config.Units units (default 10,000)
// in counties shaped like the sample county 平安县, Config.Years years of
// every ledger kind (default 5, 2020–2024; ≈ 400 stored rows per unit and
// year, ≈ 20M rows, media the largest as in the sample county), the unit
// registry with valid GB 32100 credit codes, the scheme of each year and a
// handful of bad files. Files are as a province receives them: most units
// send one workbook per year with a sheet per ledger (汇编), the others one
// file per ledger (.xlsx, UTF-8 CSV with or without BOM, GB18030 CSV); each
// county office sends the tasks and weights ledgers of its county.
//
// The output is deterministic (every random choice is keyed by what it
// describes) and written by GOMAXPROCS goroutines. Cached keeps one copy per
// size under $TMPDIR.
package province

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"gongkai/internal/samples"
	"gongkai/internal/samples/draw"
)

// genVersion names the cache directory; bump it when the output changes.
const genVersion = 1

// Config sizes the province.
type Config struct {
	Units     int    // default 10,000
	Years     int    // default 5
	FirstYear int    // default 2020 (the working-day calendar covers 2002–2026)
	Seed      uint64 // default 1
	Workers   int    // default GOMAXPROCS
}

// ConfigFromEnv is the default size, or GONGKAI_PROVINCE_UNITS and
// GONGKAI_PROVINCE_YEARS.
func ConfigFromEnv() Config {
	c := Config{}
	if n, err := strconv.Atoi(os.Getenv("GONGKAI_PROVINCE_UNITS")); err == nil && n > 0 {
		c.Units = n
	}
	if n, err := strconv.Atoi(os.Getenv("GONGKAI_PROVINCE_YEARS")); err == nil && n > 0 {
		c.Years = n
	}
	return c.withDefaults()
}

func (c Config) withDefaults() Config {
	if c.Units == 0 {
		c.Units = 10_000
	}
	if c.Years == 0 {
		c.Years = 5
	}
	if c.FirstYear == 0 {
		c.FirstYear = 2025 - c.Years
	}
	if c.Seed == 0 {
		c.Seed = 1
	}
	if c.Workers == 0 {
		c.Workers = runtime.GOMAXPROCS(0)
	}
	return c
}

// YearList is FirstYear … FirstYear+Years-1.
func (c Config) YearList() []int {
	c = c.withDefaults()
	out := make([]int, c.Years)
	for i := range out {
		out[i] = c.FirstYear + i
	}
	return out
}

// Manifest is manifest.json: what was written and what loading it must give.
type Manifest struct {
	Note          string           `json:"note"`
	Version       int              `json:"version"`
	Config        Config           `json:"config"`
	Years         []int            `json:"years"`
	Units         int              `json:"units"`
	Counties      int              `json:"counties"`
	Groups        map[string]int   `json:"groups"` // assessed units per 考核分组
	Registry      string           `json:"registry"`
	Schemes       []string         `json:"schemes"`
	Files         int              `json:"files"` // good ledger files (listed in files.txt)
	Bytes         int64            `json:"bytes"`
	FilesByFormat map[string]int   `json:"files_by_format"` // xlsx, csv-utf8, csv-utf8bom, csv-gb18030
	Workbooks     int              `json:"workbooks"`       // files with a sheet per kind
	Batches       int              `json:"batches"`         // good (file, kind) pairs = batches after ingest
	BatchesByKind map[string]int   `json:"batches_by_kind"`
	RowsByKind    map[string]int64 `json:"rows_by_kind"` // rows the ingest stores
	Rows          int64            `json:"rows"`
	Bad           []string         `json:"bad"` // files with a bad row, each refused whole
	Seconds       float64          `json:"generate_seconds"`
}

// LedgerPaths lists the good ledger files (absolute), in files.txt order.
func (m *Manifest) LedgerPaths(dir string) ([]string, error) {
	b, err := os.ReadFile(filepath.Join(dir, "files.txt"))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if l != "" {
			out = append(out, filepath.Join(dir, filepath.FromSlash(l)))
		}
	}
	if len(out) != m.Files {
		return nil, fmt.Errorf("files.txt lists %d files, manifest says %d", len(out), m.Files)
	}
	return out, nil
}

// BadPaths lists the bad files (absolute).
func (m *Manifest) BadPaths(dir string) []string {
	out := make([]string, len(m.Bad))
	for i, p := range m.Bad {
		out[i] = filepath.Join(dir, filepath.FromSlash(p))
	}
	return out
}

// CacheDir is where Cached keeps the data set of cfg. Its name carries a
// digest of the schemes the data set is scored by: they are the sample
// county's, which change more often than genVersion is bumped, and a data
// set cached with older schemes once kept a measure (convert_share) out
// of the year-end benchmark for a session.
func CacheDir(cfg Config) string {
	cfg = cfg.withDefaults()
	h := sha256.New()
	for y := cfg.FirstYear; y < cfg.FirstYear+cfg.Years; y++ {
		b, _ := scheme(y) // an unreadable scheme fails Generate, not here
		h.Write(b)
	}
	return filepath.Join(os.TempDir(), fmt.Sprintf("gongkai-province-v%d-%dx%d-%d-s%d-%x", genVersion, cfg.Units, cfg.Years, cfg.FirstYear, cfg.Seed, h.Sum(nil)[:4]))
}

// Cached returns the data set of cfg from $TMPDIR, generating it first when
// it is not there (into a temporary directory renamed at the end, so an
// interrupted run leaves nothing half-written behind).
func Cached(cfg Config) (string, *Manifest, error) {
	dir := CacheDir(cfg)
	if m, err := ReadManifest(dir); err == nil {
		return dir, m, nil
	}
	tmp := fmt.Sprintf("%s.tmp-%d", dir, os.Getpid())
	os.RemoveAll(tmp)
	m, err := Generate(tmp, cfg)
	if err != nil {
		os.RemoveAll(tmp)
		return "", nil, err
	}
	if err := os.Rename(tmp, dir); err != nil {
		// Another process may have won the race.
		os.RemoveAll(tmp)
		if m2, err2 := ReadManifest(dir); err2 == nil {
			return dir, m2, nil
		}
		return "", nil, err
	}
	return dir, m, nil
}

// ReadManifest reads dir/manifest.json.
func ReadManifest(dir string) (*Manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return nil, err
	}
	m := &Manifest{}
	if err := json.Unmarshal(b, m); err != nil {
		return nil, err
	}
	if m.Version != genVersion {
		return nil, errors.New("old generator version")
	}
	return m, nil
}

type job struct {
	c *county
	y int
}

type jobOut struct {
	files         []string
	bad           []string
	bytes         int64
	byFormat      map[string]int
	workbooks     int
	batchesByKind map[string]int
	rowsByKind    map[string]int64
	err           error
}

// Generate writes the data set of cfg into dir (which must not hold an
// earlier one).
func Generate(dir string, cfg Config) (*Manifest, error) {
	t0 := time.Now()
	cfg = cfg.withDefaults()
	years := cfg.YearList()
	if cfg.FirstYear < 2003 || years[len(years)-1] > 2026 {
		return nil, fmt.Errorf("years %d–%d: the working-day calendar covers 2002–2026 (and each year looks at the year before)", years[0], years[len(years)-1])
	}
	if cfg.Units < 3 {
		return nil, fmt.Errorf("at least 3 units (a county government, its office and one more)")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	cs := newProvince(cfg.Units, cfg.Seed)
	m := &Manifest{Note: "Generated by gongkai/samples/province. Do not edit.", Version: genVersion, Config: cfg, Years: years, Units: cfg.Units, Counties: len(cs),
		Groups: map[string]int{}, FilesByFormat: map[string]int{}, BatchesByKind: map[string]int{}, RowsByKind: map[string]int64{}}
	for _, c := range cs {
		for _, u := range c.Units {
			if u.assessed() {
				m.Groups[u.Group]++
			}
		}
	}
	// Registry and schemes.
	reg, err := registryXLSX(cs)
	if err != nil {
		return nil, err
	}
	m.Registry = "单位名录.xlsx"
	if err := os.WriteFile(filepath.Join(dir, m.Registry), reg, 0o644); err != nil {
		return nil, err
	}
	for _, y := range years {
		b, err := scheme(y)
		if err != nil {
			return nil, err
		}
		name := fmt.Sprintf("scheme-%d.yaml", y)
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return nil, err
		}
		m.Schemes = append(m.Schemes, name)
	}

	// Ledgers, one job per county and year.
	jobs := make(chan job)
	outs := make(chan jobOut)
	g := &gen{seed: cfg.Seed}
	var wg sync.WaitGroup
	for w := 0; w < cfg.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				outs <- g.countyYear(dir, j.c, j.y, years[0])
			}
		}()
	}
	go func() {
		for _, y := range years {
			for _, c := range cs {
				jobs <- job{c, y}
			}
		}
		close(jobs)
		wg.Wait()
		close(outs)
	}()
	var files []string
	for o := range outs {
		if o.err != nil && err == nil {
			err = o.err
		}
		files = append(files, o.files...)
		m.Bad = append(m.Bad, o.bad...)
		m.Bytes += o.bytes
		m.Workbooks += o.workbooks
		for k, v := range o.byFormat {
			m.FilesByFormat[k] += v
		}
		for k, v := range o.batchesByKind {
			m.BatchesByKind[k] += v
			m.Batches += v
		}
		for k, v := range o.rowsByKind {
			m.RowsByKind[k] += v
			m.Rows += v
		}
	}
	if err != nil {
		return nil, err
	}
	slices.Sort(files)
	slices.Sort(m.Bad)
	m.Files = len(files)
	if err := os.WriteFile(filepath.Join(dir, "files.txt"), []byte(strings.Join(files, "\n")+"\n"), 0o644); err != nil {
		return nil, err
	}
	m.Seconds = time.Since(t0).Seconds()
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	return m, os.WriteFile(filepath.Join(dir, "manifest.json"), append(b, '\n'), 0o644)
}

// countyYear writes the files of one county and year.
func (g *gen) countyYear(dir string, c *county, y, firstYear int) (o jobOut) {
	o.byFormat, o.batchesByKind, o.rowsByKind = map[string]int{}, map[string]int{}, map[string]int64{}
	rel := filepath.ToSlash(filepath.Join(strconv.Itoa(y), c.Name))
	if err := os.MkdirAll(filepath.Join(dir, rel), 0o755); err != nil {
		o.err = err
		return
	}
	var buf bytes.Buffer
	write := func(relPath string, format string) error {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(relPath)), buf.Bytes(), 0o644); err != nil {
			return err
		}
		o.bytes += int64(buf.Len())
		o.byFormat[format]++
		return nil
	}
	count := func(l *ledger) {
		o.batchesByKind[l.kind]++
		o.rowsByKind[l.kind] += int64(l.stored())
	}
	for _, u := range c.Units {
		ls := g.unitLedgers(u, y)
		if u.kind == kOffice {
			// The county's tasks and weights: one workbook each.
			for _, l := range []*ledger{g.tasks(c, y), g.weights(c, y)} {
				r := newRand(g.seed, "office-file-"+l.kind, c.Idx, y)
				st := newStyle(r, false)
				st.title = true
				ki := kindInfoOf(l.kind)
				name := fmt.Sprintf("%s/%s-%s-%d.xlsx", rel, u.Name, ki.label, y)
				buf.Reset()
				if err := writeXLSX(&buf, []*sheet{layout(l, u, y, st, r)}, r); err != nil {
					o.err = err
					return
				}
				if o.err = write(name, "xlsx"); o.err != nil {
					return
				}
				o.files = append(o.files, name)
				count(l)
			}
		}
		if len(ls) == 0 {
			continue
		}
		r := newRand(g.seed, "files", u.Idx, y)
		if draw.Chance(r, 0.6) {
			// One workbook with a sheet per ledger.
			st := newStyle(r, false)
			var sheets []*sheet
			for _, l := range ls {
				sheets = append(sheets, layout(l, u, y, st, r))
				count(l)
			}
			name := fmt.Sprintf("%s/%d年%s政务公开台账汇编.xlsx", rel, y, u.Name)
			buf.Reset()
			if err := writeXLSX(&buf, sheets, r); err != nil {
				o.err = err
				return
			}
			if o.err = write(name, "xlsx"); o.err != nil {
				return
			}
			o.files = append(o.files, name)
			o.workbooks++
		} else {
			for _, l := range ls {
				format := []string{"xlsx", "csv-utf8", "csv-utf8bom", "csv-gb18030"}[draw.Weighted(r, 50, 15, 10, 25)]
				ext := ".xlsx"
				if format != "xlsx" {
					ext = ".csv"
				}
				ki := kindInfoOf(l.kind)
				var name string
				switch r.IntN(3) {
				case 0:
					name = fmt.Sprintf("%s-%s-%d%s", u.Name, ki.label, y, ext)
				case 1:
					name = fmt.Sprintf("%s%d年%s%s", u.Short, y, ki.label, ext)
				default:
					name = fmt.Sprintf("%s%s(%d年度)%s", u.Name, ki.label, y, ext)
				}
				name = rel + "/" + name
				st := newStyle(r, format != "xlsx")
				s := layout(l, u, y, st, r)
				buf.Reset()
				var err error
				if format == "xlsx" {
					err = writeXLSX(&buf, []*sheet{s}, r)
				} else {
					err = writeCSV(&buf, s, strings.TrimPrefix(format, "csv-"), r)
				}
				if err != nil {
					o.err = err
					return
				}
				if o.err = write(name, format); o.err != nil {
					return
				}
				o.files = append(o.files, name)
				count(l)
			}
		}
		// A handful of bad files: a copy of the disclosures ledger with one
		// bad cell, refused whole by the ingest (the good file stays).
		if (u.Idx+(y-firstYear)*7)%1000 == 2 {
			if name, err := g.badFile(dir, u, y, ls); err != nil {
				o.err = err
				return
			} else if name != "" {
				o.bad = append(o.bad, name)
			}
		}
	}
	return o
}

// unitLedgers makes the ledgers a unit sends for a year.
func (g *gen) unitLedgers(u *unit, y int) []*ledger {
	r := newRand(g.seed, "which", u.Idx, y)
	apps, list := g.applications(u, y)
	out := []*ledger{apps, g.disclosures(u, y)}
	if d := g.documents(u, y); len(d.rows) > 0 || draw.Chance(r, 0.5) {
		out = append(out, d)
	}
	if u.Powers != "" || draw.Chance(r, 0.5) {
		out = append(out, g.enforcement(u, y))
	}
	if a := g.appeals(u, y, list); len(a.rows) > 0 || draw.Chance(r, 0.3) {
		out = append(out, a)
	}
	if len(u.Accts) > 0 {
		out = append(out, g.media(u, y))
	}
	if u.assessed() {
		out = append(out, g.activities(u, y), g.responses(u, y))
	}
	return out
}

func (g *gen) badFile(dir string, u *unit, y int, ls []*ledger) (string, error) {
	var l *ledger
	for _, x := range ls {
		if x.kind == "disclosures" && len(x.rows) >= 3 {
			l = x
		}
	}
	if l == nil {
		return "", nil
	}
	bad := &ledger{kind: l.kind}
	for i, rw := range l.rows {
		cells := append([]cell(nil), rw.cells...)
		if i == 1 {
			if u.Idx%2 == 0 {
				cells[5] = txt(fmt.Sprintf("%d-02-30", y)) // 发布日期: no such day
			} else {
				cells[9] = txt("待定") // 保密审查: not yes/no
			}
		}
		bad.rows = append(bad.rows, row{cells: cells})
	}
	r := newRand(g.seed, "bad", u.Idx, y)
	st := newStyle(r, u.Idx%2 == 0)
	st.title = true
	s := layout(bad, u, y, st, r)
	var buf bytes.Buffer
	var name string
	if u.Idx%2 == 0 {
		name = fmt.Sprintf("bad/%d/%s-主动公开信息台账-%d-日期错误.csv", y, u.Name, y)
		if err := writeCSV(&buf, s, "gb18030", r); err != nil {
			return "", err
		}
	} else {
		name = fmt.Sprintf("bad/%d/%s-主动公开信息台账-%d-保密审查.xlsx", y, u.Name, y)
		if err := writeXLSX(&buf, []*sheet{s}, r); err != nil {
			return "", err
		}
	}
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return "", err
	}
	return name, os.WriteFile(p, buf.Bytes(), 0o644)
}

// registryXLSX is the unit registry (单位名录) as the provincial office keeps it.
func registryXLSX(cs []*county) ([]byte, error) {
	s := &sheet{name: "单位名录", title: ProvinceName + "政务公开考核单位名录", header: []string{"单位名称", "简称/别名", "统一社会信用代码", "单位类型", "考核分组", "上级单位"}}
	for _, c := range cs {
		for _, u := range c.Units {
			parent := cell{}
			if u.Parent != "" {
				parent = txt(u.Parent)
			}
			group := cell{}
			if u.Group != "" {
				group = txt(u.Group)
			}
			s.rows = append(s.rows, []cell{txt(u.Name), txt(strings.Join(u.Aliases, "、")), txt(u.Code), txt(u.Type), group, parent})
		}
	}
	var buf bytes.Buffer
	err := writeXLSX(&buf, []*sheet{s}, newRand(0, "registry", 0))
	return buf.Bytes(), err
}

var (
	schemeName = regexp.MustCompile(`(?m)^name: .*$`)
	schemeYear = regexp.MustCompile(`(?m)^year: .*$`)
)

// scheme is the year's 考核细则: the sample county's of the nearest year
// (2022–2024), renamed for the province.
func scheme(y int) ([]byte, error) {
	base := min(max(y, 2022), 2024)
	b, err := samples.FS.ReadFile(fmt.Sprintf("scheme-%d.yaml", base))
	if err != nil {
		return nil, err
	}
	b = schemeName.ReplaceAll(b, []byte(fmt.Sprintf("name: %s%d年度政务公开工作考核细则", ProvinceName, y)))
	b = schemeYear.ReplaceAll(b, []byte(fmt.Sprintf("year: %d", y)))
	return b, nil
}
