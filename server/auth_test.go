package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"gongkai/store"
)

// authCase is one request of the authorisation matrix.
type authCase struct {
	method, path string // the route pattern's method and a concrete path
	pattern      string // the route it exercises
	// allowed roles: c clerk, a admin, l leader; "*" = public (anyone).
	allowed string
	// body builds the request body for a role ("" content type = none).
	body func(t *testing.T, role string) (io.Reader, string)
}

func form(kv ...string) func(*testing.T, string) (io.Reader, string) {
	return func(*testing.T, string) (io.Reader, string) {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return strings.NewReader(v.Encode()), "application/x-www-form-urlencoded"
	}
}

func fileBody(rel string, fields ...string) func(*testing.T, string) (io.Reader, string) {
	return func(t *testing.T, role string) (io.Reader, string) {
		_, me, _, _ := runtime.Caller(0)
		p := filepath.Join(filepath.Dir(me), "..", filepath.FromSlash(rel))
		f := map[string]string{}
		for i := 0; i+1 < len(fields); i += 2 {
			f[fields[i]] = fields[i+1]
		}
		return multipartBody(t, f, [2]string{filepath.Base(p), p})
	}
}

// TestAuthorisationMatrix calls every route as an anonymous caller, a
// clerk (for unit-scoped routes once for the clerk's own unit and once for
// another unit), an admin and a leader, and checks who gets through.
// Denied: anonymous → 401 (API) or a redirect to /login (page GET) or 401
// (page POST); a logged-in role without the right → 403.
func TestAuthorisationMatrix(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	own, other := e.unitID(clerkUnit), e.unitID(clerk2Unit)
	admin := e.login(adminName)
	clerk := e.login(clerkName)

	// Fixtures: an annotated file of the clerk's unit and one of another
	// unit; a superseded batch; 2024 published (clerks see their score).
	_, rs, _ := clerk.upload(nil, [2]string{filepath.Base(badCZ), sampleFile(t, badCZ)})
	ownFile := strings.TrimPrefix(rs[0].Annotated, "/files/")
	_, rs, _ = admin.upload(nil, [2]string{"x.xlsx", sampleFile(t, "bad/平安县自然资源局-依申请公开台账-2024-办理结果.xlsx")})
	otherFile := strings.TrimPrefix(rs[0].Annotated, "/files/")
	if ownFile == "" || otherFile == "" {
		t.Fatal("no annotated files for the matrix")
	}
	var batch int64
	if err := e.db.Raw().QueryRowContext(ctx, "SELECT max(batch_id) FROM batches WHERE status = 'active'").Scan(&batch); err != nil {
		t.Fatal(err)
	}
	if resp, body := admin.api("POST", "/api/published/2024"+withReason, nil, ""); resp.StatusCode != 200 {
		t.Fatalf("publish: %d %s", resp.StatusCode, body)
	}

	// A review's workbook, and a review of one page (which the admin's
	// session sends with its CSRF token in the header).
	reviewBody := fileBody("reports/testdata/docs/plain_2023.html")
	book := e.srv.reviews.put(reviewBook{owner: e.count(t, "SELECT account_id FROM accounts WHERE name = 'admin'"), name: "x.xlsx", data: []byte("x"), at: time.Now()})
	goodCSV := func(t *testing.T, role string) (io.Reader, string) {
		p := appCSV(t, t.TempDir(), clerkUnit, 2027, 5, "M"+role)
		fields := map[string]string{}
		if role == "admin" {
			fields["unit"] = clerkUnit
		}
		return multipartBody(t, fields, [2]string{"ledger.csv", p})
	}
	n := 0
	newAccount := func(*testing.T, string) (io.Reader, string) {
		n++
		return form("name", fmt.Sprintf("new-%d", n), "role", "leader", "password", "long-enough-1")(nil, "")
	}
	cases := []authCase{
		{method: "GET", path: "/healthz", allowed: "*"},
		{method: "GET", path: "/readyz", allowed: "*"},
		{method: "GET", path: "/assets/app.js", pattern: "GET /assets/{name}", allowed: "*"},
		{method: "GET", path: "/", pattern: "GET /{$}", allowed: "*"},
		{method: "GET", path: "/login", allowed: "*"},
		{method: "POST", path: "/login", allowed: "*", body: form("name", "x", "password", "y")},
		{method: "POST", path: "/logout", allowed: "cal"},
		{method: "GET", path: "/account", allowed: "cal"},
		{method: "POST", path: "/account/tokens", allowed: "cal", body: form("label", "matrix", "days", "1")},
		{method: "POST", path: "/account/tokens/999999/revoke", pattern: "POST /account/tokens/{id}/revoke", allowed: "cal"},

		{method: "GET", path: "/templates/applications", pattern: "GET /templates/{kind}", allowed: "ca"},
		{method: "GET", path: "/upload", allowed: "ca"},
		{method: "POST", path: "/upload", allowed: "ca", body: goodCSV},
		{method: "GET", path: "/files/" + ownFile, pattern: "GET /files/{id}", allowed: "ca"},
		{method: "GET", path: "/files/" + otherFile, pattern: "GET /files/{id}", allowed: "a"},
		{method: "GET", path: fmt.Sprintf("/unit/%d?year=2024", own), pattern: "GET /unit/{id}", allowed: "cal"},
		{method: "GET", path: fmt.Sprintf("/unit/%d?year=2024", other), pattern: "GET /unit/{id}", allowed: "al"},
		// 零报告 of a kind the unit uploaded: refused (409) once allowed.
		{method: "POST", path: fmt.Sprintf("/unit/%d/declarations", own), pattern: "POST /unit/{id}/declarations", allowed: "ca", body: form("kind", "applications", "year", "2024")},
		{method: "POST", path: fmt.Sprintf("/unit/%d/declarations", other), pattern: "POST /unit/{id}/declarations", allowed: "a", body: form("kind", "applications", "year", "2024")},

		{method: "GET", path: "/dashboard?year=2024", pattern: "GET /dashboard", allowed: "al"},

		{method: "GET", path: "/admin", allowed: "a"},
		{method: "POST", path: "/admin/units", allowed: "a", body: fileBody("internal/samples/data/单位名录.xlsx")},
		{method: "POST", path: "/admin/scheme", allowed: "a", body: fileBody("internal/samples/scheme-2024.yaml")},
		{method: "POST", path: "/admin/score", allowed: "a", body: form("year", "2023")},
		{method: "POST", path: "/admin/publish", allowed: "a", body: form("year", "2024")},
		{method: "POST", path: "/admin/withdraw", allowed: "a", body: form("year", "2022")},
		{method: "GET", path: "/admin/versions?year=2024", pattern: "GET /admin/versions", allowed: "a"},
		{method: "GET", path: "/api/versions/2024", pattern: "GET /api/versions/{year}", allowed: "a"},
		{method: "GET", path: "/api/versions/2024/1", pattern: "GET /api/versions/{year}/{n}", allowed: "a"},
		{method: "GET", path: "/api/versions/2024/diff", pattern: "GET /api/versions/{year}/diff", allowed: "a"},
		{method: "GET", path: "/admin/accounts", allowed: "a"},
		{method: "POST", path: "/admin/accounts", allowed: "a", body: newAccount},
		{method: "POST", path: "/admin/accounts/dummy/password", pattern: "POST /admin/accounts/{name}/password", allowed: "a", body: form("password", "another-pass-1")},
		{method: "POST", path: "/admin/accounts/dummy/disable", pattern: "POST /admin/accounts/{name}/disable", allowed: "a"},
		{method: "POST", path: "/admin/accounts/dummy/enable", pattern: "POST /admin/accounts/{name}/enable", allowed: "a"},
		{method: "GET", path: "/admin/tokens", allowed: "a"},
		{method: "POST", path: "/admin/tokens/999999/revoke", pattern: "POST /admin/tokens/{id}/revoke", allowed: "a"},
		{method: "GET", path: "/admin/reminders?year=2024", pattern: "GET /admin/reminders", allowed: "a"},
		{method: "GET", path: "/admin/deadlines?as_of=2024-12-20", pattern: "GET /admin/deadlines", allowed: "al"},
		{method: "GET", path: "/admin/convert?year=2024", pattern: "GET /admin/convert", allowed: "al"},
		{method: "GET", path: "/admin/batches", allowed: "a"},
		{method: "POST", path: "/upload/confirm", allowed: "ca", body: form("token", "unknown")},
		{method: "POST", path: "/api/uploads/confirm", allowed: "ca", body: form("token", "unknown")},
		{method: "GET", path: fmt.Sprintf("/api/refusals?unit=%d", own), pattern: "GET /api/refusals", allowed: "ca"},
		{method: "GET", path: fmt.Sprintf("/api/refusals?unit=%d", other), pattern: "GET /api/refusals", allowed: "a"},
		{method: "GET", path: "/api/batches?state=refused", pattern: "GET /api/batches", allowed: "a"},
		{method: "POST", path: "/admin/restore", allowed: "a", body: form("batch", fmt.Sprint(batch))},
		{method: "GET", path: "/admin/audit", allowed: "a"},
		{method: "GET", path: "/admin/rankings?year=2024&format=csv", pattern: "GET /admin/rankings", allowed: "al"},
		{method: "GET", path: fmt.Sprintf("/admin/annual-report?year=2024&unit=%d", own), pattern: "GET /admin/annual-report", allowed: "a"},
		{method: "GET", path: "/admin/review", allowed: "a"},
		{method: "POST", path: "/admin/review", allowed: "a", body: reviewBody},
		{method: "GET", path: "/admin/review/" + book, pattern: "GET /admin/review/{id}", allowed: "a"},

		{method: "GET", path: "/api/me", allowed: "cal"},
		{method: "POST", path: "/api/tokens", allowed: "cal", body: form("label", "matrix")},
		{method: "GET", path: "/api/tokens", allowed: "cal"},
		{method: "DELETE", path: "/api/tokens/999999", pattern: "DELETE /api/tokens/{id}", allowed: "cal"},
		{method: "GET", path: "/api/kinds", allowed: "cal"},
		{method: "GET", path: "/api/templates/documents", pattern: "GET /api/templates/{kind}", allowed: "ca"},
		{method: "POST", path: "/api/uploads", allowed: "ca", body: goodCSV},
		{method: "GET", path: "/api/uploads", allowed: "cal"},
		{method: "GET", path: fmt.Sprintf("/api/uploads?unit=%d", own), pattern: "GET /api/uploads", allowed: "cal"},
		{method: "GET", path: fmt.Sprintf("/api/uploads?unit=%d", other), pattern: "GET /api/uploads", allowed: "al"},
		{method: "GET", path: "/api/files/" + ownFile, pattern: "GET /api/files/{id}", allowed: "ca"},
		{method: "GET", path: "/api/files/" + otherFile, pattern: "GET /api/files/{id}", allowed: "a"},
		{method: "GET", path: "/api/units", allowed: "al"},
		{method: "POST", path: "/api/units", allowed: "a", body: fileBody("internal/samples/data/单位名录.xlsx")},
		{method: "GET", path: fmt.Sprintf("/api/units/%d/status?year=2024", own), pattern: "GET /api/units/{id}/status", allowed: "cal"},
		{method: "GET", path: fmt.Sprintf("/api/units/%d/status?year=2024", other), pattern: "GET /api/units/{id}/status", allowed: "al"},
		{method: "GET", path: fmt.Sprintf("/api/units/%d/score?year=2024", own), pattern: "GET /api/units/{id}/score", allowed: "cal"},
		{method: "GET", path: fmt.Sprintf("/api/units/%d/score?year=2024", other), pattern: "GET /api/units/{id}/score", allowed: "al"},
		{method: "GET", path: fmt.Sprintf("/api/units/%d/declarations", own), pattern: "GET /api/units/{id}/declarations", allowed: "cal"},
		{method: "GET", path: fmt.Sprintf("/api/units/%d/declarations", other), pattern: "GET /api/units/{id}/declarations", allowed: "al"},
		{method: "POST", path: fmt.Sprintf("/api/units/%d/declarations", own), pattern: "POST /api/units/{id}/declarations", allowed: "ca", body: form("kind", "applications", "year", "2024")},
		{method: "POST", path: fmt.Sprintf("/api/units/%d/declarations", other), pattern: "POST /api/units/{id}/declarations", allowed: "a", body: form("kind", "applications", "year", "2024")},
		{method: "GET", path: "/api/scores?year=2024", pattern: "GET /api/scores", allowed: "al"},
		{method: "GET", path: "/api/dashboard?year=2024", pattern: "GET /api/dashboard", allowed: "al"},
		{method: "GET", path: "/api/rankings?year=2024", pattern: "GET /api/rankings", allowed: "al"},
		{method: "GET", path: fmt.Sprintf("/api/annual-report?year=2024&unit=%d", other), pattern: "GET /api/annual-report", allowed: "a"},
		{method: "POST", path: "/api/scheme", allowed: "a", body: fileBody("internal/samples/scheme-2024.yaml")},
		{method: "POST", path: "/api/score", allowed: "a", body: form("year", "2022")},
		{method: "GET", path: "/api/published", allowed: "cal"},
		{method: "POST", path: "/api/published/2023", pattern: "POST /api/published/{year}", allowed: "a"},
		{method: "DELETE", path: "/api/published/2023", pattern: "DELETE /api/published/{year}", allowed: "a"},
		{method: "GET", path: "/api/reminders?year=2024", pattern: "GET /api/reminders", allowed: "a"},
		{method: "GET", path: "/api/deadlines?as_of=2024-12-20", pattern: "GET /api/deadlines", allowed: "cal"},
		{method: "GET", path: "/api/convert?year=2024", pattern: "GET /api/convert", allowed: "cal"},
		{method: "GET", path: "/api/catalog?year=2024", pattern: "GET /api/catalog", allowed: "cal"},
		{method: "GET", path: "/api/proposals?year=2024", pattern: "GET /api/proposals", allowed: "cal"},
		{method: "POST", path: fmt.Sprintf("/api/batches/%d/restore", batch), pattern: "POST /api/batches/{id}/restore", allowed: "a"},
		{method: "GET", path: "/api/accounts", allowed: "a"},
		{method: "POST", path: "/api/accounts", allowed: "a", body: newAccount},
		{method: "POST", path: "/api/accounts/dummy/password", pattern: "POST /api/accounts/{name}/password", allowed: "a", body: form("password", "another-pass-2")},
		{method: "POST", path: "/api/accounts/dummy/disable", pattern: "POST /api/accounts/{name}/disable", allowed: "a"},
		{method: "POST", path: "/api/accounts/dummy/enable", pattern: "POST /api/accounts/{name}/enable", allowed: "a"},
		{method: "GET", path: "/api/accounts/dummy/tokens", pattern: "GET /api/accounts/{name}/tokens", allowed: "a"},
		{method: "GET", path: "/api/audit", allowed: "a"},
		{method: "POST", path: "/api/review", allowed: "a", body: reviewBody},
		{method: "GET", path: "/api/review/" + book, pattern: "GET /api/review/{id}", allowed: "a"},
	}

	// Every route of the table is in the matrix.
	covered := map[string]bool{}
	for i := range cases {
		if cases[i].pattern == "" {
			cases[i].pattern = cases[i].method + " " + strings.SplitN(cases[i].path, "?", 2)[0]
		}
		covered[cases[i].pattern] = true
	}
	for _, rt := range e.srv.Routes() {
		if !covered[rt.Pattern()] {
			t.Errorf("route %s is not in the authorisation matrix", rt.Pattern())
		}
		delete(covered, rt.Pattern())
	}
	for p := range covered {
		t.Errorf("matrix names %s, which is no route", p)
	}

	roles := []struct {
		role string
		key  byte
		name string // "" = anonymous
	}{{"anon", 0, ""}, {"clerk", 'c', clerkName}, {"leader", 'l', leaderName}, {"admin", 'a', adminName}}
	for _, r := range roles {
		var c *client
		if r.name == "" {
			c = e.anon()
		} else {
			c = e.login(r.name)
		}
		for _, tc := range cases {
			cl := c
			if tc.pattern == "POST /logout" && r.name != "" {
				cl = e.login(r.name) // keep c's session
			}
			var body io.Reader
			ct := ""
			if tc.body != nil {
				body, ct = tc.body(t, r.role)
			}
			start := time.Now()
			resp, out := cl.api(tc.method, tc.path, body, ct)
			loc := resp.Header.Get("Location")
			name := fmt.Sprintf("%s %s as %s", tc.method, tc.path, r.role)
			if resp.StatusCode >= 500 {
				t.Errorf("%s: %d %s", name, resp.StatusCode, out)
				continue
			}
			api := strings.HasPrefix(tc.path, "/api/")
			switch {
			case tc.allowed == "*":
			case r.key == 0:
				switch {
				case api && resp.StatusCode == 401:
				case !api && tc.method == "GET" && resp.StatusCode == 303 && strings.HasPrefix(loc, "/login?next="):
				case !api && tc.method != "GET" && resp.StatusCode == 401:
				default:
					t.Errorf("%s: %d (Location %q), want it denied", name, resp.StatusCode, loc)
				}
			case strings.IndexByte(tc.allowed, r.key) >= 0:
				if resp.StatusCode == 401 || resp.StatusCode == 403 || strings.HasPrefix(loc, "/login?next=") {
					t.Errorf("%s: %d %s, want it allowed", name, resp.StatusCode, trim(out))
				}
			default:
				if resp.StatusCode != 403 {
					t.Errorf("%s: %d %s, want 403", name, resp.StatusCode, trim(out))
				}
			}
			if d := time.Since(start); testing.Verbose() && d > time.Second {
				t.Logf("%s took %s", name, d)
			}
		}
	}
	checkConsistency(t, e.db)
}

