package charts

import (
	"bufio"
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"os"
	"path"
	"path/filepath"
	"strconv"

	"gongkai"
	"gongkai/metrics"
	"gongkai/reports"
)

// The static site:
//
//	DIR/index.html                every chart of the year, tables per group
//	DIR/units/u<ID>.html          one page per unit: radar, trend, indicator
//	                              table, lost points with the events that
//	                              cost them and the evidence rows, 加分
//	DIR/units/u<ID>-report.html   its annual report derived from the ledgers
//	DIR/assets/echarts.min.js     ECharts 5.6.0 (embedded copy)
//	DIR/assets/gongkai.js, site.css
//
// Links are relative, file names come from unit ids, and nothing is
// loaded from the network: the site opens from disk (file://) as it is,
// copied to a USB stick or zipped and mailed.

//go:embed assets/echarts.min.js assets/gongkai.js assets/site.css
var assets embed.FS

//go:embed templates/*.tmpl
var templateFS embed.FS

var pages = template.Must(template.New("").ParseFS(templateFS, "templates/*.tmpl"))

// EChartsVersion is the embedded ECharts release.
const EChartsVersion = "5.6.0"

// Asset returns an embedded asset by file name (echarts.min.js, gongkai.js,
// site.css).
func Asset(name string) ([]byte, error) { return assets.ReadFile("assets/" + name) }

// SiteInfo says what WriteSite wrote.
type SiteInfo struct {
	Index   string // path of index.html
	Version string // the results shown (Data.Version)
	Units   int    // unit pages
	Charts  int    // charts over all pages
	Files   int
}

type pageChart struct {
	ID, Kind, Title string
	Height          int
	JSON            template.JS
}

func toPage(c Chart) (pageChart, error) {
	b, err := c.OptionJSON()
	if err != nil {
		return pageChart{}, err
	}
	// encoding/json escapes <, >, & and U+2028/2029: the text cannot end
	// the <script> element it is written into.
	return pageChart{ID: c.ID, Kind: c.Kind, Title: c.Title, Height: c.Height, JSON: template.JS(b)}, nil
}

type unitRow struct {
	Rank                     int
	Name, Link, Score, Grade string
	GradeColor               template.CSS
	Vetoed                   bool
	ScoreChange, ScoreClass  string
	RankChange, RankClass    string
}

type groupView struct {
	Name, Anchor string
	Avg          string
	Open         bool // the ranking table starts open (up to maxRankRows units)
	Rows         []unitRow
	Charts       []pageChart
}

type radarChoice struct {
	ID       int64
	Rank     int
	Name     string
	Selected bool
}

type radarGroup struct {
	Name  string
	Units []radarChoice
}

type indexView struct {
	Title, Subtitle string
	Root            string
	Groups          []groupView
	County          []pageChart
	Radar           pageChart
	RadarOptions    template.JS
	RadarChoices    []radarGroup
	Expected        int
}

type itemRow struct {
	ID, Name          string
	Level             int
	Points, Max, Lost string
}

type evRow struct {
	Kind, File, Sheet, Label, Note string
	Row                            int
}

// lossView is one explained item, as the web's unit page shows it: the
// reason, the events that cost the points, then the rows as evidence.
type lossView struct {
	ID, Name, Lost, Reason string
	Veto                   bool
	Events                 []string
	Rows                   []evRow
}

type unitView struct {
	Title, Root             string
	Name, Group, Version    string
	Year, GroupSize         int
	Score, Rank, Grade      string
	GradeColor              template.CSS
	Vetoed                  bool
	ScoreChange, ScoreClass string
	RankChange, RankClass   string
	Charts                  []pageChart
	Items                   []itemRow
	Losses                  []lossView // lost points and vetoes
	Bonus                   []lossView // bonus items, under 加分
	ReportPage, ReportTitle string
	ReportNote              string
	Expected                int
}

// Title is the site's heading.
func (d *Data) Title() string {
	return fmt.Sprintf("%s%d年度政务公开工作考核结果", d.County, d.Year)
}

func (d *Data) gradeColor(name string) template.CSS { return template.CSS(d.GradeColor(name)) }

// GradeColor is the colour of a grade of the year, as the ranking charts
// draw it: the best green, the worst red.
func (d *Data) GradeColor(name string) string {
	for i, g := range d.Grades {
		if g.Name == name {
			return gradeColor(i, len(d.Grades))
		}
	}
	return "#6c757d"
}

func fmt2(v float64) string { return strconv.FormatFloat(round2(v), 'f', 2, 64) }

