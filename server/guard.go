package server

// Password and token checks: every way in (the login form, HTTP Basic, a
// bearer token) goes through the same lockout, the same audit log and,
// for passwords, the same bound on bcrypt work, so that guessing through
// one door is counted at the others and bogus credentials cannot use up
// the CPU that page views need.

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/bcrypt"
)

const (
	// maxFailures failed checks of one account name within failureWindow
	// lock it; maxAddrFailures from one address lock the address (higher: a
	// county office may reach the server through one NAT address).
	maxFailures     = 10
	maxAddrFailures = 100
	failureWindow   = 10 * time.Minute

	// addrBudget is how many failed bcrypt checks one address may spend
	// back to back; it regains one every addrRefill. A check holds a unit
	// while it runs and spends it only if it fails, so an office of
	// colleagues logging in is never refused, while made-up credentials
	// cost each address at most one bcrypt run every addrRefill once the
	// budget is spent: 20 addresses then cost about a tenth of a core at
	// the default cost.
	addrBudget = 5
	addrRefill = 20 * time.Second

	// admitWait bounds the wait of a check for the outcome of those in
	// flight (see admit); past it the caller is told the server is busy.
	// Checks in flight end within bcryptWait plus a bcrypt run, so only a
	// long queue of them reaches it.
	admitWait = 10 * time.Second

	// bcryptWait bounds the wait for a free bcrypt slot; past it the caller
	// is told the server is busy rather than queued without end.
	bcryptWait = 2 * time.Second
)

// bcryptSlots is how many bcrypt checks may run at once: one on a machine
// of up to three cores, else two, so password checks never take more than
// a core or two from page views however many arrive.
func bcryptSlots() int {
	if runtime.GOMAXPROCS(0) >= 4 {
		return 2
	}
	return 1
}

// loginLimiter keeps the failure counts, the per-address bcrypt budgets
// and the bcrypt semaphore of a server. Its zero value is ready: the
// semaphore and the dummy hash are made at first use (the dummy at the
// server's bcrypt cost).
type loginLimiter struct {
	mu       sync.Mutex
	failures map[string][]time.Time
	// pending counts checks admitted but not yet finished, so concurrent
	// guesses cannot slip past the limit together: a check that could
	// reach the limit if those in flight failed waits for them (admit).
	pending map[string]int
	// noted: keys whose refusal is already in the audit log this window;
	// a refused flood would otherwise write one entry per request.
	noted   map[string]time.Time
	budgets map[string]*addrBudgetState
	// flights are the Basic checks in progress, by credential cache key.
	flights map[string]*basicFlight
	// wake is closed, and dropped, when a check ends: the checks waiting
	// for the outcome of those in flight look again.
	wake chan struct{}

	once  sync.Once
	sem   chan struct{}
	dummy []byte

	inFlight atomic.Int32
	peak     atomic.Int32 // most bcrypt checks seen running at once
	checks   atomic.Int64 // bcrypt checks run

	// For tests: onAdmit runs when a password check is admitted, before
	// its account is read; onWait when a check starts waiting in admit.
	onAdmit atomic.Pointer[func()]
	onWait  atomic.Pointer[func()]
}

type addrBudgetState struct {
	tokens   float64 // units left, spent by failed checks
	at       time.Time
	reserved int // units held by checks in flight
}

func (l *loginLimiter) init(cost int) {
	l.once.Do(func() {
		l.sem = make(chan struct{}, bcryptSlots())
		if cost == 0 {
			cost = DefaultBcryptCost
		}
		// An unknown name is compared with this hash, so it costs what a
		// known name costs and the answer time tells nothing.
		l.dummy, _ = bcrypt.GenerateFromPassword([]byte(randomToken(18)), cost)
	})
}

func limitOf(key string) int {
	if strings.HasPrefix(key, "addr:") {
		return maxAddrFailures
	}
	return maxFailures
}

// recent is the number of failures of key within the window; call with l.mu held.
func (l *loginLimiter) recent(now time.Time, key string) int {
	n := 0
	for _, t := range l.failures[key] {
		if now.Sub(t) < failureWindow {
			n++
		}
	}
	return n
}

