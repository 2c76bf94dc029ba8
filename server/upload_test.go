package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gongkai"
	"gongkai/ingest"
)

const (
	badCZ = "bad/平安县财政局-规范性文件及政策解读台账-2024.xlsx"
	badMZ = "bad/平安县民政局-依申请公开台账-2024-日期错误.csv"
)

func TestUploadGoodAndBadViaAPI(t *testing.T) {
	e := newEnv(t, nil)
	c := e.login(clerkName)
	dir := t.TempDir()
	good := appCSV(t, dir, clerkUnit, 2025, 30, "G")

	start := time.Now()
	code, rs, body := c.upload(nil, [2]string{"县财政局2025年依申请公开台账.csv", good})
	if code != 200 || len(rs) != 1 {
		t.Fatalf("good upload: %d %s", code, body)
	}
	t.Logf("30-row upload answered in %s", time.Since(start))
	r := rs[0]
	if r.Status != ingest.StatusLoaded || r.RowsLoaded != 30 || r.Unit != clerkUnit || r.Year != 2025 || r.Kind != "applications" || r.BatchID == 0 {
		t.Fatalf("good upload result: %+v", r)
	}
	// The same objects as ingest --json: the keys are those of ingest.Result.
	var raw []map[string]any
	json.Unmarshal([]byte(body), &raw)
	for _, k := range []string{"file", "kind", "unit", "year", "rows_read", "rows_loaded", "rows_skipped", "rows_refused", "status", "errors", "batch_id", "sha256"} {
		if _, ok := raw[0][k]; !ok {
			t.Errorf("answer lacks %q: %s", k, body)
		}
	}
	// The same file again changes nothing.
	_, rs, _ = c.upload(nil, [2]string{"县财政局2025年依申请公开台账.csv", good})
	if rs[0].Status != ingest.StatusUnchanged {
		t.Errorf("re-upload: %+v", rs[0])
	}

	// A bad workbook: refused whole, every bad row listed, annotated copy.
	code, rs, body = c.upload(nil, [2]string{filepath.Base(badCZ), sampleFile(t, badCZ)})
	if code != 200 || len(rs) != 1 {
		t.Fatalf("bad upload: %d %s", code, body)
	}
	r = rs[0]
	if r.Status != ingest.StatusRefused || r.RowsRefused == 0 || len(r.Errors) == 0 || r.Reason == "" {
		t.Fatalf("bad upload result: %+v", r)
	}
	// The web's sentence (words.go): the upload page's checkbox, never a flag
	// or the API parameter.
	if want := "请改正后重新上传，或勾选“有错误行时仍导入正确的行”只导入正确的行"; r.Code != gongkai.EROWSREFUSED || !strings.HasSuffix(r.Reason, want) || strings.Contains(r.Reason, "--") || strings.Contains(r.Reason, "partial") {
		t.Errorf("bad upload reason: %s %q", r.Code, r.Reason)
	}
	for _, er := range r.Errors {
		if er.Row == 0 || er.Reason == "" {
			t.Errorf("error without row or reason: %+v", er)
		}
	}
	if !strings.HasPrefix(r.Annotated, "/files/") || strings.Contains(r.Annotated, "财政局") {
		t.Fatalf("annotated: %q", r.Annotated)
	}
	resp, data := c.do("GET", r.Annotated, nil, "")
	if resp.StatusCode != 200 || !strings.HasPrefix(data, "PK") || !strings.Contains(resp.Header.Get("Content-Disposition"), "filename*=UTF-8''") {
		t.Fatalf("annotated download: %d %v", resp.StatusCode, resp.Header)
	}
	// Stored under a random name, never the clerk's file name.
	names, _ := filepath.Glob(filepath.Join(e.srv.cfg.FilesDir, "annotated", "*"))
	if len(names) != 1 || strings.Contains(names[0], "财政局") {
		t.Errorf("annotated files on disk: %v", names)
	}
	// Another unit's clerk, a leader and an anonymous caller cannot fetch it.
	if resp, _ := e.login(clerk2Name).do("GET", r.Annotated, nil, ""); resp.StatusCode != http.StatusForbidden {
		t.Errorf("other clerk got annotated file: %d", resp.StatusCode)
	}
	if resp, _ := e.login(leaderName).do("GET", r.Annotated, nil, ""); resp.StatusCode != http.StatusForbidden {
		t.Errorf("leader got annotated file: %d", resp.StatusCode)
	}
	if resp, _ := e.anon().do("GET", "/api"+r.Annotated, nil, ""); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("anonymous got annotated file: %d", resp.StatusCode)
	}
	if resp, _ := e.login(adminName).do("GET", r.Annotated, nil, ""); resp.StatusCode != 200 {
		t.Errorf("admin cannot fetch annotated file: %d", resp.StatusCode)
	}

	// History and status show the upload.
	var hist []map[string]any
	if err := c.getJSON("/api/uploads", &hist); err != nil {
		t.Fatal(err)
	}
	if len(hist) == 0 || hist[0]["unit"] != clerkUnit || hist[0]["year"].(float64) != 2025 {
		t.Errorf("history: %v", hist[:min(len(hist), 1)])
	}
	var st struct {
		Ledgers []KindStatus `json:"ledgers"`
	}
	if err := c.getJSON(fmt.Sprintf("/api/units/%d/status?year=2025", e.unitID(clerkUnit)), &st); err != nil {
		t.Fatal(err)
	}
	if !st.Ledgers[0].Uploaded || st.Ledgers[0].Rows != 30 || st.Ledgers[1].Uploaded {
		t.Errorf("status: %+v", st.Ledgers[:2])
	}
	// Both uploads are in the audit log with the client's address.
	var audit []AuditEntry
	if err := e.login(adminName).getJSON("/api/audit", &audit); err != nil {
		t.Fatal(err)
	}
	uploads := 0
	for _, a := range audit {
		if a.Action == "upload" && a.Account == clerkName {
			uploads++
			if a.Remote != "127.0.0.1" || a.Unit != clerkUnit {
				t.Errorf("audit entry: %+v", a)
			}
		}
	}
	if uploads != 3 {
		t.Errorf("audit has %d uploads of %s, want 3", uploads, clerkName)
	}
	checkConsistency(t, e.db)
}

