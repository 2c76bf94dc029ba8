package server

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gongkai"
	"gongkai/ingest"
	"gongkai/store"
)

// previewResult is an answer's object with the web's confirmation token.
type previewResult struct {
	ingest.Result
	Confirm string `json:"confirm"`
}

func (c *client) uploadPreview(fields map[string]string, files ...[2]string) (int, []previewResult, string) {
	c.t.Helper()
	body, ct := multipartBody(c.t, fields, files...)
	resp, out := c.api("POST", "/api/uploads", body, ct)
	var rs []previewResult
	if resp.StatusCode == 200 {
		if err := json.Unmarshal([]byte(out), &rs); err != nil {
			c.t.Fatalf("upload answer: %v: %s", err, out)
		}
	}
	return resp.StatusCode, rs, out
}

func (c *client) confirm(token string) (int, []previewResult, string) {
	c.t.Helper()
	resp, out := c.api("POST", "/api/uploads/confirm", strings.NewReader(`{"token": "`+token+`"}`), "application/json")
	var rs []previewResult
	if resp.StatusCode == 200 {
		if err := json.Unmarshal([]byte(out), &rs); err != nil {
			c.t.Fatalf("confirm answer: %v: %s", err, out)
		}
	}
	return resp.StatusCode, rs, out
}

// ledgerState is what must not change while nothing is loaded.
func ledgerState(t *testing.T, e *testEnv) string {
	t.Helper()
	return fmt.Sprint(e.count(t, "SELECT count(*) FROM batches"), e.count(t, "SELECT count(*) FROM batch_active_log"),
		e.count(t, "SELECT count(*) FROM ledger_documents"), e.count(t, "SELECT count(*) FROM ledger_applications"))
}

