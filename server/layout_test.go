package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"gongkai/charts"
)

// The layout test: every page of the web app in headless Chromium at a
// desktop (1400×900) and a phone (390×844) viewport, as the role that sees
// it, over the sample county. A page fails when
//   - the document is wider than the viewport (the page scrolls sideways);
//   - an element clips its text: overflow hidden or clip, or text-overflow
//     ellipsis, with more content than room — unless the element carries a
//     title attribute, which gives the whole text on hover (the one way a
//     cut may be acceptable). A box that scrolls (overflow auto or scroll,
//     the wide tables on a phone) does not clip: its text can be reached;
//   - two visible text boxes overlap (the client rects of the leaf text
//     nodes, line by line, by more than 2 px each way);
//   - a visible word in Latin letters is not on the allow-list below;
//   - a chart (ECharts draws its text inside a canvas, so its option and
//     its drawn elements are checked instead) pages its legend, cuts a
//     label with an ellipsis, draws text outside its canvas or two texts
//     over each other.
// A screenshot of every page at each width goes to $GONGKAI_ARTIFACTS/layout,
// else to server/testdata-out/layout (gitignored), named PAGE-WIDTH.png
// (at most 6000 px of a long page), so that a failure can be looked at
// beside the pages that pass.
//
// A page is one line of layoutPages. One browser serves every page; the
// account changes only when the next page needs another role. No page may
// be let off: a page that fails is fixed, or the check is, in this file.
// TestLayoutSite holds the offline site (`gongkai site`) to the same
// checks, its screenshots named site-PAGE-WIDTH.png.

// layoutPage is one page of the layout test.
type layoutPage struct {
	name  string // subtest and screenshot name
	route string // the routeTable pattern it covers ("GET /path")
	as    string // account ("" = not logged in)
	path  string // what the browser opens
	// setup, if set, brings the page into the state to check (a form
	// submitted, a file chosen) after it has loaded.
	setup func(t *testing.T, l *layoutRun)
}

// layoutPages is every page of the web app, in the states worth seeing.
var layoutPages = []layoutPage{
	{name: "login", route: "GET /login", path: "/login"},
	{name: "error-404", route: "", path: "/no-such-page"},
	{name: "error-403-clerk", route: "", as: clerkName, path: "/admin"},
	{name: "account-clerk", route: "GET /account", as: clerkName, path: "/account", setup: withToken},
	{name: "upload-clerk", route: "GET /upload", as: clerkName, path: "/upload"},
	{name: "upload-clerk-refused", route: "", as: clerkName, path: "/upload", setup: uploadRefused},
	{name: "upload-clerk-refused-form", route: "POST /upload", as: clerkName, path: "/upload", setup: uploadRefusedForm},
	{name: "upload-admin", route: "GET /upload", as: adminName, path: "/upload"},
	{name: "unit-clerk", route: "GET /unit/{id}", as: clerkName, path: "/unit/{clerkUnit}"},
	{name: "unit-leader", route: "GET /unit/{id}", as: leaderName, path: "/unit/{clerkUnit}?year=2024"},
	{name: "dashboard-leader", route: "GET /dashboard", as: leaderName, path: "/dashboard", setup: publishedOffice},
	{name: "dashboard-admin", route: "GET /dashboard", as: adminName, path: "/dashboard?year=2024", setup: officeShown},
	{name: "unit-leader-published", route: "GET /unit/{id}", as: leaderName, path: "/unit/{clerkUnit}?year=2024&from=dashboard", setup: publishedUnit},
	{name: "unit-clerk-published", route: "GET /unit/{id}", as: clerkName, path: "/unit/{clerkUnit}", setup: publishedUnit},
	{name: "admin", route: "GET /admin", as: adminName, path: "/admin", setup: publishedRow},
	{name: "accounts", route: "GET /admin/accounts", as: adminName, path: "/admin/accounts"},
	{name: "tokens", route: "GET /admin/tokens", as: adminName, path: "/admin/tokens"},
	{name: "reminders", route: "GET /admin/reminders", as: adminName, path: "/admin/reminders?year=2024"},
	{name: "batches", route: "GET /admin/batches", as: adminName, path: "/admin/batches"},
	{name: "audit", route: "GET /admin/audit", as: adminName, path: "/admin/audit"},
	{name: "versions", route: "GET /admin/versions", as: adminName, path: "/admin/versions?year=2024", setup: publishedVersions},
	{name: "deadlines-admin", route: "GET /admin/deadlines", as: adminName, path: "/admin/deadlines?as_of=2024-12-20"},
	{name: "deadlines-leader", route: "GET /admin/deadlines", as: leaderName, path: "/admin/deadlines?as_of=2024-12-20"},
	{name: "convert-admin", route: "GET /admin/convert", as: adminName, path: "/admin/convert?year=2024"},
	{name: "convert-leader", route: "GET /admin/convert", as: leaderName, path: "/admin/convert?year=2024"},
	{name: "review", route: "GET /admin/review", as: adminName, path: "/admin/review"},
	{name: "review-result", route: "POST /admin/review", as: adminName, path: "/admin/review", setup: reviewed},
}

