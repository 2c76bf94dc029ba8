package server

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"gongkai"
	"gongkai/internal/samples"
)

// cockpitAPI is the part of /api/dashboard the tests read.
type cockpitAPI struct {
	Status string `json:"status"`
	Year   int    `json:"year"`
	Group  string `json:"group"`
	KPI    struct {
		Units     int      `json:"units"`
		Avg       float64  `json:"average"`
		PrevAvg   *float64 `json:"previous_average"`
		AvgChange *float64 `json:"average_change"`
		Grades    []struct {
			Grade string `json:"grade"`
			Units int    `json:"units"`
		} `json:"grades"`
		Vetoed          int `json:"vetoed"`
		Under4Pct       int `json:"under_4pct"`
		LedgersReceived int `json:"ledgers_received"`
		LedgersOwed     int `json:"ledgers_owed"`
		ReportsOnTime   int `json:"annual_reports_on_time"`
		ReportsAssessed int `json:"annual_reports_assessed"`
	} `json:"kpis"`
	Top    []cockpitUnitAPI `json:"top"`
	Bottom []cockpitUnitAPI `json:"bottom"`
}

type cockpitUnitAPI struct {
	UnitID int64   `json:"unit_id"`
	Unit   string  `json:"unit"`
	Score  float64 `json:"score"`
	Lost   []struct {
		Name string  `json:"name"`
		Lost float64 `json:"lost"`
	} `json:"main_lost_points"`
}

// kpiTruth is what the cockpit's tiles must say for a year and group,
// computed here from the score tables and the sample county's truth, not
// by the server's code.
type kpiTruth struct {
	units, vetoed, under4, received, owed, reportsOnTime, reportsAssessed int
	avg, prevAvg                                                          float64
	grades                                                                map[string]int
}

func cockpitTruth(t *testing.T, e *testEnv, year int, group string) kpiTruth {
	t.Helper()
	ctx := context.Background()
	db := e.db.Raw()
	var k kpiTruth
	grp := "(? = '' OR grp = ?)"
	if err := db.QueryRowContext(ctx, "SELECT count(*), round(avg(normalized), 2), count(*) FILTER (WHERE vetoed) FROM score_results WHERE year = ? AND "+grp,
		year, group, group).Scan(&k.units, &k.avg, &k.vetoed); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRowContext(ctx, "SELECT round(avg(normalized), 2) FROM score_results WHERE year = ? AND "+grp,
		year-1, group, group).Scan(&k.prevAvg); err != nil {
		t.Fatal(err)
	}
	k.grades = map[string]int{}
	rows, err := db.QueryContext(ctx, "SELECT grade, count(*) FROM score_results WHERE year = ? AND "+grp+" GROUP BY grade", year, group, group)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var g string
		var n int
		if err := rows.Scan(&g, &n); err != nil {
			t.Fatal(err)
		}
		k.grades[g] = n
	}
	rows.Close()

	// Ledgers: every assessed unit owes the kinds the scheme says it owes
	// (unit_owes; all the unit kinds when the scheme says nothing);
	// received are those with an active batch of the year or a 零报告.
	var kinds []string
	for _, kd := range gongkai.UnitKinds() {
		kinds = append(kinds, "'"+kd.Name+"'")
	}
	in := strings.Join(kinds, ",")
	if err := db.QueryRowContext(ctx, `WITH owes AS (
		SELECT r.unit_id, k.kind FROM score_results r CROSS JOIN (SELECT unnest([`+in+`]) AS kind) k
		WHERE r.year = $1 AND ($2 = '' OR r.grp = $2)
		  AND (NOT EXISTS (SELECT 1 FROM unit_owes o WHERE o.year = $1 AND o.unit_id = r.unit_id)
		       OR EXISTS (SELECT 1 FROM unit_owes o WHERE o.year = $1 AND o.unit_id = r.unit_id AND o.kind = k.kind)))
		SELECT count(*), count(*) FILTER (WHERE EXISTS (SELECT 1 FROM batches b WHERE b.year = $1 AND b.status = 'active'
		         AND b.unit_id = owes.unit_id AND b.kind = owes.kind)
		       OR EXISTS (SELECT 1 FROM declared_none d WHERE d.year = $1 AND d.unit_id = owes.unit_id AND d.kind = owes.kind))
		FROM owes`, year, group).Scan(&k.owed, &k.received); err != nil {
		t.Fatal(err)
	}

	// Annual reports: the presence rule gives its full points exactly when
	// the report was published on time.
	if err := db.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE s.points >= s.max)
		FROM score_items s JOIN scheme_indicators i ON i.year = s.year AND i.id = s.id
		JOIN score_results r ON r.year = s.year AND r.unit_id = s.unit_id
		WHERE s.year = ? AND i.measure = 'annual_report_on_time' AND (? = '' OR r.grp = ?)`, year, group, group).Scan(&k.reportsAssessed, &k.reportsOnTime); err != nil {
		t.Fatal(err)
	}

	// The 4% rule from the generator's truth (expected.json: every unit's
	// share of the year).
	b, err := samples.FS.ReadFile("data/expected.json")
	if err != nil {
		t.Fatal(err)
	}
	var truth struct {
		Weights []struct {
			Unit  string  `json:"unit"`
			Year  int     `json:"year"`
			Share float64 `json:"share"`
		} `json:"weights"`
	}
	if err := json.Unmarshal(b, &truth); err != nil {
		t.Fatal(err)
	}
	for _, w := range truth.Weights {
		if w.Year != year || w.Share >= 0.04-1e-9 {
			continue
		}
		var n int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM score_results r JOIN units u USING (unit_id)
			WHERE r.year = ? AND u.name = ? AND (? = '' OR r.grp = ?)`, year, w.Unit, group, group).Scan(&n); err != nil {
			t.Fatal(err)
		}
		k.under4 += n
	}
	return k
}