func trim(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}

// A clerk's data stays the clerk's: history and status of other units are
// never in a clerk's answers, and scores only once published.
func TestClerkSeesOnlyOwnUnit(t *testing.T) {
	e := newEnv(t, nil)
	c := e.login(clerkName)
	own := e.unitID(clerkUnit)
	var hist []map[string]any
	if err := c.getJSON("/api/uploads", &hist); err != nil {
		t.Fatal(err)
	}
	if len(hist) == 0 {
		t.Fatal("no history for the clerk's unit")
	}
	for _, h := range hist {
		if h["unit"] != clerkUnit {
			t.Fatalf("clerk sees another unit's batch: %v", h)
		}
	}
	// Scores: not before publication, then the own unit only.
	resp, body := c.do("GET", fmt.Sprintf("/api/units/%d/score?year=2024", own), nil, "")
	if resp.StatusCode != 403 || !strings.Contains(body, "尚未发布") {
		t.Fatalf("unpublished score: %d %s", resp.StatusCode, body)
	}
	resp, page := c.do("GET", fmt.Sprintf("/unit/%d?year=2024", own), nil, "")
	if resp.StatusCode != 200 || !strings.Contains(page, "尚未发布") || strings.Contains(page, `id="unit-score"`) {
		t.Fatalf("unit page before publication: %d", resp.StatusCode)
	}
	admin := e.login(adminName)
	if resp, body := admin.api("POST", "/api/published/2024"+withReason, nil, ""); resp.StatusCode != 200 {
		t.Fatalf("publish: %d %s", resp.StatusCode, body)
	}
	var sv unitScoreView
	if err := c.getJSON(fmt.Sprintf("/api/units/%d/score?year=2024", own), &sv); err != nil {
		t.Fatal(err)
	}
	if sv.Score == nil || sv.Score.UnitID != own || !sv.Published {
		t.Fatalf("published score: %+v", sv)
	}
	resp, page = c.do("GET", fmt.Sprintf("/unit/%d?year=2024", own), nil, "")
	if resp.StatusCode != 200 || !strings.Contains(page, `id="unit-score"`) {
		t.Fatalf("unit page after publication: %d", resp.StatusCode)
	}
	// Published years are listed; withdrawing hides the score again.
	var pub []Published
	c.getJSON("/api/published", &pub)
	if len(pub) != 1 || pub[0].Year != 2024 || pub[0].By != adminName || pub[0].Units == 0 || pub[0].Version != 1 {
		t.Errorf("published: %+v", pub)
	}
	if resp, body := admin.api("DELETE", "/api/published/2024?reason="+url.QueryEscape("数据有误"), nil, ""); resp.StatusCode != 200 {
		t.Fatalf("withdraw: %d %s", resp.StatusCode, body)
	}
	if resp, body := c.do("GET", fmt.Sprintf("/api/units/%d/score?year=2024", own), nil, ""); resp.StatusCode != 403 || !strings.Contains(body, "撤回（数据有误）") {
		t.Errorf("withdrawn score still visible: %d %s", resp.StatusCode, body)
	}
	// Unknown and malformed unit ids are refused without telling which exist.
	for _, p := range []string{"/api/units/999999/status", "/api/units/abc/status", "/unit/0"} {
		if resp, _ := c.do("GET", p, nil, ""); resp.StatusCode != 403 && resp.StatusCode != 404 {
			t.Errorf("%s: %d", p, resp.StatusCode)
		}
	}
}