// layoutNotPages are the GET routes that answer no page: data, files,
// redirects.
var layoutNotPages = []string{
	"GET /healthz", "GET /readyz", "GET /assets/{name}", "GET /{$}", "GET /templates/{kind}", "GET /files/{id}",
	"GET /admin/rankings", "GET /admin/annual-report", "GET /admin/review/{id}",
}

// layoutLatin are the Latin words a page may show: the programs and
// formats the users know by name, and sizes. Besides these the check lets
// through file names, unified social credit codes, cell references (G4),
// single capital letters (A类), the fixture's account names (names users
// chose) and any text inside translate="no" (what a user's file holds,
// shown as it is: a sheet name, a value typed in a cell, a token).
var layoutLatin = []string{"Excel", "WPS", "CSV", "PDF", "Word", "JSON", "KB", "MB", "GB"}

// layoutViewports are the widths every page is checked at.
var layoutViewports = []struct {
	name          string
	width, height int
	mobile        bool
}{{"1400", 1400, 900, false}, {"390", 390, 844, true}}

// layoutRun is the browser, the server and the account logged in.
type layoutRun struct {
	c      *cdp
	e      *testEnv
	base   string
	as     string
	shots  string
	loaded bool // someone is logged in
}

func layoutArtifacts(t *testing.T) string {
	d := os.Getenv("GONGKAI_ARTIFACTS")
	if d != "" {
		d = filepath.Join(d, "layout")
	} else {
		_, me, _, _ := runtime.Caller(0)
		d = filepath.Join(filepath.Dir(me), "testdata-out", "layout")
	}
	if err := os.MkdirAll(d, 0o755); err != nil {
		t.Fatal(err)
	}
	return d
}

// TestLayoutCoversEveryPage: every GET route of the route table that is
// not an API or a download is in layoutPages.
func TestLayoutCoversEveryPage(t *testing.T) {
	s := &Server{}
	covered := map[string]bool{}
	for _, p := range layoutPages {
		covered[p.route] = true
	}
	for _, rt := range s.routeTable() {
		if rt.API || rt.Method != "GET" || slices.Contains(layoutNotPages, rt.Pattern()) {
			continue
		}
		if !covered[rt.Pattern()] {
			t.Errorf("%s is not in layoutPages", rt.Pattern())
		}
	}
}

func TestLayout(t *testing.T) {
	c := startBrowser(t)
	e := newEnv(t, func(cfg *Config) { cfg.Office = "平安县人民政府办公室政务公开科" })
	l := &layoutRun{c: c, e: e, base: strings.Replace(e.url, "127.0.0.1", "localhost", 1), shots: layoutArtifacts(t)}
	clearDir(t, l.shots, "")
	defer c.call("Emulation.clearDeviceMetricsOverride", nil)
	unit := fmt.Sprint(e.unitID(clerkUnit))
	for _, p := range layoutPages {
		t.Run(p.name, func(t *testing.T) {
			l.checkPage(t, p.name, func(t *testing.T) {
				l.login(t, p.as)
				l.open(t, strings.ReplaceAll(p.path, "{clerkUnit}", unit))
				if p.setup != nil {
					p.setup(t, l)
				}
			})
		})
	}
}

// checkPage opens a page at each width (open loads it in the state to
// check), runs the checks and writes its screenshots; the page fails with
// every problem found.
func (l *layoutRun) checkPage(t *testing.T, name string, open func(t *testing.T)) {
	t.Helper()
	var problems []string
	for _, v := range layoutViewports {
		l.c.call("Emulation.setDeviceMetricsOverride", map[string]any{"width": v.width, "height": v.height, "deviceScaleFactor": 1, "mobile": v.mobile})
		open(t)
		l.settle(t)
		for _, f := range l.check(t, v.width) {
			problems = append(problems, v.name+": "+f)
		}
		l.c.screenshot(filepath.Join(l.shots, name+"-"+v.name+".png"))
	}
	if problems = dedupe(problems); len(problems) > 0 {
		t.Errorf("screenshots in %s:\n%s", l.shots, strings.Join(problems, "\n"))
	}
}

