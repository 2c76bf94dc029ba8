package charts

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The static site opened in headless Chromium from disk (file://, no
// server, no network). Each page's gongkai.js writes into <body> how many
// charts it initialised and drew and how many errors it caught (script
// errors, console.error, resources that failed to load); --dump-dom lets
// the test read them. Screenshots are kept as artifacts: set
// GONGKAI_ARTIFACTS=DIR to keep them, otherwise they are in the test's
// temporary directory (logged).
//
// With CI=true a missing Chromium fails the test; elsewhere it skips.
// Every unit page is checked (about 0.5 s each); GONGKAI_BROWSER_QUICK=1
// checks a fixed selection instead (first, middle and last of each group,
// vetoed units).

func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("Chromium not found: CI must install it (apt-get install -y chromium fonts-wqy-microhei)")
	}
	t.Skip("Chromium not installed (apt-get install -y chromium fonts-wqy-microhei)")
	return ""
}

// chromium runs headless Chromium on url and returns the DOM after load;
// with shot != "" it also writes a screenshot of the given height.
func chromium(t *testing.T, bin, url, shot string, height int, extra ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	args := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--hide-scrollbars", "--virtual-time-budget=3000",
		"--window-size=1280," + strconv.Itoa(height)}
	args = append(args, extra...)
	if shot != "" {
		args = append(args, "--screenshot="+shot)
	}
	args = append(args, "--dump-dom", url)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), "LANG=zh_CN.UTF-8")
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("chromium %s: %v", url, err)
	}
	return string(out), nil
}

func fileURL(p string) string {
	abs, _ := filepath.Abs(p)
	return "file://" + filepath.ToSlash(abs)
}

var bodyTag = regexp.MustCompile(`<body[^>]*>`)

func attr(tag, name string) string {
	m := regexp.MustCompile(` ` + regexp.QuoteMeta(name) + `="([^"]*)"`).FindStringSubmatch(tag)
	if m == nil {
		return ""
	}
	return m[1]
}

// checkRendered asserts a page's status attributes: every chart element
// initialised and drawn, and no error.
func checkRendered(t *testing.T, page, tag, errText string) {
	t.Helper()
	exp := attr(tag, "data-charts-expected")
	if exp == "" || exp == "0" {
		t.Errorf("%s: no charts expected (%s)", page, tag)
		return
	}
	if got := attr(tag, "data-charts-rendered"); got != exp {
		t.Errorf("%s: %s of %s charts initialised (%s)", page, got, exp, tag)
	}
	if got := attr(tag, "data-charts-drawn"); got != exp {
		t.Errorf("%s: %s of %s charts drawn (%s)", page, got, exp, tag)
	}
	if got := attr(tag, "data-errors"); got != "0" {
		t.Errorf("%s: %s errors: %s", page, got, errText)
	}
	if n, _ := strconv.Atoi(attr(tag, "data-series")); n == 0 {
		t.Errorf("%s: no series", page)
	}
}

