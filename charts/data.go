// Package charts makes the outputs a county 政务公开 office circulates to
// its leadership: ECharts charts of the year's assessment (ranking per
// group, radar, heatmap, trends, the county's applications and reply
// times, the rules that cost the most points), a static site that opens
// from disk with no server and no network (WriteSite), and the ranking
// workbook (WriteWorkbook).
//
// Charts are built with go-echarts; their option objects are encoded by
// this package (not go-echarts' page renderer, which writes option JSON
// into a <script> element without HTML escaping and turns strings wrapped
// in __f__ into code), and tooltips that show names are formatted by the
// embedded assets/gongkai.js with echarts.format.encodeHTML. ECharts 5.6.0
// itself is embedded (assets/echarts.min.js) and copied next to the pages.
package charts

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"

	"gongkai/metrics"
	"gongkai/reports"
	"gongkai/store"
)

// ErrNoScores: the year has no scores.
var ErrNoScores = errors.New("该年度尚无考核得分，请先导入考核细则并运行 gongkai score")

// Data is everything the charts, the site and the workbook show for a year.
type Data struct {
	Year int
	// Version names the results shown (metrics.Label): "第2版，2026-12-05
	// 发布" or "草稿（未发布）".
	Version string
	County  string // the county prefix of unit names, e.g. 平安县; may be ""
	Namer   *Namer
	Units   []*Unit  // the year's scored units in group and rank order
	Groups  []*Group // in the order of Units
	Grades  []Grade  // best first
	// Years are the scored years up to Year, ascending; History holds
	// their results by unit.
	Years   []int
	History map[int]map[int64]metrics.UnitScore
	// Apps is table 三 of the county (the sum of every unit's own derived
	// report) per year of Years; Reply the reply times per year of Years.
	Apps  []YearApps
	Reply []YearReply
	// Losses and Reports are per unit (LoadOptions.Details).
	Losses  map[int64][]metrics.Loss
	Reports map[int64]*reports.Report
}

// Unit is one scored unit.
type Unit struct {
	metrics.UnitScore
	Short string // abbreviated name for chart axes
	Page  string // site page, relative to the site root: units/u<ID>.html
}

// Group is one 考核分组 of the year.
type Group struct {
	Name       string
	Units      []*Unit // rank order
	Indicators []Indicator
	// Avg is the group's mean score; AvgPct the mean share (%) of each
	// indicator's maximum, indexed like Indicators.
	Avg    float64
	AvgPct []float64
}

// Indicator is a 一级 indicator of the score section.
type Indicator struct {
	ID   string
	Name string
	Max  float64
}

// Grade is a grade of the year's scheme.
type Grade struct {
	Name string
	Min  float64
}

// YearApps is the county's applications of a year by outcome (table 三,
// column 总计).
type YearApps struct {
	Year       int
	New        float64    // 一、本年新收
	CarriedIn  float64    // 二、上年结转
	Outcomes   [6]float64 // （一）予以公开 … （六）其他处理
	CarriedOut float64    // 四、结转下年度继续办理
}

// OutcomeLabels name YearApps.Outcomes.
var OutcomeLabels = [6]string{"予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理"}

// YearReply is the reply-time distribution of a year.
type YearReply struct {
	Year    int
	Buckets [6]int // see ReplyBuckets
	Late    int    // answered after the statutory deadline
	// Unknown were answered, but their start, reply or deadline lies
	// outside the known holiday calendar (metrics.UnknownNote): neither on
	// time nor late, in no bucket, and not in Late.
	Unknown int
}

// ReplyBuckets name YearReply.Buckets (working days from receipt).
var ReplyBuckets = [6]string{"5个工作日内", "6–10个工作日", "11–15个工作日", "16–20个工作日", "21–40个工作日", "40个工作日以上"}

// LoadOptions say what Load reads besides the scores.
type LoadOptions struct {
	// Details reads each unit's lost points with evidence (metrics.ExplainAll)
	// and derived annual report, for the unit pages.
	Details bool
	// Version is the version of the year's results to show (metrics.Draft:
	// the draft). Earlier years, for the trends, show their draft beside
	// the draft and, beside a version, their publication in force when the
	// version was published (metrics.Beside).
	Version int
	// ScoresOnly reads the scores alone, for one unit's page: every scored
	// year, those after the year too (the unit's whole trend), and neither
	// the derived annual reports nor the reply times (Apps and Reply stay
	// empty, so the county's charts cannot be drawn from it).
	ScoresOnly bool
}