func TestCSRF(t *testing.T) {
	e := newEnv(t, nil)
	admin := e.login(adminName)
	tok := admin.csrf
	for _, tc := range []struct{ name, header string }{{"missing", ""}, {"wrong", "not-the-token"}} {
		admin.csrf = tc.header
		if resp, body := admin.api("POST", "/api/published/2024"+withReason, nil, ""); resp.StatusCode != 403 || !strings.Contains(body, "CSRF") {
			t.Errorf("API call with %s token: %d %s", tc.name, resp.StatusCode, body)
		}
		if resp, _ := admin.api("POST", "/admin/publish", strings.NewReader("year=2024"), "application/x-www-form-urlencoded"); resp.StatusCode != 403 {
			t.Errorf("form post with %s token: %d", tc.name, resp.StatusCode)
		}
		body, ct := multipartBody(t, nil, [2]string{"u.xlsx", sampleFile(t, "单位名录.xlsx")})
		if resp, _ := admin.api("POST", "/api/units", body, ct); resp.StatusCode != 403 {
			t.Errorf("multipart upload with %s token: %d", tc.name, resp.StatusCode)
		}
	}
	pub, _ := e.srv.published(context.Background())
	if len(pub) != 0 {
		t.Fatalf("a request without a valid token changed data: %+v", pub)
	}
	// The token in the form field works as well as the header.
	admin.csrf = ""
	if resp, _ := admin.api("POST", "/admin/publish", strings.NewReader("year=2024&reason=x&csrf="+url.QueryEscape(tok)), "application/x-www-form-urlencoded"); resp.StatusCode != 200 {
		t.Errorf("form post with the token: %d", resp.StatusCode)
	}
	// The login form needs its own token (cookie and field).
	c := e.anon()
	resp, _ := c.do("POST", "/login", strings.NewReader("name=admin&password="+testPW), "application/x-www-form-urlencoded")
	if resp.StatusCode != 403 {
		t.Errorf("login without token: %d", resp.StatusCode)
	}
	// Basic and bearer callers need no CSRF token (browsers never send them on their own).
	req, _ := http.NewRequest("POST", e.url+"/api/published/2023"+withReason, nil)
	req.SetBasicAuth(adminName, testPW)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 {
		t.Errorf("basic auth post: %v %v", err, resp)
	}
}

