package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A file `gongkai ingest` refuses is on record as a web refusal is (issue
// 15): under the unit the file names, or else the one given, by the
// uploader, with ingest's reason (no flag named: the web shows it too);
// `gongkai history` lists it, marked 被拒收, after the batches. A preview
// is no refusal.
func TestIngestRefusalOnRecord(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	ann := "--annotate-dir=" + c.dir
	c.want(0, "ingest", "--db", c.db, ledger("app-bom.csv"))
	c.want(1, "ingest", "--db", c.db, ann, "--uploader", "张三", ledger("app-bad-rows.xlsx"))
	c.want(1, "ingest", "--db", c.db, ann, "--unit", "财政局", ledger("truncated.xlsx"))
	c.want(1, "ingest", "--db", c.db, ann, "--partial", ledger("app-bad-rows.xlsx"))

	out, _ := c.want(0, "history", "--db", c.db)
	batches, refused, ok := strings.Cut(out, "\n\n被拒收的上传（未导入，数据未作任何改动）\n")
	if !ok || strings.Count(batches, "\n") != 1 || !strings.HasPrefix(batches, "批次\t状态\t") {
		t.Fatalf("history:\n%s", out)
	}
	lines := strings.Split(strings.TrimSuffix(refused, "\n"), "\n")
	if len(lines) != 3 || lines[0] != "状态\t台账\t单位\t年度\t拒收时间\t上传人\t文件\t拒收原因" {
		t.Fatalf("refusals in the history:\n%s", refused)
	}
	// Newest first.
	damaged := strings.Split(lines[1], "\t")
	if len(damaged) != 8 || damaged[0] != "被拒收" || damaged[2] != "平安县财政局" || damaged[5] != "cli" || damaged[6] != "truncated.xlsx" || !strings.Contains(damaged[7], "文件已损坏") {
		t.Errorf("refusal of a damaged file under --unit: %q", damaged)
	}
	rows := strings.Split(lines[2], "\t")
	want := []string{"被拒收", "依申请公开办理台账", "平安县财政局", "2024", rows[4], "张三", "app-bad-rows.xlsx", "8 行有错误，整个文件未导入（数据未作任何改动）。请改正后重新上传"}
	if strings.Join(rows, "|") != strings.Join(want, "|") || len(rows[4]) != len("2006-01-02 15:04:05") {
		t.Errorf("refusal of refused rows:\n got %q\nwant %q", rows, want)
	}
	if strings.Contains(refused, "--") {
		t.Errorf("a recorded reason names a flag:\n%s", refused)
	}

	out, _ = c.want(0, "history", "--db", c.db, "--json")
	var h []map[string]any
	if err := json.Unmarshal([]byte(out), &h); err != nil {
		t.Fatal(err)
	}
	if len(h) != 3 || h[0]["status"] != "active" || h[1]["refused"] != true || h[1]["status"] != "refused" || h[2]["code"] != "EROWSREFUSED" ||
		h[2]["uploader"] != "张三" || h[2]["rows_refused"] != 8.0 || h[2]["unit"] != "平安县财政局" {
		t.Errorf("history JSON: %v", h)
	}
}

// A file `gongkai ingest` refuses is on record as a web refusal is (issue
// 15), as the real server shows it afterwards: the clerk's history lists
// it with its annotated workbook, a copy of the one the run wrote, kept
// in the server's files directory for the retention (90 days by default)
// and downloadable by the unit's clerk; the audit log has the attempt,
// failed, by the uploader, as the command line's.
func TestIngestRefusalServed(t *testing.T) {
	c := newCLI(t)
	withStdin("admin-password\n", func() { c.want(0, "user", "add", "--db", c.db, "--name", "admin", "--role", "admin") })
	withStdin("clerk-password\n", func() {
		c.want(0, "user", "add", "--db", c.db, "--name", "c1", "--role", "clerk", "--unit", "县财政局")
	})
	ann := t.TempDir()
	out, _ := c.want(1, "ingest", "--db", c.db, "--annotate-dir", ann, "--uploader", "张三", ledger("app-bad-rows.xlsx"))
	annotated := filepath.Join(ann, "app-bad-rows-错误标注.xlsx")
	if !strings.Contains(out, "错误标注文件："+annotated+"\n") {
		t.Fatalf("ingest:\n%s", out)
	}
	c.want(1, "ingest", "--db", c.db, "--unit", "财政局", ledger("truncated.xlsx"))
	want, err := os.ReadFile(annotated)
	if err != nil {
		t.Fatal(err)
	}
	// The run's own copy stays; one more is in the files directory.
	kept, _ := filepath.Glob(filepath.Join(c.db+".files", "annotated", "*.xlsx"))
	if len(kept) != 1 {
		t.Fatalf("kept annotated workbooks: %q", kept)
	}

	base, _ := c.serve()
	get := func(user, pw, path string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest("GET", base+path, nil)
		req.SetBasicAuth(user, pw)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { resp.Body.Close() })
		return resp
	}
	body := func(resp *http.Response) []byte {
		t.Helper()
		b, err := io.ReadAll(resp.Body)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("%s: %d %v %s", resp.Request.URL.Path, resp.StatusCode, err, b)
		}
		return b
	}

	var rs []map[string]any
	if err := json.Unmarshal(body(get("c1", "clerk-password", "/api/refusals")), &rs); err != nil {
		t.Fatal(err)
	}
	until := time.Now().UTC().AddDate(0, 0, 90).Format(time.DateOnly)
	id := strings.TrimSuffix(filepath.Base(kept[0]), ".xlsx")
	if len(rs) != 2 || rs[0]["file"] != "truncated.xlsx" || rs[0]["annotated"] != nil || rs[0]["uploader"] != "cli" ||
		rs[1]["file"] != "app-bad-rows.xlsx" || rs[1]["uploader"] != "张三" || rs[1]["code"] != "EROWSREFUSED" ||
		rs[1]["annotated"] != "/files/"+id || rs[1]["annotated_until"] != until {
		t.Fatalf("the clerk's refusals (annotated until %s, id %s): %v", until, id, rs)
	}
	dl := get("c1", "clerk-password", "/files/"+id)
	if got := body(dl); !bytes.Equal(got, want) {
		t.Errorf("the download is not the annotated copy the run wrote (%d bytes, want %d)", len(got), len(want))
	}
	if cd := dl.Header.Get("Content-Disposition"); !strings.Contains(cd, url.PathEscape("app-bad-rows-错误标注.xlsx")) {
		t.Errorf("Content-Disposition %q", cd)
	}

	// The unit's history page links the download.
	var me struct {
		Account struct {
			UnitID int64 `json:"unit_id"`
		}
	}
	if err := json.Unmarshal(body(get("c1", "clerk-password", "/api/me")), &me); err != nil || me.Account.UnitID == 0 {
		t.Fatalf("/api/me: %v %v", err, me)
	}
	page := string(body(get("c1", "clerk-password", fmt.Sprintf("/unit/%d", me.Account.UnitID))))
	if !strings.Contains(page, `<td class="nowrap">张三</td><td>app-bad-rows.xlsx</td><td>依申请公开办理台账</td>`) ||
		!strings.Contains(page, `<a class="annotated" href="/files/`+id+`">下载</a>（保留至 `+until+`）`) {
		t.Errorf("the unit page's refusals do not link the download:\n%s", page)
	}

	var audit []map[string]any
	if err := json.Unmarshal(body(get("admin", "admin-password", "/api/audit?action=upload")), &audit); err != nil {
		t.Fatal(err)
	}
	wantDetail := "app-bad-rows.xlsx：已拒收，依申请公开办理台账，2024年，拒收 8 行（8 行有错误，整个文件未导入（数据未作任何改动）。请改正后重新上传）"
	if len(audit) != 2 || audit[1]["account"] != "张三" || audit[1]["role"] != "cli" || audit[1]["ok"] != false ||
		audit[1]["unit"] != "平安县财政局" || audit[1]["detail"] != wantDetail || audit[1]["remote"] != "" ||
		audit[0]["account"] != "cli" || !strings.HasPrefix(audit[0]["detail"].(string), "truncated.xlsx：已拒收（Excel 文件已损坏") {
		t.Errorf("audit log:\n%v\nwant the detail %q", audit, wantDetail)
	}
}