// sitePrefix begins the names of the offline site's pages.
const sitePrefix = "site-"

// TestLayoutSite: the offline site (`gongkai site`, charts.WriteSite) of
// the fixture's 2024 draft, served from a folder as a web server would,
// page by kind, under the same checks as the web app: the index, a unit's
// page and its annual report.
func TestLayoutSite(t *testing.T) {
	c := startBrowser(t)
	e := newEnv(t, nil)
	d, err := charts.Load(context.Background(), e.db, fixtureYear, charts.LoadOptions{Details: true})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := charts.WriteSite(d, dir); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer ts.Close()
	l := &layoutRun{c: c, e: e, base: ts.URL, shots: layoutArtifacts(t)}
	clearDir(t, l.shots, sitePrefix)
	defer c.call("Emulation.clearDeviceMetricsOverride", nil)
	unit := e.unitID(clerkUnit)
	for _, p := range []struct{ name, path string }{
		{"index", "/"}, // index.html, as a web server answers it
		{"unit", fmt.Sprintf("/units/u%d.html", unit)},
		{"report", fmt.Sprintf("/units/u%d-report.html", unit)},
	} {
		t.Run(p.name, func(t *testing.T) {
			if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p.path), map[bool]string{true: "index.html"}[p.path == "/"])); err != nil {
				t.Fatalf("the site has no %s: %v", p.path, err)
			}
			l.checkPage(t, sitePrefix+p.name, func(t *testing.T) { l.open(t, p.path) })
		})
	}
}

// dedupe keeps the first of equal lines, counting the others: a table's
// rows repeat a problem.
func dedupe(lines []string) []string {
	var out []string
	n := map[string]int{}
	for _, l := range lines {
		if n[l]++; n[l] == 1 {
			out = append(out, l)
		}
	}
	for i, l := range out {
		if n[l] > 1 {
			out[i] = fmt.Sprintf("%s (×%d)", l, n[l])
		}
	}
	return out
}

// clearDir removes the screenshots of an earlier run: those named
// prefix* ("" = the web app's, all but the offline site's).
func clearDir(t *testing.T, dir, prefix string) {
	old, _ := filepath.Glob(filepath.Join(dir, prefix+"*.png"))
	for _, f := range old {
		if prefix != "" || !strings.HasPrefix(filepath.Base(f), sitePrefix) {
			os.Remove(f)
		}
	}
}

// login makes name the account of the browser ("" = nobody).
func (l *layoutRun) login(t *testing.T, name string) {
	t.Helper()
	if l.loaded && l.as == name {
		return
	}
	l.c.call("Network.clearBrowserCookies", nil)
	l.as, l.loaded = name, true
	if name != "" {
		loginVia(l.c, l.base, name)
		if p := l.c.evalString(`location.pathname`); p == "/login" {
			t.Fatalf("login as %s failed: %s", name, l.c.evalString(`document.body.innerText`))
		}
	}
}

// open loads a page and checks that it is the one asked for.
func (l *layoutRun) open(t *testing.T, path string) {
	t.Helper()
	l.c.navigate(l.base + path)
	want, _, _ := strings.Cut(path, "?")
	if got := l.c.evalString(`location.pathname`); got != want {
		t.Fatalf("%s went to %s", path, got)
	}
}

// settle waits until the page is as a person would see it: fonts loaded,
// every chart drawn and its animations ended, two frames laid out.
func (l *layoutRun) settle(t *testing.T) {
	t.Helper()
	l.c.eval(`document.fonts.ready.then(function () { return true; })`)
	l.c.waitJS(`(function () {
  var els = document.querySelectorAll(".chart[data-kind]");
  if (els.length === 0) { return true; }
  if (typeof echarts === "undefined" || !document.body.hasAttribute("data-charts-drawn")) { return false; }
  return Array.prototype.every.call(els, function (el) {
    var inst = echarts.getInstanceByDom(el);
    if (!inst) { return true; } // reported by the check
    var zr = inst.getZr();
    return zr.animation.isFinished() && !zr._needsRefresh;
  });
})()`, 60*time.Second)
	l.c.eval(`new Promise(function (ok) { requestAnimationFrame(function () { requestAnimationFrame(function () { ok(true); }); }); })`)
}

