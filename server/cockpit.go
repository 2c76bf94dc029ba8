package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"math"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"

	"gongkai/charts"
	"gongkai/metrics"
	"gongkai/store"
)

// The cockpit (领导驾驶舱): the year's results of a group, or of all, on
// one screen of 1400×900 — the tiles, the ranking, the five best and five
// worst with their main lost points, the heatmap — with the trends and
// the county's charts one click below. Its data is read in one place,
// cockpitData, so that what a role sees is decided there.

// cockpit is what cockpitData gives a page or the API: the view and the
// state of its results.
type cockpit struct {
	View *dashView
	// Published: the view shows a published version (a leader's), Label
	// naming it (metrics.Label: "第2版，… 发布"); otherwise the draft (an
	// admin's), marked as such.
	Published   bool
	Label       string
	PublishedAt string
}

// StatusTitle is the marking shown beside the cockpit's title.
func (c *cockpit) StatusTitle() string {
	if c.Published {
		return "已发布（" + c.Label + "）"
	}
	return "草稿（未发布）"
}

func (c *cockpit) status() string {
	if c.Published {
		return "published"
	}
	return "draft"
}

// cockpitData is the cockpit's one access to its data: the view of year,
// group and grade for a viewer. A leader reads the year's latest published
// version (versionFor; none yet, or withdrawn, is said instead), an admin
// the draft — the live scores, what would be published next.
func (s *Server) cockpitData(ctx context.Context, year int, group, grade string, p *principal) (*cockpit, error) {
	n, label, err := s.versionFor(ctx, p, year)
	if err != nil {
		return nil, err
	}
	v, err := s.dashboard(ctx, year, n, group, grade)
	if err != nil {
		return nil, err
	}
	c := &cockpit{View: v}
	if n != metrics.Draft {
		c.Published, c.Label = true, label
		pub, err := s.published(ctx)
		if err != nil {
			return nil, err
		}
		for _, pv := range pub {
			if pv.Year == year && pv.Version == n {
				c.PublishedAt = pv.At
			}
		}
	}
	return c, nil
}

// cockpitHTML is the cockpit's part of the dashboard page (the fragment
// dashcockpit: the title and its state, the filters, the view's body, the
// note under it) for the years offered and the state of the results.
type cockpitHTML struct {
	years     []int
	published bool
	label     string
	html      []byte
}

// html renders the cockpit's part of the dashboard page with years to
// choose from. A view never changes once built, so the part is rendered
// once and kept on the view for as long as the years and the state (the
// version's label) are the same: a page view then copies no template.
func (c *cockpit) html(years []int) ([]byte, error) {
	v := c.View
	if h := v.page.Load(); h != nil && h.published == c.Published && h.label == c.Label && slices.Equal(h.years, years) {
		return h.html, nil
	}
	var buf bytes.Buffer
	if err := fragments.ExecuteTemplate(&buf, "dashcockpit", dashPage{Cockpit: c, Years: years}); err != nil {
		return nil, err
	}
	v.page.Store(&cockpitHTML{years: slices.Clone(years), published: c.Published, label: c.Label, html: buf.Bytes()})
	return buf.Bytes(), nil
}

// writeAPI writes the view's cached JSON with the publication state in
// front: {"status":…} + {"year":…} → {"status":…,"year":…}, the cached
// part written as it is rather than copied.
func (c *cockpit) writeAPI(w io.Writer) {
	head, _ := json.Marshal(struct { // strings only: cannot fail
		Status      string `json:"status"`
		StatusTitle string `json:"status_title"`
		PublishedAt string `json:"published_at,omitempty"`
	}{c.status(), c.StatusTitle(), c.PublishedAt})
	head[len(head)-1] = ','
	w.Write(head)
	w.Write(c.View.APIJSON[1:])
}

// cockpitKPIs are the cockpit's tiles, over the scored units of the
// selected group (or of all groups).
type cockpitKPIs struct {
	Units int     `json:"units"`
	Avg   float64 `json:"average"`
	// PrevAvg is the previous year's average of the same group (or of all
	// units), and AvgChange the change from it; nil when that year has no
	// scores for it.
	PrevAvg   *float64     `json:"previous_average,omitempty"`
	AvgChange *float64     `json:"average_change,omitempty"`
	Grades    []gradeCount `json:"grades"` // every grade of the scheme, best first
	Vetoed    int          `json:"vetoed"`
	// Under4Pct: units whose 政务公开 weight in their overall assessment
	// is below 4% (metrics.Weights).
	Under4Pct int `json:"under_4pct"`
	// Ledgers: the unit ledger kinds of the year received (an active
	// batch) against those owed (each unit every kind a unit keeps).
	LedgersReceived int `json:"ledgers_received"`
	LedgersOwed     int `json:"ledgers_owed"`
	// Annual reports published on time (annual_report_on_time) among the
	// units the scheme assesses on it (0 when it does not).
	ReportsOnTime   int `json:"annual_reports_on_time"`
	ReportsAssessed int `json:"annual_reports_assessed"`
}

