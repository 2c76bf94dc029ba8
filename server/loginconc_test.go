package server

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// checksHeldTogether sends one request per address in ips at once, with
// the Authorization header set by set(i), and holds every password check
// admitted (before its account is read) until each request is held so,
// waiting in admit for the outcome of those held, or answered: the widest
// overlap concurrent checks can have. It returns the answers' status codes
// and bodies, and how many checks were held and waiting at that moment.
func checksHeldTogether(t *testing.T, e *testEnv, ips []string, set func(i int) func(*http.Request)) (codes []int, bodies []string, held, waiting int32) {
	return heldTogether(t, e, len(ips), func(i int) (int, string, error) { return e.send(ips[i], "GET", "/api/me", set(i)) })
}

// heldTogether is checksHeldTogether for n requests made by do.
func heldTogether(t *testing.T, e *testEnv, n int, do func(i int) (int, string, error)) (codes []int, bodies []string, held, waiting int32) {
	t.Helper()
	var nHeld, nWaiting, nAnswered atomic.Int32
	release := make(chan struct{})
	onAdmit := func() { nHeld.Add(1); <-release }
	onWait := func() { nWaiting.Add(1) }
	e.srv.login.onAdmit.Store(&onAdmit)
	e.srv.login.onWait.Store(&onWait)
	defer e.srv.login.onAdmit.Store(nil)
	defer e.srv.login.onWait.Store(nil)
	codes, bodies = make([]int, n), make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, body, err := do(i)
			if err != nil {
				body = err.Error()
			}
			codes[i], bodies[i] = code, body
			nAnswered.Add(1)
		}()
	}
	// Nothing ends while the admitted checks are held, so the counts stop
	// moving once every request has arrived.
	for end := time.Now().Add(time.Minute); nHeld.Load()+nWaiting.Load()+nAnswered.Load() < int32(n); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(end) {
			close(release)
			t.Fatalf("requests never arrived: %d held, %d waiting, %d answered of %d", nHeld.Load(), nWaiting.Load(), nAnswered.Load(), n)
		}
	}
	held, waiting = nHeld.Load(), nWaiting.Load()
	close(release)
	wg.Wait()
	return codes, bodies, held, waiting
}

func sameAddr(ip string, n int) []string {
	ips := make([]string, n)
	for i := range ips {
		ips[i] = ip
	}
	return ips
}

func addrsFrom(first, n int) []string {
	ips := make([]string, n)
	for i := range ips {
		ips[i] = fmt.Sprintf("127.0.0.%d", first+i)
	}
	return ips
}

