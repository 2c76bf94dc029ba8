package server

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"gongkai/ingest"
	"gongkai/store"
)

// Roles.
const (
	RoleClerk  = "clerk"  // 填报员: one unit's uploads
	RoleAdmin  = "admin"  // 管理员: the office
	RoleLeader = "leader" // 领导: read only
)

// RoleTitle is the Chinese name of a role.
func RoleTitle(role string) string {
	switch role {
	case RoleClerk:
		return "填报员"
	case RoleAdmin:
		return "管理员"
	case RoleLeader:
		return "领导"
	case RoleCLI:
		return "命令行"
	}
	return role
}

// DefaultBcryptCost for passwords.
const DefaultBcryptCost = bcrypt.DefaultCost

// MinPasswordLen in characters.
const MinPasswordLen = 8

const (
	sessionCookie    = "gk_session"
	loginCSRFCookie  = "gk_login"
	csrfHeader       = "X-CSRF-Token"
	csrfField        = "csrf"
	maxPasswordBytes = 72 // bcrypt's limit
)

// Account is a user of the web service.
type Account = store.Account

// principal is who is calling, and how.
type principal struct {
	Account
	via         string // session, basic, bearer
	csrf        string // the session's token
	sessionHash string
}

func (p *principal) is(roles ...string) bool {
	for _, r := range roles {
		if p.Role == r {
			return true
		}
	}
	return false
}

// canSeeUnit: admins and leaders see every unit, a clerk only their own.
func (p *principal) canSeeUnit(unitID int64) bool {
	return p.Role == RoleAdmin || p.Role == RoleLeader || (p.Role == RoleClerk && unitID != 0 && unitID == p.UnitID)
}

// ErrAccount is a refused account change; its text is for the user.
type ErrAccount struct{ Reason string }

func (e *ErrAccount) Error() string { return e.Reason }

func accountErr(format string, args ...any) error {
	return &ErrAccount{Reason: fmt.Sprintf(format, args...)}
}

// NewAccount is what AddAccount needs.
type NewAccount struct {
	Name     string
	Role     string
	Unit     string // a clerk's unit: full name, alias or 统一社会信用代码
	Password string
}

func checkName(name string) error {
	if name == "" || utf8.RuneCountInString(name) > 64 {
		return accountErr("账号名须为 1–64 个字符")
	}
	if !utf8.ValidString(name) {
		return accountErr("账号名含有无法识别的字符（不是有效的 UTF-8 文字）")
	}
	for _, r := range name {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == ':' {
			return accountErr("账号名不能包含空格、控制字符或冒号")
		}
	}
	return nil
}

func checkPassword(pw string) error {
	if utf8.RuneCountInString(pw) < MinPasswordLen {
		return accountErr("密码至少 %d 个字符", MinPasswordLen)
	}
	if len(pw) > maxPasswordBytes {
		return accountErr("密码过长（最多 %d 字节）", maxPasswordBytes)
	}
	return nil
}

// AddAccount creates an account. It writes directly: call it from the
// write queue in the server, or from the CLI when no server holds the file.
func AddAccount(ctx context.Context, db *store.DB, a NewAccount, cost int) (Account, error) {
	if err := checkName(a.Name); err != nil {
		return Account{}, err
	}
	if err := checkPassword(a.Password); err != nil {
		return Account{}, err
	}
	out := Account{Name: a.Name, Role: a.Role}
	switch a.Role {
	case RoleClerk:
		if strings.TrimSpace(a.Unit) == "" {
			return Account{}, accountErr("填报员账号必须指定所属单位")
		}
		reg, err := ingest.LoadRegistry(ctx, db)
		if err != nil {
			return Account{}, err
		}
		u, err := reg.Resolve(a.Unit)
		if err != nil {
			return Account{}, accountErr("%v", err)
		}
		out.UnitID, out.Unit = u.ID, u.Name
	case RoleAdmin, RoleLeader:
		if strings.TrimSpace(a.Unit) != "" {
			return Account{}, accountErr("只有填报员账号属于某个单位，%s账号不能指定单位", RoleTitle(a.Role))
		}
	default:
		return Account{}, accountErr("角色应为 clerk（填报员）、admin（管理员）或 leader（领导），不是“%s”", a.Role)
	}
	if cost == 0 {
		cost = DefaultBcryptCost
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(a.Password), cost)
	if err != nil {
		return Account{}, err
	}
	err = db.InTx(ctx, func(q *store.Queries) error {
		taken, err := q.AccountExists(ctx, a.Name)
		if err != nil {
			return err
		}
		if taken {
			return accountErr("账号“%s”已存在", a.Name)
		}
		if out.ID, err = q.AccountInsert(ctx, a.Name, a.Role, out.UnitID, string(hash)); err != nil {
			return fmt.Errorf("保存账号：%w", err)
		}
		return nil
	})
	if err != nil {
		return Account{}, err
	}
	return out, nil
}