// check runs the layout checks in the page and returns the problems.
func (l *layoutRun) check(t *testing.T, width int) []string {
	t.Helper()
	allow := append(slices.Clone(layoutLatin), adminName, leaderName, clerkName, clerk2Name, dummyName, "fixture")
	a, _ := json.Marshal(allow)
	raw := l.c.evalString(fmt.Sprintf(`JSON.stringify((%s)(%d, %s))`, layoutJS, width, a))
	var out []string
	if err := json.Unmarshal([]byte(raw), &out); err != nil {
		t.Fatalf("layout check: %v: %s", err, raw)
	}
	return out
}

// withToken: the clerk has a token, so the page shows the token table.
func withToken(t *testing.T, l *layoutRun) {
	if l.c.eval(`document.getElementById("tokens") !== null`).(bool) {
		return
	}
	l.c.eval(`document.querySelector('#token-form input[name="label"]').value = "每晚自动上传"; true`)
	l.c.navigateBy(func() { l.c.eval(`document.querySelector('#token-form button[type="submit"]').click(); true`) })
	l.c.navigate(l.base + "/account")
}

// uploadRefused: the clerk uploads a file with refused rows (through the
// page's script) and reads the errors.
func uploadRefused(t *testing.T, l *layoutRun) {
	dir := t.TempDir()
	bad := filepath.Join(dir, filepath.Base(badCZ))
	copyFile(bad, sampleFile(t, badCZ))
	l.c.setFile("#file", bad)
	l.c.eval(`document.getElementById("upload-submit").click(); true`)
	l.c.waitJS(`document.getElementById("results").hasAttribute("data-done")`, 60*time.Second)
}

// uploadRefusedForm: the same through the form as posted without script
// (form.submit() skips the page's submit handler): the answer is a page.
func uploadRefusedForm(t *testing.T, l *layoutRun) {
	dir := t.TempDir()
	bad := filepath.Join(dir, filepath.Base(badCZ))
	copyFile(bad, sampleFile(t, badCZ))
	l.c.setFile("#file", bad)
	l.c.navigateBy(func() { l.c.eval(`document.getElementById("upload-form").submit(); true`) })
	if !strings.Contains(l.c.evalString(`document.getElementById("results").innerText`), "已拒收") {
		t.Fatalf("no refusal shown: %s", l.c.evalString(`document.body.innerText`))
	}
}

// publishedRow: 2024 is published, so the table of publications has a row
// with its link to the versions.
func publishedRow(t *testing.T, l *layoutRun) {
	if l.c.eval(`document.querySelector("#published a") !== null`).(bool) {
		return
	}
	publishYear(t, l.e, fixtureYear)
	l.c.navigate(l.base + "/admin")
}

// publishedDashboard: 2024 is published, so a leader's cockpit shows it.
func publishedDashboard(t *testing.T, l *layoutRun) {
	if l.c.eval(`document.getElementById("ck-status") !== null`).(bool) {
		return
	}
	publishYear(t, l.e, fixtureYear)
	l.c.navigate(l.base + "/dashboard")
}

// officeShown: the cockpit's four office-wide blocks (issue 19) are on the
// page and shown, so that the checks cover them.
func officeShown(t *testing.T, l *layoutRun) {
	for _, id := range []string{"ck-office", "ck-convert", "ck-catalog", "ck-proposals", "ck-deadlines"} {
		if !l.c.eval(`(e => e !== null && e.getClientRects().length > 0)(document.getElementById("` + id + `"))`).(bool) {
			t.Fatalf("the cockpit does not show #%s", id)
		}
	}
}

// publishedOffice: the published cockpit (publishedDashboard) with its
// office-wide blocks.
func publishedOffice(t *testing.T, l *layoutRun) {
	publishedDashboard(t, l)
	officeShown(t, l)
}

// publishedUnit: 2024 is published, so the unit page shows its results:
// the tiles with 较上年, the radar, the trend, the lost points.
func publishedUnit(t *testing.T, l *layoutRun) {
	if l.c.eval(`document.querySelector(".chart[data-kind]") !== null`).(bool) {
		return
	}
	publishYear(t, l.e, fixtureYear)
	l.c.navigate(l.c.evalString(`location.href`))
	if l.c.eval(`document.querySelector(".chart[data-kind]") === null`).(bool) {
		t.Fatalf("no charts on the published unit page: %s", l.c.evalString(`document.body.innerText`))
	}
}

