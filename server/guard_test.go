package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// transportFrom dials the server from a loopback address of its own
// (127.0.0.x works on Linux), so the server sees distinct clients.
func transportFrom(ip string) *http.Transport {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 10 * time.Second}
	return &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 4}
}

// anonAt is a browser-like client that connects from ip.
func (e *testEnv) anonAt(ip string) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: e.t, e: e, hc: &http.Client{Jar: jar, Timeout: 2 * time.Minute, Transport: transportFrom(ip),
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// authAt sends one request from ip with an Authorization header set by set.
func (e *testEnv) authAt(ip, method, path string, set func(*http.Request)) (*http.Response, string) {
	e.t.Helper()
	c := e.anonAt(ip)
	req, _ := http.NewRequest(method, e.url+path, nil)
	set(req)
	resp, err := c.hc.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s from %s: %v", method, path, ip, err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	c.hc.CloseIdleConnections()
	return resp, b.String()
}

func basicAuth(name, pw string) func(*http.Request) {
	return func(r *http.Request) { r.SetBasicAuth(name, pw) }
}

func bearerAuth(tok string) func(*http.Request) {
	return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+tok) }
}

// auditRow is an audit entry as the tests compare it.
type auditRow struct {
	Account, Action, Detail, Remote string
	OK                              bool
}

func (e *testEnv) lastAuditID() int64 {
	e.t.Helper()
	var id int64
	if err := e.db.Raw().QueryRow("SELECT coalesce(max(audit_id), 0) FROM audit_log").Scan(&id); err != nil {
		e.t.Fatal(err)
	}
	return id
}