// SetPassword changes an account's password and ends its sessions and
// API tokens: whoever had the old password may have made them.
func SetPassword(ctx context.Context, db *store.DB, name, password string, cost int) error {
	if err := checkPassword(password); err != nil {
		return err
	}
	if cost == 0 {
		cost = DefaultBcryptCost
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), cost)
	if err != nil {
		return err
	}
	return db.InTx(ctx, func(q *store.Queries) error {
		a, _, err := accountByName(ctx, q, name)
		if err != nil {
			return err
		}
		if err := q.AccountPassword(ctx, name, string(hash)); err != nil {
			return err
		}
		return endCredentials(ctx, q, a.ID)
	})
}

// endCredentials drops an account's sessions and API tokens (its password
// changed, or it was disabled). The server's credCache must forget the
// account too.
func endCredentials(ctx context.Context, q *store.Queries, accountID int64) error {
	if err := q.SessionPurge(ctx, time.Now().UTC(), accountID); err != nil {
		return err
	}
	return q.TokenPurgeAccount(ctx, accountID)
}

// Accounts lists every account.
func Accounts(ctx context.Context, db *store.DB) ([]Account, error) {
	as, err := db.AccountList(ctx)
	return orEmpty(as), err
}

// orEmpty keeps an empty list a JSON [] rather than null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

var errNoAccount = accountErr("没有这个账号")

// accountByName is the account and its password hash; errNoAccount if
// there is none.
func accountByName(ctx context.Context, q *store.Queries, name string) (Account, string, error) {
	if !utf8.ValidString(name) {
		// No account has such a name (checkName), and DuckDB would refuse
		// to bind it: a login with it fails as any unknown name does.
		return Account{}, "", errNoAccount
	}
	a, hash, err := q.AccountByName(ctx, name)
	if store.NotFound(err) {
		return a, "", errNoAccount
	}
	return a, hash, err
}

var randRead = rand.Read

func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashSecret(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// newSession stores a session for a and returns the cookie value. The
// session goes into the credCache as it is stored, so that the first page
// after a login costs no query either. seen (credCache.seen) was taken
// before the login read a: if a changed since (a new password, disabled),
// the login checked what no longer holds, and no session is made
// (errAccountChanged). On the auth queue, as every change of an account is,
// so no change can come between the check and the insert.
func (s *Server) newSession(ctx context.Context, a Account, remote string, seen uint64) (string, error) {
	id := randomToken(32)
	csrf := randomToken(32)
	// The database keeps microseconds: the cached session expires when
	// the stored one does.
	exp := s.cfg.Now().UTC().Add(s.cfg.SessionTTL).Truncate(time.Microsecond)
	h := hashSecret(id)
	err := s.auth.do(ctx, func(ctx context.Context) error {
		if s.creds.changedSince(a.Name, seen) {
			return errAccountChanged
		}
		err := s.db.InTx(ctx, func(q *store.Queries) error {
			if err := q.SessionPurge(ctx, s.cfg.Now().UTC(), 0); err != nil {
				return err
			}
			return q.SessionInsert(ctx, h, a.ID, csrf, exp, remote)
		})
		if err == nil {
			s.creds.put(seen, h, &cachedCred{p: sessionPrincipal(a, csrf, h), exp: exp})
		}
		return err
	})
	return id, err
}

// errAccountChanged: the account changed while its login was checked.
var errAccountChanged = errors.New("account changed during login")

// sessionPrincipal is the caller of a session of account a.
func sessionPrincipal(a Account, csrf, hash string) principal {
	return principal{Account: a, via: "session", csrf: csrf, sessionHash: hash}
}

func (s *Server) setSessionCookie(w http.ResponseWriter, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: !s.cfg.InsecureCookies, SameSite: http.SameSiteStrictMode,
	})
}