func TestLoginLogoutAndCookies(t *testing.T) {
	e := newEnv(t, nil)
	c := e.anon()
	if err := c.login(clerkName, "wrong-password"); err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("wrong password: %v", err)
	}
	if err := c.login("nobody", testPW); err == nil {
		t.Fatal("unknown account logged in")
	}
	// A real login: the session cookie is HttpOnly, Secure, SameSite=Strict.
	_, page := c.do("GET", "/login?next=/unit/1", nil, "")
	tok := csrfInput.FindStringSubmatch(page)[1]
	resp, _ := c.do("POST", "/login", strings.NewReader(url.Values{"name": {clerkName}, "password": {testPW}, "csrf": {tok}, "next": {"//evil.example/x"}}.Encode()), "application/x-www-form-urlencoded")
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/upload" {
		t.Fatalf("login: %d → %q (an off-site next must be ignored)", resp.StatusCode, resp.Header.Get("Location"))
	}
	var sc *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == sessionCookie {
			sc = ck
		}
	}
	if sc == nil || !sc.HttpOnly || !sc.Secure || sc.SameSite != http.SameSiteStrictMode || len(sc.Value) < 40 {
		t.Fatalf("session cookie: %+v", sc)
	}
	// The server keeps only a hash of the session id.
	if _, err := e.db.SessionGet(context.Background(), sc.Value); !store.NotFound(err) {
		t.Errorf("session id stored in clear (or: %v)", err)
	}
	var me struct {
		Account Account `json:"account"`
		CSRF    string  `json:"csrf_token"`
	}
	if err := c.getJSON("/api/me", &me); err != nil || me.Account.Name != clerkName || me.Account.Unit != clerkUnit {
		t.Fatalf("me: %v %+v", err, me)
	}
	c.csrf = me.CSRF
	// Logout ends the session server-side: the old cookie is worthless.
	old := sc.Value
	resp, _ = c.api("POST", "/logout", nil, "")
	if resp.StatusCode != 303 {
		t.Fatalf("logout: %d", resp.StatusCode)
	}
	replay := e.anon()
	req, _ := http.NewRequest("GET", e.url+"/api/me", nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: old})
	r2, err := replay.hc.Do(req)
	if err != nil || r2.StatusCode != 401 {
		t.Fatalf("old session after logout: %v %d", err, r2.StatusCode)
	}
	// A disabled account cannot log in and loses its sessions.
	d := e.login(dummyName)
	admin := e.login(adminName)
	if resp, body := admin.api("POST", "/api/accounts/dummy/disable", nil, ""); resp.StatusCode != 200 {
		t.Fatalf("disable: %d %s", resp.StatusCode, body)
	}
	if resp, _ := d.do("GET", "/api/me", nil, ""); resp.StatusCode != 401 {
		t.Errorf("disabled account's session: %d", resp.StatusCode)
	}
	if err := e.anon().login(dummyName, testPW); err == nil {
		t.Error("disabled account logged in")
	}
	// Logins are audited, failures too.
	var audit []AuditEntry
	admin.getJSON("/api/audit", &audit)
	var ok, failed bool
	for _, a := range audit {
		ok = ok || (a.Action == "login" && a.OK && a.Account == clerkName)
		failed = failed || (a.Action == "login" && !a.OK && a.Account == "nobody")
	}
	if !ok || !failed {
		t.Errorf("audit lacks logins: %+v", audit)
	}
}