func artifactDir(t *testing.T) string {
	if d := os.Getenv("GONGKAI_ARTIFACTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

func TestSiteInChromium(t *testing.T) {
	t.Parallel()
	bin := chromiumPath(t)
	d := sampleData(t)
	dir := filepath.Join(t.TempDir(), "site")
	info, err := WriteSite(d, dir)
	if err != nil {
		t.Fatal(err)
	}
	art := artifactDir(t)

	// Pages to open one by one, with screenshots: the front page and the
	// page of the last unit of the first group (vetoed in the samples).
	type shot struct {
		page   string
		height int
	}
	shots := []shot{{"index.html", 9000}, {d.RadarDefault().Page, 4200}}
	// Every other page is checked in one browser through a harness page
	// that loads them in turn in an iframe (file pages may read each other
	// with --allow-file-access-from-files).
	var pages []string
	if os.Getenv("GONGKAI_BROWSER_QUICK") == "" {
		for _, u := range d.Units {
			pages = append(pages, u.Page)
		}
	} else {
		seen := map[string]bool{}
		for _, g := range d.Groups {
			for _, u := range []*Unit{g.Units[0], g.Units[len(g.Units)/2], g.Units[len(g.Units)-1]} {
				if !seen[u.Page] {
					seen[u.Page] = true
					pages = append(pages, u.Page)
				}
			}
		}
		for _, u := range d.Units {
			if u.Vetoed && !seen[u.Page] {
				seen[u.Page] = true
				pages = append(pages, u.Page)
			}
		}
	}

	var wg sync.WaitGroup
	doms := make([]string, len(shots))
	for i, s := range shots {
		wg.Add(1)
		go func() {
			defer wg.Done()
			png := filepath.Join(art, fmt.Sprintf("site-%s.png", strings.NewReplacer("/", "-", ".html", "").Replace(s.page)))
			var err error
			if doms[i], err = chromium(t, bin, fileURL(filepath.Join(dir, s.page)), png, s.height); err != nil {
				t.Error(err)
				return
			}
			if st, err := os.Stat(png); err != nil || st.Size() < 10_000 {
				t.Errorf("screenshot %s missing or empty: %v", png, err)
			} else {
				t.Logf("screenshot: %s", png)
			}
		}()
	}
	var harnessDOM string
	wg.Add(1)
	go func() {
		defer wg.Done()
		harness := filepath.Join(dir, "_check.html")
		if err := os.WriteFile(harness, harnessPage(pages), 0o644); err != nil {
			t.Error(err)
			return
		}
		var err error
		if harnessDOM, err = chromium(t, bin, fileURL(harness), "", 900, "--allow-file-access-from-files", "--virtual-time-budget=30000"); err != nil {
			t.Error(err)
		}
	}()
	wg.Wait()
	if t.Failed() {
		return
	}

	for i, s := range shots {
		dom := doms[i]
		tag := bodyTag.FindString(dom)
		checkRendered(t, s.page, tag, dom)
		if n := strings.Count(dom, "<canvas"); strconv.Itoa(n) != attr(tag, "data-charts-expected") {
			t.Errorf("%s: %d canvas elements, want %s", s.page, n, attr(tag, "data-charts-expected"))
		}
	}
	if want := 4*len(d.Groups) + 4; attr(bodyTag.FindString(doms[0]), "data-charts-expected") != strconv.Itoa(want) {
		t.Errorf("index: want %d charts, body %s", want, bodyTag.FindString(doms[0]))
	}
	// The front page names every unit (escaped) and links its page.
	for _, u := range d.Units {
		if !strings.Contains(doms[0], `href="`+u.Page+`"`) {
			t.Errorf("index has no link to %s", u.Page)
		}
	}

	rows := regexp.MustCompile(`<p data-page="([^"]*)"([^>]*)>([^<]*)</p>`).FindAllStringSubmatch(harnessDOM, -1)
	if len(rows) != len(pages) {
		t.Fatalf("harness checked %d of %d pages:\n%s", len(rows), len(pages), harnessDOM)
	}
	for _, r := range rows {
		if strings.Contains(r[2], "data-fail") {
			t.Errorf("%s: %s", r[1], r[2])
			continue
		}
		checkRendered(t, r[1], r[2], r[3])
		if attr(r[2], "data-charts-expected") != "2" {
			t.Errorf("%s: want 2 charts: %s", r[1], r[2])
		}
	}
	t.Logf("site: %d unit pages, %d charts; checked in Chromium: index and %d unit pages", info.Units, info.Charts, len(pages))
}

// harnessPage loads pages one after another in an iframe and records each
// page's status attributes as a <p>.
func harnessPage(pages []string) []byte {
	list, _ := json.Marshal(pages)
	return []byte(`<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><div id="out"></div>
<script>
var pages = ` + string(list) + `;
var attrs = ["data-charts-expected", "data-charts-rendered", "data-charts-drawn", "data-series", "data-errors"];
function check(i) {
  if (i >= pages.length) { document.body.setAttribute("data-done", String(pages.length)); return; }
  var f = document.createElement("iframe");
  f.style.width = "1280px"; f.style.height = "900px"; f.src = pages[i];
  f.onload = function () {
    var r = document.createElement("p");
    r.setAttribute("data-page", pages[i]);
    try {
      var b = f.contentDocument.body;
      attrs.forEach(function (a) { r.setAttribute(a, b.getAttribute(a) || ""); });
      var e = f.contentDocument.getElementById("gk-errors");
      r.textContent = e ? e.textContent : "";
    } catch (err) { r.setAttribute("data-fail", String(err)); }
    document.getElementById("out").appendChild(r);
    f.remove();
    check(i + 1);
  };
  document.body.appendChild(f);
}
check(0);
</script></body></html>`)
}