// cockpitUnit is a unit of the top or bottom five.
type cockpitUnit struct {
	UnitID int64       `json:"unit_id"`
	Unit   string      `json:"unit"`
	Short  string      `json:"-"`
	Group  string      `json:"group"`
	Rank   int         `json:"rank"`
	Score  float64     `json:"score"`
	Grade  string      `json:"grade"`
	Vetoed bool        `json:"vetoed"`
	Link   string      `json:"link"`
	Lost   []lostPoint `json:"main_lost_points"`
	// GradeColor is the grade's colour on the page.
	GradeColor template.CSS `json:"-"`
}

// lostPoint is one of a unit's costliest rules.
type lostPoint struct {
	ID   string  `json:"id"`
	Name string  `json:"name"`
	Lost float64 `json:"lost"`
}

// Lost points named per unit in the top and bottom five.
const mainLostPoints = 2

// Units in the top and in the bottom lists.
const extremes = 5

// reportMeasure is the measure whose value says a unit published its
// annual report on time.
const reportMeasure = "annual_report_on_time"

// cockpitInput is what a year's cockpits are built from.
type cockpitInput struct {
	d       *charts.Data
	weights map[int64]metrics.Weight
	ledgers map[int64]store.LedgerOwed // unit → ledger kinds owed and delivered
	reports map[int64]store.MeasureUnit
	office  *officeBlocks // issue 19's blocks, the county's whatever the group
	built   time.Time

	// gradeViews are the views of one grade asked for so far (gradeView),
	// by group and grade: built from these inputs, they go with them.
	gradeMu    sync.Mutex
	gradeViews map[[2]string]func() (*dashView, error)
}

func (s *Server) readCockpitInput(ctx context.Context, year, version int) (*cockpitInput, error) {
	d, err := charts.Load(ctx, s.db, year, charts.LoadOptions{Version: version})
	if err != nil {
		return nil, err
	}
	in := &cockpitInput{d: d, weights: map[int64]metrics.Weight{}, ledgers: map[int64]store.LedgerOwed{},
		reports: map[int64]store.MeasureUnit{}, built: time.Now()}
	ws, err := metrics.Weights(ctx, s.db, year)
	if err != nil {
		return nil, err
	}
	for _, w := range ws {
		in.weights[w.UnitID] = w
	}
	// What each unit owes is the scheme's (issue 15); a 零报告 counts as
	// delivered. One query for every unit: a province has thousands.
	owed, err := s.db.LedgersOwed(ctx, year, DefaultReminderKinds)
	if err != nil {
		return nil, err
	}
	for _, o := range owed {
		in.ledgers[o.UnitID] = o
	}
	rs, err := s.db.CockpitMeasureUnits(ctx, year, reportMeasure)
	if err != nil {
		return nil, err
	}
	for _, r := range rs {
		in.reports[r.UnitID] = r
	}
	if in.office, err = s.officeBlocks(ctx, year, version, d.Namer.Short); err != nil {
		return nil, err
	}
	return in, nil
}

// gradeView is the view of group sel ("" = all) listing the units of
// grade, built once from these inputs. A group or grade the year does not
// have is the caller's to refuse: only the year's groups and grades are
// kept, so the views kept are at most groups × grades.
func (in *cockpitInput) gradeView(sel, grade string) (*dashView, error) {
	key := [2]string{sel, grade}
	in.gradeMu.Lock()
	build, ok := in.gradeViews[key]
	if !ok {
		// Built outside the lock, once: a leader opening one grade does
		// not wait for another's being built (the view is made from
		// these inputs alone, so an error is as final as a view).
		build = sync.OnceValues(func() (*dashView, error) { return in.view(sel, grade) })
		if in.gradeViews == nil {
			in.gradeViews = map[[2]string]func() (*dashView, error){}
		}
		in.gradeViews[key] = build
	}
	in.gradeMu.Unlock()
	return build()
}

func (in *cockpitInput) groupNames() []string {
	var out []string
	for _, g := range in.d.Groups {
		out = append(out, g.Name)
	}
	return out
}