// auditSince lists the audit entries after id, oldest first.
func (e *testEnv) auditSince(id int64) []auditRow {
	e.t.Helper()
	rows, err := e.db.Raw().Query("SELECT account, action, detail, remote, ok FROM audit_log WHERE audit_id > $1 ORDER BY audit_id", id)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	var out []auditRow
	for rows.Next() {
		var a auditRow
		if err := rows.Scan(&a.Account, &a.Action, &a.Detail, &a.Remote, &a.OK); err != nil {
			e.t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

// countAudit counts entries with the given detail (and remote, if not "").
func countAudit(rows []auditRow, detail, remote string) int {
	n := 0
	for _, a := range rows {
		if a.Detail == detail && (remote == "" || a.Remote == remote) {
			n++
		}
	}
	return n
}

// newToken makes an API token through the API for a logged-in client.
func (c *client) newToken(label string, days int) (string, int64) {
	c.t.Helper()
	resp, body := c.api("POST", "/api/tokens", strings.NewReader(fmt.Sprintf(`{"label":%q,"days":%d}`, label, days)), "application/json")
	if resp.StatusCode != 201 {
		c.t.Fatalf("token: %d %s", resp.StatusCode, body)
	}
	var out struct {
		Token string `json:"token"`
		ID    int64  `json:"id"`
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil || out.Token == "" || out.ID == 0 {
		c.t.Fatalf("token answer: %v %s", err, body)
	}
	return out.Token, out.ID
}

// Ten failures of one account name, by form and by Basic, lock the name
// for both, whatever the address; the right password is refused too, other
// accounts are not. Every failure is audited, each door's refusal once.
func TestLoginLockoutSharedFormBasic(t *testing.T) {
	e := newEnv(t, nil)
	start := e.lastAuditID()
	for i := 0; i < maxFailures; i++ {
		ip := fmt.Sprintf("127.0.0.%d", 11+i) // no address budget comes near its end
		if i%2 == 0 {
			if err := e.anonAt(ip).login(leaderName, "wrong-password"); err == nil || !strings.Contains(err.Error(), ": 401 ") {
				t.Fatalf("form failure %d: %v", i+1, err)
			}
		} else if resp, body := e.authAt(ip, "GET", "/api/me", basicAuth(leaderName, "wrong-password")); resp.StatusCode != 401 {
			t.Fatalf("basic failure %d: %d %s", i+1, resp.StatusCode, body)
		}
	}
	const ip = "127.0.0.30"
	for k := 0; k < 2; k++ { // the second refusal is not audited again
		resp, body := e.authAt(ip, "GET", "/api/me", basicAuth(leaderName, testPW))
		if resp.StatusCode != 429 || !strings.Contains(body, "登录失败次数过多") || resp.Header.Get("Retry-After") != "600" {
			t.Fatalf("basic with the right password after %d failures: %d %q %s", maxFailures, resp.StatusCode, resp.Header.Get("Retry-After"), body)
		}
	}
	if err := e.anonAt(ip).login(leaderName, testPW); err == nil || !strings.Contains(err.Error(), ": 429 ") {
		t.Fatalf("form with the right password after %d failures: %v", maxFailures, err)
	}
	if resp, _ := e.authAt(ip, "GET", "/api/me", basicAuth(clerkName, testPW)); resp.StatusCode != 200 {
		t.Fatalf("another account from the same address: %d", resp.StatusCode)
	}
	audit := e.auditSince(start)
	if n := countAudit(audit, "登录失败", ""); n != maxFailures/2 {
		t.Errorf("%d form failures audited, want %d: %+v", n, maxFailures/2, audit)
	}
	if n := countAudit(audit, "程序以账号密码登录失败", ""); n != maxFailures/2 {
		t.Errorf("%d basic failures audited, want %d: %+v", n, maxFailures/2, audit)
	}
	for _, d := range []string{"登录失败次数过多，已暂停（程序以账号密码登录）", "登录失败次数过多，已暂停（网页登录）"} {
		if n := countAudit(audit, d, ip); n != 1 {
			t.Errorf("%q audited %d times, want 1: %+v", d, n, audit)
		}
	}
	for _, a := range audit {
		if !a.OK && a.Account != leaderName {
			t.Errorf("failure audited for %q: %+v", a.Account, a)
		}
	}
	// The failures and the two refusals; the clerk's Basic success writes nothing.
	if len(audit) != maxFailures+2 {
		t.Errorf("%d audit entries, want %d: %+v", len(audit), maxFailures+2, audit)
	}
	e.offset.Store(int64(failureWindow + time.Second))
	if resp, _ := e.authAt(ip, "GET", "/api/me", basicAuth(leaderName, testPW)); resp.StatusCode != 200 {
		t.Fatalf("basic after the window: %d", resp.StatusCode)
	}
}

// One address's failures through every door (form, Basic, bearer) add up:
// after exactly maxAddrFailures, even valid credentials from it are
// refused, while another address is served.
func TestLoginAddressLockoutAllDoors(t *testing.T) {
	e := newEnv(t, nil)
	tok, _ := e.login(clerkName).newToken("script", 0)
	start := e.lastAuditID()
	const ip = "127.0.0.31"
	n := 0
	for i := 0; i < 2; i++ { // two form and two Basic failures stay within the address's bcrypt budget
		if err := e.anonAt(ip).login(fmt.Sprintf("nobody-%d", i), "wrong-password"); err == nil || !strings.Contains(err.Error(), ": 401 ") {
			t.Fatalf("form failure: %v", err)
		}
		n++
	}
	for i := 0; i < 2; i++ {
		if resp, _ := e.authAt(ip, "GET", "/api/me", basicAuth(fmt.Sprintf("nobody-b%d", i), "wrong-password")); resp.StatusCode != 401 {
			t.Fatalf("basic failure: %d", resp.StatusCode)
		}
		n++
	}
	for ; n < maxAddrFailures; n++ {
		if resp, _ := e.authAt(ip, "GET", "/api/me", bearerAuth(fmt.Sprintf("gk_made-up-%d", n))); resp.StatusCode != 401 {
			t.Fatalf("bearer failure %d: %d", n+1, resp.StatusCode)
		}
	}
	if resp, body := e.authAt(ip, "GET", "/api/me", bearerAuth(tok)); resp.StatusCode != 429 || !strings.Contains(body, "登录失败次数过多") {
		t.Fatalf("valid token after %d failures: %d %s", maxAddrFailures, resp.StatusCode, body)
	}
	if resp, _ := e.authAt(ip, "GET", "/api/me", basicAuth(clerkName, testPW)); resp.StatusCode != 429 {
		t.Fatalf("right Basic password after %d failures: %d", maxAddrFailures, resp.StatusCode)
	}
	if err := e.anonAt(ip).login(clerkName, testPW); err == nil || !strings.Contains(err.Error(), ": 429 ") {
		t.Fatalf("right form password after %d failures: %v", maxAddrFailures, err)
	}
	if resp, _ := e.authAt("127.0.0.32", "GET", "/api/me", bearerAuth(tok)); resp.StatusCode != 200 {
		t.Fatalf("valid token from another address: %d", resp.StatusCode)
	}
	audit := e.auditSince(start)
	if got := countAudit(audit, "登录失败", ip) + countAudit(audit, "程序以账号密码登录失败", ip) + countAudit(audit, "访问令牌无效、已过期或已撤销", ip); got != maxAddrFailures {
		t.Errorf("%d failures audited, want %d", got, maxAddrFailures)
	}
	for _, via := range []string{"访问令牌", "程序以账号密码登录", "网页登录"} {
		if n := countAudit(audit, "登录失败次数过多，已暂停（"+via+"）", ip); n != 1 {
			t.Errorf("refusal of %s audited %d times, want 1", via, n)
		}
	}
}

// Made-up credentials from one address spend its bcrypt budget: then it
// is answered 429 at once, without bcrypt, while other addresses are
// served; the budget comes back with time, and a check that passes gives
// its unit back.
func TestLoginBcryptBudgetPerAddress(t *testing.T) {
	e := newEnv(t, nil)
	const ip = "127.0.0.41"
	start := e.lastAuditID()
	checks := e.srv.login.checks.Load()
	for i := 0; i < addrBudget; i++ {
		if resp, _ := e.authAt(ip, "GET", "/dashboard", basicAuth(fmt.Sprintf("made-up-%d", i), "guess-guess")); resp.StatusCode != 303 {
			t.Fatalf("guess %d: %d, want the login redirect", i+1, resp.StatusCode)
		}
	}
	if got := e.srv.login.checks.Load() - checks; got != addrBudget {
		t.Fatalf("%d bcrypt checks for %d guesses", got, addrBudget)
	}
	for _, p := range []string{"/dashboard", "/api/me"} {
		resp, body := e.authAt(ip, "GET", p, basicAuth("made-up-x", "guess-guess"))
		if resp.StatusCode != 429 || !strings.Contains(body, "认证请求过于频繁，请稍后再试") || resp.Header.Get("Retry-After") != strconv.Itoa(int(addrRefill/time.Second)) {
			t.Fatalf("%s with the budget spent: %d %q %s", p, resp.StatusCode, resp.Header.Get("Retry-After"), trim(body))
		}
	}
	// The right password waits too: the address has nothing left to spend.
	if resp, _ := e.authAt(ip, "GET", "/api/me", basicAuth(leaderName, testPW)); resp.StatusCode != 429 {
		t.Fatalf("right password with the budget spent: %d", resp.StatusCode)
	}
	if got := e.srv.login.checks.Load() - checks; got != addrBudget {
		t.Fatalf("refused requests ran bcrypt: %d checks", got)
	}
	if resp, _ := e.authAt("127.0.0.42", "GET", "/api/me", basicAuth("made-up-y", "guess-guess")); resp.StatusCode != 401 {
		t.Fatalf("another address: %d", resp.StatusCode)
	}
	e.offset.Store(int64(addrRefill))
	if resp, _ := e.authAt(ip, "GET", "/api/me", basicAuth(leaderName, testPW)); resp.StatusCode != 200 {
		t.Fatalf("right password after %s: %d", addrRefill, resp.StatusCode)
	}
	// The success gave its unit back: one more guess is checked, then none.
	if resp, _ := e.authAt(ip, "GET", "/api/me", basicAuth("made-up-z", "guess-guess")); resp.StatusCode != 401 {
		t.Fatalf("guess after a success: %d", resp.StatusCode)
	}
	if resp, _ := e.authAt(ip, "GET", "/api/me", basicAuth("made-up-w", "guess-guess")); resp.StatusCode != 429 {
		t.Fatalf("second guess after a success: %d", resp.StatusCode)
	}
	audit := e.auditSince(start)
	if n := countAudit(audit, "程序以账号密码登录失败", ip); n != addrBudget+1 {
		t.Errorf("%d failures audited from %s, want %d", n, ip, addrBudget+1)
	}
	if n := countAudit(audit, "认证请求过于频繁，已限流（程序以账号密码登录）", ip); n != 1 {
		t.Errorf("rate refusal audited %d times, want 1", n)
	}
}

// An unknown name is checked against a dummy hash of the server's cost, so
// it costs what a known name costs; a Basic client that passed is
// remembered, so its next requests cost no bcrypt until its password changes.
func TestLoginDummyHashAndBasicCache(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.BcryptCost = 6 })
	checks := e.srv.login.checks.Load()
	if resp, _ := e.authAt("127.0.0.51", "GET", "/api/me", basicAuth("no-such-account", "guess-guess")); resp.StatusCode != 401 {
		t.Fatalf("unknown name: %d", resp.StatusCode)
	}
	if c, err := bcrypt.Cost(e.srv.login.dummy); err != nil || c != 6 {
		t.Fatalf("dummy hash cost %d (%v), want the server's 6", c, err)
	}
	if got := e.srv.login.checks.Load() - checks; got != 1 {
		t.Fatalf("unknown name: %d bcrypt checks, want 1", got)
	}
	for i := 0; i < 5; i++ {
		if resp, _ := e.authAt("127.0.0.52", "GET", "/api/me", basicAuth(clerkName, testPW)); resp.StatusCode != 200 {
			t.Fatalf("basic %d: %d", i, resp.StatusCode)
		}
	}
	if got := e.srv.login.checks.Load() - checks; got != 2 {
		t.Fatalf("5 Basic requests with the right password: %d bcrypt checks, want 1", got-1)
	}
	admin := e.login(adminName)
	if resp, body := admin.api("POST", "/api/accounts/"+clerkName+"/password", strings.NewReader("password=new-pass-word-2"), "application/x-www-form-urlencoded"); resp.StatusCode != 200 {
		t.Fatalf("set password: %d %s", resp.StatusCode, body)
	}
	if resp, _ := e.authAt("127.0.0.52", "GET", "/api/me", basicAuth(clerkName, testPW)); resp.StatusCode != 401 {
		t.Fatalf("old password after a change: %d", resp.StatusCode)
	}
	if resp, _ := e.authAt("127.0.0.52", "GET", "/api/me", basicAuth(clerkName, "new-pass-word-2")); resp.StatusCode != 200 {
		t.Fatalf("new password: %d", resp.StatusCode)
	}
}

// However many bogus Basic requests arrive at once, at most bcryptSlots
// checks run together; the others wait their turn or are told the server
// is busy.
func TestLoginBcryptConcurrencyCap(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.BcryptCost = 8 })
	const clients = 24
	var wg sync.WaitGroup
	codes := make([]int, clients)
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, _ := e.authAt(fmt.Sprintf("127.0.0.%d", 60+i), "GET", "/api/me", basicAuth(fmt.Sprintf("made-up-%d", i), "guess-guess"))
			codes[i] = resp.StatusCode
		}()
	}
	wg.Wait()
	for i, c := range codes {
		if c != 401 && c != 503 {
			t.Errorf("client %d: %d", i, c)
		}
	}
	if p := e.srv.login.peak.Load(); p < 1 || int(p) > bcryptSlots() {
		t.Errorf("%d bcrypt checks ran at once, the cap is %d", p, bcryptSlots())
	}
	t.Logf("peak %d concurrent bcrypt checks (cap %d), answers %v", e.srv.login.peak.Load(), bcryptSlots(), codes)
}

