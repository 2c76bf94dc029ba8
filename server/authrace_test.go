package server

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// send makes one request from ip with an Authorization header or cookie
// set by set; safe off the test goroutine (it reports, never fails).
func (e *testEnv) send(ip, method, path string, set func(*http.Request)) (int, string, error) {
	req, err := http.NewRequest(method, e.url+path, nil)
	if err != nil {
		return 0, "", err
	}
	set(req)
	hc := &http.Client{Timeout: time.Minute, Transport: transportFrom(ip),
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	defer hc.CloseIdleConnections()
	resp, err := hc.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

// holdPut makes the first put of key into the credential cache wait, after
// its database read, until release is closed; reached is closed when it
// waits. Other puts go through.
func holdPut(t *testing.T, c *credCache, key string) (reached, release chan struct{}) {
	reached, release = make(chan struct{}), make(chan struct{})
	var taken atomic.Bool
	h := func(k string) {
		if k == key && taken.CompareAndSwap(false, true) {
			close(reached)
			<-release
		}
	}
	c.beforePut.Store(&h)
	t.Cleanup(func() { c.beforePut.Store(nil) })
	return reached, release
}

// ageCred makes a cached entry stale, as credTTL after its load: the next
// use reads the database again.
func ageCred(c *credCache, key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.m[key]; e != nil {
		e.loaded = e.loaded.Add(-2 * credTTL)
	}
}

func sessionCookieOf(t testing.TB, c *client) string {
	t.Helper()
	u, _ := url.Parse(c.e.url)
	for _, ck := range c.hc.Jar.Cookies(u) {
		if ck.Name == sessionCookie {
			return ck.Value
		}
	}
	t.Fatal("no session cookie")
	return ""
}

// TestCredReadRacingInvalidation: a request that read a credential from the
// database before it was ended (a token revoked, a logout, a new password,
// the account disabled) and puts it into the cache after the end returned
// must not make the ended credential work afterwards. The hook holds the
// request between its read and its put while the end runs; before the fix
// the revoked token and the logged-out session kept working for credTTL.
func TestCredReadRacingInvalidation(t *testing.T) {
	type cred struct {
		use func(*http.Request)
		key string
	}
	creds := map[string]func(e *testEnv, owner *client) cred{
		"token": func(e *testEnv, owner *client) cred {
			tok, _ := owner.newToken("race", 1) // never used: not cached
			return cred{bearerAuth(tok), "t:" + hashSecret(tok)}
		},
		"session": func(e *testEnv, owner *client) cred {
			v := sessionCookieOf(e.t, owner)
			h := hashSecret(v)
			ageCred(&e.srv.creds, h) // the login cached it: as a minute later
			return cred{func(r *http.Request) { r.AddCookie(&http.Cookie{Name: sessionCookie, Value: v}) }, h}
		},
		"basic": func(e *testEnv, owner *client) cred {
			return cred{basicAuth(clerkName, testPW), basicCacheKey(clerkName, testPW)}
		},
	}
	ends := map[string]func(t *testing.T, e *testEnv, owner, admin *client){
		"revoke": func(t *testing.T, e *testEnv, owner, admin *client) {
			var ts []Token
			if err := owner.getJSON("/api/tokens", &ts); err != nil || len(ts) != 1 {
				t.Fatalf("tokens: %v %+v", err, ts)
			}
			if resp, body := owner.api("DELETE", fmt.Sprintf("/api/tokens/%d", ts[0].ID), nil, ""); resp.StatusCode != 200 {
				t.Fatalf("revoke: %d %s", resp.StatusCode, body)
			}
		},
		"logout": func(t *testing.T, e *testEnv, owner, admin *client) {
			if resp, body := owner.api("POST", "/logout", nil, ""); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("logout: %d %s", resp.StatusCode, body)
			}
		},
		"password": func(t *testing.T, e *testEnv, owner, admin *client) {
			if resp, body := admin.api("POST", "/api/accounts/"+clerkName+"/password", strings.NewReader("password=new-pass-word-9"), "application/x-www-form-urlencoded"); resp.StatusCode != 200 {
				t.Fatalf("set password: %d %s", resp.StatusCode, body)
			}
		},
		"disable": func(t *testing.T, e *testEnv, owner, admin *client) {
			if resp, body := admin.api("POST", "/api/accounts/"+clerkName+"/disable", nil, ""); resp.StatusCode != 200 {
				t.Fatalf("disable: %d %s", resp.StatusCode, body)
			}
		},
	}
	for _, c := range [][2]string{
		{"token", "revoke"}, {"session", "logout"},
		{"token", "password"}, {"token", "disable"},
		{"session", "password"}, {"session", "disable"},
		{"basic", "password"}, {"basic", "disable"},
	} {
		t.Run(c[0]+"/"+c[1], func(t *testing.T) {
			e := newEnv(t, nil)
			admin := e.login(adminName)
			owner := e.login(clerkName)
			cr := creds[c[0]](e, owner)
			reached, release := holdPut(t, &e.srv.creds, cr.key)
			held := make(chan string, 1)
			go func() {
				code, body, err := e.send("127.0.0.3", "GET", "/api/me", cr.use)
				held <- fmt.Sprintf("%d %v %s", code, err, trim(body))
			}()
			select {
			case <-reached:
			case <-time.After(time.Minute):
				t.Fatal("the request never read the credential")
			}
			ends[c[1]](t, e, owner, admin)
			close(release)
			// It began before the end, so it may be served as before.
			if got := <-held; !strings.HasPrefix(got, "200 <nil>") {
				t.Fatalf("the request begun before the end: %s", got)
			}
			for i := 0; i < 2; i++ {
				if code, body, err := e.send("127.0.0.3", "GET", "/api/me", cr.use); code != 401 || err != nil {
					t.Fatalf("%s after %s returned: %d %v %s", c[0], c[1], code, err, trim(body))
				}
			}
		})
	}
}

// TestCredCacheForgetRefusesOlderRead: after a key is forgotten, a read of
// it begun before is not put, a read of another key of the same account
// is, and so is a read begun after. When the record of invalidations is
// emptied (it grew too large), every read begun before is refused.
func TestCredCacheForgetRefusesOlderRead(t *testing.T) {
	var c credCache
	cred := func() *cachedCred { return &cachedCred{p: principal{Account: Account{Name: "x"}}} }
	seen := c.seen()
	c.forget("k")
	c.put(seen, "k", cred())
	if _, ok := c.get("k"); ok {
		t.Error("a read of k from before its forget was cached")
	}
	c.put(seen, "k2", cred())
	if _, ok := c.get("k2"); !ok || c.changedSince("x", seen) {
		t.Error("forgetting k stopped another key of the account")
	}
	c.put(c.seen(), "k", cred())
	if _, ok := c.get("k"); !ok {
		t.Error("a read of k after its forget was not cached")
	}
	seen = c.seen()
	for i := 0; len(c.changed) < maxChanged; i++ {
		c.forget(fmt.Sprintf("other-%d", i))
	}
	c.forget("last") // empties the record
	if len(c.changed) != 1 {
		t.Fatalf("record holds %d entries after overflow", len(c.changed))
	}
	c.put(seen, "k3", cred())
	if _, ok := c.get("k3"); ok || !c.changedSince("x", seen) {
		t.Error("a read from before the record was emptied was cached")
	}
	c.put(c.seen(), "k3", cred())
	if _, ok := c.get("k3"); !ok || c.changedSince("x", c.seen()) {
		t.Error("a read after the record was emptied was not cached")
	}
}