// lockedKey is the first of keys whose failures reached its limit, or "".
func (l *loginLimiter) lockedKey(now time.Time, keys ...string) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		if l.recent(now, k) >= limitOf(k) {
			return k
		}
	}
	return ""
}

// admitRefusal is a check refused by admit: key is the locked key, or
// "budget:"+addr when the address's bcrypt budget is spent (retry: until a
// unit is back).
type admitRefusal struct {
	key   string
	retry time.Duration
}

// admit lets a check for keys (and, if addr is not "", a unit of addr's
// bcrypt budget) begin; end must follow. Only failures count against the
// limits: a check that would pass a limit only if the checks in flight
// failed waits for their outcome instead of being refused, so correct
// credentials sent together (a script's parallel requests, an office
// behind one NAT address) are all served, while concurrent guesses still
// cannot run more checks than the limits allow. It returns errBusy when
// the wait passes admitWait or the request is cancelled.
func (l *loginLimiter) admit(ctx context.Context, now func() time.Time, addr string, keys ...string) (*admitRefusal, error) {
	timer := time.NewTimer(admitWait)
	defer timer.Stop()
	waited := false
	for {
		ref, wake := l.tryAdmit(now(), addr, keys)
		if wake == nil {
			return ref, nil
		}
		if !waited {
			waited = true
			if h := l.onWait.Load(); h != nil {
				(*h)()
			}
		}
		select {
		case <-wake:
		case <-timer.C:
			return nil, errBusy
		case <-ctx.Done():
			return nil, errBusy
		}
	}
}