// fmtPts prints points as the clerk writes them: 12.5, 10, 7.25.
func fmtPts(v float64) string { return strconv.FormatFloat(round2(v), 'f', -1, 64) }

// Changes says a unit's change from the previous year: its score
// ("+1.50", class "up"; "—" when that year has no score) and its rank
// within the group ("上升 2 名", "持平" …); classes are "up", "down" or "".
func Changes(u metrics.UnitScore) (sc, scClass, rc, rcClass string) {
	sc, rc = "—", "—"
	if u.ScoreDelta != nil {
		switch {
		case *u.ScoreDelta > 0:
			sc, scClass = "+"+fmt2(*u.ScoreDelta), "up"
		case *u.ScoreDelta < 0:
			sc, scClass = fmt2(*u.ScoreDelta), "down"
		default:
			sc = "0.00"
		}
	}
	if u.RankDelta != nil {
		switch {
		case *u.RankDelta > 0:
			rc, rcClass = fmt.Sprintf("上升 %d 名", *u.RankDelta), "up"
		case *u.RankDelta < 0:
			rc, rcClass = fmt.Sprintf("下降 %d 名", -*u.RankDelta), "down"
		default:
			rc = "持平"
		}
	}
	return
}

// WriteSite writes the static site of d into dir (created if needed;
// files of an earlier site are overwritten, others left alone). d must
// have been loaded with LoadOptions.Details.
func WriteSite(d *Data, dir string) (*SiteInfo, error) {
	if d.Losses == nil || d.Reports == nil {
		return nil, fmt.Errorf("write site: data loaded without details")
	}
	info := &SiteInfo{Index: filepath.Join(dir, "index.html"), Version: d.Version}
	for _, sub := range []string{"assets", "units"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return nil, err
		}
	}
	for _, name := range []string{"echarts.min.js", "gongkai.js", "site.css"} {
		b, err := Asset(name)
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(dir, "assets", name), b, 0o644); err != nil {
			return nil, err
		}
		info.Files++
	}

	iv, err := d.indexView()
	if err != nil {
		return nil, err
	}
	if err := writePage(filepath.Join(dir, "index.html"), "index.html.tmpl", iv); err != nil {
		return nil, err
	}
	info.Files++
	info.Charts += iv.Expected

	for _, u := range d.Units {
		uv, err := d.unitView(u)
		if err != nil {
			return nil, err
		}
		if r := d.Reports[u.UnitID]; r != nil {
			var buf bytes.Buffer
			if err := reports.WriteHTML(&buf, r); err != nil {
				uv.ReportPage, uv.ReportNote = "", err.Error()
			} else if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(unitReportPage(u.UnitID))), buf.Bytes(), 0o644); err != nil {
				return nil, err
			} else {
				info.Files++
			}
		}
		if err := writePage(filepath.Join(dir, filepath.FromSlash(u.Page)), "unit.html.tmpl", uv); err != nil {
			return nil, err
		}
		info.Files++
		info.Units++
		info.Charts += uv.Expected
	}
	return info, nil
}

func writePage(name, tmpl string, data any) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 64<<10)
	if err := pages.ExecuteTemplate(w, tmpl, data); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// RadarDefault is the unit the front page's radar shows first: the last
// of the first group, the one a leader asks about.
func (d *Data) RadarDefault() *Unit {
	g := d.Groups[0]
	return g.Units[len(g.Units)-1]
}