// TestCockpitFigures: the cockpit's tiles, in its JSON twin and on the
// page, give the exact figures of the sample county for 2024, for all
// groups and for each group; the five best and worst are the units of
// the highest and lowest scores.
func TestCockpitFigures(t *testing.T) {
	e := newEnv(t, nil)
	// The admin's cockpit shows the draft (the live scores); a leader's
	// shows only a published version (below).
	viewer := e.login(adminName)
	for _, group := range []string{"", "A类 乡镇街道", "B类 县直部门"} {
		want := cockpitTruth(t, e, fixtureYear, group)
		q := url.Values{"year": {fmt.Sprint(fixtureYear)}}
		if group != "" {
			q.Set("group", group)
		}
		var got cockpitAPI
		if err := viewer.getJSON("/api/dashboard?"+q.Encode(), &got); err != nil {
			t.Fatal(err)
		}
		k := got.KPI
		name := group
		if name == "" {
			name = "全部分组"
		}
		t.Logf("%s: %+v", name, want)
		if got.Status != "draft" {
			t.Errorf("%s: status %q, want draft (nothing is published in the fixture)", name, got.Status)
		}
		if k.Units != want.units || k.Avg != want.avg || k.Vetoed != want.vetoed || k.Under4Pct != want.under4 ||
			k.LedgersReceived != want.received || k.LedgersOwed != want.owed ||
			k.ReportsOnTime != want.reportsOnTime || k.ReportsAssessed != want.reportsAssessed {
			t.Errorf("%s: tiles %+v\nwant %+v", name, k, want)
		}
		if k.PrevAvg == nil || k.AvgChange == nil || *k.PrevAvg != want.prevAvg || math.Abs(*k.AvgChange-(want.avg-want.prevAvg)) > 0.005 {
			t.Errorf("%s: previous average %v change %v, want %v", name, k.PrevAvg, k.AvgChange, want.prevAvg)
		}
		sum := 0
		for _, g := range k.Grades {
			if g.Units != want.grades[g.Grade] {
				t.Errorf("%s: %s %d units, want %d", name, g.Grade, g.Units, want.grades[g.Grade])
			}
			sum += g.Units
		}
		if sum != want.units || want.units == 0 || want.under4 == 0 && group != "A类 乡镇街道" || want.received == want.owed {
			t.Errorf("%s: grades add up to %d of %d units; the sample should have units under 4%% (%d) and missing ledgers (%d of %d)",
				name, sum, want.units, want.under4, want.received, want.owed)
		}

		// Top and bottom five: the highest and lowest scores.
		var hi, lo float64
		if err := e.db.Raw().QueryRowContext(context.Background(),
			`SELECT (SELECT min(normalized) FROM (SELECT normalized FROM score_results WHERE year = ? AND (? = '' OR grp = ?) ORDER BY normalized DESC LIMIT 5)),
			        (SELECT max(normalized) FROM (SELECT normalized FROM score_results WHERE year = ? AND (? = '' OR grp = ?) ORDER BY normalized LIMIT 5))`,
			fixtureYear, group, group, fixtureYear, group, group).Scan(&hi, &lo); err != nil {
			t.Fatal(err)
		}
		if len(got.Top) != 5 || len(got.Bottom) != 5 {
			t.Fatalf("%s: %d top, %d bottom", name, len(got.Top), len(got.Bottom))
		}
		for _, u := range got.Top {
			if u.Score < hi {
				t.Errorf("%s: %s (%v) in the top five, the fifth best has %v", name, u.Unit, u.Score, hi)
			}
		}
		for _, u := range got.Bottom {
			if u.Score > lo {
				t.Errorf("%s: %s (%v) in the bottom five, the fifth worst has %v", name, u.Unit, u.Score, lo)
			}
			if len(u.Lost) == 0 {
				t.Errorf("%s: %s in the bottom five shows no lost points", name, u.Unit)
			}
		}

		// The page's tiles say the same.
		resp, body := viewer.do("GET", "/dashboard?"+q.Encode(), nil, "")
		if resp.StatusCode != 200 {
			t.Fatalf("%s: page %d", name, resp.StatusCode)
		}
		tile := func(id string) string {
			m := regexp.MustCompile(`id="` + id + `">(.*?)</div>`).FindStringSubmatch(body)
			if m == nil {
				t.Fatalf("%s: no tile %s", name, id)
			}
			return regexp.MustCompile(`<[^>]+>`).ReplaceAllString(m[1], "")
		}
		checks := map[string]string{
			"kpi-units":   fmt.Sprintf("参评单位%d个", want.units),
			"kpi-avg":     fmt.Sprintf("平均得分%.2f较上年 %+.2f", want.avg, want.avg-want.prevAvg),
			"kpi-vetoed":  fmt.Sprintf("一票否决%d个单位", want.vetoed),
			"kpi-weights": fmt.Sprintf("权重低于4%%%d个单位", want.under4),
			"kpi-ledgers": fmt.Sprintf("台账报送%d/%d已交/应交", want.received, want.owed),
			"kpi-reports": fmt.Sprintf("年报按时发布%d/%d按时/参评", want.reportsOnTime, want.reportsAssessed),
		}
		for id, w := range checks {
			if got := tile(id); got != w {
				t.Errorf("%s: tile %s says %q, want %q", name, id, got, w)
			}
		}
		if !strings.Contains(body, `id="ck-status">草稿（未发布）`) {
			t.Errorf("%s: the draft is not marked", name)
		}
	}

	// Published, the mark says so, in the page and the API: a leader
	// reads the published version.
	leader := e.login(leaderName)
	if resp, body := viewer.api("POST", "/api/published/2024"+withReason, nil, ""); resp.StatusCode != 200 {
		t.Fatalf("publish: %d %s", resp.StatusCode, body)
	}
	var got cockpitAPI
	if err := leader.getJSON("/api/dashboard?year=2024", &got); err != nil || got.Status != "published" {
		t.Fatalf("after publishing: %v %q", err, got.Status)
	}
	if _, body := leader.do("GET", "/dashboard?year=2024", nil, ""); !strings.Contains(body, `id="ck-status">已发布`) {
		t.Errorf("the published year is not marked")
	}
}

