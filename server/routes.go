package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// route is one entry of the route table.
type route struct {
	Method, Path string
	// Roles that may call it; nil = anyone, logged in or not.
	Roles []string
	// API routes answer errors as JSON; pages as HTML (or a redirect to
	// the login page).
	API bool
	// SelfCSRF: the handler checks the CSRF token itself (streamed
	// multipart uploads, the login form).
	SelfCSRF bool
	// Twin, on a page's row, is the pattern ("DELETE /api/…") of the
	// API route that the same handler answers with the same roles;
	// routeTable makes it a route of its own.
	Twin string
	h    func(w http.ResponseWriter, r *http.Request, p *principal)
}

// Pattern is the ServeMux pattern.
func (rt route) Pattern() string { return rt.Method + " " + rt.Path }

var (
	all         = []string{RoleClerk, RoleAdmin, RoleLeader}
	admin       = []string{RoleAdmin}
	clerkAdmin  = []string{RoleClerk, RoleAdmin}
	adminLeader = []string{RoleAdmin, RoleLeader}
)

const (
	msgLogin     = "请先登录"
	msgForbidden = "当前账号无权进行此操作"
	msgCSRF      = "安全校验失败（页面已过期或不是从本系统的页面提交），请刷新页面后重试"
	// msgCSRFAPI names the token for a program, which sends it itself.
	msgCSRFAPI   = "安全校验失败（CSRF 令牌缺失或不符），请刷新页面后重试"
	msgOtherUnit = "只能查看和上传本单位的数据"
	msgInternal  = "服务器内部错误，请联系管理员（详情见服务日志）"
	// msgBadText refuses text that is not UTF-8 (validValues).
	msgBadText = "提交的内容含有无法识别的字符（不是有效的 UTF-8 文字），请检查后重新输入"
)