func (d *Data) indexView() (*indexView, error) {
	iv := &indexView{
		Title:    d.Title(),
		Subtitle: fmt.Sprintf("%s；%d个考核分组，%d个单位；%s", d.Version, len(d.Groups), len(d.Units), yearsText(d.Years)),
	}
	for gi, g := range d.Groups {
		gv := groupView{Name: g.Name, Anchor: fmt.Sprintf("g%d", gi+1), Avg: fmt2(g.Avg), Open: len(g.Units) <= maxRankRows}
		for _, u := range g.Units {
			sc, scc, rc, rcc := Changes(u.UnitScore)
			gv.Rows = append(gv.Rows, unitRow{Rank: u.Rank, Name: u.Unit, Link: u.Page, Score: fmt2(u.Normalized),
				Grade: u.Grade, GradeColor: d.gradeColor(u.Grade), Vetoed: u.Vetoed,
				ScoreChange: sc, ScoreClass: scc, RankChange: rc, RankClass: rcc})
		}
		for _, c := range []Chart{d.RankChart(gi), d.HeatmapChart(gi), d.TrendChart(gi, false), d.TrendChart(gi, true)} {
			pc, err := toPage(c)
			if err != nil {
				return nil, err
			}
			gv.Charts = append(gv.Charts, pc)
			iv.Expected++
		}
		iv.Groups = append(iv.Groups, gv)
	}
	for _, c := range []Chart{d.AppsChart(), d.ReplyChart(), d.ParetoChart()} {
		pc, err := toPage(c)
		if err != nil {
			return nil, err
		}
		iv.County = append(iv.County, pc)
		iv.Expected++
	}
	def := d.RadarDefault()
	radar, err := toPage(d.RadarChart(def))
	if err != nil {
		return nil, err
	}
	iv.Radar = radar
	iv.Expected++
	// Every unit's radar option, keyed by unit id, for the <select>.
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, u := range d.Units {
		if i > 0 {
			buf.WriteByte(',')
		}
		b, err := d.RadarChart(u).OptionJSON()
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&buf, "%q:", strconv.FormatInt(u.UnitID, 10))
		buf.Write(b)
	}
	buf.WriteByte('}')
	if !json.Valid(buf.Bytes()) {
		return nil, fmt.Errorf("radar options are not valid JSON")
	}
	iv.RadarOptions = template.JS(buf.String())
	for _, g := range d.Groups {
		rg := radarGroup{Name: g.Name}
		for _, u := range g.Units {
			rg.Units = append(rg.Units, radarChoice{ID: u.UnitID, Rank: u.Rank, Name: u.Unit, Selected: u.UnitID == def.UnitID})
		}
		iv.RadarChoices = append(iv.RadarChoices, rg)
	}
	return iv, nil
}

func yearsText(years []int) string {
	switch len(years) {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("%d年度", years[0])
	}
	return fmt.Sprintf("趋势为%d–%d年度", years[0], years[len(years)-1])
}

// lossViews are the explained items of a unit for its page.
func lossViews(ls []metrics.Loss) []lossView {
	var out []lossView
	for _, l := range ls {
		lv := lossView{ID: l.ID, Name: l.Name, Reason: l.Reason, Veto: l.Rule == "veto", Events: l.Events}
		if l.Lost > 0 {
			lv.Lost = fmtPts(l.Lost)
		}
		for _, e := range l.Rows {
			lv.Rows = append(lv.Rows, evRow{Kind: gongkai.KindTitle(e.Kind), File: e.File, Sheet: e.Sheet, Row: e.Row, Label: e.Label, Note: e.Note})
		}
		out = append(out, lv)
	}
	return out
}

func (d *Data) unitView(u *Unit) (*unitView, error) {
	g := d.groupOf(u)
	sc, scc, rc, rcc := Changes(u.UnitScore)
	uv := &unitView{
		Title: u.Unit + " " + strconv.Itoa(d.Year) + "年度政务公开考核", Root: "../",
		Name: u.Unit, Group: u.Group, Version: d.Version, Year: d.Year, GroupSize: len(g.Units),
		Score: fmt2(u.Normalized), Rank: strconv.Itoa(u.Rank), Grade: u.Grade, GradeColor: d.gradeColor(u.Grade),
		Vetoed: u.Vetoed, ScoreChange: sc, ScoreClass: scc, RankChange: rc, RankClass: rcc,
	}
	for _, c := range []Chart{d.RadarChart(u), d.UnitTrendChart(u)} {
		pc, err := toPage(c)
		if err != nil {
			return nil, err
		}
		uv.Charts = append(uv.Charts, pc)
		uv.Expected++
	}
	for _, it := range u.Indicators {
		row := itemRow{ID: it.ID, Name: it.Name, Level: it.Level, Points: fmtPts(it.Points), Max: fmtPts(it.Max)}
		switch it.Section {
		case "score":
			row.Lost = fmtPts(it.Lost)
		case "bonus":
			row.Max = "加分上限 " + fmtPts(it.Max)
		case "veto":
			row.Points, row.Max = "", "一票否决项"
			if it.Triggered {
				row.Lost = "已触发"
			}
		}
		uv.Items = append(uv.Items, row)
	}
	lost, bonus := metrics.Split(d.Losses[u.UnitID])
	uv.Losses, uv.Bonus = lossViews(lost), lossViews(bonus)
	if r := d.Reports[u.UnitID]; r != nil {
		uv.ReportPage = path.Base(unitReportPage(u.UnitID))
		uv.ReportTitle = reports.Title(r)
	} else {
		uv.ReportNote = "单位名录中没有该单位，未推算年度报告。"
	}
	return uv, nil
}