// TestCockpitGradeFilter: choosing a grade lists only its units in the
// ranking; the tiles stay those of the whole group.
func TestCockpitGradeFilter(t *testing.T) {
	e := newEnv(t, nil)
	publishYear(t, e, fixtureYear) // leaders see published versions only
	leader := e.login(leaderName)
	var all, good struct {
		KPI struct {
			Units int `json:"units"`
		} `json:"kpis"`
		Rows []struct {
			Grade string `json:"grade"`
		} `json:"ranking"`
	}
	if err := leader.getJSON("/api/dashboard?year=2024", &all); err != nil {
		t.Fatal(err)
	}
	if err := leader.getJSON("/api/dashboard?year=2024&grade="+url.QueryEscape("良好"), &good); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range all.Rows {
		if r.Grade == "良好" {
			n++
		}
	}
	if good.KPI.Units != all.KPI.Units || len(good.Rows) != n || n == 0 {
		t.Fatalf("grade filter: %d tiles' units (all %d), %d rows, want %d", good.KPI.Units, all.KPI.Units, len(good.Rows), n)
	}
	for _, r := range good.Rows {
		if r.Grade != "良好" {
			t.Fatalf("grade filter lists a unit of %s", r.Grade)
		}
	}
	if resp, _ := leader.do("GET", "/dashboard?year=2024&grade="+url.QueryEscape("特等"), nil, ""); resp.StatusCode != 404 {
		t.Errorf("unknown grade: %d", resp.StatusCode)
	}

	// Every grade asked for at once, four times each: each view is built
	// once and outside the others' way, and each answer lists its grade's
	// units alone, as many as the whole ranking gives it.
	want := map[string]int{}
	for _, r := range all.Rows {
		want[r.Grade]++
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4*len(want))
	for grade, n := range want {
		for range 4 {
			wg.Go(func() {
				var got struct {
					Rows []struct {
						Grade string `json:"grade"`
					} `json:"ranking"`
				}
				if err := leader.getJSON("/api/dashboard?year=2024&grade="+url.QueryEscape(grade), &got); err != nil {
					errs <- err
					return
				}
				m := 0
				for _, r := range got.Rows {
					if r.Grade == grade {
						m++
					}
				}
				if m != n || len(got.Rows) != n {
					errs <- fmt.Errorf("grade %s at once: %d rows, %d of the grade, want %d", grade, len(got.Rows), m, n)
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// screenshotParts writes a tall page as PNGs of at most 1,200 px each
// (name-1.png, name-2.png …), readable at a phone's width.
func (c *cdp) screenshotParts(dir, name string) {
	c.t.Helper()
	h := c.eval(`document.documentElement.scrollHeight`).(float64)
	w := c.eval(`document.documentElement.clientWidth`).(float64)
	for i, y := 1, 0.0; y < h && i <= 8; i, y = i+1, y+1200 {
		res := c.call("Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true,
			"clip": map[string]any{"x": 0, "y": y, "width": w, "height": min(1200, h-y), "scale": 1}})
		var r struct {
			Data string `json:"data"`
		}
		json.Unmarshal(res, &r)
		b, err := base64.StdEncoding.DecodeString(r.Data)
		if err != nil {
			c.t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, i)), b, 0o644); err != nil {
			c.t.Fatal(err)
		}
	}
}

// viewport sets the page's size as a desktop or a phone.
func (c *cdp) viewport(w, h int, mobile bool) {
	c.call("Emulation.setDeviceMetricsOverride", map[string]any{"width": w, "height": h, "deviceScaleFactor": 1, "mobile": mobile})
}

// waitCharts waits for gongkai.js's signal that every chart of the page
// was drawn, and fails on a script error.
func (c *cdp) waitCharts() {
	c.t.Helper()
	c.waitJS(`document.body.hasAttribute("data-charts-drawn")`, 60*time.Second)
	n := c.eval(`document.querySelectorAll(".chart[data-kind]").length`).(float64)
	drawn := c.evalString(`document.body.getAttribute("data-charts-drawn")`)
	errs := c.evalString(`document.body.getAttribute("data-errors") + " " + document.getElementById("gk-errors").textContent`)
	if n == 0 || drawn != fmt.Sprint(n) || !strings.HasPrefix(errs, "0 ") {
		c.t.Fatalf("%s: %v charts, %s drawn, errors %s", c.evalString(`location.href`), n, drawn, errs)
	}
}

// TestCockpitLayout: at 1400×900 the cockpit's tiles, ranking, best and
// worst five and heatmap are all on the first screen, for all groups and
// for each; at 390 px neither the cockpit nor a unit page scrolls
// sideways; the unit page has its radar and trend and leads back to the
// cockpit with the same year and group.
func TestCockpitLayout(t *testing.T) {
	c := startBrowser(t)
	e := newEnv(t, nil)
	publishYear(t, e, fixtureYear) // leaders see published versions only
	base := strings.Replace(e.url, "127.0.0.1", "localhost", 1)
	shots := artifactDir(t)
	c.viewport(1400, 900, false)
	loginVia(c, base, leaderName)

	blocks := []string{"ck-kpis", "ck-ranking", "ck-extremes", "ck-heatmap"}
	firstScreen := func(label string) {
		t.Helper()
		for _, id := range blocks {
			r := c.eval(fmt.Sprintf(`(function () { var r = document.getElementById(%q).getBoundingClientRect(); return [r.top, r.bottom, r.left, r.right]; })()`, id)).([]any)
			top, bottom, left, right := r[0].(float64), r[1].(float64), r[2].(float64), r[3].(float64)
			if top < 0 || bottom > 900 || left < 0 || right > 1400 || bottom-top < 40 {
				t.Errorf("%s: #%s at top %v bottom %v left %v right %v, not within the first screen of 1400×900", label, id, top, bottom, left, right)
			}
		}
		// No tile's figure is cut.
		if cut := c.evalString(`Array.prototype.filter.call(document.querySelectorAll(".ck-kpi, .ck-kpi b"), function (el) { return el.scrollWidth > el.clientWidth + 1; }).map(function (el) { return el.textContent; }).join(" | ")`); cut != "" {
			t.Errorf("%s: tiles whose text is cut: %s", label, cut)
		}
	}
	for _, group := range []string{"", "A类 乡镇街道", "B类 县直部门"} {
		q := url.Values{"year": {"2024"}}
		if group != "" {
			q.Set("group", group)
		}
		c.navigate(base + "/dashboard?" + q.Encode())
		c.waitCharts()
		firstScreen("1400×900 " + group)
		if group == "" {
			c.screenshot(filepath.Join(shots, "cockpit-1400.png"))
			if n := c.eval(`document.querySelectorAll("#ck-extremes .ck-units > li").length`).(float64); n != 10 {
				t.Errorf("top and bottom five: %v units", n)
			}
		}
	}

	// The phone.
	c.viewport(390, 844, true)
	c.navigate(base + "/dashboard?year=2024")
	c.waitCharts()
	if w := c.eval(`document.documentElement.scrollWidth`).(float64); w > 390 {
		t.Errorf("cockpit at 390 px is %v px wide", w)
	}
	c.screenshotParts(shots, "cockpit-390")

	// A unit from the ranking of group B, on the phone, then at 1400.
	group := "B类 县直部门"
	c.navigate(base + "/dashboard?year=2024&group=" + url.QueryEscape(group))
	c.waitCharts()
	c.navigateBy(func() { c.eval(`document.querySelector("#ck-ranking .ck-rank a").click(); true`) })
	c.waitCharts()
	if w := c.eval(`document.documentElement.scrollWidth`).(float64); w > 390 {
		t.Errorf("unit page at 390 px is %v px wide", w)
	}
	c.screenshotParts(shots, "unit-390")
	kinds := c.evalString(`Array.prototype.map.call(document.querySelectorAll(".chart[data-kind]"), function (el) { return el.getAttribute("data-kind"); }).join(" ")`)
	if kinds != "radar unit-trend" {
		t.Errorf("unit page charts: %q", kinds)
	}
	facts := c.evalString(`document.getElementById("unit-facts").innerText`)
	if !strings.Contains(facts, "较上年") || !strings.Contains(facts, "组内名次") {
		t.Errorf("unit page tiles: %q", facts)
	}
	back := c.evalString(`document.querySelector("#crumbs a").getAttribute("href")`)
	if want := "/dashboard?group=" + url.QueryEscape(group) + "&year=2024"; back != want {
		t.Errorf("way back %q, want %q", back, want)
	}
	c.viewport(1400, 900, false)
	c.navigate(c.evalString(`location.href`))
	c.waitCharts()
	c.screenshot(filepath.Join(shots, "unit-1400.png"))
	c.navigateBy(func() { c.eval(`document.querySelector("#crumbs a").click(); true`) })
	c.waitCharts()
	if g := c.evalString(`document.getElementById("dash-group").value`); g != group {
		t.Errorf("back on the cockpit of %q, want %q", g, group)
	}
	t.Logf("screenshots in %s", shots)
}

// TestCockpitPageFollowsYears: the cockpit's part of the page is rendered
// once per view and kept (cockpit.html), for the years offered: other
// years render it anew on the same view, and a year published shows in the
// year filter of the very next page.
func TestCockpitPageFollowsYears(t *testing.T) {
	e := newEnv(t, nil)
	publishYear(t, e, 2024)
	leader := e.login(leaderName)
	yearOptions := regexp.MustCompile(`<select name="year" id="dash-year">(.*?)</select>`)
	page := func() (string, string) {
		t.Helper()
		resp, body := leader.do("GET", "/dashboard?year=2024", nil, "")
		m := yearOptions.FindStringSubmatch(body)
		if resp.StatusCode != 200 || m == nil || !strings.Contains(body, `id="ck-kpis"`) {
			t.Fatalf("dashboard: %d %s", resp.StatusCode, trim(body))
		}
		return m[1], body
	}
	only2024 := `<option value="2024" selected>2024</option>`
	both := only2024 + `<option value="2023">2023</option>`
	first, firstBody := page()
	if first != only2024 {
		t.Fatalf("years offered with 2024 published: %s", first)
	}
	if _, again := page(); again != firstBody {
		t.Error("the kept page differs from the first one")
	}
	// The same view with other years to offer.
	c, err := e.srv.cockpitData(context.Background(), 2024, "", "", &principal{Account: Account{Name: leaderName, Role: RoleLeader}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		years []int
		want  string
	}{{[]int{2024}, only2024}, {[]int{2024, 2023}, both}, {[]int{2024}, only2024}} {
		h, err := c.html(tc.years)
		if err != nil {
			t.Fatal(err)
		}
		if m := yearOptions.FindSubmatch(h); m == nil || string(m[1]) != tc.want {
			t.Errorf("years %v: %s", tc.years, m)
		}
		if tc.want == only2024 && !strings.Contains(firstBody, string(h)) {
			t.Errorf("years %v: not the part the page served", tc.years)
		}
	}
	publishYear(t, e, 2023)
	if now, _ := page(); now != both {
		t.Errorf("years offered after 2023 was published: %s", now)
	}
}
