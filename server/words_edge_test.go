package server

// Refusals at the edge of the server, in the user's words: text that is
// not UTF-8 (probe D7), malformed or cut-off uploads, unknown kinds and
// broken scheme files (D8). Each is refused with the right status and a
// Chinese reason, its record is written, and nothing else changes. The
// helpers here serve yearchoice_test.go and edge_minor_test.go too.

import (
	"bufio"
	"context"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"gongkai"
	"gongkai/store"
)

var asciiWord = regexp.MustCompile(`[A-Za-z]+`)

// english lists the runs of Latin letters left in msg once the allowed
// tokens (file names, format names, an API's own names) are taken out: a
// message for a user has none.
func english(msg string, allowed ...string) []string {
	for _, a := range allowed {
		msg = strings.ReplaceAll(msg, a, "")
	}
	return asciiWord.FindAllString(msg, -1)
}

var pageError = regexp.MustCompile(`id="error">([^<]*)<`)

// errorOf is the message of an answer: the JSON error, or the page's.
func errorOf(body string) string {
	if m := pageError.FindStringSubmatch(body); m != nil {
		return html.UnescapeString(m[1])
	}
	if i := strings.Index(body, `"error": "`); i >= 0 {
		rest := body[i+len(`"error": "`):]
		if j := strings.Index(rest, `"`); j >= 0 {
			return rest[:j]
		}
	}
	return ""
}