// publishedVersions: 2024 is published, so its versions page lists one
// and compares the draft with it.
func publishedVersions(t *testing.T, l *layoutRun) {
	if l.c.eval(`document.querySelector("#versions tr td") !== null`).(bool) {
		return
	}
	publishYear(t, l.e, fixtureYear)
	l.c.navigate(l.base + "/admin/versions?year=2024")
}

// reviewed: the admin reviews four reports and last year's one.
func reviewed(t *testing.T, l *layoutRun) {
	dir := t.TempDir()
	var cur, prev []string
	for _, f := range reviewFiles(t, l.e) {
		p := filepath.Join(dir, f[0], f[1])
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := copyFile(p, f[2]); err != nil {
			t.Fatal(err)
		}
		if f[0] == "previous" {
			prev = append(prev, p)
		} else {
			cur = append(cur, p)
		}
	}
	l.c.setFiles("#file", cur...)
	l.c.setFiles("#previous", prev...)
	l.c.navigateBy(func() { l.c.eval(`document.getElementById("review-submit").click(); true`) })
	if l.c.eval(`document.getElementById("review-summary") === null`).(bool) {
		t.Fatalf("no review result: %s", l.c.evalString(`document.body.innerText`))
	}
}

// layoutJS checks the page in the browser: function (width, allowed words)
// returning the problems found, each a line.
const layoutJS = `function (width, allow) {
  var out = [];
  function name(el) {
    var s = el.tagName.toLowerCase();
    if (el.id) { return s + "#" + el.id; }
    if (typeof el.className === "string" && el.className.trim()) { s += "." + el.className.trim().split(/\s+/).join("."); }
    var p = el.parentElement;
    return (p && p !== document.body ? name(p) + " > " : "") + s;
  }
  function shown(el) {
    for (var e = el; e && e !== document.documentElement; e = e.parentElement) {
      var cs = getComputedStyle(e);
      if (cs.display === "none" || cs.visibility === "hidden" || cs.opacity === "0") { return false; }
    }
    return el.getClientRects().length > 0;
  }
  function snippet(s) { s = s.replace(/\s+/g, " ").trim(); return s.length > 40 ? s.slice(0, 40) + "…" : s; }

  // 1. The page scrolls sideways.
  var sw = document.documentElement.scrollWidth;
  if (sw > width + 1) {
    var wide = [];
    document.querySelectorAll("body *").forEach(function (el) {
      var r = el.getBoundingClientRect();
      if (r.right > width + 1 && shown(el) && !(el.parentElement && el.parentElement.getBoundingClientRect().right > width + 1)) { wide.push(name(el) + " to " + Math.round(r.right)); }
    });
    out.push("page is " + sw + " px wide at " + width + " px: " + wide.slice(0, 5).join("; "));
  }

  // 2. Clipped text.
  document.querySelectorAll("body, body *").forEach(function (el) {
    if (/^(INPUT|SELECT|TEXTAREA|OPTION|SCRIPT|STYLE|CANVAS|PROGRESS)$/.test(el.tagName) || el.querySelector("canvas")) { return; }
    if (!el.textContent.trim() || !shown(el)) { return; }
    var cs = getComputedStyle(el);
    var cutX = cs.overflowX === "hidden" || cs.overflowX === "clip" || cs.textOverflow === "ellipsis";
    var cutY = cs.overflowY === "hidden" || cs.overflowY === "clip";
    if (el.hasAttribute("title")) { return; }
    if ((cutX && el.scrollWidth > el.clientWidth + 1) || (cutY && el.scrollHeight > el.clientHeight + 1)) {
      out.push("text clipped in " + name(el) + ": " + snippet(el.textContent));
    }
  });

  // 3. Text over text: the leaf text nodes' boxes, line by line, cut to
  // the box of any scrolling ancestor (text scrolled out of view is not drawn).
  function viewOf(el) {
    var r = {l: -1e9, t: -1e9, r: 1e9, b: 1e9};
    for (var e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      var cs = getComputedStyle(e);
      if (cs.overflowX !== "visible" || cs.overflowY !== "visible") {
        var b = e.getBoundingClientRect();
        r = {l: Math.max(r.l, b.left), t: Math.max(r.t, b.top), r: Math.min(r.r, b.right), b: Math.min(r.b, b.bottom)};
      }
    }
    return r;
  }
  var boxes = [], node = 0;
  var tw = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (var n = tw.nextNode(); n; n = tw.nextNode()) {
    if (!n.nodeValue.trim()) { continue; }
    var p = n.parentElement;
    if (!p || p.closest("script,style,template,noscript,select,option,textarea") || !shown(p)) { continue; }
    var range = document.createRange();
    range.selectNodeContents(n);
    var v = viewOf(p), rects = range.getClientRects();
    node++;
    for (var i = 0; i < rects.length; i++) {
      var q = rects[i];
      var b = {l: Math.max(q.left, v.l), t: Math.max(q.top, v.t), r: Math.min(q.right, v.r), b: Math.min(q.bottom, v.b), node: node, el: p, text: n.nodeValue};
      if (b.r - b.l > 0.5 && b.b - b.t > 0.5) { boxes.push(b); }
    }
  }
  boxes.sort(function (a, b) { return a.t - b.t; });
  var overlaps = 0;
  for (var i = 0; i < boxes.length; i++) {
    for (var j = i + 1; j < boxes.length && boxes[j].t < boxes[i].b - 2; j++) {
      var a = boxes[i], b = boxes[j];
      if (a.node === b.node) { continue; }
      var w = Math.min(a.r, b.r) - Math.max(a.l, b.l), h = Math.min(a.b, b.b) - Math.max(a.t, b.t);
      if (w > 2 && h > 2) {
        if (++overlaps <= 5) { out.push("text over text: “" + snippet(a.text) + "” (" + name(a.el) + ") and “" + snippet(b.text) + "” (" + name(b.el) + ")"); }
      }
    }
  }
  if (overlaps > 5) { out.push("text over text: " + (overlaps - 5) + " more"); }

  // 4. Short words broken across lines (撤/回, 管/理/员): a text of at
  // most eight characters without spaces laid out on more than one line.
  var broken = {};
  boxes.forEach(function (b) {
    var s = b.text.trim();
    if (s.length > 8 || /\s/.test(s)) { return; }
    var k = b.node;
    broken[k] = broken[k] || {tops: [], text: s, el: b.el};
    if (broken[k].tops.every(function (t) { return Math.abs(t - b.t) > 2; })) { broken[k].tops.push(b.t); }
  });
  Object.keys(broken).forEach(function (k) {
    var w = broken[k];
    if (w.tops.length > 1) { out.push("“" + w.text + "” breaks across " + w.tops.length + " lines in " + name(w.el)); }
  });

  // 5. The browser's own file chooser ("Choose Files", "No file chosen"):
  // a file input must be dressed by the page (see it as anything but 0 px).
  document.querySelectorAll('input[type="file"]').forEach(function (el) {
    var r = el.getBoundingClientRect();
    if (shown(el) && r.width > 1 && r.height > 1) { out.push("unstyled file input " + name(el)); }
  });

  // 6. Latin words: programs and formats users know, file names, credit
  // codes and the accounts' names are allowed.
  var seen = {};
  var text = document.body.innerText;
  document.querySelectorAll('[translate="no"]').forEach(function (el) { if (el.innerText) { text = text.split(el.innerText).join(" "); } });
  var re = /[A-Za-z0-9][A-Za-z0-9_.@-]*[A-Za-z0-9]|[A-Za-z]/g, m;
  while ((m = re.exec(text)) !== null) {
    var w = m[0], at = m.index;
    if (!/[A-Za-z]/.test(w) || allow.indexOf(w) >= 0 || seen[w]) { continue; }
    // the extension of a file name whose name is not Latin (财政局.xlsx)
    if (at >= 2 && text[at - 1] === "." && /\S/.test(text[at - 2]) && /^(xlsx|xls|csv|docx|doc|pdf|html?|json|et|ods|yaml|yml|wps)$/i.test(w)) { continue; }
    if (/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(w)) { continue; } // a unified social credit code
    if (/^[A-Z]{1,3}[1-9][0-9]{0,6}$/.test(w) || /^[A-Z]$/.test(w)) { continue; } // a cell (G4) as the spreadsheet shows it; a letter (A类, 等次 A)
    if (/\.(xlsx|xls|csv|docx|doc|pdf|html?|json|et|ods|yaml|yml|wps)$/i.test(w)) { continue; } // a file name
    seen[w] = true;
  }
  var words = Object.keys(seen);
  if (words.length) { out.push("Latin words: " + words.slice(0, 20).join(" ")); }

  // 7. Charts: the option and what ECharts drew.
  document.querySelectorAll(".chart[data-kind]").forEach(function (el) {
    var id = el.id || el.getAttribute("data-kind");
    var inst = typeof echarts !== "undefined" && echarts.getInstanceByDom(el);
    if (!inst) { out.push("chart " + id + " not drawn"); return; }
    var opt = inst.getOption();
    (opt.legend || []).forEach(function (lg) {
      if (lg.show !== false && lg.type === "scroll") { out.push("chart " + id + ": the legend pages (some entries hidden)"); }
    });
    var zr = inst.getZr(), W = zr.getWidth(), H = zr.getHeight(), texts = [], cut = [], outside = [];
    zr.storage.getDisplayList(true).forEach(function (d) {
      if (d.invisible || !d.style || d.style.text == null) { return; }
      var s = String(d.style.text);
      if (!s.trim()) { return; }
      var r = d.getBoundingRect().clone();
      if (d.transform) { r.applyTransform(d.transform); }
      if (/…|\.\.\./.test(s)) { cut.push(snippet(s)); }
      if (r.x < -1 || r.y < -1 || r.x + r.width > W + 1 || r.y + r.height > H + 1) { outside.push(snippet(s)); }
      texts.push({l: r.x, t: r.y, r: r.x + r.width, b: r.y + r.height, s: s});
    });
    function some(list) { return list.slice(0, 3).join("、") + (list.length > 3 ? " and " + (list.length - 3) + " more" : ""); }
    if (cut.length) { out.push("chart " + id + ": labels cut: " + some(cut)); }
    if (outside.length) { out.push("chart " + id + ": text outside the chart: " + some(outside)); }
    var n = 0;
    for (var i = 0; i < texts.length; i++) {
      for (var j = i + 1; j < texts.length; j++) {
        var a = texts[i], b = texts[j];
        var w = Math.min(a.r, b.r) - Math.max(a.l, b.l), h = Math.min(a.b, b.b) - Math.max(a.t, b.t);
        if (w > 2 && h > 2 && ++n <= 3) { out.push("chart " + id + ": text over text: “" + snippet(a.s) + "” and “" + snippet(b.s) + "”"); }
      }
    }
    if (n > 3) { out.push("chart " + id + ": text over text: " + (n - 3) + " more"); }
  });
  return out;
}`