// TestPartialImportPreview: a partial import says what it would replace
// before it commits -- the batch, its file and rows, the rows after -- and
// gives the annotated workbook of the refused rows; nothing changes until
// the clerk confirms; the batch is then marked 部分导入 with its refused
// rows in the history. A preview whose batch changed meanwhile is refused.
func TestPartialImportPreview(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	c := e.login(clerkName)
	unit := e.unitID(clerkUnit)
	before, err := e.db.UploadActiveBatch(ctx, unit, "documents", 2024)
	if err != nil {
		t.Fatal(err)
	}
	state := ledgerState(t, e)

	code, rs, body := c.uploadPreview(map[string]string{"partial": "1"}, [2]string{filepath.Base(badCZ), sampleFile(t, badCZ)})
	if code != 200 || len(rs) != 1 {
		t.Fatalf("partial upload: %d %s", code, body)
	}
	r := rs[0]
	x := r.Replaces
	if r.Status != ingest.StatusPreview || r.BatchID != 0 || r.RowsRefused == 0 || r.Confirm == "" || x == nil {
		t.Fatalf("preview: %+v", r)
	}
	rowsAfter := r.RowsRead - r.RowsSkipped - r.RowsRefused
	if x.BatchID != before.ID || x.File != before.FileName || x.RowsBefore != before.RowsLoaded || x.RowsAfter != rowsAfter || rowsAfter == 0 {
		t.Errorf("preview replaces %+v, want batch %d (%s, %d rows) with %d rows", x, before.ID, before.FileName, before.RowsLoaded, rowsAfter)
	}
	for _, k := range []string{`"replaces": {`, `"rows_before": `, `"rows_after": `, `"confirm": "`, `"status": "preview"`} {
		if !strings.Contains(body, k) {
			t.Errorf("answer lacks %s: %s", k, body)
		}
	}
	if resp, data := c.do("GET", r.Annotated, nil, ""); resp.StatusCode != 200 || !strings.HasPrefix(data, "PK") {
		t.Fatalf("annotated download of the preview: %d", resp.StatusCode)
	}
	if s := ledgerState(t, e); s != state {
		t.Fatalf("a preview changed the ledgers: %s → %s", state, s)
	}

	// Someone else's confirmation is no confirmation.
	if code, _, body := e.login(adminName).confirm(r.Confirm); code != http.StatusNotFound || !strings.Contains(body, "确认已失效") {
		t.Errorf("admin confirmed the clerk's preview: %d %s", code, body)
	}
	code, rs, body = c.confirm(r.Confirm)
	if code != 200 || len(rs) != 1 {
		t.Fatalf("confirm: %d %s", code, body)
	}
	p := rs[0]
	if p.Status != ingest.StatusPartial || p.BatchID == 0 || p.Replaced != before.ID || p.RowsLoaded != rowsAfter || p.Annotated != r.Annotated ||
		p.Replaces == nil || p.Replaces.BatchID != before.ID || p.Replaces.RowsBefore != before.RowsLoaded || p.Replaces.RowsAfter != rowsAfter {
		t.Fatalf("confirmed: %+v (replaces %+v)", p, p.Replaces)
	}
	if code, _, _ := c.confirm(r.Confirm); code != http.StatusNotFound {
		t.Errorf("a second confirmation: %d", code)
	}
	now, err := e.db.UploadActiveBatch(ctx, unit, "documents", 2024)
	if err != nil || now.ID != p.BatchID || !now.Partial || now.RowsRefused != r.RowsRefused {
		t.Fatalf("active after confirm: %+v %v", now, err)
	}
	// 部分导入 with its refused rows: the unit's history (page and API),
	// the unit page, the admin's list.
	var hist []gongkai.Batch
	if err := c.getJSON("/api/uploads", &hist); err != nil || hist[0].ID != p.BatchID || !hist[0].Partial || hist[0].RowsRefused != r.RowsRefused {
		t.Fatalf("history: %v %+v", err, hist[:1])
	}
	mark := fmt.Sprintf("部分导入（拒收 %d 行）", r.RowsRefused)
	for _, path := range []string{"/upload", fmt.Sprintf("/unit/%d", unit)} {
		if _, page := c.do("GET", path, nil, ""); !strings.Contains(page, mark) {
			t.Errorf("%s lacks %s", path, mark)
		}
	}
	var list struct {
		Entries []store.UploadEntry `json:"entries"`
		Total   int                 `json:"total"`
	}
	if err := e.login(adminName).getJSON("/api/batches?state=partial", &list); err != nil || list.Total != 1 || list.Entries[0].ID != p.BatchID || list.Entries[0].RowsRefused != r.RowsRefused {
		t.Fatalf("admin list of partial imports: %v %+v", err, list)
	}
	// The audit log says what was previewed and what was replaced.
	audit := uploadAudit(t, e)
	if want := fmt.Sprintf("替换第 %d 批次（%s，%d 行）为 %d 行", before.ID, before.FileName, before.RowsLoaded, rowsAfter); !strings.Contains(audit[0].Detail, want) || !strings.Contains(audit[1].Detail, "将"+want) {
		t.Errorf("audit: %q / %q, want %q", audit[0].Detail, audit[1].Detail, want)
	}

	// A preview whose batch changed before the confirmation loads nothing.
	dir := t.TempDir()
	bad := appCSV(t, dir, clerkUnit, 2026, 3, "P")
	f, _ := os.OpenFile(bad, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("P-9,2026-02-30,自然人,网络,坏日期,2026-03-01,予以公开,0\n")
	f.Close()
	_, rs, body = c.uploadPreview(map[string]string{"partial": "1"}, [2]string{"财政局2026年依申请公开台账.csv", bad})
	if len(rs) != 1 || rs[0].Status != ingest.StatusPreview || rs[0].Replaces == nil || rs[0].Replaces.BatchID != 0 || rs[0].Replaces.RowsAfter != 3 || rs[0].Annotated != "" {
		t.Fatalf("preview of a first upload: %s", body)
	}
	if _, rs2, _ := c.upload(nil, [2]string{"财政局2026年依申请公开台账.csv", appCSV(t, dir, clerkUnit, 2026, 5, "Q")}); len(rs2) != 1 || rs2[0].Status != ingest.StatusLoaded {
		t.Fatalf("good upload in between: %+v", rs2)
	}
	state = ledgerState(t, e)
	code, _, body = c.confirm(rs[0].Confirm)
	if code != http.StatusConflict || !strings.Contains(body, "生效批次已有变化") || !strings.Contains(body, "数据未作任何改动") {
		t.Errorf("confirm after a change: %d %s", code, body)
	}
	if s := ledgerState(t, e); s != state {
		t.Errorf("a stale confirmation changed the ledgers: %s → %s", state, s)
	}
	checkConsistency(t, e.db)
}

// TestRefusedUploadOnRecord: a refused upload changes nothing and is on
// record -- in the unit's history with who, when, the file and the
// reason, its annotated workbook downloadable for the configured time and
// purged after -- and in the audit log and the admin's list.
func TestRefusedUploadOnRecord(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.AnnotatedTTL = 30 * 24 * time.Hour })
	c := e.login(clerkName)
	unit := e.unitID(clerkUnit)
	state := ledgerState(t, e)
	_, rs, _ := c.upload(nil, [2]string{filepath.Base(badCZ), sampleFile(t, badCZ)})
	if len(rs) != 1 || rs[0].Status != ingest.StatusRefused || rs[0].Annotated == "" {
		t.Fatalf("bad upload: %+v", rs)
	}
	r := rs[0]
	if s := ledgerState(t, e); s != state {
		t.Fatalf("a refusal changed the ledgers: %s → %s", state, s)
	}
	var refs []refusalRow
	if err := c.getJSON("/api/refusals", &refs); err != nil {
		t.Fatal(err)
	}
	until := e.srv.cfg.Now().Add(30 * 24 * time.Hour).Format(time.DateOnly)
	if len(refs) != 1 || refs[0].Uploader != clerkName || refs[0].FileName != filepath.Base(badCZ) || refs[0].Reason != r.Reason ||
		refs[0].Code != "EROWSREFUSED" || refs[0].RowsRefused != r.RowsRefused || refs[0].Annotated != r.Annotated || refs[0].Until != until || refs[0].At == "" {
		t.Fatalf("refusals: %+v (want until %s)", refs, until)
	}
	at := refs[0].At
	_, page := c.do("GET", "/upload", nil, "")
	for _, want := range []string{"被拒收的上传", filepath.Base(badCZ), r.Reason, `href="` + r.Annotated + `"`, "保留至 " + until, "保留 30 天"} {
		if !strings.Contains(page, want) {
			t.Errorf("upload page lacks %q", want)
		}
	}
	// Another unit's clerk sees none of it.
	if err := e.login(clerk2Name).getJSON("/api/refusals", &refs); err != nil || len(refs) != 0 {
		t.Errorf("other clerk's refusals: %v %+v", err, refs)
	}
	admin := e.login(adminName)
	// The unit's page has it in its history, for the clerk, the admin
	// and a leader; the download is the clerk's and the admin's.
	for _, v := range []struct {
		c    *client
		link bool
	}{{c, true}, {admin, true}, {e.login(leaderName), false}} {
		resp, page := v.c.do("GET", fmt.Sprintf("/unit/%d", unit), nil, "")
		i := strings.Index(page, `<h3 id="unit-refusals">被拒收的上传</h3>`)
		if resp.StatusCode != 200 || i < 0 {
			t.Errorf("unit page as %s: %d, no refusals", v.c.name, resp.StatusCode)
			continue
		}
		sec := page[i:]
		sec = sec[:strings.Index(sec, "</table>")]
		row := fmt.Sprintf("<td class=\"nowrap\">%s</td><td class=\"nowrap\">%s</td><td>%s</td><td>%s</td><td class=\"num\">2024</td><td>%s</td>",
			at, clerkName, filepath.Base(badCZ), gongkai.KindTitle(r.Kind), template.HTMLEscapeString(r.Reason))
		if !strings.Contains(sec, row) {
			t.Errorf("unit page as %s: no row %s in\n%s", v.c.name, row, sec)
		}
		if got := strings.Contains(sec, `<a class="annotated" href="`+r.Annotated+`">下载</a>（保留至 `+until+`）`); got != v.link {
			t.Errorf("unit page as %s: download link %v, want %v", v.c.name, got, v.link)
		}
		if !v.link && !strings.Contains(sec, "有（由填报员和管理员下载）") {
			t.Errorf("unit page as %s does not say the workbook is kept", v.c.name)
		}
	}
	var list struct {
		Entries []store.UploadEntry `json:"entries"`
		Total   int                 `json:"total"`
	}
	if err := admin.getJSON(fmt.Sprintf("/api/batches?state=refused&unit=%d", unit), &list); err != nil || list.Total != 1 ||
		!list.Entries[0].Refused || list.Entries[0].Reason != r.Reason || list.Entries[0].Unit != clerkUnit || list.Entries[0].Uploader != clerkName {
		t.Fatalf("admin list of refusals: %v %+v", err, list)
	}
	if a := uploadAudit(t, e)[0]; a.OK || a.Account != clerkName || !strings.Contains(a.Detail, filepath.Base(badCZ)+"：已拒收") || !strings.Contains(a.Detail, r.Reason) {
		t.Errorf("audit: %+v", a)
	}

	// After the kept time the workbook is gone; the record stays.
	name := filepath.Join(e.srv.cfg.FilesDir, "annotated", strings.TrimPrefix(r.Annotated, "/files/")+".xlsx")
	e.offset.Store(int64(31 * 24 * time.Hour))
	c = e.login(clerkName)
	if resp, body := c.do("GET", r.Annotated, nil, ""); resp.StatusCode != http.StatusNotFound || !strings.Contains(body, "已过期") {
		t.Errorf("expired download: %d", resp.StatusCode)
	}
	if _, err := os.Stat(name); err != nil {
		t.Fatalf("purged before the next upload: %v", err)
	}
	c.upload(nil, [2]string{"x.csv", appCSV(t, t.TempDir(), clerkUnit, 2026, 2, "E")})
	if _, err := os.Stat(name); !os.IsNotExist(err) || e.count(t, "SELECT count(*) FROM upload_files") != 0 {
		t.Errorf("expired workbook not purged: %v", err)
	}
	if err := c.getJSON("/api/refusals", &refs); err != nil || len(refs) != 1 || refs[0].Annotated != "" || !refs[0].Expired {
		t.Errorf("refusal after the purge: %v %+v", err, refs)
	}
	if _, page := c.do("GET", "/upload", nil, ""); !strings.Contains(page, "已过期删除") {
		t.Errorf("upload page does not say the workbook expired")
	}
}