// identify finds the caller: a session cookie, HTTP Basic or a bearer token.
func (s *Server) identify(r *http.Request) *principal {
	ctx := r.Context()
	if r.Header.Get("Authorization") != "" {
		// authHeaders has checked it (and counted a failure) already.
		if res, ok := ctx.Value(authCtxKey{}).(*authResult); ok {
			return res.p
		}
		p, _ := s.headerAuth(r) // a handler reached without authHeaders
		return p
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" || len(c.Value) > 100 {
		return nil
	}
	h := hashSecret(c.Value)
	if cp, ok := s.creds.get(h); ok {
		if cp == nil || !s.cfg.Now().UTC().Before(cp.exp) {
			return nil
		}
		p := cp.p
		return &p
	}
	seen := s.creds.seen()
	sc, err := s.db.SessionGet(ctx, h)
	if err != nil || sc.Disabled {
		return nil
	}
	p := sessionPrincipal(sc.Account, sc.CSRF, h)
	s.creds.put(seen, h, &cachedCred{p: p, exp: sc.Expires})
	if !s.cfg.Now().UTC().Before(sc.Expires) {
		return nil
	}
	return &p
}

// credCache keeps sessions and tokens looked up recently, so a page view
// costs no database query. Every change of a session or account goes
// through this server (the database file is locked to it), which forgets
// the entries concerned; entries are also re-read after credTTL.
//
// A read of the database and the put of what it found are not one step:
// a logout, a revoke or an account change may come between them, and the
// entry put afterwards would let the ended credential work for credTTL. So
// every invalidation is counted, and put refuses what was read before an
// invalidation of its key or its account (seen is taken before the read).
type credCache struct {
	mu sync.Mutex
	m  map[string]*cachedCred
	// changes counts invalidations (forget, forgetAccount); changed holds
	// the count at the last invalidation of each account ("a:"+name) and
	// each forgotten key ("k:"+key).
	changes uint64
	changed map[string]uint64
	// floor: changed was emptied (it grew too large) at this count; what
	// was read before then cannot be told apart, so it is not put.
	floor uint64

	// beforePut, for tests: runs between a credential's read and its put,
	// to hold a read while an invalidation runs.
	beforePut atomic.Pointer[func(key string)]
}

type cachedCred struct {
	p      principal
	exp    time.Time // of the session or token; zero = never
	loaded time.Time
}

const credTTL = time.Minute

// maxChanged bounds credCache.changed: a logout or revoke adds an entry.
const maxChanged = 100_000

func (c *credCache) get(key string) (*cachedCred, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok || time.Since(e.loaded) > credTTL {
		return nil, false
	}
	return e, true
}

// seen is the count of invalidations so far: taken before an account,
// session or token is read, it is what put and changedSince compare with.
func (c *credCache) seen() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.changes
}

// changedSince: the account changed (forgetAccount) after seen was taken.
func (c *credCache) changedSince(name string, seen uint64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.staleLocked(seen, "a:"+name)
}

// staleLocked: an invalidation of one of scopes came after seen was taken.
func (c *credCache) staleLocked(seen uint64, scopes ...string) bool {
	if seen < c.floor {
		return true
	}
	for _, sc := range scopes {
		if c.changed[sc] > seen {
			return true
		}
	}
	return false
}

