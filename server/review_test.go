package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"gongkai/reports"

	"github.com/xuri/excelize/v2"
)

func reviewDoc(name string) string {
	_, me, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(me), "..", "reports", "testdata", "docs", name)
}

// reviewFiles are a Word draft, a saved page, a scan and the 财政局's
// report as JSON that grants one application more than its 2024 ledgers
// hold; last year's page of the first unit comes as a previous report.
func reviewFiles(t *testing.T, e *testEnv) [][3]string {
	t.Helper()
	dir := t.TempDir()
	d, err := reports.Derive(context.Background(), e.db, fixtureYear, e.unitID(clerkUnit), reports.DeriveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r := d.Report
	for _, col := range []int{reports.ColNP, reports.ColTOT} {
		c := r.Table3.Cell("1", col)
		c.Set(c.Value() + 1)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	filed := filepath.Join(dir, "财政局.json")
	os.WriteFile(filed, b, 0o644)
	// The saved page is of a unit of the registry, paired with its page
	// of last year.
	page, _ := os.ReadFile(reviewDoc("plain_2023.html"))
	page = bytes.ReplaceAll(page, []byte("某县自然资源和规划局"), []byte("平安县自然资源局"))
	cur, prev := filepath.Join(dir, "cur.html"), filepath.Join(dir, "prev.htm")
	os.WriteFile(cur, page, 0o644)
	os.WriteFile(prev, bytes.ReplaceAll(page, []byte("2023年"), []byte("2022年")), 0o644)
	return [][3]string{
		{"file", "自然资源.docx", reviewDoc("word_2023.docx")},
		{"file", "自然资源.html", cur},
		{"file", "扫描.pdf", reviewDoc("scan_2023.pdf")},
		{"file", "财政局.json", filed},
		{"previous", "自然资源2022.htm", prev},
	}
}

// reviewState is what a review must not change: the batches, the audit
// log, and the files kept.
func reviewState(t *testing.T, e *testEnv) string {
	t.Helper()
	var batches, audit int
	db := e.db.Raw()
	if err := db.QueryRow("SELECT count(*) FROM batches").Scan(&batches); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow("SELECT count(*) FROM audit_log").Scan(&audit); err != nil {
		t.Fatal(err)
	}
	kept, _ := filepath.Glob(filepath.Join(e.srv.cfg.FilesDir, "annotated", "*"))
	return fmt.Sprint(batches, "|", audit, "|", strings.Join(kept, ","))
}

// tmpEmpty waits for the review's temporary files to be removed (after
// the answer, when the review lets go).
func tmpEmpty(t *testing.T, e *testEnv) {
	t.Helper()
	for i := 0; ; i++ {
		left, _ := filepath.Glob(filepath.Join(e.srv.cfg.FilesDir, "tmp", "*"))
		if len(left) == 0 {
			return
		}
		if i == 100 {
			t.Fatalf("temporary files left: %v", left)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestReviewAPI(t *testing.T) {
	e := newEnv(t, nil)
	files := reviewFiles(t, e)
	admin := e.login(adminName)
	before := reviewState(t, e)
	body, ct := multipartFiles(t, nil, files...)
	resp, out := admin.api("POST", "/api/review", body, ct)
	if resp.StatusCode != 200 {
		t.Fatalf("review: %d %s", resp.StatusCode, out)
	}
	var res reviewJSON
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Reports) != 4 || res.Errors == 0 {
		t.Fatalf("reports %+v", res.Reports)
	}
	for i := 1; i < len(res.Reports); i++ {
		a, b := res.Reports[i-1], res.Reports[i]
		if a.Errors < b.Errors || (a.Errors == b.Errors && a.Warnings < b.Warnings) {
			t.Errorf("not ranked: %+v before %+v", a, b)
		}
	}
	var cmp, read, prev []string
	for _, f := range res.Findings {
		switch f.Rule {
		case "CMP":
			if f.Unit != clerkUnit {
				continue
			}
			cmp = append(cmp, f.Unit+"|"+strings.Join(f.Where, ",")+"|"+f.Severity+"|"+f.Message)
		case "READ":
			read = append(read, f.File+"|"+f.Message)
		}
	}
	for _, r := range res.Reports {
		if r.Previous != "" {
			prev = append(prev, r.File+"←"+r.Previous)
		}
	}
	// The cell changed and its row's total.
	if len(cmp) != 2 || !strings.HasPrefix(cmp[0], "平安县财政局|表三/（一）予以公开/自然人|error|报送 ") ||
		!strings.HasPrefix(cmp[1], "平安县财政局|表三/（一）予以公开/总计|error|报送 ") {
		t.Errorf("CMP findings %q", cmp)
	}
	if len(read) != 1 || !strings.HasPrefix(read[0], "扫描.pdf|扫描.pdf: PDF没有文字层") {
		t.Errorf("READ findings %q", read)
	}
	if strings.Join(prev, ",") != "自然资源.html←自然资源2022.htm" {
		t.Errorf("paired with last year: %q", prev)
	}
	if !strings.HasPrefix(res.Workbook, "/api/review/") {
		t.Fatalf("workbook %q", res.Workbook)
	}

	// The workbook, for its owner only.
	resp, book := admin.do("GET", res.Workbook, nil, "")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != xlsxType {
		t.Fatalf("workbook: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	f, err := excelize.OpenReader(strings.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("问题清单")
	f.Close()
	n := 0
	for _, r := range rows[1:] {
		if strings.HasPrefix(r[3], "CMP 与台账推算不一致") && r[1] == clerkUnit {
			n++
		}
	}
	if n != len(cmp) {
		t.Errorf("%d CMP rows in the workbook, %d in the answer", n, len(cmp))
	}
	tmpEmpty(t, e)
	if after := reviewState(t, e); after != before {
		t.Errorf("the review changed the database or the files: %s → %s", before, after)
	}
	other := e.login(adminName)
	if resp, _ := other.do("GET", res.Workbook, nil, ""); resp.StatusCode != 200 {
		// Same account, another session: still its own.
		t.Errorf("same account's workbook: %d", resp.StatusCode)
	}
	for _, name := range []string{clerkName, leaderName} {
		c := e.login(name)
		body, ct := multipartFiles(t, nil, files[:1]...)
		if resp, out := c.api("POST", "/api/review", body, ct); resp.StatusCode != 403 || !strings.Contains(out, msgForbidden) {
			t.Errorf("%s review: %d %s", name, resp.StatusCode, out)
		}
		if resp, _ := c.do("GET", res.Workbook, nil, ""); resp.StatusCode != 403 {
			t.Errorf("%s workbook: %d", name, resp.StatusCode)
		}
	}
	if resp, _ := admin.do("GET", "/api/review/0123456789abcdef0123456789abcdef", nil, ""); resp.StatusCode != 404 {
		t.Errorf("unknown workbook: %d", resp.StatusCode)
	}
}

func TestReviewPage(t *testing.T) {
	e := newEnv(t, nil)
	files := reviewFiles(t, e)
	admin := e.login(adminName)
	before := reviewState(t, e)
	resp, page := admin.do("GET", "/admin/review", nil, "")
	if resp.StatusCode != 200 || !strings.Contains(page, "<h1>年报审核</h1>") || !strings.Contains(page, `href="/admin/review">年报审核</a>`) {
		t.Fatalf("page: %d", resp.StatusCode)
	}
	body, ct := multipartFiles(t, map[string]string{"csrf": admin.csrf}, files...)
	resp, page = admin.do("POST", "/admin/review", body, ct)
	if resp.StatusCode != 200 {
		t.Fatalf("review: %d %s", resp.StatusCode, page)
	}
	for _, want := range []string{"共审核 4 份报告", "下载问题清单", `title="规则 CMP">与台账推算不一致<`, "平安县财政局", "扫描.pdf<span class=\"missing\">（未能读取）</span>"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	m := strings.Index(page, `href="/admin/review/`)
	if m < 0 {
		t.Fatal("no download link")
	}
	link := page[m+6 : m+6+len("/admin/review/")+32]
	if resp, _ := admin.do("GET", link, nil, ""); resp.StatusCode != 200 {
		t.Errorf("download %s: %d", link, resp.StatusCode)
	}

	// Refused, with the reason on the page, nothing changed.
	refuse := func(what string, files [][3]string, fields map[string]string, want string) {
		t.Helper()
		body, ct := multipartFiles(t, fields, files...)
		resp, page := admin.do("POST", "/admin/review", body, ct)
		if resp.StatusCode != 400 || !strings.Contains(page, `<p class="error" id="error">`+want) {
			t.Errorf("%s: %d, page lacks %q", what, resp.StatusCode, want)
		}
	}
	csrf := map[string]string{"csrf": admin.csrf}
	refuse("no file", nil, csrf, "没有收到本年度的报告文件")
	refuse("last year's only", files[4:], csrf, "没有收到本年度的报告文件")
	refuse("not a report", [][3]string{{"file", "说明.txt", reviewDoc("make.sh")}}, csrf, "“说明.txt”不是年度报告文件")
	body, ct = multipartFiles(t, nil, files[:1]...)
	if resp, page := admin.do("POST", "/admin/review", body, ct); resp.StatusCode != 403 || !strings.Contains(page, msgCSRF) {
		t.Errorf("without CSRF: %d", resp.StatusCode)
	}
	// A file that is no report is listed with the reason, not refused.
	junk := filepath.Join(t.TempDir(), "坏.pdf")
	os.WriteFile(junk, []byte("%PDF-1.4 这不是一个完整的PDF文件"), 0o644)
	body, ct = multipartFiles(t, csrf, [3]string{"file", "坏.pdf", junk})
	resp, page = admin.do("POST", "/admin/review", body, ct)
	if resp.StatusCode != 200 || !strings.Contains(page, ">无法读取<") || !strings.Contains(page, "坏.pdf") {
		t.Errorf("junk: %d %s", resp.StatusCode, trim(page))
	}
	tmpEmpty(t, e)
	if after := reviewState(t, e); after != before {
		t.Errorf("the review changed the database or the files: %s → %s", before, after)
	}
}

// TestReviewBrowser: the admin chooses several reports in Chromium, submits,
// and reads the result at desktop and at phone width without the page
// scrolling sideways (the wide tables scroll in their own boxes).
func TestReviewBrowser(t *testing.T) {
	c := startBrowser(t)
	e := newEnv(t, nil)
	base := strings.Replace(e.url, "127.0.0.1", "localhost", 1)
	shots := artifactDir(t)
	dir := t.TempDir()
	var cur, prev []string
	for _, f := range reviewFiles(t, e) {
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
	loginVia(c, base, adminName)
	c.navigateBy(func() {
		c.eval(`Array.from(document.querySelectorAll("header nav a")).find(function (a) { return a.textContent === "年报审核"; }).click(); true`)
	})
	if p := c.evalString(`location.pathname`); p != "/admin/review" {
		t.Fatalf("the navigation went to %s", p)
	}
	c.setFiles("#file", cur...)
	c.setFiles("#previous", prev...)
	c.navigateBy(func() { c.eval(`document.getElementById("review-submit").click(); true`) })
	if s := c.evalString(`document.getElementById("review-summary").innerText`); !strings.Contains(s, "共审核 4 份报告") {
		t.Fatalf("summary: %s", s)
	}
	if n := c.eval(`document.querySelectorAll("#review-findings tr").length`).(float64); n < 5 {
		t.Errorf("%v rows of findings", n)
	}
	if href := c.evalString(`document.getElementById("review-download").getAttribute("href")`); !strings.HasPrefix(href, "/admin/review/") {
		t.Errorf("download link %q", href)
	}
	for _, v := range []struct {
		name          string
		width, height int
		mobile        bool
	}{{"desktop", 1280, 900, false}, {"phone", 390, 844, true}} {
		c.call("Emulation.setDeviceMetricsOverride", map[string]any{"width": v.width, "height": v.height, "deviceScaleFactor": 1, "mobile": v.mobile})
		if over := c.eval(`document.documentElement.scrollWidth - window.innerWidth`).(float64); over > 1 {
			t.Errorf("%s: the page is %v px wider than the screen", v.name, over)
		}
		if w := c.eval(`document.getElementById("review-findings").parentElement.getBoundingClientRect().right - window.innerWidth`).(float64); w > 1 {
			t.Errorf("%s: the findings' box runs %v px off the screen", v.name, w)
		}
		c.screenshot(filepath.Join(shots, "admin-review-"+v.name+".png"))
	}
	c.call("Emulation.clearDeviceMetricsOverride", nil)
	t.Logf("screenshots in %s", shots)
}

// TestReviewLimits: at most maxReviewFiles reports a time, and one review
// at a time within the time limit; refused with the reason, nothing left.
func TestReviewLimits(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.UploadTimeout = 300 * time.Millisecond })
	admin := e.login(adminName)
	one := reviewDoc("plain_2023.html")
	many := make([][3]string, maxReviewFiles+1)
	for i := range many {
		many[i] = [3]string{"file", fmt.Sprintf("%d.html", i), one}
	}
	body, ct := multipartFiles(t, nil, many...)
	if resp, out := admin.api("POST", "/api/review", body, ct); resp.StatusCode != 400 || !strings.Contains(out, fmt.Sprintf("一次最多上传 %d 个文件", maxReviewFiles)) {
		t.Errorf("too many: %d %s", resp.StatusCode, out)
	}
	// Another review holds the server's one place.
	e.srv.reviews.run <- struct{}{}
	body, ct = multipartFiles(t, nil, [3]string{"file", "a.html", one})
	resp, out := admin.api("POST", "/api/review", body, ct)
	<-e.srv.reviews.run
	if resp.StatusCode != 503 || !strings.Contains(out, "另一次年报审核尚未结束，请稍后重试") {
		t.Errorf("busy: %d %s", resp.StatusCode, out)
	}
	tmpEmpty(t, e)
}