// formLogin logs name in through the login form from ip; safe off the
// test goroutine.
func (e *testEnv) formLogin(ip, name, pw string) (int, string, error) {
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, Timeout: time.Minute, Transport: transportFrom(ip),
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	defer hc.CloseIdleConnections()
	resp, err := hc.Get(e.url + "/login")
	if err != nil {
		return 0, "", err
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfInput.FindStringSubmatch(string(page))
	if m == nil {
		return 0, "", fmt.Errorf("no csrf on the login page")
	}
	resp, err = hc.PostForm(e.url+"/login", url.Values{"name": {name}, "password": {pw}, "csrf": {m[1]}})
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

// Correct credentials sent together are all served (before: 429
// 认证请求过于频繁 from one address past its bcrypt budget, and 429
// 登录失败次数过多 for one account past its failure limit, with nothing
// failed). Identical Basic credentials wait for one check; different
// ones beyond a limit wait for the checks in flight, which pass.
func TestLoginConcurrentCorrectNotRefused(t *testing.T) {
	const office = 12
	for _, c := range []struct {
		name          string
		n             int
		do            func(e *testEnv, i int) (int, string, error)
		want          int // status
		held, waiting int32
		checks        int64
	}{
		{"one account from one address", 12, func(e *testEnv, i int) (int, string, error) {
			return e.send("127.0.0.71", "GET", "/api/me", basicAuth(clerkName, testPW))
		}, 200, 1, 11, 1},
		{"one account from many addresses", 16, func(e *testEnv, i int) (int, string, error) {
			return e.send(fmt.Sprintf("127.0.0.%d", 80+i), "GET", "/api/me", basicAuth(clerkName, testPW))
		}, 200, 1, 15, 1},
		{"colleagues behind one address", office, func(e *testEnv, i int) (int, string, error) {
			return e.send("127.0.0.73", "GET", "/api/me", basicAuth(fmt.Sprintf("office-%02d", i), testPW))
		}, 200, addrBudget, office - addrBudget, office},
		{"one account's form logins from many addresses", 16, func(e *testEnv, i int) (int, string, error) {
			return e.formLogin(fmt.Sprintf("127.0.0.%d", 120+i), clerkName, testPW)
		}, http.StatusSeeOther, maxFailures, 16 - maxFailures, 16},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, nil)
			for i := range office {
				err := e.srv.auth.do(context.Background(), func(ctx context.Context) error {
					_, err := AddAccount(ctx, e.db, NewAccount{Name: fmt.Sprintf("office-%02d", i), Role: RoleLeader, Password: testPW}, testCost)
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			start := e.lastAuditID()
			before := e.srv.login.checks.Load()
			codes, bodies, held, waiting := heldTogether(t, e, c.n, func(i int) (int, string, error) { return c.do(e, i) })
			for i, code := range codes {
				if code != c.want {
					t.Errorf("request %d: %d %s", i, code, trim(bodies[i]))
				}
			}
			if held != c.held || waiting != c.waiting {
				t.Errorf("%d checks ran together and %d waited, want %d and %d", held, waiting, c.held, c.waiting)
			}
			if got := e.srv.login.checks.Load() - before; got != c.checks {
				t.Errorf("%d bcrypt checks, want %d", got, c.checks)
			}
			for _, a := range e.auditSince(start) {
				if !a.OK {
					t.Errorf("audited as a failure or refusal: %+v", a)
				}
			}
			// Nothing failed: no account or address is a step nearer a
			// lockout, and the budgets are whole.
			e.srv.login.mu.Lock()
			defer e.srv.login.mu.Unlock()
			if len(e.srv.login.failures) != 0 || len(e.srv.login.pending) != 0 || len(e.srv.login.flights) != 0 {
				t.Errorf("failures %v, pending %v, flights %d after correct checks", e.srv.login.failures, e.srv.login.pending, len(e.srv.login.flights))
			}
			for a, b := range e.srv.login.budgets {
				if b.tokens < addrBudget || b.reserved != 0 {
					t.Errorf("budget of %s: %+v", a, *b)
				}
			}
		})
	}
}

// Wrong passwords sent together are still bounded: from one address, only
// its budget's worth of checks run, the rest are refused once those fail;
// for one account from many addresses, only the failure limit's worth run,
// the rest are refused as a lockout. Waiting does not let a flood through.
// (Each guess differs: identical credentials wait for one check.)
func TestLoginConcurrentWrongStillBounded(t *testing.T) {
	for _, c := range []struct {
		name    string
		ips     []string
		user    func(i int) string
		checks  int
		refusal string
	}{
		{"one address", sameAddr("127.0.0.72", 12), func(i int) string { return fmt.Sprintf("made-up-%d", i) }, addrBudget, "认证请求过于频繁，请稍后再试"},
		{"one account from many addresses", addrsFrom(100, 16), func(int) string { return clerkName }, maxFailures, "登录失败次数过多，请 10 分钟后再试"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, nil)
			before := e.srv.login.checks.Load()
			codes, bodies, held, waiting := checksHeldTogether(t, e, c.ips, func(i int) func(*http.Request) { return basicAuth(c.user(i), fmt.Sprintf("guess-guess-%d", i)) })
			var n401, n429 int
			for i, code := range codes {
				switch {
				case code == 401:
					n401++
				case code == 429 && strings.Contains(bodies[i], c.refusal):
					n429++
				default:
					t.Errorf("request %d: %d %s", i, code, trim(bodies[i]))
				}
			}
			if n401 != c.checks || n429 != len(c.ips)-c.checks {
				t.Errorf("%d answered 401 and %d refused, want %d and %d", n401, n429, c.checks, len(c.ips)-c.checks)
			}
			if got := e.srv.login.checks.Load() - before; got != int64(c.checks) {
				t.Errorf("%d bcrypt checks, want %d", got, c.checks)
			}
			if int(held) != c.checks || int(waiting) != len(c.ips)-c.checks {
				t.Errorf("%d checks ran together and %d waited", held, waiting)
			}
			// The right password is refused now too.
			if code, body, _ := e.send(c.ips[0], "GET", "/api/me", basicAuth(clerkName, testPW)); code != 429 || !strings.Contains(body, c.refusal) {
				t.Errorf("right password after the flood: %d %s", code, trim(body))
			}
		})
	}
}