func TestSessionExpiry(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.SessionTTL = time.Hour })
	c := e.login(leaderName)
	if resp, _ := c.do("GET", "/api/me", nil, ""); resp.StatusCode != 200 {
		t.Fatalf("fresh session: %d", resp.StatusCode)
	}
	e.offset.Store(int64(59 * time.Minute))
	if resp, _ := c.do("GET", "/api/me", nil, ""); resp.StatusCode != 200 {
		t.Fatalf("session before expiry: %d", resp.StatusCode)
	}
	e.offset.Store(int64(61 * time.Minute))
	if resp, _ := c.do("GET", "/api/me", nil, ""); resp.StatusCode != 401 {
		t.Fatalf("expired session: %d", resp.StatusCode)
	}
	resp, _ := c.do("GET", "/dashboard", nil, "")
	if resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
		t.Fatalf("expired session on a page: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestBasicAndBearer(t *testing.T) {
	e := newEnv(t, nil)
	get := func(p string, set func(*http.Request)) int {
		req, _ := http.NewRequest("GET", e.url+p, nil)
		set(req)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	basic := func(name, pw string) func(*http.Request) {
		return func(r *http.Request) { r.SetBasicAuth(name, pw) }
	}
	if s := get("/api/me", basic(clerkName, testPW)); s != 200 {
		t.Errorf("basic: %d", s)
	}
	if s := get("/api/me", basic(clerkName, "nope-nope")); s != 401 {
		t.Errorf("basic with a wrong password: %d", s)
	}
	// A token from the API authenticates as its account.
	c := e.login(clerkName)
	resp, body := c.api("POST", "/api/tokens", strings.NewReader(`{"label":"nightly","days":1}`), "application/json")
	if resp.StatusCode != 201 {
		t.Fatalf("token: %d %s", resp.StatusCode, body)
	}
	tok := strings.Split(strings.Split(body, `"token": "`)[1], `"`)[0]
	bearer := func(tok string) func(*http.Request) {
		return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+tok) }
	}
	if s := get("/api/me", bearer(tok)); s != 200 {
		t.Errorf("bearer: %d", s)
	}
	if s := get(fmt.Sprintf("/api/units/%d/status", e.unitID(clerk2Unit)), bearer(tok)); s != 403 {
		t.Errorf("bearer of a clerk on another unit: %d", s)
	}
	if s := get("/api/me", bearer(tok+"x")); s != 401 {
		t.Errorf("bad bearer: %d", s)
	}
	e.offset.Store(int64(25 * time.Hour))
	if s := get("/api/me", bearer(tok)); s != 401 {
		t.Errorf("expired bearer: %d", s)
	}
}

