package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"strconv"
	"sync"
	"time"

	"gongkai/charts"
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
	Name, Score  string
	Grade, Link  string
	Vetoed       bool
	ScoreChange  string
	ScoreClass   string
	PrevRankText string
}

type dashGroup struct {
	Name   string
	Avg    string
	Rows   []dashRow
	Charts []dashChart
}

// dashView is one dashboard page: a year, all groups or one.
type dashView struct {
	Year   int
	Title  string
	Group  string   // "" = every group
	Groups []string // every group of the year
	Units  int
	Avg    string
	Grades []gradeCount
	Shown  []dashGroup
	County []dashChart
	// Links maps full unit names (what the charts' data items carry) to
	// unit pages, for the bars' drill-down.
	Links template.JS
	// API is the same content for /api/dashboard, APIJSON encoded.
	API     dashAPI
	APIJSON []byte
	// Body is the page's content below the filters, rendered once.
	Body  template.HTML
	Built time.Time
}

type gradeCount struct {
	Grade string `json:"grade"`
	Count int    `json:"units"`
}

type dashAPI struct {
	Year    int                         `json:"year"`
	Version string                      `json:"version"` // the results shown (metrics.Label)
	Title   string                      `json:"title"`
	Group   string                      `json:"group,omitempty"`
	Groups  []string                    `json:"groups"`
	Units   int                         `json:"units"`
	Avg     float64                     `json:"average"`
	Grades  []gradeCount                `json:"grades"`
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
	views      map[string]*dashView // by group, "" = all
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

// dashboard returns the view of version n of a year and group ("" = all
// groups).
func (s *Server) dashboard(ctx context.Context, year, n int, group string) (*dashView, error) {
	c := &s.dash
	key := dashKey{year, n}
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
		views, err := s.buildDash(context.WithoutCancel(ctx), key)
		c.mu.Lock()
		e.views, e.err, e.built = views, err, time.Now()
		close(e.ready)
		if err != nil {
			delete(c.entries, key) // try again next time
		}
		c.mu.Unlock()
	} else {
		if e.gen != gen && !e.refreshing && e.err == nil && time.Since(e.built) >= s.dashRefresh() {
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
	views, err := e.views, e.err
	c.mu.Unlock()
	if err != nil {
		return nil, err
	}
	v, ok := views[group]
	if !ok {
		return nil, &httpError{404, fmt.Sprintf("%d年度没有考核分组“%s”", year, group)}
	}
	return v, nil
}

func (s *Server) refreshDash(key dashKey, e *dashEntry, gen int64) {
	views, err := s.buildDash(context.Background(), key)
	s.dash.mu.Lock()
	defer s.dash.mu.Unlock()
	e.refreshing = false
	if err != nil {
		s.log.Warn("刷新看板失败", "year", key.year, "version", key.version, "err", err)
		return
	}
	e.views, e.gen, e.built = views, gen, time.Now()
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

func (s *Server) buildDash(ctx context.Context, key dashKey) (map[string]*dashView, error) {
	year := key.year
	d, err := charts.Load(ctx, s.db, year, charts.LoadOptions{Version: key.version})
	if err != nil {
		return nil, err
	}
	built := time.Now()
	links := map[string]string{}
	for _, u := range d.Units {
		links[u.Unit] = fmt.Sprintf("/unit/%d?year=%d", u.UnitID, year)
	}
	lb, err := json.Marshal(links)
	if err != nil {
		return nil, err
	}
	var groupNames []string
	for _, g := range d.Groups {
		groupNames = append(groupNames, g.Name)
	}
	// Charts once, shared by the views.
	groupCharts := make([][]dashChart, len(d.Groups))
	raw := map[string]*json.RawMessage{}
	addRaw := func(c dashChart) {
		m := json.RawMessage(c.JSON)
		raw[c.ID] = &m
	}
	for gi := range d.Groups {
		for _, c := range []charts.Chart{d.RankChart(gi), d.HeatmapChart(gi), d.TrendChart(gi, false)} {
			dc, err := toDashChart(c)
			if err != nil {
				return nil, err
			}
			groupCharts[gi] = append(groupCharts[gi], dc)
		}
	}
	var county []dashChart
	for _, c := range []charts.Chart{d.AppsChart(), d.ReplyChart(), d.ParetoChart()} {
		dc, err := toDashChart(c)
		if err != nil {
			return nil, err
		}
		county = append(county, dc)
	}
	views := map[string]*dashView{}
	for _, sel := range append([]string{""}, groupNames...) {
		v := &dashView{Year: year, Title: d.Title(), Group: sel, Groups: groupNames, Links: template.JS(lb), Built: built}
		v.API = dashAPI{Year: year, Version: d.Version, Title: v.Title, Group: sel, Groups: groupNames, Charts: map[string]*json.RawMessage{}, Built: built.Format(time.RFC3339)}
		grades := map[string]int{}
		var sum float64
		for gi, g := range d.Groups {
			if sel != "" && g.Name != sel {
				continue
			}
			dg := dashGroup{Name: g.Name, Avg: strconv.FormatFloat(g.Avg, 'f', 2, 64), Charts: groupCharts[gi]}
			for _, u := range g.Units {
				link := links[u.Unit]
				row := dashRow{Rank: u.Rank, UnitID: u.UnitID, Name: u.Unit, Score: strconv.FormatFloat(u.Normalized, 'f', 2, 64),
					Grade: u.Grade, Link: link, Vetoed: u.Vetoed, ScoreChange: "—"}
				if u.ScoreDelta != nil {
					switch {
					case *u.ScoreDelta > 0:
						row.ScoreChange, row.ScoreClass = "+"+strconv.FormatFloat(*u.ScoreDelta, 'f', 2, 64), "up"
					case *u.ScoreDelta < 0:
						row.ScoreChange, row.ScoreClass = strconv.FormatFloat(*u.ScoreDelta, 'f', 2, 64), "down"
					default:
						row.ScoreChange = "0.00"
					}
				}
				dg.Rows = append(dg.Rows, row)
				v.API.Rows = append(v.API.Rows, dashAPIRow{Group: g.Name, Rank: u.Rank, UnitID: u.UnitID, Unit: u.Unit, Score: u.Normalized, Grade: u.Grade, Vetoed: u.Vetoed, Link: link})
				grades[u.Grade]++
				sum += u.Normalized
				v.Units++
			}
			for _, c := range dg.Charts {
				addRaw(c)
				v.API.Charts[c.ID] = raw[c.ID]
			}
			v.Shown = append(v.Shown, dg)
		}
		for _, g := range d.Grades {
			if n := grades[g.Name]; n > 0 {
				v.Grades = append(v.Grades, gradeCount{g.Name, n})
			}
		}
		v.API.Grades, v.API.Units = v.Grades, v.Units
		if v.Units > 0 {
			v.API.Avg = float64(int64(sum/float64(v.Units)*100+0.5)) / 100
			v.Avg = strconv.FormatFloat(v.API.Avg, 'f', 2, 64)
		}
		if sel == "" {
			v.County = county
			for _, c := range county {
				addRaw(c)
				v.API.Charts[c.ID] = raw[c.ID]
			}
		}
		var buf bytes.Buffer
		if err := fragments.ExecuteTemplate(&buf, "dashbody", v); err != nil {
			return nil, err
		}
		v.Body = template.HTML(buf.String())
		if v.APIJSON, err = json.Marshal(v.API); err != nil {
			return nil, err
		}
		views[sel] = v
	}
	return views, nil
}

// dropDash forgets every cached year after a change of scores (scoring, a
// new scheme or registry): the next page builds afresh instead of showing
// the old scores once.
func (s *Server) dropDash() {
	s.dash.mu.Lock()
	s.dash.entries = nil
	s.dash.mu.Unlock()
}