// Tokens are listed (never their secrets) and revoked by their owner and
// by an admin; another clerk cannot see or revoke them.
func TestTokenListAndRevoke(t *testing.T) {
	e := newEnv(t, nil)
	clerk, other, admin := e.login(clerkName), e.login(clerk2Name), e.login(adminName)
	tok1, id1 := clerk.newToken("nightly", 30)
	tok2, id2 := clerk.newToken("备份脚本", 0)
	var ts []Token
	if err := clerk.getJSON("/api/tokens", &ts); err != nil {
		t.Fatal(err)
	}
	if len(ts) != 2 || ts[0].ID != id2 || ts[0].Label != "备份脚本" || ts[0].Expires != "" || ts[1].ID != id1 || ts[1].Expires == "" || ts[0].Account != clerkName {
		t.Fatalf("own tokens: %+v", ts)
	}
	resp, body := clerk.do("GET", "/api/tokens", nil, "")
	if strings.Contains(body, tok1) || strings.Contains(body, hashSecret(tok1)) || resp.StatusCode != 200 {
		t.Fatal("token list shows a secret or its hash")
	}
	if err := other.getJSON("/api/tokens", &ts); err != nil || len(ts) != 0 {
		t.Fatalf("another clerk's tokens: %v %+v", err, ts)
	}
	if err := admin.getJSON("/api/accounts/"+clerkName+"/tokens", &ts); err != nil || len(ts) != 2 {
		t.Fatalf("admin's list of the clerk's tokens: %v %+v", err, ts)
	}
	// Another clerk cannot revoke it: it does not exist for them.
	if resp, body := other.api("DELETE", fmt.Sprintf("/api/tokens/%d", id1), nil, ""); resp.StatusCode != 404 {
		t.Fatalf("another clerk revokes: %d %s", resp.StatusCode, body)
	}
	if resp, _ := e.authAt("127.0.0.2", "GET", "/api/me", bearerAuth(tok1)); resp.StatusCode != 200 {
		t.Fatalf("token 1 before revocation: %d", resp.StatusCode)
	}
	// The owner revokes token 1 (it was cached by the request above).
	if resp, body := clerk.api("DELETE", fmt.Sprintf("/api/tokens/%d", id1), nil, ""); resp.StatusCode != 200 {
		t.Fatalf("owner revokes: %d %s", resp.StatusCode, body)
	}
	if resp, _ := e.authAt("127.0.0.2", "GET", "/api/me", bearerAuth(tok1)); resp.StatusCode != 401 {
		t.Fatalf("revoked token: %d", resp.StatusCode)
	}
	if resp, _ := clerk.api("DELETE", fmt.Sprintf("/api/tokens/%d", id1), nil, ""); resp.StatusCode != 404 {
		t.Fatalf("revoking twice: %d", resp.StatusCode)
	}
	// An admin revokes token 2 on the tokens page.
	resp, page := admin.do("GET", "/admin/tokens", nil, "")
	if resp.StatusCode != 200 || !strings.Contains(page, "备份脚本") || !strings.Contains(page, fmt.Sprintf(`action="/admin/tokens/%d/revoke"`, id2)) || strings.Contains(page, "nightly") {
		t.Fatalf("admin tokens page: %d %s", resp.StatusCode, trim(page))
	}
	resp, page = admin.do("POST", fmt.Sprintf("/admin/tokens/%d/revoke", id2), strings.NewReader("csrf="+url.QueryEscape(admin.csrf)), "application/x-www-form-urlencoded")
	if resp.StatusCode != 200 || !strings.Contains(page, "已撤销账号 "+clerkName+" 的令牌“备份脚本”") || !strings.Contains(page, `id="no-tokens"`) {
		t.Fatalf("admin revokes on the page: %d %s", resp.StatusCode, trim(page))
	}
	if resp, _ := e.authAt("127.0.0.2", "GET", "/api/me", bearerAuth(tok2)); resp.StatusCode != 401 {
		t.Fatalf("token revoked by the admin: %d", resp.StatusCode)
	}
	// The account page: make a token (shown once), see it listed, revoke it.
	resp, page = clerk.do("POST", "/account/tokens", strings.NewReader(url.Values{"csrf": {clerk.csrf}, "label": {"每晚上传"}, "days": {"7"}}.Encode()), "application/x-www-form-urlencoded")
	secret := strings.SplitN(strings.SplitN(page, `<pre id="token-secret" translate="no">`, 2)[1], "<", 2)[0]
	if resp.StatusCode != 201 || !strings.HasPrefix(secret, "gk_") {
		t.Fatalf("new token on the account page: %d %s", resp.StatusCode, trim(page))
	}
	if resp, _ := e.authAt("127.0.0.2", "GET", "/api/me", bearerAuth(secret)); resp.StatusCode != 200 {
		t.Fatalf("token from the page: %d", resp.StatusCode)
	}
	if err := clerk.getJSON("/api/tokens", &ts); err != nil || len(ts) != 1 || ts[0].Label != "每晚上传" {
		t.Fatalf("tokens: %v %+v", err, ts)
	}
	resp, page = clerk.do("GET", "/account", nil, "")
	if resp.StatusCode != 200 || strings.Contains(page, secret) || !strings.Contains(page, "每晚上传") {
		t.Fatalf("account page shows the secret again, or not the token: %d", resp.StatusCode)
	}
	resp, page = other.do("POST", fmt.Sprintf("/account/tokens/%d/revoke", ts[0].ID), strings.NewReader("csrf="+url.QueryEscape(other.csrf)), "application/x-www-form-urlencoded")
	if resp.StatusCode != 404 || !strings.Contains(page, "没有这个令牌") {
		t.Fatalf("another clerk revokes on the page: %d", resp.StatusCode)
	}
	resp, page = clerk.do("POST", fmt.Sprintf("/account/tokens/%d/revoke", ts[0].ID), strings.NewReader("csrf="+url.QueryEscape(clerk.csrf)), "application/x-www-form-urlencoded")
	if resp.StatusCode != 200 || !strings.Contains(page, "已撤销令牌“每晚上传”") || !strings.Contains(page, `id="no-tokens"`) {
		t.Fatalf("owner revokes on the page: %d %s", resp.StatusCode, trim(page))
	}
	if resp, _ := e.authAt("127.0.0.2", "GET", "/api/me", bearerAuth(secret)); resp.StatusCode != 401 {
		t.Fatalf("token revoked on the page: %d", resp.StatusCode)
	}
	var audit []AuditEntry
	admin.getJSON("/api/audit", &audit)
	want := map[string]bool{
		"撤销访问令牌“nightly”（账号 " + clerkName + "）": false,
		"撤销访问令牌“备份脚本”（账号 " + clerkName + "）":    false,
		"撤销访问令牌“每晚上传”（账号 " + clerkName + "）":    false,
	}
	for _, a := range audit {
		if _, ok := want[a.Detail]; ok && a.Action == "token" && a.OK {
			want[a.Detail] = true
		}
	}
	for d, seen := range want {
		if !seen {
			t.Errorf("audit lacks %q", d)
		}
	}
}

