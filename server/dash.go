package server

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"sync"
	"sync/atomic"
	"time"

	"gongkai/charts"
	"gongkai/metrics"
)

// The leaders' dashboards are drawn from charts.Load (the same data and
// chart builders as the static site of `gongkai report`). Loading derives
// the annual reports of every scored year, far too slow per request, so a
// year's views are cached and rebuilt in the background after a write
// (stale-while-revalidate): a page always answers from memory once the
// year has been built, and shows the database as of at most one rebuild ago.

type dashChart struct {
	ID, Kind, Title string
	Height          int
	JSON            template.JS
}

type dashRow struct {
	Rank         int
	UnitID       int64
	Name, Short  string
	Score        string
	Grade, Link  string
	GradeColor   template.CSS
	Bar          template.CSS // the bar's width: the score's share of the axis
	Vetoed       bool
	ScoreChange  string
	ScoreClass   string
	PrevRankText string
}

type dashGroup struct {
	Name    string
	Avg     string
	Rows    []dashRow
	Heatmap dashChart
	Trend   dashChart
}

// dashView is one cockpit: a year, all groups or one, all grades or one.
type dashView struct {
	Year   int
	Title  string
	Group  string   // "" = every group
	Groups []string // every group of the year
	Grade  string   // "" = every grade; else the ranking and heatmap list only its units
	Units  int
	Avg    string
	Grades []gradeCount
	KPI    cockpitKPIs
	// Top and Bottom are the five best and five worst units of the
	// selection by score, with their main lost points.
	Top, Bottom []cockpitUnit
	// Office are the county's blocks of issue 19 (cockpit_office.go).
	Office *officeBlocks
	Shown  []dashGroup
	County []dashChart
	// Links maps full unit names (what the charts' data items carry) to
	// unit pages, for the charts' drill-down.
	Links template.JS
	// API is the same content for /api/dashboard, APIJSON encoded.
	API     dashAPI
	APIJSON []byte
	// Body is the page's content below the filters, rendered once.
	Body  template.HTML
	Built time.Time
	// page is the cockpit's part of the dashboard page, kept for the
	// years and state it was last rendered for (cockpit.html).
	page atomic.Pointer[cockpitHTML]
}

type gradeCount struct {
	Grade string `json:"grade"`
	Count int    `json:"units"`
	Color string `json:"-"`
}

type dashAPI struct {
	Year    int                         `json:"year"`
	Version string                      `json:"version"` // the results shown (metrics.Label)
	Title   string                      `json:"title"`
	Group   string                      `json:"group,omitempty"`
	Grade   string                      `json:"grade,omitempty"`
	Groups  []string                    `json:"groups"`
	Units   int                         `json:"units"`
	Avg     float64                     `json:"average"`
	Grades  []gradeCount                `json:"grades"`
	KPI     cockpitKPIs                 `json:"kpis"`
	Top     []cockpitUnit               `json:"top"`
	Bottom  []cockpitUnit               `json:"bottom"`
	Office  *officeBlocks               `json:"office"`
	Rows    []dashAPIRow                `json:"ranking"`
	Charts  map[string]*json.RawMessage `json:"charts"`
	Built   string                      `json:"built_at"`
}

type dashAPIRow struct {
	Group  string  `json:"group"`
	Rank   int     `json:"rank"`
	UnitID int64   `json:"unit_id"`
	Unit   string  `json:"unit"`
	Score  float64 `json:"score"`
	Grade  string  `json:"grade"`
	Vetoed bool    `json:"vetoed"`
	Link   string  `json:"link"`
}

type dashEntry struct {
	views      map[string]*dashView // by group, "" = all; every grade
	in         *cockpitInput        // what the views were built from
	gen        int64
	refreshing bool
	built      time.Time
	ready      chan struct{} // closed when the first build is done
	err        error
}

type dashCache struct {
	mu      sync.Mutex
	entries map[dashKey]*dashEntry
}

// dashKey is a year and the version of its results shown (metrics.Draft:
// the draft, for admins).
type dashKey struct{ year, version int }