func TestUserAddValidation(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	for _, a := range []NewAccount{
		{Name: "a1", Role: RoleClerk, Password: testPW},                 // clerk without unit
		{Name: "a2", Role: RoleClerk, Unit: "不存在的单位", Password: testPW}, // unknown unit
		{Name: "a3", Role: RoleLeader, Unit: "县财政局", Password: testPW},  // leader with unit
		{Name: "a4", Role: "root", Password: testPW},                    // unknown role
		{Name: "a 5", Role: RoleAdmin, Password: testPW},                // space in name
		{Name: "a6", Role: RoleAdmin, Password: "short"},                // short password
		{Name: adminName, Role: RoleAdmin, Password: testPW},            // exists
	} {
		if _, err := AddAccount(ctx, e.db, a, testCost); err == nil {
			t.Errorf("account %+v was created", a)
		} else if _, ok := err.(*ErrAccount); !ok {
			t.Errorf("account %+v: %v is not a user error", a, err)
		}
	}
	a, err := AddAccount(ctx, e.db, NewAccount{Name: "县审计局填报", Role: RoleClerk, Unit: "审计局", Password: "密码八个字以上吧"}, testCost)
	if err != nil || a.Unit != "平安县审计局" {
		t.Fatalf("clerk by alias: %v %+v", err, a)
	}
}