// routeTable lists every route, a feature's together (its reads before
// its changes, a page before its API); the tests walk it.
func (s *Server) routeTable() []route {
	return withTwins([]route{
		// Anyone: probes, assets, the login.
		{Method: "GET", Path: "/healthz", h: s.healthz},
		{Method: "GET", Path: "/readyz", h: s.readyz},
		{Method: "GET", Path: "/assets/{name}", h: s.asset},
		{Method: "GET", Path: "/{$}", h: s.home},
		{Method: "GET", Path: "/login", h: s.loginPage},
		{Method: "POST", Path: "/login", SelfCSRF: true, h: s.loginPost},

		// One's own session, account and API tokens.
		{Method: "GET", Path: "/account", Roles: all, h: s.accountPage},
		{Method: "GET", Path: "/api/me", Roles: all, API: true, h: s.apiMe},
		{Method: "GET", Path: "/api/tokens", Roles: all, API: true, h: s.apiTokens},
		{Method: "POST", Path: "/logout", Roles: all, h: s.logout},
		{Method: "POST", Path: "/account/tokens", Roles: all, h: s.accountNewToken},
		{Method: "POST", Path: "/account/tokens/{id}/revoke", Roles: all, h: s.accountRevokeToken},
		{Method: "POST", Path: "/api/tokens", Roles: all, API: true, h: s.apiToken},
		{Method: "DELETE", Path: "/api/tokens/{id}", Roles: all, API: true, h: s.apiRevokeToken},

		// Ledger kinds and their templates.
		{Method: "GET", Path: "/templates/{kind}", Roles: clerkAdmin, Twin: "GET /api/templates/{kind}", h: s.template},
		{Method: "GET", Path: "/api/kinds", Roles: all, API: true, h: s.apiKinds},

		// Uploads, their history, refusals and annotated files.
		{Method: "GET", Path: "/upload", Roles: clerkAdmin, h: s.uploadPage},
		{Method: "GET", Path: "/files/{id}", Roles: clerkAdmin, Twin: "GET /api/files/{id}", h: s.annotatedFile},
		{Method: "GET", Path: "/api/uploads", Roles: all, API: true, h: s.apiHistory},
		{Method: "GET", Path: "/api/refusals", Roles: clerkAdmin, API: true, h: s.apiRefusals},
		{Method: "POST", Path: "/upload", Roles: clerkAdmin, SelfCSRF: true, h: s.uploadForm},
		{Method: "POST", Path: "/upload/confirm", Roles: clerkAdmin, h: s.uploadConfirm},
		{Method: "POST", Path: "/api/uploads", Roles: clerkAdmin, API: true, SelfCSRF: true, h: s.apiUpload},
		{Method: "POST", Path: "/api/uploads/confirm", Roles: clerkAdmin, API: true, h: s.apiUploadConfirm},

		// A unit's page: status, score, declarations.
		{Method: "GET", Path: "/unit/{id}", Roles: all, h: s.unitPage},
		{Method: "GET", Path: "/api/units/{id}/status", Roles: all, API: true, h: s.apiUnitStatus},
		{Method: "GET", Path: "/api/units/{id}/score", Roles: all, API: true, h: s.apiUnitScore},
		{Method: "GET", Path: "/api/units/{id}/declarations", Roles: all, API: true, h: s.apiDeclarations},
		{Method: "POST", Path: "/unit/{id}/declarations", Roles: clerkAdmin, Twin: "POST /api/units/{id}/declarations", h: s.unitDeclare},

		// The cockpit, the scores and the rankings.
		{Method: "GET", Path: "/dashboard", Roles: adminLeader, h: s.dashboardPage},
		{Method: "GET", Path: "/admin/rankings", Roles: adminLeader, Twin: "GET /api/rankings", h: s.rankingsDownload},
		{Method: "GET", Path: "/api/dashboard", Roles: adminLeader, API: true, h: s.apiDashboard},
		{Method: "GET", Path: "/api/scores", Roles: adminLeader, API: true, h: s.apiScores},

		// The administration page; the unit registry.
		{Method: "GET", Path: "/admin", Roles: admin, h: s.adminPage},
		{Method: "GET", Path: "/api/units", Roles: adminLeader, API: true, h: s.apiUnits},
		{Method: "POST", Path: "/admin/units", Roles: admin, SelfCSRF: true, Twin: "POST /api/units", h: s.adminUnits},

		// The scheme, scoring, publishing and versions.
		{Method: "GET", Path: "/admin/versions", Roles: admin, h: s.versionsPage},
		{Method: "GET", Path: "/api/published", Roles: all, API: true, h: s.apiPublished},
		{Method: "GET", Path: "/api/versions/{year}", Roles: admin, API: true, h: s.apiVersions},
		{Method: "GET", Path: "/api/versions/{year}/{n}", Roles: admin, API: true, h: s.apiVersion},
		{Method: "GET", Path: "/api/versions/{year}/diff", Roles: admin, API: true, h: s.apiVersionDiff},
		{Method: "POST", Path: "/admin/scheme", Roles: admin, SelfCSRF: true, Twin: "POST /api/scheme", h: s.adminScheme},
		{Method: "POST", Path: "/admin/score", Roles: admin, Twin: "POST /api/score", h: s.adminScore},
		{Method: "POST", Path: "/admin/publish", Roles: admin, Twin: "POST /api/published/{year}", h: s.adminPublish},
		{Method: "POST", Path: "/admin/withdraw", Roles: admin, Twin: "DELETE /api/published/{year}", h: s.adminWithdraw},

		// The office's lists: the reminders owed, the applications'
		// deadlines, the matters to publish of one's own accord.
		{Method: "GET", Path: "/admin/reminders", Roles: admin, h: s.remindersPage},
		{Method: "GET", Path: "/api/reminders", Roles: admin, API: true, h: s.apiReminders},
		{Method: "GET", Path: "/admin/deadlines", Roles: adminLeader, h: s.deadlinesList},
		{Method: "GET", Path: "/api/deadlines", Roles: all, API: true, h: s.deadlinesList},
		{Method: "GET", Path: "/admin/convert", Roles: adminLeader, h: s.convertList},
		{Method: "GET", Path: "/api/convert", Roles: all, API: true, h: s.convertList},

		// The catalogues' and the proposals' blocks of the units' pages.
		{Method: "GET", Path: "/api/catalog", Roles: all, API: true, h: s.apiCatalog},
		{Method: "GET", Path: "/api/proposals", Roles: all, API: true, h: s.apiProposals},

		// Batches and restoring one.
		{Method: "GET", Path: "/admin/batches", Roles: admin, h: s.batchesPage},
		{Method: "GET", Path: "/api/batches", Roles: admin, API: true, h: s.apiBatches},
		{Method: "POST", Path: "/admin/restore", Roles: admin, Twin: "POST /api/batches/{id}/restore", h: s.adminRestore},

		// Accounts and their API tokens.
		{Method: "GET", Path: "/admin/accounts", Roles: admin, h: s.accountsPage},
		{Method: "GET", Path: "/admin/tokens", Roles: admin, h: s.tokensPage},
		{Method: "GET", Path: "/api/accounts", Roles: admin, API: true, h: s.apiAccounts},
		{Method: "GET", Path: "/api/accounts/{name}/tokens", Roles: admin, API: true, h: s.apiAccountTokens},
		{Method: "POST", Path: "/admin/accounts", Roles: admin, Twin: "POST /api/accounts", h: s.adminAddAccount},
		{Method: "POST", Path: "/admin/accounts/{name}/password", Roles: admin, Twin: "POST /api/accounts/{name}/password", h: s.adminSetPassword},
		{Method: "POST", Path: "/admin/accounts/{name}/disable", Roles: admin, Twin: "POST /api/accounts/{name}/disable", h: s.adminDisable},
		{Method: "POST", Path: "/admin/accounts/{name}/enable", Roles: admin, Twin: "POST /api/accounts/{name}/enable", h: s.adminEnable},
		{Method: "POST", Path: "/admin/tokens/{id}/revoke", Roles: admin, h: s.adminRevokeToken},

		// The audit log.
		{Method: "GET", Path: "/admin/audit", Roles: admin, h: s.auditPage},
		{Method: "GET", Path: "/api/audit", Roles: admin, API: true, h: s.apiAudit},

		// The annual report and its review.
		{Method: "GET", Path: "/admin/annual-report", Roles: admin, Twin: "GET /api/annual-report", h: s.annualReportDownload},
		{Method: "GET", Path: "/admin/review", Roles: admin, h: s.reviewPage},
		{Method: "GET", Path: "/admin/review/{id}", Roles: admin, Twin: "GET /api/review/{id}", h: s.reviewDownload},
		{Method: "POST", Path: "/admin/review", Roles: admin, SelfCSRF: true, h: s.reviewForm},
		{Method: "POST", Path: "/api/review", Roles: admin, API: true, SelfCSRF: true, h: s.apiReview},
	})
}