// Load reads a year's results and everything the charts need.
func Load(ctx context.Context, db *store.DB, year int, opt LoadOptions) (*Data, error) {
	label, err := versionLabel(ctx, db, year, opt.Version)
	if err != nil {
		return nil, err
	}
	res, err := metrics.ResultsOf(ctx, db, year, opt.Version, "")
	if err != nil {
		return nil, err
	}
	if len(res) == 0 {
		return nil, fmt.Errorf("%w：%d 年", ErrNoScores, year)
	}
	d := &Data{Year: year, Version: label, History: map[int]map[int64]metrics.UnitScore{}}
	names := make([]string, len(res))
	for i, u := range res {
		names[i] = u.Unit
	}
	d.Namer = NewNamer(names)
	d.County = d.Namer.County
	for _, u := range res {
		d.Units = append(d.Units, &Unit{UnitScore: u, Short: d.Namer.Short(u.Unit), Page: UnitPage(u.UnitID)})
	}
	d.Groups = groups(d.Units)

	if d.Grades, err = loadGrades(ctx, db, year, opt.Version, res); err != nil {
		return nil, err
	}

	years, err := metrics.Years(ctx, db)
	if err != nil {
		return nil, err
	}
	for _, y := range years {
		if y <= year || opt.ScoresOnly {
			d.Years = append(d.Years, y)
		}
	}
	for _, y := range d.Years {
		r := res
		if y != year {
			if r, err = historyResults(ctx, db, year, opt.Version, y); err != nil {
				return nil, err
			}
		}
		m := make(map[int64]metrics.UnitScore, len(r))
		for _, u := range r {
			m[u.UnitID] = u
		}
		d.History[y] = m
	}

	if opt.ScoresOnly {
		return d, nil
	}
	for _, y := range d.Years {
		all, err := reports.DeriveAll(ctx, db, y, reports.DeriveOptions{})
		if err != nil {
			return nil, err
		}
		d.Apps = append(d.Apps, countyApps(y, all))
		if y == year && opt.Details {
			d.Reports = make(map[int64]*reports.Report, len(all))
			for _, r := range all {
				d.Reports[r.UnitID] = r.Report
			}
		}
	}
	if d.Reply, err = loadReply(ctx, db, d.Years); err != nil {
		return nil, err
	}
	if opt.Details {
		if d.Losses, err = metrics.ExplainAllOf(ctx, db, year, opt.Version); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// versionLabel names version n of a year (metrics.Label).
func versionLabel(ctx context.Context, db *store.DB, year, n int) (string, error) {
	if n == metrics.Draft {
		return metrics.Label(nil), nil
	}
	v, err := metrics.VersionOf(ctx, db, year, n)
	if err != nil {
		return "", err
	}
	return metrics.Label(&v), nil
}

// historyResults are another year's results for the trends beside
// version n of a year: its draft beside a draft; beside a version, an
// earlier year's publication in force when the version was published, a
// later year's shown publication (metrics.Beside).
func historyResults(ctx context.Context, db *store.DB, year, n, other int) ([]metrics.UnitScore, error) {
	v, ok, err := metrics.Beside(ctx, db, year, n, other)
	if err != nil || !ok {
		return nil, err
	}
	return metrics.ResultsOf(ctx, db, other, v, "")
}

// UnitPage is the site path of a unit's page: from its id, never its name.
func UnitPage(id int64) string { return fmt.Sprintf("units/u%d.html", id) }

// unitReportPage is the site path of a unit's derived annual report.
func unitReportPage(id int64) string { return fmt.Sprintf("units/u%d-report.html", id) }

func groups(units []*Unit) []*Group {
	var out []*Group
	idx := map[string]*Group{}
	for _, u := range units {
		g := idx[u.Group]
		if g == nil {
			g = &Group{Name: u.Group}
			idx[u.Group] = g
			out = append(out, g)
		}
		g.Units = append(g.Units, u)
	}
	for _, g := range out {
		seen := map[string]bool{}
		for _, u := range g.Units {
			for _, it := range u.Indicators {
				if it.Level == 1 && it.Section == "score" && !seen[it.ID] {
					seen[it.ID] = true
					g.Indicators = append(g.Indicators, Indicator{ID: it.ID, Name: it.Name, Max: it.Max})
				}
			}
		}
		var sum float64
		g.AvgPct = make([]float64, len(g.Indicators))
		for _, u := range g.Units {
			sum += u.Normalized
			for i, ind := range g.Indicators {
				g.AvgPct[i] += unitPct(u, ind.ID)
			}
		}
		n := float64(len(g.Units))
		g.Avg = round2(sum / n)
		for i := range g.AvgPct {
			g.AvgPct[i] = round1(g.AvgPct[i] / n)
		}
	}
	return out
}

// item returns a unit's score of an indicator.
func item(u *Unit, id string) (metrics.ItemScore, bool) {
	for _, it := range u.Indicators {
		if it.ID == id {
			return it, true
		}
	}
	return metrics.ItemScore{}, false
}

// unitPct is the unit's points of an indicator as a share (%) of its max.
func unitPct(u *Unit, id string) float64 {
	it, ok := item(u, id)
	if !ok || it.Max <= 0 {
		return 0
	}
	return round1(it.Points / it.Max * 100)
}

func loadGrades(ctx context.Context, db *store.DB, year, n int, res []metrics.UnitScore) ([]Grade, error) {
	grades, err := db.LeadershipGrades(ctx, year, n)
	if err != nil {
		return nil, fmt.Errorf("读取等次失败: %w", err)
	}
	var out []Grade
	seen := map[string]bool{}
	for _, g := range grades {
		seen[g.Name] = true
		out = append(out, Grade(g))
	}
	// A grade in the results but not in the scheme (should not happen)
	// still gets a colour, after the scheme's.
	var extra []string
	for _, u := range res {
		if !seen[u.Grade] {
			seen[u.Grade] = true
			extra = append(extra, u.Grade)
		}
	}
	sort.Strings(extra)
	for _, g := range extra {
		out = append(out, Grade{Name: g})
	}
	return out, nil
}

func loadReply(ctx context.Context, db *store.DB, years []int) ([]YearReply, error) {
	if len(years) == 0 {
		return nil, nil
	}
	rows, err := db.LeadershipReplyDays(ctx, years[0], years[len(years)-1])
	if err != nil {
		return nil, fmt.Errorf("统计答复时间失败: %w", err)
	}
	by := map[int]*YearReply{}
	out := make([]YearReply, len(years))
	for i, y := range years {
		out[i].Year = y
		by[y] = &out[i]
	}
	for _, rd := range rows {
		r := by[rd.Year]
		switch b := rd.Bucket; {
		case r == nil:
		case b == 0: // outside the known calendar: see leadership_reply_days.sql
			r.Unknown += rd.Answered
		case b >= 1 && b <= len(r.Buckets):
			r.Buckets[b-1] += rd.Answered
			r.Late += rd.Late
		}
	}
	return out, nil
}

// countyApps sums table 三 (column 总计) of every unit's own report: each
// application is in exactly one unit's ledger, so the sum is the county's.
func countyApps(year int, all []*reports.Derived) YearApps {
	a := YearApps{Year: year}
	groupIdx := map[string]int{"1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5}
	for _, d := range all {
		t := &d.Report.Table3
		for i, row := range reports.Table3Rows {
			v := t.Cells[i][reports.ColTOT].Value()
			switch {
			case row.Code == "new":
				a.New += v
			case row.Code == "carried_in":
				a.CarriedIn += v
			case row.Code == "carried_out":
				a.CarriedOut += v
			case row.Outcome && row.Level == 2:
				a.Outcomes[groupIdx[row.Code]] += v
			case row.Outcome:
				a.Outcomes[groupIdx[row.Group]] += v
			}
		}
	}
	return a
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
func round1(x float64) float64 { return math.Round(x*10) / 10 }