func TestLoginThrottle(t *testing.T) {
	e := newEnv(t, nil)
	for i := 0; i < maxFailures; i++ {
		// From distinct addresses: one address runs out of its bcrypt
		// budget (addrBudget) before the account is locked.
		if err := e.anonAt(fmt.Sprintf("127.0.0.%d", 150+i)).login(leaderName, "wrong-password"); err == nil || !strings.Contains(err.Error(), "401") {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	// Now even the right password waits.
	c := e.anonAt("127.0.0.149")
	if err := c.login(leaderName, testPW); err == nil || !strings.Contains(err.Error(), "429") {
		t.Fatalf("after %d failures: %v", maxFailures, err)
	}
	e.offset.Store(int64(failureWindow + time.Minute))
	if err := c.login(leaderName, testPW); err != nil {
		t.Fatalf("after the window: %v", err)
	}
}

// After scoring, the next dashboard is built afresh; after an upload it is
// rebuilt in the background.
func TestDashboardFreshness(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.DashRefresh = time.Millisecond })
	admin := e.login(adminName)
	built := func() string {
		var d struct {
			Built string `json:"built_at"`
			Units int    `json:"units"`
		}
		// The admin's dashboard shows the draft, which scoring and uploads change.
		if err := admin.getJSON("/api/dashboard?year=2024", &d); err != nil || d.Units == 0 {
			t.Fatalf("dashboard: %v %+v", err, d)
		}
		// A grade's view, kept once built, goes with the year's inputs: it
		// is never older than the year's view asked just before (newer when
		// a rebuild ended in between).
		var g struct {
			Built string `json:"built_at"`
		}
		if err := admin.getJSON("/api/dashboard?year=2024&grade="+url.QueryEscape("良好"), &g); err != nil || g.Built < d.Built {
			t.Fatalf("grade's dashboard: %v built %s, the year's %s", err, g.Built, d.Built)
		}
		return d.Built
	}
	first := built()
	if built() != first {
		t.Fatal("dashboard rebuilt without a write")
	}
	time.Sleep(1100 * time.Millisecond) // built_at has seconds
	if resp, body := admin.api("POST", "/api/score", strings.NewReader("year=2024"), "application/x-www-form-urlencoded"); resp.StatusCode != 200 {
		t.Fatalf("score: %d %s", resp.StatusCode, body)
	}
	second := built()
	if second == first {
		t.Fatal("dashboard not rebuilt after scoring")
	}
	time.Sleep(1100 * time.Millisecond)
	c := e.login(clerkName)
	if code, rs, body := c.upload(nil, [2]string{"x.csv", appCSV(t, t.TempDir(), clerkUnit, 2024, 5, "D")}); code != 200 || len(rs) != 1 {
		t.Fatalf("upload: %s", body)
	}
	built() // serves the cached view and starts a rebuild
	for end := time.Now().Add(30 * time.Second); built() == second; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatal("dashboard not rebuilt after an upload")
		}
	}
}