func (in *cockpitInput) hasGrade(grade string) bool {
	for _, g := range in.d.Grades {
		if g.Name == grade {
			return true
		}
	}
	return false
}

// unitLink is a unit's page from the cockpit: the same year, and the
// group chosen, so that the unit page leads back to this cockpit.
func unitLink(id int64, year int, group string) string {
	q := url.Values{"year": {strconv.Itoa(year)}, "from": {"dashboard"}}
	if group != "" {
		q.Set("group", group)
	}
	return fmt.Sprintf("/unit/%d?%s", id, q.Encode())
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

func fmtChange(x float64) (string, string) {
	switch {
	case x > 0:
		return "+" + strconv.FormatFloat(x, 'f', 2, 64), "up"
	case x < 0:
		return strconv.FormatFloat(x, 'f', 2, 64), "down"
	}
	return "0.00", ""
}

// mainLosses are a unit's costliest scored rules, most points first (ties
// in indicator order), and a triggered veto first of all.
func mainLosses(u metrics.UnitScore) []lostPoint {
	var out []lostPoint
	for _, it := range u.Indicators {
		switch {
		case it.Section == "veto" && it.Triggered:
			out = append(out, lostPoint{Name: "一票否决：" + it.Name}) // its id (V1) means nothing to a reader
		case it.Section == "score" && it.Rule != "" && it.Lost > 0:
			out = append(out, lostPoint{ID: it.ID, Name: it.Name, Lost: round2(it.Lost)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		vi, vj := out[i].Lost == 0, out[j].Lost == 0 // a veto has no points
		if vi != vj {
			return vi
		}
		return out[i].Lost > out[j].Lost
	})
	if len(out) > mainLostPoints {
		out = out[:mainLostPoints]
	}
	return out
}

// view builds the cockpit of group sel ("" = all) listing the units of
// grade ("" = all) in the ranking and the heatmap; the tiles and the top
// and bottom five are of the whole selection.
func (in *cockpitInput) view(sel, grade string) (*dashView, error) {
	d := in.d
	year := d.Year
	v := &dashView{Year: year, Title: d.Title(), Group: sel, Groups: in.groupNames(), Grade: grade, Built: in.built}
	v.API = dashAPI{Year: year, Version: d.Version, Title: v.Title, Group: sel, Grade: grade, Groups: v.Groups,
		Charts: map[string]*json.RawMessage{}, Built: in.built.Format(time.RFC3339)}
	links := map[string]string{}
	addChart := func(c charts.Chart) (dashChart, error) {
		dc, err := toDashChart(c)
		if err != nil {
			return dc, err
		}
		m := json.RawMessage(dc.JSON)
		v.API.Charts[dc.ID] = &m
		return dc, nil
	}

	var sel2 []*charts.Unit // the selection, group and rank order
	for gi, g := range d.Groups {
		if sel != "" && g.Name != sel {
			continue
		}
		dg := dashGroup{Name: g.Name, Avg: strconv.FormatFloat(g.Avg, 'f', 2, 64)}
		axis := 100.0
		for _, u := range g.Units {
			axis = math.Max(axis, u.Normalized)
		}
		var keep []int64
		for _, u := range g.Units {
			sel2 = append(sel2, u)
			link := unitLink(u.UnitID, year, sel)
			links[u.Unit] = link
			if grade != "" && u.Grade != grade {
				continue
			}
			keep = append(keep, u.UnitID)
			row := dashRow{Rank: u.Rank, UnitID: u.UnitID, Name: u.Unit, Short: u.Short,
				Score: strconv.FormatFloat(u.Normalized, 'f', 2, 64), Grade: u.Grade, GradeColor: template.CSS(d.GradeColor(u.Grade)),
				Bar: template.CSS(fmt.Sprintf("%.1f%%", u.Normalized/axis*100)), Link: link, Vetoed: u.Vetoed, ScoreChange: "—"}
			if u.ScoreDelta != nil {
				row.ScoreChange, row.ScoreClass = fmtChange(*u.ScoreDelta)
			}
			dg.Rows = append(dg.Rows, row)
			v.API.Rows = append(v.API.Rows, dashAPIRow{Group: g.Name, Rank: u.Rank, UnitID: u.UnitID, Unit: u.Unit,
				Score: u.Normalized, Grade: u.Grade, Vetoed: u.Vetoed, Link: link})
		}
		if len(keep) == 0 {
			v.Shown = append(v.Shown, dg)
			continue
		}
		var err error
		if dg.Heatmap, err = addChart(d.HeatmapChartOf(gi, keep)); err != nil {
			return nil, err
		}
		if dg.Trend, err = addChart(d.TrendChart(gi, false)); err != nil {
			return nil, err
		}
		v.Shown = append(v.Shown, dg)
	}
	if sel == "" {
		for _, c := range []charts.Chart{d.AppsChart(), d.ReplyChart(), d.ParetoChart()} {
			dc, err := addChart(c)
			if err != nil {
				return nil, err
			}
			v.County = append(v.County, dc)
		}
	}
	lb, err := json.Marshal(links)
	if err != nil {
		return nil, err
	}
	v.Links = template.JS(lb)

	v.KPI = in.kpis(sel, sel2)
	v.Units, v.API.Units = v.KPI.Units, v.KPI.Units
	v.API.Avg, v.Avg = v.KPI.Avg, strconv.FormatFloat(v.KPI.Avg, 'f', 2, 64)
	for _, g := range v.KPI.Grades {
		if g.Count > 0 {
			v.Grades = append(v.Grades, g)
		}
	}
	v.API.Grades, v.API.KPI = v.Grades, v.KPI
	v.Top, v.Bottom = in.extremes(sel, sel2)
	v.API.Top, v.API.Bottom = v.Top, v.Bottom
	v.Office, v.API.Office = in.office, in.office

	var buf bytes.Buffer
	if err := fragments.ExecuteTemplate(&buf, "dashbody", v); err != nil {
		return nil, err
	}
	v.Body = template.HTML(buf.String())
	if v.APIJSON, err = json.Marshal(v.API); err != nil {
		return nil, err
	}
	return v, nil
}

func (in *cockpitInput) kpis(sel string, units []*charts.Unit) cockpitKPIs {
	d := in.d
	k := cockpitKPIs{Units: len(units)}
	count := map[string]int{}
	var sum float64
	for _, u := range units {
		sum += u.Normalized
		count[u.Grade]++
		if u.Vetoed {
			k.Vetoed++
		}
		if w, ok := in.weights[u.UnitID]; ok && !w.Compliant {
			k.Under4Pct++
		}
		k.LedgersOwed += in.ledgers[u.UnitID].Owed
		k.LedgersReceived += in.ledgers[u.UnitID].Received
		if r, ok := in.reports[u.UnitID]; ok {
			k.ReportsAssessed++
			if r.Value != nil && *r.Value >= 1 {
				k.ReportsOnTime++
			}
		}
	}
	if len(units) > 0 {
		k.Avg = round2(sum / float64(len(units)))
	}
	for _, g := range d.Grades {
		k.Grades = append(k.Grades, gradeCount{Grade: g.Name, Count: count[g.Name], Color: d.GradeColor(g.Name)})
	}
	// The previous year's average of the same selection.
	if prev, ok := d.History[d.Year-1]; ok {
		var n int
		var ps float64
		for _, u := range prev {
			if sel == "" || u.Group == sel {
				n++
				ps += u.Normalized
			}
		}
		if n > 0 {
			pa := round2(ps / float64(n))
			ch := round2(k.Avg - pa)
			k.PrevAvg, k.AvgChange = &pa, &ch
		}
	}
	return k
}

// extremes are the five best and the five worst units of the selection by
// score (ties by rank within the group, then name), the worst last.
func (in *cockpitInput) extremes(sel string, units []*charts.Unit) (top, bottom []cockpitUnit) {
	order := append([]*charts.Unit(nil), units...)
	sort.SliceStable(order, func(i, j int) bool {
		a, b := order[i], order[j]
		if a.Normalized != b.Normalized {
			return a.Normalized > b.Normalized
		}
		if a.Rank != b.Rank {
			return a.Rank < b.Rank
		}
		return a.Unit < b.Unit
	})
	conv := func(u *charts.Unit) cockpitUnit {
		return cockpitUnit{UnitID: u.UnitID, Unit: u.Unit, Short: u.Short, Group: u.Group, Rank: u.Rank, Score: u.Normalized,
			Grade: u.Grade, Vetoed: u.Vetoed, Link: unitLink(u.UnitID, in.d.Year, sel), Lost: orEmpty(mainLosses(u.UnitScore)),
			GradeColor: template.CSS(in.d.GradeColor(u.Grade))}
	}
	n := min(extremes, len(order))
	top = make([]cockpitUnit, 0, n)
	for _, u := range order[:n] {
		top = append(top, conv(u))
	}
	from := max(n, len(order)-extremes) // no unit in both lists
	bottom = make([]cockpitUnit, 0, len(order)-from)
	for _, u := range order[from:] {
		bottom = append(bottom, conv(u))
	}
	return top, bottom
}