// withTwins adds after each row with a Twin its API route.
func withTwins(rows []route) []route {
	out := make([]route, 0, len(rows))
	for _, rt := range rows {
		twin := rt.Twin
		rt.Twin = ""
		out = append(out, rt)
		if twin != "" {
			rt.Method, rt.Path, _ = strings.Cut(twin, " ")
			rt.API = true
			out = append(out, rt)
		}
	}
	return out
}

// Routes lists the method and path pattern of every route (for tests and docs).
func (s *Server) Routes() []route { return s.routes }

func (s *Server) buildMux() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routes {
		mux.Handle(rt.Pattern(), s.wrap(rt))
	}
	// Unknown /api/ paths answer JSON; anything else a page.
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		if s.identify(r) == nil {
			writeJSONError(w, http.StatusUnauthorized, msgLogin)
			return
		}
		writeJSONError(w, http.StatusNotFound, "没有这个接口")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.errorPage(w, r, nil, http.StatusNotFound, "页面不存在")
	})
	return s.logRequests(securityHeaders(s.authHeaders(mux)))
}

func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
		h.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) logRequests(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		h.ServeHTTP(sw, r)
		lvl := slog.LevelDebug
		if sw.status >= 500 {
			lvl = slog.LevelError
		} else if r.Method != http.MethodGet || sw.status >= 400 {
			lvl = slog.LevelInfo
		}
		s.log.Log(r.Context(), lvl, "request", "method", r.Method, "path", r.URL.Path, "status", sw.status,
			"ms", time.Since(start).Milliseconds(), "remote", remoteAddr(r))
	})
}

// wrap applies authentication, the role check, CSRF and body limits, and
// recovers a panic of the handler into a logged and audited 500.
func (s *Server) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var p *principal
		defer func() {
			v := recover()
			if v == nil || v == http.ErrAbortHandler {
				if v != nil {
					panic(v)
				}
				return
			}
			s.recovered(r.Context(), v, false)
			if sw, ok := w.(*statusWriter); ok && sw.status != 0 {
				// Part of the answer is out: cut the connection so that
				// the client does not take it for a whole one.
				panic(http.ErrAbortHandler)
			}
			s.fail(w, r, rt.API || isAPI(r), p, http.StatusInternalServerError, msgInternal)
		}()
		if rt.Roles == nil {
			p = s.identify(r)
			r = withCaller(r, p)
			if !validValues(r.URL.Query()) {
				s.fail(w, r, rt.API || isAPI(r), p, http.StatusBadRequest, msgBadText)
				return
			}
			rt.h(w, r, p)
			return
		}
		p = s.identify(r)
		r = withCaller(r, p)
		if p == nil {
			if rt.API {
				w.Header().Set("WWW-Authenticate", `Bearer realm="gongkai"`)
				writeJSONError(w, http.StatusUnauthorized, msgLogin)
				return
			}
			if r.Method == http.MethodGet {
				seeOther(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()))
				return
			}
			s.errorPage(w, r, nil, http.StatusUnauthorized, msgLogin)
			return
		}
		if !p.is(rt.Roles...) {
			s.fail(w, r, rt.API, p, http.StatusForbidden, msgForbidden)
			return
		}
		if !validValues(r.URL.Query()) {
			s.fail(w, r, rt.API, p, http.StatusBadRequest, msgBadText)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead && !rt.SelfCSRF {
			r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
			if err := parseBody(r); err != nil {
				s.fail(w, r, rt.API, p, http.StatusBadRequest, err.Error())
				return
			}
			if !s.csrfOK(r, p) {
				s.fail(w, r, rt.API, p, http.StatusForbidden, csrfMessage(rt.API || isAPI(r)))
				return
			}
		}
		rt.h(w, r, p)
	})
}