// put keeps e, read after seen was taken, unless its key or its account
// was invalidated since: a read that raced with a logout, a revoke or an
// account change may say what no longer holds.
func (c *credCache) put(seen uint64, key string, e *cachedCred) {
	if h := c.beforePut.Load(); h != nil {
		(*h)(key)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.staleLocked(seen, "k:"+key, "a:"+e.p.Name) {
		return
	}
	e.loaded = time.Now()
	if c.m == nil || len(c.m) > 100_000 {
		c.m = map[string]*cachedCred{}
	}
	c.m[key] = e
}

// invalidateLocked counts an invalidation of scope; call with c.mu held.
func (c *credCache) invalidateLocked(scope string) {
	c.changes++
	if len(c.changed) >= maxChanged {
		c.changed = nil
		c.floor = c.changes
	}
	if c.changed == nil {
		c.changed = map[string]uint64{}
	}
	c.changed[scope] = c.changes
}

// forget drops one entry (a logout, a revoked token); a read of it begun
// before is not put afterwards. Call after the database change committed.
func (c *credCache) forget(key string) {
	c.mu.Lock()
	c.invalidateLocked("k:" + key)
	delete(c.m, key)
	c.mu.Unlock()
}

// forgetAccount drops every entry of an account (disabled, new password);
// a read of the account begun before is not put afterwards.
func (c *credCache) forgetAccount(name string) {
	c.mu.Lock()
	c.invalidateLocked("a:" + name)
	for k, e := range c.m {
		if e.p.Name == name {
			delete(c.m, k)
		}
	}
	c.mu.Unlock()
}

// fromToken finds the account of an API token; owner names the account
// of a token that exists but no longer works (for the audit log).
func (s *Server) fromToken(ctx context.Context, tok string) (p *principal, owner string) {
	if tok == "" || len(tok) > 200 {
		return nil, ""
	}
	h := hashSecret(tok)
	if cp, ok := s.creds.get("t:" + h); ok {
		if !cp.exp.IsZero() && !s.cfg.Now().UTC().Before(cp.exp) {
			return nil, cp.p.Name
		}
		p := cp.p
		return &p, ""
	}
	seen := s.creds.seen()
	c, err := s.db.TokenGet(ctx, h)
	if err != nil {
		return nil, ""
	}
	if c.Disabled {
		return nil, c.Name
	}
	tp := principal{Account: c.Account, via: "bearer"}
	s.creds.put(seen, "t:"+h, &cachedCred{p: tp, exp: c.Expires})
	if !c.Expires.IsZero() && !s.cfg.Now().UTC().Before(c.Expires) {
		return nil, tp.Name
	}
	return &tp, ""
}

// csrfOK: a state-changing request of a session carries the session's
// token in the form field csrf or the X-CSRF-Token header. Basic and bearer
// credentials are not sent by browsers on their own, so need none.
func (s *Server) csrfOK(r *http.Request, p *principal) bool {
	if p.via != "session" {
		return true
	}
	got := r.Header.Get(csrfHeader)
	if got == "" {
		got = r.PostFormValue(csrfField)
	}
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(p.csrf)) == 1
}

// remoteAddr is the client's address for the audit log.
func remoteAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// createToken makes an API token for p's account: the secret (shown
// once) and the token's number (for listing and revoking).
func (s *Server) createToken(ctx context.Context, p *principal, label string, days int) (string, int64, error) {
	tok := "gk_" + randomToken(32)
	var exp time.Time // zero: never
	if days > 0 {
		exp = s.cfg.Now().UTC().Add(time.Duration(days) * 24 * time.Hour)
	}
	var id int64
	err := s.auth.do(ctx, func(ctx context.Context) error {
		var err error
		id, err = s.db.TokenInsert(ctx, hashSecret(tok), p.ID, label, exp)
		return err
	})
	return tok, id, err
}
