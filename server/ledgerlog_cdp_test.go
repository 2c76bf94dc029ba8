package server

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBrowserLedgerLog drives headless Chromium through issue 15's record
// of ledger changes: a clerk's refused upload stays in 本单位上传记录 with
// its annotated workbook; a partial import shows what it would replace and
// the annotated download before anything is loaded, and once confirmed is
// marked 部分导入 in the history; the admin pages and filters the upload
// list, whose buttons and short cells do not wrap.
func TestBrowserLedgerLog(t *testing.T) {
	c := startBrowser(t)
	e := newEnv(t, nil)
	base := strings.Replace(e.url, "127.0.0.1", "localhost", 1)
	shots := artifactDir(t)
	bad := filepath.Join(t.TempDir(), filepath.Base(badCZ))
	copyFile(bad, sampleFile(t, badCZ))
	before, err := e.db.UploadActiveBatch(t.Context(), e.unitID(clerkUnit), "documents", 2024)
	if err != nil {
		t.Fatal(err)
	}

	loginVia(c, base, clerkName)
	upload := func(partial bool) string {
		c.setFile("#file", bad)
		c.eval(fmt.Sprintf(`document.querySelector("input[name=partial]").checked = %v; document.getElementById("results").removeAttribute("data-done"); document.getElementById("upload-submit").click(); true`, partial))
		c.waitJS(`document.getElementById("results").hasAttribute("data-done")`, 60*time.Second)
		return c.evalString(`document.getElementById("results").innerText`)
	}
	fetchStatus := func(href string) float64 {
		c.eval(fmt.Sprintf(`window.__st = 0; fetch(%q).then(function (r) { window.__st = r.status; }); true`, href))
		c.waitJS(`window.__st > 0`, 30*time.Second)
		return c.eval(`window.__st`).(float64)
	}

	// Refused: on record after the page is left.
	if text := upload(false); !strings.Contains(text, "已拒收") {
		t.Fatalf("refused upload shows: %s", text)
	}
	c.navigate(base + "/upload")
	refusals := c.evalString(`(document.getElementById("refusals") || {}).innerText || ""`)
	if !strings.Contains(refusals, filepath.Base(badCZ)) || !strings.Contains(refusals, "2 行有错误") || !strings.Contains(refusals, clerkName) || !strings.Contains(refusals, "保留至") {
		t.Fatalf("refusals in the history: %q", refusals)
	}
	href := c.evalString(`document.querySelector("#refusals a.annotated").getAttribute("href")`)
	if st := fetchStatus(href); st != 200 {
		t.Errorf("annotated download from the history: %v", st)
	}
	c.screenshot(filepath.Join(shots, "clerk-refusal-history.png"))

	// Partial: previewed with what it replaces, then confirmed.
	state := ledgerState(t, e)
	text := upload(true)
	want := fmt.Sprintf("将替换当前生效的第 %d 批次（%s，%d 行", before.ID, before.FileName, before.RowsLoaded)
	if !strings.Contains(text, "尚未导入") || !strings.Contains(text, want) || !strings.Contains(text, "替换后为 1 行") || !strings.Contains(text, "下载错误标注文件") {
		t.Fatalf("partial preview shows: %s (want %s)", text, want)
	}
	if st := fetchStatus(c.evalString(`document.querySelector("#results a.annotated").getAttribute("href")`)); st != 200 {
		t.Errorf("annotated download of the preview: %v", st)
	}
	if s := ledgerState(t, e); s != state {
		t.Fatalf("the preview changed the ledgers: %s → %s", state, s)
	}
	c.screenshot(filepath.Join(shots, "clerk-partial-preview.png"))
	c.navigateBy(func() { c.eval(`document.querySelector("#results button.confirm-partial").click(); true`) })
	text = c.evalString(`document.getElementById("results").innerText`)
	if !strings.Contains(text, "部分导入") || !strings.Contains(text, fmt.Sprintf("替换了原生效的第 %d 批次", before.ID)) || !strings.Contains(text, "现为 1 行") {
		t.Fatalf("confirmed shows: %s", text)
	}
	if h := c.evalString(`document.querySelector("table.history").innerText`); !strings.Contains(h, "部分导入（拒收 2 行）") {
		t.Errorf("history after the partial import: %s", h)
	}
	c.screenshot(filepath.Join(shots, "clerk-partial-confirmed.png"))

	// The admin's list: filters, paging, no wrapping.
	c.navigateBy(func() { c.eval(`document.getElementById("logout").click(); true`) })
	loginVia(c, base, adminName)
	c.navigate(base + "/admin/batches?state=refused")
	if rows := c.evalString(`document.getElementById("batches").innerText`); !strings.Contains(rows, "被拒收") || !strings.Contains(rows, "2 行有错误") {
		t.Errorf("refused in the admin's list: %s", rows)
	}
	if st := fetchStatus(c.evalString(`document.querySelector("#batches a.annotated").getAttribute("href")`)); st != 200 {
		t.Errorf("admin's annotated download: %v", st)
	}
	c.navigate(base + "/admin/batches?state=partial")
	if rows := c.evalString(`document.getElementById("batches").innerText`); !strings.Contains(rows, "部分导入：拒收 2 行") {
		t.Errorf("partial in the admin's list: %s", rows)
	}
	c.navigate(base + "/admin/batches")
	c.navigateBy(func() {
		c.eval(`document.getElementById("filter-kind").value = "applications"; document.getElementById("filter-state").value = "superseded"; document.getElementById("filter-submit").click(); true`)
	})
	if q := c.evalString(`location.search`); !strings.Contains(q, "kind=applications") || !strings.Contains(q, "state=superseded") {
		t.Errorf("filter form went to %s", q)
	}
	n := e.count(t, "SELECT count(*) FROM batches WHERE kind = 'applications' AND status = 'superseded'")
	if p := c.evalString(`document.getElementById("pager").innerText`); !strings.HasPrefix(p, fmt.Sprintf("共 %d 条", n)) {
		t.Errorf("pager %q, want %d entries", p, n)
	}
	c.navigate(base + "/admin/batches")
	c.navigateBy(func() { c.eval(`document.getElementById("page-next").click(); true`) })
	if p := c.evalString(`document.getElementById("pager").innerText`); !strings.Contains(p, "第 2 /") {
		t.Errorf("next page: %q", p)
	}
	c.screenshot(filepath.Join(shots, "admin-batches.png"))
	// Buttons and short cells stay on one line, even in a narrow window.
	c.navigate(base + "/admin/batches?state=superseded")
	c.eval(`document.body.style.width = "900px"; true`)
	// A text that wraps has its rectangles on several lines.
	wrapped := c.evalString(`(function () {
  var out = [];
  document.querySelectorAll("#batches button, #batches td.nowrap, #batches th").forEach(function (el) {
    var w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT), n;
    while ((n = w.nextNode())) {
      if (!n.textContent.trim()) { continue; }
      var r = document.createRange(), tops = {};
      r.selectNodeContents(n);
      Array.prototype.forEach.call(r.getClientRects(), function (q) { if (q.width > 0) { tops[Math.round(q.top)] = 1; } });
      if (Object.keys(tops).length > 1) { out.push(n.textContent.trim()); }
    }
  });
  return out.slice(0, 5).join(" | ");
})()`)
	if wrapped != "" {
		t.Errorf("wrapped in the upload list: %s", wrapped)
	}
	c.screenshot(filepath.Join(shots, "admin-batches-narrow.png"))
}