// dashboard returns the view of version n of a year (metrics.Draft: the
// draft), group ("" = all groups) and grade ("" = all grades). The views of
// every grade are built with the year and version and cached; one grade's
// view is built from the same inputs when first asked and kept with them.
func (s *Server) dashboard(ctx context.Context, year, n int, group, grade string) (*dashView, error) {
	key := dashKey{year, n}
	c := &s.dash
	c.mu.Lock()
	if c.entries == nil {
		c.entries = map[dashKey]*dashEntry{}
	}
	e := c.entries[key]
	gen := s.gen.Load()
	if e == nil {
		e = &dashEntry{ready: make(chan struct{}), gen: gen}
		c.entries[key] = e
		c.mu.Unlock()
		views, in, err := s.buildDash(context.WithoutCancel(ctx), key)
		c.mu.Lock()
		e.views, e.in, e.err, e.built = views, in, err, time.Now()
		close(e.ready)
		if err != nil {
			delete(c.entries, key) // try again next time
		}
		c.mu.Unlock()
	} else {
		if (e.gen != gen || s.clockStale(e.in)) && !e.refreshing && e.err == nil && time.Since(e.built) >= s.dashRefresh() {
			select {
			case <-e.ready:
				e.refreshing = true
				go s.refreshDash(key, e, gen)
			default:
			}
		}
		c.mu.Unlock()
		select {
		case <-e.ready:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	c.mu.Lock()
	views, in, err := e.views, e.in, e.err
	c.mu.Unlock()
	if err != nil {
		return nil, err
	}
	v, ok := views[group]
	if !ok {
		return nil, &httpError{404, fmt.Sprintf("%d年度没有考核分组“%s”", year, group)}
	}
	if grade == "" {
		return v, nil
	}
	if !in.hasGrade(grade) {
		return nil, &httpError{404, fmt.Sprintf("%d年度的考核细则没有等次“%s”", year, grade)}
	}
	return in.gradeView(group, grade)
}

// clockStale: the view's 依申请 clock (its office blocks) is of a day before
// today, so that a day without writes still rebuilds it once.
func (s *Server) clockStale(in *cockpitInput) bool {
	return in != nil && in.office != nil && in.office.Deadlines.AsOf != metrics.ChinaDate(s.cfg.Now()).Format("2006-01-02")
}

func (s *Server) refreshDash(key dashKey, e *dashEntry, gen int64) {
	views, in, err := s.buildDash(context.Background(), key)
	s.dash.mu.Lock()
	defer s.dash.mu.Unlock()
	e.refreshing = false
	if err != nil {
		s.log.Warn("刷新看板失败", "year", key.year, "version", key.version, "err", err)
		return
	}
	e.views, e.in, e.gen, e.built = views, in, gen, time.Now()
}

// dashRefresh is the least time between two rebuilds of a year's views:
// a stream of uploads must not keep both cores deriving reports.
func (s *Server) dashRefresh() time.Duration {
	if s.cfg.DashRefresh > 0 {
		return s.cfg.DashRefresh
	}
	return 5 * time.Second
}

func toDashChart(c charts.Chart) (dashChart, error) {
	b, err := c.OptionJSON()
	if err != nil {
		return dashChart{}, err
	}
	return dashChart{ID: c.ID, Kind: c.Kind, Title: c.Title, Height: c.Height, JSON: template.JS(b)}, nil
}

// buildDash reads a year's cockpit inputs and builds the views of every
// group (and of all groups) for every grade.
func (s *Server) buildDash(ctx context.Context, key dashKey) (map[string]*dashView, *cockpitInput, error) {
	in, err := s.readCockpitInput(ctx, key.year, key.version)
	if err != nil {
		return nil, nil, err
	}
	views := map[string]*dashView{}
	for _, sel := range append([]string{""}, in.groupNames()...) {
		if views[sel], err = in.view(sel, ""); err != nil {
			return nil, nil, err
		}
	}
	return views, in, nil
}

// dropDash forgets every cached year after a change of scores (scoring, a
// new scheme or registry): the next page builds afresh instead of showing
// the old scores once.
func (s *Server) dropDash() {
	s.dash.mu.Lock()
	s.dash.entries = nil
	s.dash.mu.Unlock()
}