// tryAdmit admits the check (nil, nil), refuses it (ref, nil) or says
// what to wait for (nil, wake).
func (l *loginLimiter) tryAdmit(now time.Time, addr string, keys []string) (*admitRefusal, chan struct{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	wait := false
	for _, k := range keys {
		n := l.recent(now, k)
		if n >= limitOf(k) {
			return &admitRefusal{key: k}, nil
		}
		if n+l.pending[k] >= limitOf(k) {
			wait = true // the limit is reached only if checks in flight fail
		}
	}
	var b *addrBudgetState
	if addr != "" {
		b = l.budgetLocked(now, addr)
		if b.tokens-float64(b.reserved) < 1 {
			if b.reserved == 0 {
				return &admitRefusal{key: "budget:" + addr, retry: time.Duration((1 - b.tokens) * float64(addrRefill))}, nil
			}
			wait = true // a unit is left only if checks in flight pass
		}
	}
	if wait {
		if l.wake == nil {
			l.wake = make(chan struct{})
		}
		return nil, l.wake
	}
	if l.pending == nil {
		l.pending = map[string]int{}
	}
	for _, k := range keys {
		l.pending[k]++
	}
	if b != nil {
		b.reserved++
	}
	return nil, nil
}

// budgetLocked is addr's budget, refilled up to now; call with l.mu held.
func (l *loginLimiter) budgetLocked(now time.Time, addr string) *addrBudgetState {
	if l.budgets == nil || len(l.budgets) > 100_000 {
		l.budgets = map[string]*addrBudgetState{}
	}
	b := l.budgets[addr]
	if b == nil {
		b = &addrBudgetState{tokens: addrBudget, at: now}
		l.budgets[addr] = b
	}
	if d := now.Sub(b.at); d > 0 {
		b.tokens = min(addrBudget, b.tokens+float64(d)/float64(addrRefill))
	}
	b.at = now
	return b
}

// end finishes a check admitted for addr and keys; a failure counts
// against each key and spends a unit of addr's budget. The checks waiting
// in admit look again.
func (l *loginLimiter) end(now time.Time, failed bool, addr string, keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.wake != nil {
		close(l.wake)
		l.wake = nil
	}
	for _, k := range keys {
		if l.pending[k]--; l.pending[k] <= 0 {
			delete(l.pending, k)
		}
	}
	if addr != "" {
		// A fresh state if the map was emptied meanwhile (it grew too large).
		b := l.budgetLocked(now, addr)
		b.reserved = max(0, b.reserved-1)
		if failed {
			b.tokens--
		}
	}
	if !failed {
		return
	}
	if l.failures == nil || len(l.failures) > 100_000 {
		l.failures = map[string][]time.Time{}
	}
	for _, k := range keys {
		var keep []time.Time
		for _, t := range l.failures[k] {
			if now.Sub(t) < failureWindow {
				keep = append(keep, t)
			}
		}
		l.failures[k] = append(keep, now)
	}
}

// noteOnce reports whether key's refusal is not yet in the audit log of this window.
func (l *loginLimiter) noteOnce(now time.Time, key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if t, ok := l.noted[key]; ok && now.Sub(t) < failureWindow {
		return false
	}
	if l.noted == nil || len(l.noted) > 100_000 {
		l.noted = map[string]time.Time{}
	}
	l.noted[key] = now
	return true
}

var errBusy = errors.New("bcrypt slot wait timed out")

// compare runs one bcrypt check once a slot is free.
func (l *loginLimiter) compare(ctx context.Context, hash, password []byte) (bool, error) {
	t := time.NewTimer(bcryptWait)
	defer t.Stop()
	select {
	case l.sem <- struct{}{}:
	case <-t.C:
		return false, errBusy
	case <-ctx.Done():
		return false, errBusy
	}
	defer func() { <-l.sem }()
	n := l.inFlight.Add(1)
	defer l.inFlight.Add(-1)
	for p := l.peak.Load(); n > p && !l.peak.CompareAndSwap(p, n); p = l.peak.Load() {
	}
	l.checks.Add(1)
	return bcrypt.CompareHashAndPassword(hash, password) == nil, nil
}

// authErr is a refused check: the status (429 or 503) and the user's message.
type authErr struct {
	status int
	msg    string
	retry  time.Duration
}

func (e *authErr) Error() string { return e.msg }

// errBadLogin: the credentials do not match an enabled account.
var errBadLogin = errors.New("bad credentials")

func lockedErr() *authErr {
	return &authErr{http.StatusTooManyRequests, fmt.Sprintf("登录失败次数过多，请 %d 分钟后再试", int(failureWindow.Minutes())), failureWindow}
}

// clientKey is the address the per-address limits count: the TCP peer's
// IP. X-Forwarded-For is not trusted, as anyone can send it; behind a
// reverse proxy every client counts as the proxy. An IPv6 client holds a
// whole /64, so that is what counts.
func clientKey(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return host
	}
	if v4 := ip.To4(); v4 != nil {
		return v4.String()
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

var viaTitle = map[string]string{"form": "网页登录", "basic": "程序以账号密码登录", "bearer": "访问令牌"}

// refuse audits a refusal once per key and window and returns its error.
func (s *Server) refuse(ctx context.Context, r *http.Request, now time.Time, key, name, via, detail string, e *authErr) *authErr {
	if s.login.noteOnce(now, via+"|"+key) {
		s.auditAuth(ctx, r, name, detail+"（"+viaTitle[via]+"）")
	}
	return e
}

const (
	detailLocked  = "登录失败次数过多，已暂停"
	detailLimited = "认证请求过于频繁，已限流"
)

// auditAuth records a failed or refused check. Its write changes no data
// a dashboard shows, so it runs as a quiet job: else a stream of bogus
// credentials would have every dashboard rebuilt each DashRefresh (in a
// load test that, not bcrypt, halved dashboard throughput).
func (s *Server) auditAuth(ctx context.Context, r *http.Request, name, detail string) {
	p := &principal{Account: Account{Name: name, Role: "-"}}
	s.auth.doQuiet(context.WithoutCancel(ctx), func(ctx context.Context) error {
		s.auditLocked(ctx, p, remoteAddr(r), 0, "login", detail, false)
		return nil
	})
}

// basicKey keys the cache of Basic credentials that passed: an HMAC under
// a per-process secret, so the cache holds nothing a guess could be tried
// against offline.
var basicKey = []byte(randomToken(32))

func basicCacheKey(name, password string) string {
	m := hmac.New(sha256.New, basicKey)
	m.Write([]byte(name))
	m.Write([]byte{0})
	m.Write([]byte(password))
	return "b:" + hex.EncodeToString(m.Sum(nil))
}

// passwordLogin checks a name and password from the login form (via
// "form") or HTTP Basic ("basic"). It returns errBadLogin for wrong
// credentials, an *authErr when the check is refused (429: locked, or the
// address's budget spent by failures; 503: busy), or a database error.
// seen (credCache.seen) is the caller's, taken before the call: what the
// login reads of the account is remembered only if it has not changed
// since, and the form login makes its session under the same rule.
func (s *Server) passwordLogin(ctx context.Context, r *http.Request, name, password, via string, seen uint64) (Account, error) {
	l := &s.login
	l.init(s.cfg.BcryptCost)
	now := s.cfg.Now()
	addr := clientKey(r)
	keys := []string{"name:" + name, "addr:" + addr}
	if k := l.lockedKey(now, keys...); k != "" {
		return Account{}, s.refuse(ctx, r, now, k, name, via, detailLocked, lockedErr())
	}

	// A Basic client sends its password with every request: one that
	// passed is remembered for credTTL instead of paying bcrypt each time.
	if via != "basic" {
		return s.checkPassword(ctx, r, name, password, via, seen, "")
	}
	ck := basicCacheKey(name, password)
	if cp, ok := s.creds.get(ck); ok {
		return cp.p.Account, nil
	}
	// A script's parallel requests bring the same credentials together
	// before the first has passed: they wait for its check rather than
	// each paying bcrypt (and each holding a place in the limits).
	f, lead := l.flight(ck, seen)
	if lead {
		var a Account
		err := errBadLogin
		defer func() { l.land(ck, f, a, err == nil) }()
		a, err = s.checkPassword(ctx, r, name, password, via, seen, ck)
		return a, err
	}
	a, ok, err := l.follow(ctx, f)
	if err != nil {
		return Account{}, busyErr()
	}
	// The check passed, and the account has not changed since it was read
	// (a new password, disabled): its outcome holds for this request too.
	// Else this request is checked on its own.
	if ok && !s.creds.changedSince(name, f.seen) {
		return a, nil
	}
	return s.checkPassword(ctx, r, name, password, via, seen, "")
}

// checkPassword is passwordLogin's check, admitted by the limits; a Basic
// credential that passes is cached under ck (if not "").
func (s *Server) checkPassword(ctx context.Context, r *http.Request, name, password, via string, seen uint64, ck string) (Account, error) {
	l := &s.login
	now := s.cfg.Now()
	addr := clientKey(r)
	keys := []string{"name:" + name, "addr:" + addr}
	ref, err := l.admit(ctx, s.cfg.Now, addr, keys...)
	switch {
	case err != nil:
		return Account{}, busyErr()
	case ref != nil && strings.HasPrefix(ref.key, "budget:"):
		return Account{}, s.refuse(ctx, r, now, ref.key, name, via, detailLimited,
			&authErr{http.StatusTooManyRequests, "认证请求过于频繁，请稍后再试", ref.retry})
	case ref != nil:
		return Account{}, s.refuse(ctx, r, now, ref.key, name, via, detailLocked, lockedErr())
	}
	failed := false
	defer func() { l.end(s.cfg.Now(), failed, addr, keys...) }()
	if h := l.onAdmit.Load(); h != nil {
		(*h)()
	}

	hash, pw := l.dummy, []byte(password)
	var a Account
	known := false
	if name == "" || len(password) > maxPasswordBytes {
		pw = []byte("x") // still costs a check
	} else {
		acc, h, err := accountByName(ctx, s.db.Queries, name)
		switch {
		case err == nil:
			a, hash, known = acc, []byte(h), true
		case !errors.Is(err, errNoAccount):
			return Account{}, err
		}
	}
	match, err := l.compare(ctx, hash, pw)
	if err != nil {
		return Account{}, busyErr()
	}
	if !match || !known || a.Disabled {
		failed = true
		detail := "登录失败"
		if via == "basic" {
			detail = "程序以账号密码登录失败"
		}
		s.auditAuth(ctx, r, name, detail)
		return Account{}, errBadLogin
	}
	if ck != "" {
		s.creds.put(seen, ck, &cachedCred{p: principal{Account: a, via: "basic"}})
	}
	return a, nil
}

// basicFlight is a Basic check in progress that identical credentials
// wait for (loginLimiter.flight).
type basicFlight struct {
	done chan struct{}
	seen uint64 // the leader's credCache.seen, taken before its read
	a    Account
	ok   bool
}

// flight returns the check in progress for key, or starts one (lead: the
// caller checks, then calls land).
func (l *loginLimiter) flight(key string, seen uint64) (f *basicFlight, lead bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if f := l.flights[key]; f != nil {
		return f, false
	}
	if l.flights == nil {
		l.flights = map[string]*basicFlight{}
	}
	f = &basicFlight{done: make(chan struct{}), seen: seen}
	l.flights[key] = f
	return f, true
}

// land ends the flight with its outcome.
func (l *loginLimiter) land(key string, f *basicFlight, a Account, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f.a, f.ok = a, ok
	delete(l.flights, key)
	close(f.done)
}

// follow waits for f's outcome, at most admitWait.
func (l *loginLimiter) follow(ctx context.Context, f *basicFlight) (Account, bool, error) {
	if h := l.onWait.Load(); h != nil {
		(*h)()
	}
	t := time.NewTimer(admitWait)
	defer t.Stop()
	select {
	case <-f.done:
	case <-t.C:
		return Account{}, false, errBusy
	case <-ctx.Done():
		return Account{}, false, errBusy
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return f.a, f.ok, nil
}

// busyErr: no bcrypt slot, or no outcome of the checks in flight, came in time.
func busyErr() *authErr {
	return &authErr{http.StatusServiceUnavailable, "服务器繁忙，请稍后再试", time.Second}
}

// bearerLogin checks an API token; failures count against the address.
func (s *Server) bearerLogin(ctx context.Context, r *http.Request, tok string) (*principal, error) {
	now := s.cfg.Now()
	key := "addr:" + clientKey(r)
	ref, err := s.login.admit(ctx, s.cfg.Now, "", key)
	if err != nil {
		return nil, busyErr()
	}
	if ref != nil {
		return nil, s.refuse(ctx, r, now, ref.key, "-", "bearer", detailLocked, lockedErr())
	}
	p, owner := s.fromToken(ctx, tok)
	s.login.end(s.cfg.Now(), p == nil, "", key)
	if p == nil {
		if owner == "" {
			owner = "-"
		}
		s.auditAuth(ctx, r, owner, "访问令牌无效、已过期或已撤销")
	}
	return p, nil
}

// headerAuth checks the Authorization header: (nil, nil) for credentials
// that do not match.
func (s *Server) headerAuth(r *http.Request) (*principal, error) {
	h := r.Header.Get("Authorization")
	if tok, ok := strings.CutPrefix(h, "Bearer "); ok {
		return s.bearerLogin(r.Context(), r, strings.TrimSpace(tok))
	}
	name, pw, ok := r.BasicAuth()
	if !ok {
		return nil, nil
	}
	a, err := s.passwordLogin(r.Context(), r, name, pw, "basic", s.creds.seen())
	if errors.Is(err, errBadLogin) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &principal{Account: a, via: "basic"}, nil
}

type authCtxKey struct{}

type authResult struct{ p *principal }

// authHeaders checks an Authorization header once, before routing, so a
// refused check is answered 429 (or 503) at once, and identify finds the
// outcome in the context instead of checking again.
func (s *Server) authHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			h.ServeHTTP(w, r)
			return
		}
		p, err := s.headerAuth(r)
		if err != nil {
			var ae *authErr
			if errors.As(err, &ae) {
				if ae.retry > 0 {
					w.Header().Set("Retry-After", strconv.Itoa(int((ae.retry+time.Second-1)/time.Second)))
				}
				s.fail(w, r, isAPI(r), nil, ae.status, ae.msg)
				return
			}
			s.failErr(w, r, isAPI(r), nil, err)
			return
		}
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), authCtxKey{}, &authResult{p})))
	})
}