// A password change or disabling the account ends its tokens; enabling it
// again does not bring them back.
func TestTokenEndsWithPasswordOrDisable(t *testing.T) {
	e := newEnv(t, nil)
	admin := e.login(adminName)
	tok, _ := e.login(clerkName).newToken("a", 0)
	if resp, _ := e.authAt("127.0.0.2", "GET", "/api/me", bearerAuth(tok)); resp.StatusCode != 200 {
		t.Fatalf("token: %d", resp.StatusCode)
	}
	if resp, body := admin.api("POST", "/api/accounts/"+clerkName+"/password", strings.NewReader("password=new-pass-word-3"), "application/x-www-form-urlencoded"); resp.StatusCode != 200 {
		t.Fatalf("set password: %d %s", resp.StatusCode, body)
	}
	if resp, _ := e.authAt("127.0.0.2", "GET", "/api/me", bearerAuth(tok)); resp.StatusCode != 401 {
		t.Fatalf("token after a password change: %d", resp.StatusCode)
	}
	var ts []Token
	if err := admin.getJSON("/api/accounts/"+clerkName+"/tokens", &ts); err != nil || len(ts) != 0 {
		t.Fatalf("tokens after a password change: %v %+v", err, ts)
	}
	// The CLI's password change ends them as well. It runs while no server
	// has the database open (DuckDB lets one process write it), so the
	// token was never seen by a running server's credential cache.
	tok, _ = e.login(dummyName).newToken("b", 0)
	if err := SetPassword(context.Background(), e.db, dummyName, "new-pass-word-4", testCost); err != nil {
		t.Fatal(err)
	}
	var n int
	e.db.Raw().QueryRow("SELECT count(*) FROM api_tokens t JOIN accounts a USING (account_id) WHERE a.name = $1", dummyName).Scan(&n)
	if n != 0 {
		t.Fatalf("%d tokens left after SetPassword", n)
	}
	if resp, _ := e.authAt("127.0.0.2", "GET", "/api/me", bearerAuth(tok)); resp.StatusCode != 401 {
		t.Fatalf("token after SetPassword: %d", resp.StatusCode)
	}
	tok, _ = e.login(clerk2Name).newToken("c", 0)
	if resp, _ := e.authAt("127.0.0.2", "GET", "/api/me", bearerAuth(tok)); resp.StatusCode != 200 {
		t.Fatalf("token: %d", resp.StatusCode)
	}
	for _, act := range []string{"disable", "enable"} {
		if resp, body := admin.api("POST", "/api/accounts/"+clerk2Name+"/"+act, nil, ""); resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s", act, resp.StatusCode, body)
		}
		if resp, _ := e.authAt("127.0.0.2", "GET", "/api/me", bearerAuth(tok)); resp.StatusCode != 401 {
			t.Fatalf("token after %s: %d", act, resp.StatusCode)
		}
	}
}

