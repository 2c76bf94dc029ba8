package charts

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"gongkai/metrics"
	"gongkai/reports"
)

// Golden files of the option objects given to ECharts for the sample
// county's 2024 results: every chart of the front page, the front page's
// radar and the two charts of one unit's page.
func TestChartOptionsGolden(t *testing.T) {
	d := sampleData(t)
	cs := d.IndexCharts()
	cs = append(cs, d.RadarChart(d.RadarDefault()))
	u := unitByName(t, d, "平安县财政局")
	cs = append(cs, d.RadarChart(u), d.UnitTrendChart(u))
	names := map[string]bool{}
	for i, c := range cs {
		name := c.ID
		if i >= len(cs)-3 {
			name = fmt.Sprintf("%s-u%d", c.ID, []int64{d.RadarDefault().UnitID, u.UnitID, u.UnitID}[i-(len(cs)-3)])
		}
		if names[name] {
			t.Fatalf("two charts named %s", name)
		}
		names[name] = true
		b, err := c.OptionIndent()
		if err != nil {
			t.Fatal(err)
		}
		golden(t, filepath.Join("options", name+".json"), b)
	}
}

func unitByName(t *testing.T, d *Data, name string) *Unit {
	t.Helper()
	for _, u := range d.Units {
		if u.Unit == name {
			return u
		}
	}
	t.Fatalf("no unit %s", name)
	return nil
}

// decode parses a chart's option JSON back, as ECharts would receive it.
func decode(t *testing.T, c Chart) map[string]any {
	t.Helper()
	b, err := c.OptionJSON()
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func seriesOf(t *testing.T, o map[string]any) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, s := range o["series"].([]any) {
		out = append(out, s.(map[string]any))
	}
	return out
}

// The chart data checked against the scores, independently of goldens.
func TestChartData(t *testing.T) {
	d := sampleData(t)
	ctx := context.Background()
	for gi, g := range d.Groups {
		o := decode(t, d.RankChart(gi))
		cats := o["yAxis"].([]any)[0].(map[string]any)["data"].([]any)
		if len(cats) != len(g.Units) {
			t.Fatalf("%s: %d categories, %d units", g.Name, len(cats), len(g.Units))
		}
		found := make([]bool, len(g.Units))
		var sum float64
		for i, u := range g.Units {
			if cats[i] != u.Short {
				t.Errorf("%s: category %d = %v, want %s", g.Name, i, cats[i], u.Short)
			}
			sum += u.Normalized
		}
		for _, s := range seriesOf(t, o) {
			if s["type"] == "line" {
				ml := s["markLine"].(map[string]any)["data"].([]any)[0].(map[string]any)
				if got, want := ml["xAxis"].(float64), math.Round(sum/float64(len(g.Units))*100)/100; got != want {
					t.Errorf("%s: average line %v, want %v", g.Name, got, want)
				}
				continue
			}
			for i, it := range s["data"].([]any) {
				if it == "-" {
					continue
				}
				m := it.(map[string]any)
				u := g.Units[i]
				if m["name"] != u.Unit || m["value"].(float64) != u.Normalized || int(m["rank"].(float64)) != u.Rank || m["grade"] != u.Grade || s["name"] != u.Grade {
					t.Errorf("%s bar %d: %v, want %s %v %d %s", g.Name, i, m, u.Unit, u.Normalized, u.Rank, u.Grade)
				}
				if found[i] {
					t.Errorf("%s: unit %d in two series", g.Name, i)
				}
				found[i] = true
			}
		}
		for i, f := range found {
			if !f {
				t.Errorf("%s: unit %s has no bar", g.Name, g.Units[i].Unit)
			}
		}

		hm := decode(t, d.HeatmapChart(gi))
		cells := seriesOf(t, hm)[0]["data"].([]any)
		if len(cells) != len(g.Units)*len(g.Indicators) {
			t.Fatalf("%s heatmap: %d cells", g.Name, len(cells))
		}
		for _, c := range cells {
			m := c.(map[string]any)
			v := m["value"].([]any)
			u, ind := g.Units[int(v[1].(float64))], g.Indicators[int(v[0].(float64))]
			it, _ := item(u, ind.ID)
			if m["name"] != u.Unit || m["pts"].(float64) != it.Points || math.Abs(v[2].(float64)-it.Points/it.Max*100) > 0.051 {
				t.Errorf("%s heatmap cell %v: unit %s %s %v/%v", g.Name, m, u.Unit, ind.Name, it.Points, it.Max)
			}
		}
	}

	// Applications by outcome: the county government's roll-up (every unit
	// of the samples is its descendant) must equal the sum of the units.
	for i, y := range d.Years {
		r, err := reports.Derive(ctx, sampleCounty(t), y, 1, reports.DeriveOptions{Rollup: true})
		if err != nil {
			t.Fatal(err)
		}
		var outcomes float64
		for _, v := range d.Apps[i].Outcomes {
			outcomes += v
		}
		if want := r.Report.Table3.Cell("7", reports.ColTOT).Value(); outcomes != want || outcomes == 0 {
			t.Errorf("%d: outcomes %v, roll-up （七）总计 %v", y, outcomes, want)
		}
		if want := r.Report.Table3.Cell("new", reports.ColTOT).Value(); d.Apps[i].New != want {
			t.Errorf("%d: 本年新收 %v, roll-up %v", y, d.Apps[i].New, want)
		}
		var answered int
		for _, n := range d.Reply[i].Buckets {
			answered += n
		}
		if answered == 0 || float64(answered) > outcomes || d.Reply[i].Late > answered {
			t.Errorf("%d: reply buckets %v (late %d) against %v outcomes", y, d.Reply[i].Buckets, d.Reply[i].Late, outcomes)
		}
	}

	// Pareto: the rules' lost points add up to every unit's lost points.
	var lost float64
	for _, u := range d.Units {
		for _, it := range u.Indicators {
			if it.Rule != "" && it.Section == "score" {
				lost += it.Lost
			}
		}
	}
	p := decode(t, d.ParetoChart())
	var sum float64
	var prev = math.Inf(1)
	for i, it := range seriesOf(t, p)[0]["data"].([]any) {
		v := it.(map[string]any)["value"].(float64)
		sum += v
		if i < maxParetoRules-1 && v > prev {
			t.Errorf("pareto not sorted at %d", i)
		}
		prev = v
	}
	if math.Abs(sum-lost) > 0.01 {
		t.Errorf("pareto total %v, lost points %v", sum, lost)
	}
	cum := seriesOf(t, p)[1]["data"].([]any)
	if last := cum[len(cum)-1].(map[string]any)["value"].(float64); last != 100 {
		t.Errorf("cumulative share ends at %v", last)
	}
}