func TestUploadViaForm(t *testing.T) {
	e := newEnv(t, nil)
	c := e.login(clerk2Name)
	// The upload page has the form, the templates and the year's status.
	resp, page := c.do("GET", "/upload?year=2024", nil, "")
	if resp.StatusCode != 200 || !strings.Contains(page, `id="upload-form"`) || !strings.Contains(page, "/templates/applications") || !strings.Contains(page, "已上传") {
		t.Fatalf("upload page: %d", resp.StatusCode)
	}
	m := csrfInput.FindStringSubmatch(page)
	body, ct := multipartBody(t, map[string]string{"csrf": m[1], "year": "2024"}, [2]string{filepath.Base(badMZ), sampleFile(t, badMZ)})
	resp, page = c.do("POST", "/upload", body, ct)
	if resp.StatusCode != 200 || !strings.Contains(page, "已拒收") || !strings.Contains(page, "不是有效日期") || !strings.Contains(page, "2024-02-30") {
		t.Fatalf("form upload of a bad file: %d\n%s", resp.StatusCode, page)
	}
	good := appCSV(t, t.TempDir(), clerk2Unit, 2025, 12, "F")
	body, ct = multipartBody(t, map[string]string{"csrf": m[1]}, [2]string{"民政局2025.csv", good})
	resp, page = c.do("POST", "/upload", body, ct)
	if resp.StatusCode != 200 || !strings.Contains(page, "已导入") || !strings.Contains(page, "导入 12 行") {
		t.Fatalf("form upload of a good file: %d\n%s", resp.StatusCode, page)
	}
	// Without the CSRF field the form is refused and nothing is loaded.
	good2 := appCSV(t, t.TempDir(), clerk2Unit, 2026, 5, "X")
	body, ct = multipartBody(t, nil, [2]string{"民政局2026.csv", good2})
	resp, _ = c.do("POST", "/upload", body, ct)
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("form upload without csrf: %d", resp.StatusCode)
	}
	st, _ := e.srv.unitStatus(context.Background(), e.unitID(clerk2Unit), 2026)
	if st[0].Uploaded {
		t.Error("upload without csrf was loaded")
	}
}

func TestClerkCannotUploadForAnotherUnit(t *testing.T) {
	e := newEnv(t, nil)
	c := e.login(clerkName)
	other := e.unitID(clerk2Unit)
	before, _ := e.srv.unitStatus(context.Background(), other, 2024)
	// A file named for another unit is refused before it is read.
	_, rs, _ := c.upload(nil, [2]string{filepath.Base(badMZ), sampleFile(t, badMZ)})
	if rs[0].Status != ingest.StatusRefused || !strings.Contains(rs[0].Reason, clerk2Unit) {
		t.Errorf("another unit's file: %+v", rs[0])
	}
	// A unit column naming another unit refuses the rows.
	dir := t.TempDir()
	p := filepath.Join(dir, "apps.csv")
	os.WriteFile(p, []byte("单位,申请编号,收到日期,申请人类型\n平安县民政局,M-1,2024-03-05,自然人\n"), 0o644)
	_, rs, _ = c.upload(map[string]string{"unit": clerk2Unit, "year": "2024"}, [2]string{"apps.csv", p})
	if rs[0].Status != ingest.StatusRefused || rs[0].Unit != clerkUnit {
		t.Errorf("unit column of another unit: %+v", rs[0])
	}
	after, _ := e.srv.unitStatus(context.Background(), other, 2024)
	for i := range before {
		if before[i] != after[i] {
			t.Errorf("other unit's ledgers changed: %+v → %+v", before[i], after[i])
		}
	}
}