// auditOf waits for the audit entries of action (the auth queue writes
// them after the answer, for logins) and returns them, newest first.
func auditOf(t *testing.T, e *testEnv, f store.AuditFilter, want int) []store.AuditEntry {
	t.Helper()
	var es []store.AuditEntry
	for i := 0; i < 100; i++ {
		var err error
		es, err = e.db.AuditList(context.Background(), f, 100, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(es) >= want {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	return es
}

// TestInvalidUTF8 (D7): text that is not UTF-8 used to reach DuckDB, which
// cannot bind it: logins answered 500 and were neither audited nor counted,
// a 零报告 or a token 500, an admin upload's refusal record and audit entry
// were lost. Now a form or query is refused at the edge (400, in Chinese),
// a login with such a name is a failed login (401, audited), and the audit
// and refusal records make any stray byte U+FFFD (store.LogText).
func TestInvalidUTF8(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	admin, clerk := e.login(adminName), e.login(clerkName)
	own := e.unitID(clerkUnit)
	half := "平\xe5\xae" // 平 and the first two bytes of 安

	// HTTP Basic with a name holding a byte that is not UTF-8.
	req, _ := http.NewRequest("GET", e.url+"/api/me", nil)
	req.SetBasicAuth(adminName+"\xff", "whatever1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 401 || english(errorOf(string(b))) != nil {
		t.Errorf("basic login: %d %s", resp.StatusCode, b)
	}
	es := auditOf(t, e, store.AuditFilter{Account: adminName + "\uFFFD", Action: "login"}, 1)
	if len(es) != 1 || es[0].Detail != "程序以账号密码登录失败" || es[0].OK {
		t.Errorf("basic login's audit entry: %+v", es)
	}

	// The login form, the same name.
	c := e.anon()
	_, page := c.do("GET", "/login", nil, "")
	tok := csrfInput.FindStringSubmatch(page)[1]
	resp, page = c.do("POST", "/login", strings.NewReader("csrf="+tok+"&name=admin%FF&password=whatever1"), "application/x-www-form-urlencoded")
	if resp.StatusCode != 401 || errorOf(page) != "账号或密码错误，或账号已停用" {
		t.Errorf("form login: %d %q", resp.StatusCode, errorOf(page))
	}
	es = auditOf(t, e, store.AuditFilter{Account: adminName + "\uFFFD", Action: "login"}, 2)
	if len(es) != 2 || es[0].Detail != "登录失败" || es[0].OK {
		t.Errorf("form login's audit entry: %+v", es)
	}

	// A 零报告 note and a token label: refused, nothing recorded.
	tokens := func() int {
		var ts []Token
		if err := clerk.getJSON("/api/tokens", &ts); err != nil {
			t.Fatal(err)
		}
		return len(ts)
	}
	declared := func() int {
		var ds struct {
			Declarations []any `json:"declarations"`
		}
		if err := clerk.getJSON(fmt.Sprintf("/api/units/%d/declarations", own), &ds); err != nil {
			t.Fatal(err)
		}
		return len(ds.Declarations)
	}
	nTok, nDecl := tokens(), declared()
	for _, x := range []struct{ path, body string }{
		{fmt.Sprintf("/api/units/%d/declarations", own), "kind=appeals&year=2025&note=%E5%B9%B3%E5%AE"},
		{"/api/tokens", "label=%E5%B9%B3%E5%AE&days=1"},
		{"/account/tokens", "label=%E5%B9%B3%E5%AE&days=1"},
		{fmt.Sprintf("/api/units/%d/declarations?note=%%E5%%B9%%B3%%E5%%AE", own), "kind=appeals&year=2025"},
	} {
		resp, body := clerk.api("POST", x.path, strings.NewReader(x.body), "application/x-www-form-urlencoded")
		if resp.StatusCode != 400 || errorOf(body) != msgBadText {
			t.Errorf("%s %s: %d %q", x.path, x.body, resp.StatusCode, errorOf(body))
		}
	}
	if resp, body := admin.do("GET", "/admin/audit?account=%E5%B9%B3%E5%AE", nil, ""); resp.StatusCode != 400 || errorOf(body) != msgBadText {
		t.Errorf("a query: %d %q", resp.StatusCode, errorOf(body))
	}
	if n, m := tokens(), declared(); n != nTok || m != nDecl {
		t.Errorf("tokens %d → %d, declarations %d → %d", nTok, n, nDecl, m)
	}

	// The admin's upload with the unit field half a character: refused
	// before anything is read, in words naming the field as the page does.
	before, _ := e.db.AuditCount(ctx, store.AuditFilter{Action: "upload"})
	csv := appCSV(t, t.TempDir(), clerkUnit, 2025, 2, "U")
	body, ct := multipartBody(t, map[string]string{"unit": half}, [2]string{"x.csv", csv})
	resp, out := admin.api("POST", "/api/uploads", body, ct)
	if resp.StatusCode != 400 || errorOf(out) != "“单位”一栏含有无法识别的字符（不是有效的 UTF-8 文字），请检查后重新上传" {
		t.Errorf("admin upload, unit half a character: %d %s", resp.StatusCode, out)
	}
	if after, _ := e.db.AuditCount(ctx, store.AuditFilter{Action: "upload"}); after != before {
		t.Errorf("upload audit entries %d → %d", before, after)
	}
	if b, err := e.db.UploadActiveBatch(ctx, own, "applications", 2025); err == nil {
		t.Errorf("a 2025 batch was loaded: %+v", b)
	}
	checkConsistency(t, e.db)
}

// TestUploadRefusalWords (D8): an upload that is not a whole multipart
// form is refused in Chinese, on the page and on the API, never with Go's
// parse error; the page names no form field; an unknown kind lists the
// kinds by title (the API with their names too). Nothing is loaded.
func TestUploadRefusalWords(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	clerk := e.login(clerkName)
	own := e.unitID(clerkUnit)
	csv := appCSV(t, t.TempDir(), clerkUnit, 2025, 3, "W")
	data, _ := os.ReadFile(csv)
	const (
		malformed  = "上传内容格式错误（不是完整的文件上传表单），文件未导入，请重新上传"
		incomplete = "上传内容不完整（传输中断或未正常结束），文件未导入，数据未作任何改动，请重新上传"
	)
	var titles, apiKinds []string
	for _, k := range gongkai.Kinds {
		titles = append(titles, k.Title)
		apiKinds = append(apiKinds, k.Name+"（"+k.Title+"）")
	}
	kindBody, kindCT := multipartBody(t, map[string]string{"kind": "foo"}, [2]string{"x.csv", csv})
	kindBytes, _ := io.ReadAll(kindBody)
	cases := []struct {
		name, ctype string
		body        []byte
		page, api   string
	}{
		{"no boundary", "multipart/form-data", data, malformed, malformed},
		{"no part", "multipart/form-data; boundary=XYZ", data, incomplete, incomplete},
		{"not multipart", "application/x-www-form-urlencoded", []byte("year=2024"),
			"没有收到上传的文件：请在本页选择文件后点击上传", "请以 multipart/form-data 上传文件（字段名 file）"},
		{"control character in a header", "multipart/form-data; boundary=B",
			[]byte("--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\x01b.csv\"\r\n\r\nx\r\n--B--\r\n"), malformed, malformed},
		{"unknown kind", kindCT, kindBytes,
			"未知的台账类型“foo”，请在“台账类型”中选择：" + strings.Join(titles, "、") + "，或按表头识别",
			"未知的台账类型“foo”，应为以下之一：" + strings.Join(apiKinds, "、")},
	}
	for _, c := range cases {
		resp, body := clerk.api("POST", "/upload", strings.NewReader(string(c.body)), c.ctype)
		if msg := errorOf(body); resp.StatusCode != 400 || msg != c.page || english(msg, "UTF", "foo") != nil {
			t.Errorf("page, %s: %d %q", c.name, resp.StatusCode, msg)
		}
		resp, body = clerk.api("POST", "/api/uploads", strings.NewReader(string(c.body)), c.ctype)
		allowed := append([]string{"multipart/form-data", "file", "foo"}, gongkai.KindNames()...)
		if msg := errorOf(body); resp.StatusCode != 400 || msg != c.api || english(msg, allowed...) != nil {
			t.Errorf("API, %s: %d %q", c.name, resp.StatusCode, msg)
		}
	}

	// A body cut off half way: the client closes its side.
	u, _ := url.Parse(e.url)
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	part := "--BND\r\nContent-Disposition: form-data; name=\"file\"; filename=\"t.csv\"\r\n\r\n" + string(data) + "\r\n--BND--\r\n"
	fmt.Fprintf(conn, "POST /api/uploads HTTP/1.1\r\nHost: x\r\nAuthorization: Basic %s\r\nContent-Type: multipart/form-data; boundary=BND\r\nContent-Length: %d\r\n\r\n%s",
		basicToken(clerkName, testPW), len(part)+5000, part[:len(part)/2])
	conn.(*net.TCPConn).CloseWrite()
	conn.SetReadDeadline(time.Now().Add(time.Minute))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 400 || errorOf(string(b)) != incomplete {
		t.Errorf("cut-off body: %d %s", resp.StatusCode, b)
	}
	if b, err := e.db.UploadActiveBatch(ctx, own, "applications", 2025); err == nil {
		t.Errorf("a 2025 batch was loaded: %+v", b)
	}
}

func basicToken(name, pw string) string {
	r, _ := http.NewRequest("GET", "/", nil)
	r.SetBasicAuth(name, pw)
	return strings.TrimPrefix(r.Header.Get("Authorization"), "Basic ")
}

// TestSchemeRefusalWords (D8): a 考核细则 file that cannot be read is
// refused (422) naming the admin's own file, not the server's temporary
// one, with what is wrong in Chinese (no YAML decoder's or zip library's
// English, no Go type), and the refusal is in the audit log.
func TestSchemeRefusalWords(t *testing.T) {
	e := newEnv(t, nil)
	admin := e.login(adminName)
	dir := t.TempDir()
	good, err := os.ReadFile(sampleFile(t, "单位名录.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	damaged := append([]byte{}, good...)
	for i := 200; i < 400 && i < len(damaged); i++ {
		damaged[i] ^= 0x5a // inside the first part's compressed data
	}
	files := []struct {
		name    string
		content []byte
		want    string
	}{
		{"bad.yaml", []byte("year: 2024\nname: [unclosed\n  - : :\n"), "YAML 格式错误：第 1 行：语法错误，请检查冒号、缩进以及括号和引号是否成对"},
		{"bad2.yaml", []byte("year: 2024\nname: x\ngroups: 5\n"), "YAML 格式错误：第 3 行：此处的值应为列表（每项一行，以“- ”开头）"},
		{"misspelt.yaml", []byte("year: 2024\nbonus_capp: 2\n"), "YAML 格式错误：第 2 行：未知的键“bonus_capp”（可能拼写有误）"},
		// A note: the decoder quoted it cut in the middle of a character.
		{"说明.txt", []byte("这是一份说明，不是台账。\n第二行\n"), "YAML 格式错误：文件内容不是考核细则：应为以 year:、name: 等键开头的键值表"},
		{"random.bin", []byte("\x00\x9f\xff\xfe garbage \xc3"), "YAML 格式错误：不是 UTF-8 编码的 YAML 文本（可能不是考核细则文件，或含有控制字符）"},
		{"细则.xlsx", damaged, "无法打开 Excel 文件：文件已损坏、不完整或设有打开密码，请用 Excel 或 WPS 打开（取消密码）后另存为 .xlsx 再上传"},
	}
	for _, f := range files {
		p := filepath.Join(dir, f.name)
		if err := os.WriteFile(p, f.content, 0o644); err != nil {
			t.Fatal(err)
		}
		body, ct := multipartBody(t, nil, [2]string{f.name, p})
		resp, out := admin.api("POST", "/api/scheme", body, ct)
		msg := errorOf(out)
		want := "考核细则有误：考核细则 " + f.name + " 有 1 处错误：\\n  - " + f.want
		if resp.StatusCode != 422 || msg != want {
			t.Errorf("%s: %d %q\nwant %q", f.name, resp.StatusCode, msg, want)
		}
		if w := english(strings.ReplaceAll(msg, `\n`, ""), f.name, "YAML", "UTF-8", "Excel", "WPS", ".xlsx", "year:", "name:", "bonus_capp"); w != nil {
			t.Errorf("%s: English words %q in %q", f.name, w, msg)
		}
		es := auditOf(t, e, store.AuditFilter{Action: "scheme"}, 1)
		if len(es) == 0 || !strings.HasPrefix(es[0].Detail, f.name+"：已拒收（考核细则 "+f.name+" 有 1 处错误") || es[0].OK {
			t.Errorf("%s: audit entry %+v", f.name, es)
		}
		// The page says the same, in the same words.
		body, ct = multipartBody(t, nil, [2]string{f.name, p})
		resp, out = admin.api("POST", "/admin/scheme", body, ct)
		if resp.StatusCode != 422 || errorOf(out) != strings.ReplaceAll(want, `\n`, "\n") {
			t.Errorf("%s page: %d %q", f.name, resp.StatusCode, errorOf(out))
		}
	}
	if es := auditOf(t, e, store.AuditFilter{Action: "scheme"}, 2*len(files)); len(es) != 2*len(files) {
		t.Errorf("%d scheme audit entries, want %d", len(es), 2*len(files))
	}
}