// Writing the site twice gives the same bytes: fixed chart ids, no
// timestamps, no map order.
func TestSiteDeterministic(t *testing.T) {
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	if _, err := WriteSite(sampleData(t), a); err != nil {
		t.Fatal(err)
	}
	info, err := WriteSite(sampleData(t), b)
	if err != nil {
		t.Fatal(err)
	}
	ta, tb := readTree(t, a), readTree(t, b)
	if len(ta) != len(tb) || len(ta) != info.Files {
		t.Fatalf("%d vs %d files (info %d)", len(ta), len(tb), info.Files)
	}
	for name, x := range ta {
		if !bytes.Equal(x, tb[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
	// Self-contained: relative links only, nothing from the network, the
	// embedded ECharts copied as is.
	ec, _ := Asset("echarts.min.js")
	if !bytes.Equal(ta["assets/echarts.min.js"], ec) || !bytes.Contains(ec, []byte(`version="`+EChartsVersion+`"`)) && !bytes.Contains(ec, []byte(`"`+EChartsVersion+`"`)) {
		t.Errorf("assets/echarts.min.js is not the embedded ECharts %s", EChartsVersion)
	}
	link := regexp.MustCompile(`(?:src|href)="([^"]*)"`)
	for name, x := range ta {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, m := range link.FindAllSubmatch(x, -1) {
			ref := string(m[1])
			if strings.Contains(ref, "://") || strings.HasPrefix(ref, "//") || strings.HasPrefix(ref, "/") {
				t.Errorf("%s links %s", name, ref)
				continue
			}
			target := filepath.ToSlash(filepath.Join(filepath.Dir(name), strings.SplitN(ref, "#", 2)[0]))
			if _, ok := ta[target]; !ok && ref != "" && !strings.HasPrefix(ref, "#") {
				t.Errorf("%s: broken link %s", name, ref)
			}
		}
	}
	for _, u := range sampleData(t).Units {
		if _, ok := ta[fmt.Sprintf("units/u%d.html", u.UnitID)]; !ok {
			t.Errorf("no page for %s", u.Unit)
		}
	}
}

// evilName is a unit name that runs script if any page inserts it as HTML.
const evilName = `<script>document.body.setAttribute("data-pwned","script")</script><img src=x onerror="document.body.setAttribute('data-pwned','img')">平安县镇`

// evilData is the sample county with the first unit of the first group
// (first in its ranking, so first in every chart and tooltip) renamed to
// evilName, and some evidence and report text as hostile.
func evilData(t *testing.T) (*Data, *Unit) {
	d := sampleData(t)
	u := d.Groups[0].Units[0]
	u.Unit = evilName
	u.Short = d.Namer.Short(evilName)
	if r := d.Reports[u.UnitID]; r != nil {
		r.Unit = evilName
	}
	for _, x := range d.Units {
		for i := range d.Losses[x.UnitID] {
			for j := range d.Losses[x.UnitID][i].Rows {
				d.Losses[x.UnitID][i].Rows[j].Label = evilName
				d.Losses[x.UnitID][i].Rows[j].File = evilName + ".xlsx"
			}
		}
	}
	// go-echarts' own renderer would turn a string wrapped in __f__ into
	// code; this package never does.
	v := d.Groups[0].Units[1]
	v.Unit = fnName
	v.Short = d.Namer.Short(fnName)
	return d, u
}

const fnName = `__f__function(){document.body.setAttribute("data-pwned","f")}()__f__`

func TestSiteEscapesNames(t *testing.T) {
	t.Parallel()
	d, u := evilData(t)
	dir := t.TempDir()
	if _, err := WriteSite(d, dir); err != nil {
		t.Fatal(err)
	}
	files := readTree(t, dir)
	for name, b := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, bad := range []string{`<script>document.body`, `<img src=x`, `onerror="document`} {
			if bytes.Contains(b, []byte(bad)) {
				t.Errorf("%s contains %q unescaped", name, bad)
			}
		}
	}
	idx := string(files["index.html"])
	if !strings.Contains(idx, `"name":"__f__function(){`) {
		t.Error("index: a name wrapped in __f__ is not kept as a JSON string")
	}
	if !strings.Contains(idx, `\u003cscript\u003edocument.body`) {
		t.Error("index: option JSON does not carry the name \\u003c-escaped")
	}
	if !strings.Contains(idx, `&lt;script&gt;document.body`) {
		t.Error("index: table does not show the name as text")
	}
	if !strings.Contains(string(files[u.Page]), `<h1>&lt;script&gt;document.body`) {
		t.Error("unit page heading does not show the name as text")
	}

	// In the browser: #tiptest opens the first tooltip of every chart; the
	// ranking's first bar is the renamed unit.
	bin := chromiumPath(t)
	art := artifactDir(t)
	for _, page := range []string{"index.html#tiptest", u.Page + "#tiptest"} {
		png := filepath.Join(art, "escape-"+strings.NewReplacer("/", "-", ".html#tiptest", "").Replace(page)+".png")
		dom, err := chromium(t, bin, fileURL(filepath.Join(dir, strings.TrimSuffix(page, "#tiptest")))+"#tiptest", png, 1600)
		if err != nil {
			t.Fatal(err)
		}
		tag := bodyTag.FindString(dom)
		if strings.Contains(tag, "data-pwned") {
			t.Errorf("%s: script from a unit name ran: %s", page, tag)
		}
		checkRendered(t, page, tag, dom)
		t.Logf("screenshot: %s", png)
		if page == "index.html#tiptest" && !strings.Contains(dom, `<b>&lt;script&gt;document.body`) {
			t.Errorf("index: the ranking tooltip does not show the name as text")
		}
	}
}

// The workbook's bulk query gives, unit by unit, the same lost points and
// evidence rows as metrics.Explain.
func TestDeductionsMatchExplain(t *testing.T) {
	ctx := context.Background()
	db := sampleCounty(t)
	ds, err := Deductions(ctx, db, sampleYear, metrics.Draft)
	if err != nil {
		t.Fatal(err)
	}
	res, err := metrics.Results(ctx, db, sampleYear, "")
	if err != nil {
		t.Fatal(err)
	}
	type key struct {
		unit int64
		id   string
	}
	got := map[key][]string{}
	events := map[key][]string{}
	lost := map[key]float64{}
	for _, d := range ds {
		k := key{d.UnitID, d.ID}
		if d.Event {
			if len(got[k]) > 0 {
				t.Errorf("%s %s: event %q after the rows", d.Unit, d.ID, d.Label)
			}
			events[k] = append(events[k], d.Label)
		} else {
			got[k] = append(got[k], fmt.Sprintf("%s|%s|%d|%s", d.File, d.Sheet, d.Row, d.Label))
		}
		if d.First {
			lost[k] = d.Lost
		}
	}
	withEvents := 0
	n := 0
	for _, u := range res {
		ls, err := metrics.Explain(ctx, db, sampleYear, u.UnitID)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range ls {
			if l.Lost <= 0 {
				continue
			}
			n++
			k := key{u.UnitID, l.ID}
			var want []string
			for _, e := range l.Rows {
				want = append(want, fmt.Sprintf("%s|%s|%d|%s", e.File, e.Sheet, e.Row, e.Label))
			}
			if len(want) == 0 {
				want = []string{"||0|"}
			}
			if strings.Join(got[k], "\n") != strings.Join(want, "\n") {
				t.Errorf("%s %s: rows\n%s\nwant\n%s", u.Unit, l.ID, strings.Join(got[k], "\n"), strings.Join(want, "\n"))
			}
			if lost[k] != l.Lost {
				t.Errorf("%s %s: lost %v, want %v", u.Unit, l.ID, lost[k], l.Lost)
			}
			// a long event is cut into rows that join back into it
			if strings.Join(events[k], "") != strings.Join(l.Events, "") {
				t.Errorf("%s %s: events\n%s\nwant\n%s", u.Unit, l.ID, strings.Join(events[k], "\n"), strings.Join(l.Events, "\n"))
			}
			if len(l.Events) > 0 {
				withEvents++
			}
			delete(got, k)
		}
	}
	if len(got) > 0 {
		t.Errorf("deductions Explain does not list: %v", got)
	}
	if n == 0 || withEvents == 0 {
		t.Fatalf("%d losses in the samples, %d with events", n, withEvents)
	}
}

// metrics.ExplainAll (one query, used for the unit pages) gives every unit
// what metrics.Explain gives it.
func TestExplainAllMatchesExplain(t *testing.T) {
	ctx := context.Background()
	db := sampleCounty(t)
	all, err := metrics.ExplainAll(ctx, db, sampleYear)
	if err != nil {
		t.Fatal(err)
	}
	res, err := metrics.Results(ctx, db, sampleYear, "")
	if err != nil {
		t.Fatal(err)
	}
	// Evidence rows on the same sheet and row are in no fixed order in
	// Explain: compare them sorted.
	norm := func(ls []metrics.Loss) string {
		var b strings.Builder
		for _, l := range ls {
			rows := make([]string, len(l.Rows))
			for i, e := range l.Rows {
				rows[i] = fmt.Sprintf("%d|%s|%s|%s|%d|%s", e.RowID, e.Kind, e.File, e.Sheet, e.Row, e.Label)
			}
			sort.Strings(rows)
			l.Rows = nil
			j, _ := json.Marshal(l)
			b.Write(j)
			b.WriteString("\n" + strings.Join(rows, "\n") + "\n")
		}
		return b.String()
	}
	n := 0
	for _, u := range res {
		want, err := metrics.Explain(ctx, db, sampleYear, u.UnitID)
		if err != nil {
			t.Fatal(err)
		}
		n += len(want)
		if got := all[u.UnitID]; norm(got) != norm(want) {
			t.Errorf("%s: ExplainAll\n%s\nExplain\n%s", u.Unit, norm(got), norm(want))
		}
		delete(all, u.UnitID)
	}
	if len(all) > 0 || n == 0 {
		t.Errorf("%d losses; units only in ExplainAll: %d", n, len(all))
	}
}

func TestWriteSiteNeedsDetails(t *testing.T) {
	d, err := Load(context.Background(), sampleCounty(t), sampleYear, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := WriteSite(d, t.TempDir()); err == nil {
		t.Error("WriteSite without details succeeded")
	}
	if _, err := Load(context.Background(), sampleCounty(t), 1999, LoadOptions{}); err == nil || !strings.Contains(err.Error(), "尚无考核得分") {
		t.Errorf("year without scores: %v", err)
	}
}

// lossSections cuts a unit page's explanations out of it: the lost points
// and, when any, the bonus items.
func lossSections(page string) string {
	from := strings.Index(page, `<section id="losses">`)
	to := strings.Index(page, "<section>\n<h2>政府信息公开工作年度报告")
	if from < 0 || to < from {
		return ""
	}
	return page[from:to]
}

// A unit page of the site explains as the web's unit page does: bonus
// items under 加分, not among the lost points; each lost point with the
// events that cost it (a new-media account's gaps, with dates and days),
// then its rows. A site of a published version shows the same
// explanations from the version's rows.
func TestSiteExplainsLosses(t *testing.T) {
	ctx := context.Background()
	db := sampleCounty(t)
	d := sampleData(t)
	dir := filepath.Join(t.TempDir(), "draft")
	if _, err := WriteSite(d, dir); err != nil {
		t.Fatal(err)
	}
	var bonusUnit, eventUnit *Unit
	var event string
	for _, u := range d.Units {
		lost, bonus := metrics.Split(d.Losses[u.UnitID])
		if len(bonus) > 0 && bonusUnit == nil {
			bonusUnit = u
		}
		for _, l := range lost {
			if len(l.Events) > 0 && eventUnit == nil {
				eventUnit, event = u, l.Events[0]
			}
		}
	}
	if bonusUnit == nil || eventUnit == nil {
		t.Fatalf("the samples have no bonus item (%v) or no loss with events (%v)", bonusUnit, eventUnit)
	}
	read := func(dir string, u *Unit) string {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(u.Page)))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	page := read(dir, bonusUnit)
	lostPart, bonusPart, ok := strings.Cut(lossSections(page), `<section id="bonus">`)
	if !ok {
		t.Fatalf("%s: no 加分 section", bonusUnit.Unit)
	}
	_, bonus := metrics.Split(d.Losses[bonusUnit.UnitID])
	for _, b := range bonus {
		head := "<h3>" + b.ID + " " + template.HTMLEscapeString(b.Name) + "</h3>"
		if !strings.Contains(bonusPart, head) {
			t.Errorf("%s: bonus %s not under 加分", bonusUnit.Unit, b.ID)
		}
		if strings.Contains(lostPart, head) {
			t.Errorf("%s: bonus %s listed among the lost points", bonusUnit.Unit, b.ID)
		}
	}
	if strings.Contains(page, "— 加分") {
		t.Errorf("%s: a bonus still marked among the lost points", bonusUnit.Unit)
	}

	page = read(dir, eventUnit)
	if !regexp.MustCompile(`<ul class="events"><li>账号“[^<]+”（[^<]+）超过 7 天未更新 \d+ 次`).MatchString(page) ||
		!strings.Contains(page, template.HTMLEscapeString(event)) {
		t.Errorf("%s: the gaps that cost the points are not shown (want %q)", eventUnit.Unit, event)
	}
	if !regexp.MustCompile(`\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}（\d+ 天）`).MatchString(event) {
		t.Errorf("event without dates and days: %q", event)
	}
	if ev, rows := strings.Index(page, `<ul class="events">`), strings.Index(page[strings.Index(page, `<ul class="events">`):], `<table class="data">`); ev < 0 || rows < 0 {
		t.Errorf("%s: the events are not followed by the rows", eventUnit.Unit)
	}

	// The same explanations from a published version.
	v, err := metrics.Publish(ctx, db, metrics.PublishRequest{Year: sampleYear, By: "测试", Reason: "年度考核"})
	if err != nil {
		t.Fatal(err)
	}
	vd, err := Load(ctx, db, sampleYear, LoadOptions{Details: true, Version: v.Version})
	if err != nil {
		t.Fatal(err)
	}
	vdir := filepath.Join(t.TempDir(), "version")
	info, err := WriteSite(vd, vdir)
	if err != nil {
		t.Fatal(err)
	}
	if info.Version != metrics.Label(&v) {
		t.Errorf("site of a version says %q, want %q", info.Version, metrics.Label(&v))
	}
	if page := read(vdir, bonusUnit); !strings.Contains(page, " · "+metrics.Label(&v)+" · ") {
		t.Errorf("a unit page of the version does not name it")
	}
	for _, u := range d.Units {
		if got, want := lossSections(read(vdir, u)), lossSections(read(dir, u)); got != want || want == "" {
			t.Errorf("%s: the version's explanations differ from the draft's:\n%s\nwant\n%s", u.Unit, got, want)
		}
	}
}