// next after login stays on this site.
func TestLoginSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"/\t/evil.example":      "", // what /%09/evil.example decodes to
		"/\n/evil.example":      "",
		"//evil.example":        "",
		"/\\evil.example":       "",
		"/ok\\..\\evil.example": "",
		"https://evil.example":  "",
		"evil.example":          "",
		" //evil.example":       "",
		"/ok/path?x=1":          "/ok/path?x=1",
		" /unit/1 ":             "/unit/1",
		"":                      "",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
	e := newEnv(t, nil)
	for raw, want := range map[string]string{
		"/%09/evil.example":    "/upload",
		"//evil.example":       "/upload",
		"/%5Cevil.example":     "/upload",
		"https://evil.example": "/upload",
		"/ok/path?x=1":         "/ok/path?x=1",
	} {
		c := e.anon()
		_, page := c.do("GET", "/login?next="+url.QueryEscape(raw), nil, "")
		tok := csrfInput.FindStringSubmatch(page)[1]
		next, _ := url.QueryUnescape(raw)
		resp, _ := c.do("POST", "/login", strings.NewReader(url.Values{"name": {clerkName}, "password": {testPW}, "csrf": {tok}, "next": {next}}.Encode()), "application/x-www-form-urlencoded")
		if resp.StatusCode != 303 || resp.Header.Get("Location") != want {
			t.Errorf("next=%s: %d → %q, want %q", raw, resp.StatusCode, resp.Header.Get("Location"), want)
		}
	}
}