// csrfMessage is the refusal of a missing or wrong CSRF token: a page's
// user is told what to do, a program which token is wrong.
func csrfMessage(api bool) string {
	if api {
		return msgCSRFAPI
	}
	return msgCSRF
}

// validValues: every name and value is UTF-8 text. DuckDB refuses to bind
// anything else, so a stray byte would end as a 500 with the act and its
// audit entry lost; it is refused at the edge instead (msgBadText), and
// nothing a user typed is ever altered on its way to the database.
func validValues(v url.Values) bool {
	for k, vs := range v {
		if !utf8.ValidString(k) {
			return false
		}
		for _, x := range vs {
			if !utf8.ValidString(x) {
				return false
			}
		}
	}
	return true
}

// parseBody fills r.Form from a form or a JSON object body. Its refusals
// are the user's words: Go's parse errors name nothing a user can act on.
func parseBody(r *http.Request) error {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "application/json" {
		if err := r.ParseForm(); err != nil {
			return errors.New("提交的表单内容无法识别，请刷新页面后重新填写")
		}
		if !validValues(r.Form) {
			return errors.New(msgBadText)
		}
		return nil
	}
	var m map[string]any
	dec := json.NewDecoder(r.Body)
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return errors.New("JSON 格式错误：请求内容不是一个完整的 JSON 对象")
	}
	r.ParseForm() // the query string
	for k, v := range m {
		switch x := v.(type) {
		case string:
			r.Form.Set(k, x)
		case json.Number:
			r.Form.Set(k, x.String())
		case bool:
			r.Form.Set(k, fmt.Sprint(x))
		case nil:
		default:
			return fmt.Errorf("字段 %s 应为字符串、数字或布尔值", k)
		}
	}
	r.PostForm = r.Form
	return nil
}

// fail answers an error as JSON or as a page.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, api bool, p *principal, status int, msg string) {
	if api {
		writeJSONError(w, status, msg)
		return
	}
	s.errorPage(w, r, p, status, msg)
}

// failErr answers err: an httpError or ErrAccount with its message, any
// other error as 500 (logged, not shown).
func (s *Server) failErr(w http.ResponseWriter, r *http.Request, api bool, p *principal, err error) {
	var he *httpError
	var ae *ErrAccount
	switch {
	case errors.As(err, &he):
		s.fail(w, r, api, p, he.status, he.msg)
	case errors.As(err, &ae):
		s.fail(w, r, api, p, http.StatusBadRequest, ae.Reason)
	case errors.Is(err, errStopping):
		s.fail(w, r, api, p, http.StatusServiceUnavailable, errStopping.Error())
	case errors.As(err, new(*panicError)):
		// Logged with its stack and audited where it was recovered.
		s.fail(w, r, api, p, http.StatusInternalServerError, msgInternal)
	default:
		s.log.Error("请求失败", "path", r.URL.Path, "err", err)
		s.fail(w, r, api, p, http.StatusInternalServerError, msgInternal)
	}
}

// reply answers an API call with v, or with err as failErr does.
func (s *Server) reply(w http.ResponseWriter, r *http.Request, p *principal, v any, err error) {
	if err != nil {
		s.failErr(w, r, true, p, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

func writeJSONError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// isAPI: a JSON caller.
func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// seeOther redirects with 303 and no body. http.Redirect writes Go's
// English "See Other" link as the body of a GET's redirect unless a
// Content-Type is set; browsers follow the Location and show nothing.
func seeOther(w http.ResponseWriter, r *http.Request, to string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	http.Redirect(w, r, to, http.StatusSeeOther)
}