func TestUploadLimits(t *testing.T) {
	e := newEnv(t, func(c *Config) {
		c.MaxUploadBytes = 64 << 10
		c.Limits = ingest.Limits{MaxFileBytes: 64 << 10, MaxUnzipBytes: 1 << 20, MaxRows: 100}
	})
	c := e.login(clerkName)
	dir := t.TempDir()
	// Over the request size: 413 with a message, before anything is read.
	big := appCSV(t, dir, clerkUnit, 2025, 2000, "B")
	code, _, body := c.upload(nil, [2]string{"big.csv", big})
	if code != http.StatusRequestEntityTooLarge || !strings.Contains(body, "上限") {
		t.Errorf("oversized upload: %d %s", code, body)
	}
	// Over the row limit.
	rows := appCSV(t, dir, clerkUnit, 2025, 150, "R")
	_, rs, _ := c.upload(nil, [2]string{"rows.csv", rows})
	if rs[0].Status != ingest.StatusRefused || !strings.Contains(rs[0].Reason, "100 行上限") {
		t.Errorf("row limit: %+v", rs[0])
	}
	// A zip bomb named .xlsx; the content decides, and it is refused.
	_, here, _, _ := runtimeCaller()
	bomb := filepath.Join(here, "..", "ingest", "testdata", "zipbomb.xlsx")
	_, rs, _ = c.upload(nil, [2]string{"县财政局2024年台账.xlsx", bomb})
	if rs[0].Status != ingest.StatusRefused || rs[0].Reason == "" {
		t.Errorf("zip bomb: %+v", rs[0])
	}
	// Not a spreadsheet, whatever its name says.
	junk := filepath.Join(dir, "junk")
	os.WriteFile(junk, []byte("\x7fELF\x02\x01\x01\x00binary junk\x00\x00\x00"), 0o644)
	_, rs, _ = c.upload(nil, [2]string{"县财政局2024.xlsx", junk})
	if rs[0].Status != ingest.StatusRefused {
		t.Errorf("junk: %+v", rs[0])
	}
	// A file name with a path is only a name.
	small := appCSV(t, dir, clerkUnit, 2025, 3, "P")
	_, rs, _ = c.upload(nil, [2]string{`../../../../tmp/县财政局2025\..\x.csv`, small})
	if rs[0].File != "x.csv" || rs[0].Status != ingest.StatusLoaded {
		t.Errorf("path in file name: %+v", rs[0])
	}
	// No file at all.
	code, _, body = c.upload(map[string]string{"year": "2025"})
	if code != http.StatusBadRequest || !strings.Contains(body, "没有收到文件") {
		t.Errorf("no file: %d %s", code, body)
	}
	checkConsistency(t, e.db)
}

func TestUploadTimeLimit(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.UploadTimeout = time.Millisecond })
	c := e.login(clerkName)
	p := appCSV(t, t.TempDir(), clerkUnit, 2025, 2000, "T")
	code, rs, body := c.upload(nil, [2]string{"t.csv", p})
	switch {
	case code == http.StatusServiceUnavailable && strings.Contains(body, "超时"):
	case code == 200 && rs[0].Status == ingest.StatusRefused && strings.Contains(rs[0].Reason, "超时"):
	default:
		t.Fatalf("time limit: %d %s", code, body)
	}
	st, _ := e.srv.unitStatus(context.Background(), e.unitID(clerkUnit), 2025)
	if st[0].Uploaded {
		t.Error("timed-out upload was loaded")
	}
	checkConsistency(t, e.db)
}

// CSV downloads neutralise text a spreadsheet would run as a formula.
func TestCSVFormulaInjection(t *testing.T) {
	e := newEnv(t, nil)
	if _, err := e.db.Raw().Exec(`UPDATE units SET name = '=HYPERLINK("http://evil.example","点我")' WHERE name = $1`, clerk2Unit); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.Raw().Exec(`UPDATE units SET grp = '@SUM(A1)' WHERE grp = 'B类 县直部门'`); err != nil {
		t.Fatal(err)
	}
	admin := e.login(adminName)
	for _, p := range []string{"/admin/rankings?year=2024&format=csv", "/admin/reminders?year=2024&kind=media&format=csv"} {
		resp, body := admin.do("GET", p, nil, "")
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("%s: %d %s", p, resp.StatusCode, trim(body))
		}
		if strings.Contains(p, "reminders") && !strings.Contains(body, `'@SUM(A1)`) {
			t.Errorf("%s: group not neutralised:\n%s", p, trim(body))
		}
		for _, line := range strings.Split(body, "\n") {
			for _, cell := range strings.Split(line, ",") {
				c := strings.TrimPrefix(strings.TrimPrefix(cell, "\ufeff"), `"`)
				if c != "" && strings.ContainsRune("=+@", rune(c[0])) {
					t.Errorf("%s: cell %q starts a formula", p, cell)
				}
			}
		}
	}
	if _, body := admin.do("GET", "/admin/rankings?year=2024&format=csv", nil, ""); !strings.Contains(body, `'=HYPERLINK`) {
		t.Errorf("unit name not neutralised:\n%s", trim(body))
	}
}