// TestBatchListPages: the admin's list pages on the server and filters by
// unit, kind, year and state.
func TestBatchListPages(t *testing.T) {
	e := newEnv(t, nil)
	admin := e.login(adminName)
	all := int(e.count(t, "SELECT count(*) FROM batches"))
	type pageJSON struct {
		Entries []store.UploadEntry `json:"entries"`
		Total   int                 `json:"total"`
		Page    int                 `json:"page"`
		Pages   int                 `json:"pages"`
	}
	var p1, p2 pageJSON
	if err := admin.getJSON("/api/batches", &p1); err != nil {
		t.Fatal(err)
	}
	if err := admin.getJSON("/api/batches?page=2", &p2); err != nil {
		t.Fatal(err)
	}
	if p1.Total != all || len(p1.Entries) != batchPageSize || p1.Pages != (all+batchPageSize-1)/batchPageSize || p2.Page != 2 || p2.Entries[0].ID >= p1.Entries[batchPageSize-1].ID {
		t.Fatalf("pages: total %d (want %d), %d entries, %d pages; page 2 starts at %d", p1.Total, all, len(p1.Entries), p1.Pages, p2.Entries[0].ID)
	}
	unit := e.unitID(clerkUnit)
	var f pageJSON
	if err := admin.getJSON(fmt.Sprintf("/api/batches?unit=%d&kind=applications&year=2024&state=active", unit), &f); err != nil {
		t.Fatal(err)
	}
	if f.Total != 1 || f.Entries[0].Unit != clerkUnit || f.Entries[0].Kind != "applications" || f.Entries[0].Year != 2024 || f.Entries[0].Status != "active" {
		t.Fatalf("filtered: %+v", f)
	}
	county := int(e.count(t, "SELECT count(*) FROM batches WHERE unit_id = 0"))
	if err := admin.getJSON("/api/batches?unit=0", &f); err != nil || f.Total != county || county == 0 || f.Entries[0].Unit != gongkai.CountyName || f.Entries[0].UnitID != 0 {
		t.Fatalf("the county's batches: %v %d of %d", err, f.Total, county)
	}
	if resp, body := admin.api("GET", "/api/batches?state=gone", nil, ""); resp.StatusCode != 400 || !strings.Contains(body, "没有这种状态") {
		t.Errorf("unknown state: %d %s", resp.StatusCode, body)
	}
	// The page: its filters chosen, pager links keeping them, restore in Chinese.
	_, page := admin.do("GET", "/admin/batches?kind=applications", nil, "")
	n := int(e.count(t, "SELECT count(*) FROM batches WHERE kind = 'applications'"))
	for _, want := range []string{fmt.Sprintf("共 %d 条，第 1 / %d 页", n, (n+batchPageSize-1)/batchPageSize), `href="?kind=applications&amp;page=2"`, `<option value="applications" selected>`} {
		if !strings.Contains(page, want) {
			t.Errorf("batches page lacks %q", want)
		}
	}
	if strings.Count(page, "<tr") != batchPageSize+1 {
		t.Errorf("batches page has %d rows", strings.Count(page, "<tr")-1)
	}
}

// uploadAudit is the audit log's upload entries, newest first.
func uploadAudit(t *testing.T, e *testEnv) []AuditEntry {
	t.Helper()
	var all, out []AuditEntry
	if err := e.login(adminName).getJSON("/api/audit", &all); err != nil {
		t.Fatal(err)
	}
	for _, a := range all {
		if a.Action == "upload" {
			out = append(out, a)
		}
	}
	if len(out) == 0 {
		t.Fatal("no upload in the audit log")
	}
	return out
}