// TestDropBox: every file chooser of the pages is a drop box whose input,
// invisible, covers the box, so that a click or a dropped file reaches the
// input without script; with script the box names the files chosen.
func TestDropBox(t *testing.T) {
	c := startBrowser(t)
	e := newEnv(t, nil)
	base := strings.Replace(e.url, "127.0.0.1", "localhost", 1)
	loginVia(c, base, adminName)
	for _, path := range []string{"/upload", "/admin", "/admin/review"} {
		c.navigate(base + path)
		n := c.eval(`document.querySelectorAll('input[type="file"]').length`).(float64)
		bad := c.evalString(`Array.prototype.filter.call(document.querySelectorAll('input[type="file"]'), function (input) {
  var box = input.closest("label.drop");
  if (!box) { return true; }
  box.scrollIntoView();
  var r = box.getBoundingClientRect(), ok = true;
  [[0.5, 0.5], [0.05, 0.1], [0.95, 0.9]].forEach(function (f) {
    ok = ok && document.elementFromPoint(r.left + r.width * f[0], r.top + r.height * f[1]) === input;
  });
  return !ok || getComputedStyle(input).opacity !== "0";
}).map(function (input) { return input.name; }).join(" ")`)
		if n == 0 || bad != "" {
			t.Errorf("%s: %v file inputs, not a drop box covered by its input: %q", path, n, bad)
		}
	}
	c.navigate(base + "/upload")
	dir := t.TempDir()
	a, b := filepath.Join(dir, "甲.csv"), filepath.Join(dir, "乙.xlsx")
	os.WriteFile(a, []byte("x"), 0o644)
	os.WriteFile(b, []byte("x"), 0o644)
	c.setFiles("#file", a, b)
	if got := c.evalString(`document.querySelector("#file").closest("label").querySelector(".drop-files").textContent`); got != "已选择 2 个文件：甲.csv、乙.xlsx" {
		t.Errorf("the box says %q", got)
	}
}