// TestCredCacheLoginAfterAccountChange: what was read of an account before
// it changed is not cached; a change of another account stops nothing.
func TestCredCacheLoginAfterAccountChange(t *testing.T) {
	var c credCache
	cred := &cachedCred{p: principal{Account: Account{Name: "x"}}}
	seen := c.seen()
	c.forgetAccount("y")
	c.put(seen, "k", cred)
	if _, ok := c.get("k"); !ok || c.changedSince("x", seen) {
		t.Error("a change of another account stopped x's read from being cached")
	}
	seen = c.seen()
	c.forgetAccount("x")
	c.put(seen, "k2", cred)
	if _, ok := c.get("k2"); ok || !c.changedSince("x", seen) {
		t.Error("a read of x from before x changed was cached")
	}
	c.put(c.seen(), "k3", cred)
	if _, ok := c.get("k3"); !ok {
		t.Error("a read of x after its change was not cached")
	}
}

// TestLoginRacingAccountChange: a login whose account gets a new password
// after the login checked the old one makes no session (the reset ended the
// account's sessions before this one was stored, so it would have lived
// on); a login begun after the change does.
func TestLoginRacingAccountChange(t *testing.T) {
	e := newEnv(t, nil)
	s := e.srv
	ctx := context.Background()
	a, _, err := accountByName(ctx, s.db.Queries, clerkName)
	if err != nil {
		t.Fatal(err)
	}
	sessions := func() (n int) {
		t.Helper()
		if err := s.db.Raw().QueryRow(`SELECT count(*) FROM sessions WHERE account_id = ?`, a.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	seen := s.creds.seen()                                 // the login reads the account and checks its password
	err = s.auth.do(ctx, func(ctx context.Context) error { // meanwhile the admin resets it
		err := SetPassword(ctx, s.db, clerkName, "new-"+testPW, testCost)
		s.creds.forgetAccount(clerkName)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	before := sessions()
	if _, err := s.newSession(ctx, a, "127.0.0.1", seen); !errors.Is(err, errAccountChanged) {
		t.Fatalf("login over a password reset: %v, want errAccountChanged", err)
	}
	if n := sessions(); n != before {
		t.Errorf("%d sessions after the refused login, want %d", n, before)
	}
	if _, err := s.newSession(ctx, a, "127.0.0.1", s.creds.seen()); err != nil || sessions() != before+1 {
		t.Errorf("a login after the change: %v, %d sessions", err, sessions())
	}
}
