package server

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"gongkai"
	"gongkai/charts"
	"gongkai/ingest"
	"gongkai/metrics"
	"gongkai/reports"
	"gongkai/store"
)

//go:embed templates/*.html templates/fragments/*.html assets/*
var content embed.FS

type pageTemplate struct{ t *template.Template }

var funcs = template.FuncMap{
	"roleTitle":     RoleTitle,
	"statusTitle":   statusTitle,
	"kindTitle":     kindTitle,
	"actionTitle":   actionTitle,
	"severityTitle": reports.SeverityTitle,
	"inc":           func(i int) int { return i + 1 },
	"dec":           func(i int) int { return i - 1 },
	"dict":          dict,
	"pts":           func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) },
	"score":         func(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) },
	"change":        func(v *float64) string { t, _ := fmtChange(*v); return t },
	"changeClass":   func(v *float64) string { _, c := fmtChange(*v); return c },
	"versionLabel":  func(v Published) string { return metrics.Label(&v) },
	"batchStatus":   gongkai.BatchStatusTitle,
	"bulk":          func() template.HTML { return bulkMark },
}

// bulkMark is what {{bulk}} prints and render replaces with the page's
// bulk. Only a template or a template.HTML value can put a "<" in a page
// (the data printed is escaped), so no text of the data can pass for it.
const bulkMark = "<!--gongkai:bulk-->"

// dict makes a map of key, value pairs, for a partial that takes several
// arguments ({{template "drop" dict "name" "file" …}}).
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, errors.New("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// fragments are rendered once and cached (the dashboards' bodies).
var fragments = template.Must(template.New("").Funcs(funcs).ParseFS(content, "templates/fragments/*.html"))

func parsePages() (map[string]*pageTemplate, error) {
	names, err := fs.Glob(content, "templates/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*pageTemplate{}
	for _, n := range names {
		base := path.Base(n)
		if base == "layout.html" || base == "partials.html" {
			continue
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(content, "templates/layout.html", "templates/partials.html", n)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", base, err)
		}
		out[strings.TrimSuffix(base, ".html")] = &pageTemplate{t}
	}
	return out, nil
}

// page is what every template gets.
type page struct {
	Title string
	Me    *principal
	CSRF  string
	Flash string
	Error string
	Data  any
	// Charts: the page loads ECharts and the chart scripts.
	Charts bool
	// Office runs the system (the footer; Config.Office).
	Office string
	// bulk is a large part of the page rendered already (the cockpit's,
	// cockpit.html): the template marks its place with {{bulk}} and render
	// writes it there from memory, so that it is not copied through the
	// template's printing and a growing buffer on every request.
	bulk []byte
}

func (s *Server) render(w http.ResponseWriter, status int, name string, pg page) {
	t := s.pages[name]
	if t == nil {
		panic("no page template " + name)
	}
	if pg.Me != nil {
		pg.CSRF = pg.Me.csrf
	}
	pg.Office = s.cfg.Office
	buf := renderBufs.Get().(*bytes.Buffer)
	defer putRenderBuf(buf)
	if err := t.t.ExecuteTemplate(buf, "layout", pg); err != nil {
		s.log.Error("页面渲染失败", "page", name, "err", err)
		http.Error(w, "页面渲染失败", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	out := buf.Bytes()
	if pg.bulk != nil { // only the pages that have a part written from memory look for its place
		if i := bytes.Index(out, []byte(bulkMark)); i >= 0 {
			w.Write(out[:i])
			w.Write(pg.bulk)
			out = out[i+len(bulkMark):]
		} else {
			s.log.Error("page part has no place in the page", "page", name)
		}
	}
	w.Write(out)
}

// renderBufs keep the buffers pages are rendered into from one request to
// the next.
var renderBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func putRenderBuf(b *bytes.Buffer) {
	if b.Cap() > 1<<20 {
		return // a rare huge page: let it go rather than keep its memory
	}
	b.Reset()
	renderBufs.Put(b)
}

func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, p *principal, status int, msg string) {
	if isAPI(r) {
		writeJSONError(w, status, msg)
		return
	}
	s.render(w, status, "error", page{Title: "出错了", Me: p, Error: msg, Data: status})
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request, _ *principal) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers ready when the database both answers and is sound: the
// file opened is still there with a DuckDB header, and the rows every
// request reads can be read (DuckDB checks each block's checksum as it
// reads it; SELECT 1 alone was ready over a corrupt file).
func (s *Server) readyz(w http.ResponseWriter, r *http.Request, _ *principal) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	err := s.db.Ping(ctx)
	if err == nil {
		err = s.checkDBFile()
	}
	if err == nil {
		_, err = s.db.ReadyCheck(ctx)
	}
	if err != nil {
		s.log.Error("not ready", "db", s.db.Path, "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "error": "数据库不可用"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

// checkDBFile: the database file is the one opened (not deleted or
// replaced) and still starts with DuckDB's magic bytes.
func (s *Server) checkDBFile() error {
	if s.dbFile == nil {
		return nil // in memory
	}
	f, err := os.Open(s.db.Path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if !os.SameFile(st, s.dbFile) {
		return errors.New("database file replaced since the server started")
	}
	var head [12]byte
	if _, err := io.ReadFull(f, head[:]); err != nil {
		return fmt.Errorf("database file header: %w", err)
	}
	if string(head[8:12]) != "DUCK" {
		return errors.New("database file header lacks DuckDB's magic bytes")
	}
	return nil
}

// asset serves the embedded scripts and styles (ECharts from package charts).
func (s *Server) asset(w http.ResponseWriter, r *http.Request, _ *principal) {
	name := r.PathValue("name")
	var (
		b   []byte
		err error
	)
	switch name {
	case "app.css", "app.js", "dash.js", "cockpit.css":
		b, err = content.ReadFile("assets/" + name)
	case "echarts.min.js", "gongkai.js":
		b, err = charts.Asset(name)
	default:
		err = fs.ErrNotExist
	}
	if err != nil {
		http.NotFound(w, r)
		return
	}
	ct := "text/css; charset=utf-8"
	if strings.HasSuffix(name, ".js") {
		ct = "text/javascript; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(b)
}

// homeOf is a role's first page.
func homeOf(p *principal) string {
	switch p.Role {
	case RoleAdmin:
		return "/admin"
	case RoleLeader:
		return "/dashboard"
	}
	return "/upload"
}

func (s *Server) home(w http.ResponseWriter, r *http.Request, p *principal) {
	if p == nil {
		seeOther(w, r, "/login")
		return
	}
	seeOther(w, r, homeOf(p))
}

type loginData struct {
	Next, Name, Token string
}

// safeNext keeps a same-site path only: after trimming spaces it must
// start with a single "/" (not "//" or "/\\", which browsers read as
// another host) and hold no control character (browsers drop tabs and
// newlines, so "/\t/evil.example" becomes "//evil.example"), no backslash
// (read as "/") and no other whitespace.
func safeNext(next string) string {
	next = strings.TrimSpace(next)
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || len(next) > 2048 {
		return ""
	}
	for _, r := range next {
		if r == '\\' || unicode.IsControl(r) || unicode.IsSpace(r) || r == utf8.RuneError {
			return ""
		}
	}
	return next
}

// The login form is protected by a double-submit token: a random value in
// a SameSite=Strict cookie and the same value in the form.
func (s *Server) loginPage(w http.ResponseWriter, r *http.Request, p *principal) {
	if p != nil && p.via == "session" {
		seeOther(w, r, homeOf(p))
		return
	}
	s.showLogin(w, r, http.StatusOK, "", "")
}

func (s *Server) showLogin(w http.ResponseWriter, r *http.Request, status int, name, msg string) {
	tok := randomToken(24)
	http.SetCookie(w, &http.Cookie{Name: loginCSRFCookie, Value: tok, Path: "/login", MaxAge: 3600,
		HttpOnly: true, Secure: !s.cfg.InsecureCookies, SameSite: http.SameSiteStrictMode})
	s.render(w, status, "login", page{Title: "登录", Error: msg, Data: loginData{Next: safeNext(r.FormValue("next")), Name: name, Token: tok}})
}

func (s *Server) loginPost(w http.ResponseWriter, r *http.Request, _ *principal) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.showLogin(w, r, http.StatusBadRequest, "", "请求格式错误")
		return
	}
	c, err := r.Cookie(loginCSRFCookie)
	if err != nil || c.Value == "" || r.PostFormValue(csrfField) != c.Value {
		s.showLogin(w, r, http.StatusForbidden, "", "登录页面已过期，请重新输入")
		return
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	seen := s.creds.seen() // before the account is read
	a, err := s.passwordLogin(r.Context(), r, name, r.PostFormValue("password"), "form", seen)
	var ae *authErr
	switch {
	case errors.As(err, &ae):
		if ae.retry > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(int((ae.retry+time.Second-1)/time.Second)))
		}
		s.showLogin(w, r, ae.status, name, ae.msg)
		return
	case errors.Is(err, errBadLogin):
		s.showLogin(w, r, http.StatusUnauthorized, name, "账号或密码错误，或账号已停用")
		return
	case err != nil:
		s.failErr(w, r, false, nil, err)
		return
	}
	id, err := s.newSession(r.Context(), a, remoteAddr(r), seen)
	if errors.Is(err, errAccountChanged) {
		s.showLogin(w, r, http.StatusConflict, name, "账号信息刚刚变更，请重新登录")
		return
	}
	if err != nil {
		s.failErr(w, r, false, nil, err)
		return
	}
	s.audit(r.Context(), &principal{Account: a}, remoteAddr(r), a.UnitID, "login", "登录", true)
	s.setSessionCookie(w, id, int(s.cfg.SessionTTL.Seconds()))
	http.SetCookie(w, &http.Cookie{Name: loginCSRFCookie, Value: "", Path: "/login", MaxAge: -1, HttpOnly: true, Secure: !s.cfg.InsecureCookies, SameSite: http.SameSiteStrictMode})
	next := safeNext(r.PostFormValue("next"))
	if next == "" {
		next = homeOf(&principal{Account: a})
	}
	seeOther(w, r, next)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, p *principal) {
	if p.sessionHash != "" {
		err := s.auth.do(r.Context(), func(ctx context.Context) error {
			err := s.db.SessionDelete(ctx, p.sessionHash)
			s.creds.forget(p.sessionHash)
			if err == nil {
				s.auditLocked(ctx, p, remoteAddr(r), p.UnitID, "logout", "退出登录", true)
			}
			return err
		})
		if err != nil {
			s.failErr(w, r, false, p, err)
			return
		}
	}
	s.setSessionCookie(w, "", -1)
	seeOther(w, r, "/login")
}

// template serves the blank workbook of a ledger kind; a clerk's has the
// title filled in with the clerk's unit and the year (?year=, else this
// year: ledgers are kept as the year goes).
func (s *Server) template(w http.ResponseWriter, r *http.Request, p *principal) {
	name := strings.TrimSuffix(r.PathValue("kind"), ".xlsx")
	k := gongkai.KindByName(name)
	if k == nil {
		s.fail(w, r, isAPI(r), p, http.StatusNotFound, "没有这种台账："+name)
		return
	}
	unit, year := "", 0
	if p.is(RoleClerk) && !k.CountyWide {
		var err error
		if year, err = yearParam(r, s.cfg.Now().Year()); err != nil {
			s.failErr(w, r, isAPI(r), p, err)
			return
		}
		unit = p.Unit
	}
	tmp, err := os.CreateTemp(filepath.Join(s.cfg.FilesDir, "tmp"), "template-*.xlsx")
	if err != nil {
		s.failErr(w, r, isAPI(r), p, err)
		return
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	if err := ingest.WriteTemplateFor(k, tmp.Name(), unit, year); err != nil {
		s.failErr(w, r, isAPI(r), p, err)
		return
	}
	serveFile(w, r, tmp.Name(), k.Title+"模板.xlsx", xlsxType)
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// serveFile sends a server-side file as an attachment named display (an
// RFC 5987 UTF-8 name with an ASCII fallback).
func serveFile(w http.ResponseWriter, r *http.Request, path, display, ctype string) {
	f, err := os.Open(path)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		http.NotFound(w, r)
		return
	}
	setAttachment(w, display, ctype)
	http.ServeContent(w, r, "", st.ModTime(), f)
}

func setAttachment(w http.ResponseWriter, display, ctype string) {
	ascii := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == '/' {
			return -1
		}
		return r
	}, display)
	if strings.TrimSpace(strings.TrimSuffix(ascii, path.Ext(ascii))) == "" {
		ascii = "gongkai" + path.Ext(display)
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii, url.PathEscape(display)))
	w.Header().Set("Cache-Control", "no-store")
}

// yearParam reads ?year=, else def.
func yearParam(r *http.Request, def int) (int, error) {
	v := strings.TrimSpace(r.FormValue("year"))
	if v == "" {
		return def, nil
	}
	y, err := gongkai.ParseYear(v)
	if err != nil {
		return 0, badRequest("年度“%s”无效", v)
	}
	return int(y), nil
}

// defaultYear: the newest year with ledgers, else last year.
func (s *Server) defaultYear(ctx context.Context) int {
	if ys, err := s.dataYears(ctx); err == nil && len(ys) > 0 {
		return ys[0]
	}
	return s.cfg.Now().Year() - 1
}

type uploadView struct {
	Year    int
	Years   []int
	Kinds   []*gongkai.Kind
	Status  []KindStatus
	History []gongkai.Batch
	// Refusals are the unit's refused uploads (issue 15).
	Refusals []refusalRow
	KeepDays int // how long an annotated workbook is kept
	Results  []uploadResult
	Units    []gongkai.Unit // admins choose a unit (optional)
	County   bool           // Status is of the county-wide ledgers (the office's view)
	MaxSize  string
}

func (s *Server) uploadView(ctx context.Context, r *http.Request, p *principal) (*uploadView, error) {
	year, err := yearParam(r, s.defaultYear(ctx))
	if err != nil {
		return nil, err
	}
	// A clerk is offered the kinds a unit keeps; the office every kind.
	v := &uploadView{Year: year, Kinds: gongkai.Kinds, MaxSize: sizeText(s.cfg.MaxUploadBytes), KeepDays: int(s.cfg.AnnotatedTTL / (24 * time.Hour))}
	if p.Role == RoleClerk {
		v.Kinds = gongkai.UnitKinds()
	}
	now := s.cfg.Now().Year()
	for y := now; y >= now-4; y-- {
		v.Years = append(v.Years, y)
	}
	if p.Role == RoleClerk {
		if v.Status, err = s.unitStatus(ctx, p.UnitID, year); err != nil {
			return nil, err
		}
		if v.History, err = s.history(ctx, p.UnitID); err != nil {
			return nil, err
		}
		if v.Refusals, err = s.refusals(ctx, p.UnitID); err != nil {
			return nil, err
		}
	} else {
		if v.Units, err = s.db.Units(ctx); err != nil {
			return nil, err
		}
		if v.Status, err = s.countyStatus(ctx, year); err != nil {
			return nil, err
		}
		v.County = true
	}
	return v, nil
}

func (s *Server) uploadPage(w http.ResponseWriter, r *http.Request, p *principal) {
	v, err := s.uploadView(r.Context(), r, p)
	if err != nil {
		s.failErr(w, r, false, p, err)
		return
	}
	s.render(w, http.StatusOK, "upload", page{Title: "上传台账", Me: p, Data: v})
}

// uploadForm is the upload without JavaScript: a plain form post whose
// answer is the page with the results.
func (s *Server) uploadForm(w http.ResponseWriter, r *http.Request, p *principal) {
	results, err := s.upload(w, r, p)
	s.showResults(w, r, p, results, err)
}

// showResults answers a form post of files (an upload, a confirmed partial
// import) with the upload page and the results, or the error.
func (s *Server) showResults(w http.ResponseWriter, r *http.Request, p *principal, results []uploadResult, err error) {
	if err != nil {
		s.failErr(w, r, false, p, err)
		return
	}
	v, err := s.uploadView(r.Context(), r, p)
	if err != nil {
		s.failErr(w, r, false, p, err)
		return
	}
	v.Results = results
	s.render(w, http.StatusOK, "upload", page{Title: "上传结果", Me: p, Data: v})
}

// annotatedFile serves an annotated workbook to its unit's clerks and to admins.
func (s *Server) annotatedFile(w http.ResponseWriter, r *http.Request, p *principal) {
	id := r.PathValue("id")
	if len(id) != 32 || strings.Trim(id, "0123456789abcdef") != "" {
		s.fail(w, r, isAPI(r), p, http.StatusNotFound, "文件不存在")
		return
	}
	f, err := s.db.UploadFileGet(r.Context(), id)
	if err != nil {
		s.fail(w, r, isAPI(r), p, http.StatusNotFound, "文件不存在")
		return
	}
	if !(p.Role == RoleAdmin || (p.Role == RoleClerk && (f.UnitID == p.UnitID || (f.UnitID == 0 && f.AccountID == p.ID)))) {
		s.fail(w, r, isAPI(r), p, http.StatusForbidden, msgOtherUnit)
		return
	}
	if f.Created.Before(s.annotatedKept()) {
		s.fail(w, r, isAPI(r), p, http.StatusNotFound, fmt.Sprintf("错误标注文件已过期（保留 %d 天），请重新上传以得到新的标注文件", int(s.cfg.AnnotatedTTL/(24*time.Hour))))
		return
	}
	serveFile(w, r, filepath.Join(s.cfg.FilesDir, "annotated", id+".xlsx"), f.DisplayName, xlsxType)
}

// unitScoreView is a unit's result with its lost points and evidence.
type unitScoreView struct {
	Unit      unitInfo `json:"unit"`
	Year      int      `json:"year"`
	Published bool     `json:"published"`
	// Version is the version shown (0: the draft, an admin's view) and
	// VersionLabel its name (metrics.Label).
	Version      int                `json:"version"`
	VersionLabel string             `json:"version_label"`
	Score        *metrics.UnitScore `json:"score"`
	Losses       []metrics.Loss     `json:"losses"`
	// LostItems and BonusItems are Losses split for the page: a bonus is
	// listed under 加分, not among the lost points.
	LostItems  []metrics.Loss `json:"-"`
	BonusItems []metrics.Loss `json:"-"`
}

var errNotPublished = &httpError{http.StatusForbidden, "本年度考核结果尚未发布"}

// unitScore is the score of a unit for p: clerks (their own unit's) and
// leaders see the published version only, admins the draft (versionFor).
func (s *Server) unitScore(ctx context.Context, p *principal, u unitInfo, year int) (*unitScoreView, error) {
	pub, err := s.isPublished(ctx, year)
	if err != nil {
		return nil, err
	}
	v := &unitScoreView{Unit: u, Year: year, Published: pub, Losses: []metrics.Loss{}}
	if v.Version, v.VersionLabel, err = s.versionFor(ctx, p, year); err != nil {
		return v, err
	}
	res, err := metrics.ResultsOf(ctx, s.db, year, v.Version, u.Group)
	if err != nil {
		return nil, err
	}
	for i := range res {
		if res[i].UnitID == u.ID {
			v.Score = &res[i]
		}
	}
	if v.Score == nil {
		return v, &httpError{http.StatusNotFound, fmt.Sprintf("%s %d 年度尚无考核得分", u.Name, year)}
	}
	if v.Losses, err = metrics.ExplainOf(ctx, s.db, year, v.Version, u.ID); err != nil {
		return nil, err
	}
	if v.Losses == nil {
		v.Losses = []metrics.Loss{}
	}
	v.LostItems, v.BonusItems = metrics.Split(v.Losses)
	return v, nil
}

func (s *Server) unitParam(w http.ResponseWriter, r *http.Request, p *principal) (unitInfo, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(w, r, isAPI(r), p, http.StatusNotFound, errNoUnit.msg)
		return unitInfo{}, false
	}
	// The role check comes first, so a clerk learns nothing of other ids.
	if !p.canSeeUnit(id) {
		s.fail(w, r, isAPI(r), p, http.StatusForbidden, msgOtherUnit)
		return unitInfo{}, false
	}
	u, err := s.unit(r.Context(), id)
	if err != nil {
		s.failErr(w, r, isAPI(r), p, err)
		return unitInfo{}, false
	}
	return u, true
}

type unitPageView struct {
	Unit     unitInfo
	Year     int
	Years    []int
	Status   []KindStatus
	History  []gongkai.Batch
	Score    *unitScoreView
	ScoreMsg string
	// The unit's open applications and their deadlines, as of today.
	Deadlines *deadlinesView
	// The unit's 公开事项目录 of the year and what its checks found.
	Catalog *catalogView
	// The 人大代表建议和政协提案 the unit hosts in the year (nil: none).
	Proposals *proposalsView
	// The matters many asked the unit for and whether it has published
	// them, in the page's year (依申请公开转主动公开).
	Convert *metrics.ConvertReport
	// Declarations are the unit's 零报告 acts; CanDeclare, that the viewer
	// may declare for the unit (its clerk, an admin).
	Declarations []store.Declaration
	CanDeclare   bool
	// Refusals are the unit's refused uploads, web and CLI (issue 15).
	Refusals []refusalRow
	// Back is the way to where the user came from (breadcrumbs); From and
	// Group are kept by the year form so that the way stays.
	Back        []crumb
	From, Group string
	Facts       *unitFacts
	Charts      []dashChart
}

// crumb is a link of the breadcrumbs.
type crumb struct{ Title, Href string }

// unitFacts are the tiles of a unit's page.
type unitFacts struct {
	Score, Grade            string
	GradeColor              template.CSS
	Rank, GroupSize         int
	Vetoed                  bool
	ScoreChange, ScoreClass string
	RankChange, RankClass   string
}

// unitBack is the way back from a unit's page: to the cockpit of the same
// year and group when the user came from it (or is a leader), to the
// admin's list the user came from (the Referer, a page of this site), or to
// the role's first page.
func unitBack(r *http.Request, p *principal, year int, from, group string) []crumb {
	cockpit := func() []crumb {
		q := url.Values{"year": {strconv.Itoa(year)}}
		if group != "" {
			q.Set("group", group)
		}
		return []crumb{{"考核看板", "/dashboard?" + q.Encode()}}
	}
	switch {
	case p.Role == RoleLeader || (p.Role == RoleAdmin && from == "dashboard"):
		return cockpit()
	case p.Role == RoleClerk:
		return []crumb{{"上传台账", fmt.Sprintf("/upload?year=%d", year)}}
	}
	lists := map[string]string{"/admin/reminders": "催报", "/admin/batches": "上传批次", "/admin/review": "年报审核"}
	if ref, err := url.Parse(r.Referer()); err == nil && ref.Host == r.Host {
		if t, ok := lists[ref.Path]; ok {
			if back := safeNext(ref.RequestURI()); back != "" {
				return []crumb{{"管理首页", "/admin"}, {t, back}}
			}
		}
	}
	return []crumb{{"管理首页", "/admin"}}
}

func (s *Server) unitPage(w http.ResponseWriter, r *http.Request, p *principal) {
	u, ok := s.unitParam(w, r, p)
	if !ok {
		return
	}
	ctx := r.Context()
	year, err := yearParam(r, s.defaultYear(ctx))
	if err != nil {
		s.failErr(w, r, false, p, err)
		return
	}
	v := &unitPageView{Unit: u, Year: year, From: r.FormValue("from"), Group: strings.TrimSpace(r.FormValue("group"))}
	if v.From != "dashboard" {
		v.From = ""
	}
	v.Back = unitBack(r, p, year, v.From, v.Group)
	if v.Years, err = s.dataYears(ctx); err != nil {
		s.failErr(w, r, false, p, err)
		return
	}
	if v.Status, err = s.unitStatus(ctx, u.ID, year); err != nil {
		s.failErr(w, r, false, p, err)
		return
	}
	if v.History, err = s.history(ctx, u.ID); err != nil {
		s.failErr(w, r, false, p, err)
		return
	}
	if v.Refusals, err = s.refusals(ctx, u.ID); err != nil {
		s.failErr(w, r, false, p, err)
		return
	}
	if p.Role == RoleLeader { // the annotated workbooks are the clerks' and the office's
		for i := range v.Refusals {
			if v.Refusals[i].Annotated != "" {
				v.Refusals[i].Annotated, v.Refusals[i].Withheld = "", true
			}
		}
	}
	dl := &deadlinesView{unitFilter: unitFilter{UnitID: u.ID, Unit: u.Name}}
	if dl.DeadlineReport, err = metrics.DeadlinesReport(ctx, s.db, metrics.ChinaDate(s.cfg.Now()), u.ID); err != nil {
		s.failErr(w, r, false, p, err)
		return
	}
	v.Deadlines = dl
	if v.Catalog, err = s.unitCatalog(ctx, u.ID, year); err != nil {
		s.failErr(w, r, false, p, err)
		return
	}
	if v.Proposals, err = s.proposals(ctx, u.ID, year); err != nil {
		s.failErr(w, r, false, p, err)
		return
	}
	cv, err := s.convertReport(r, p, year, u.ID)
	if err != nil {
		s.failErr(w, r, false, p, err)
		return
	}
	v.Convert = &cv
	if v.Declarations, err = s.declarations(ctx, u.ID); err != nil {
		s.failErr(w, r, false, p, err)
		return
	}
	v.CanDeclare = p.Role == RoleAdmin || (p.Role == RoleClerk && p.UnitID == u.ID)
	sv, err := s.unitScore(ctx, p, u, year)
	var he *httpError
	switch {
	case err == nil:
		v.Score = sv
		if err := s.unitCharts(ctx, p, v); err != nil {
			s.failErr(w, r, false, p, err)
			return
		}
	case errors.As(err, &he):
		v.ScoreMsg = he.msg
	default:
		s.failErr(w, r, false, p, err)
		return
	}
	s.render(w, http.StatusOK, "unit", page{Title: u.Name, Me: p, Data: v, Charts: len(v.Charts) > 0})
}

// unitCharts fills a scored unit's tiles, its radar against the group's
// average and its trend over every scored year (a clerk's, over the
// published years only).
func (s *Server) unitCharts(ctx context.Context, p *principal, v *unitPageView) error {
	// The version the viewer was shown (unitScore): a clerk's or leader's
	// published one, an admin's draft.
	d, err := charts.Load(ctx, s.db, v.Year, charts.LoadOptions{ScoresOnly: true, Version: v.Score.Version})
	if err != nil {
		return err
	}
	if p.Role == RoleClerk {
		// Only years with published results: beside the version shown,
		// each earlier year's publication in force when it was published,
		// a later year's shown publication (charts.Load reads no other).
		// Not whether a year is published now: a later publication or
		// withdrawal of an earlier year does not change this version.
		var pub []int
		for _, y := range d.Years {
			if len(d.History[y]) > 0 {
				pub = append(pub, y)
			}
		}
		d.Years = pub
	}
	var cu *charts.Unit
	for _, x := range d.Units {
		if x.UnitID == v.Unit.ID {
			cu = x
		}
	}
	if cu == nil {
		return nil
	}
	size := 0
	for _, x := range d.Units {
		if x.Group == cu.Group {
			size++
		}
	}
	f := &unitFacts{Score: strconv.FormatFloat(cu.Normalized, 'f', 2, 64), Grade: cu.Grade, GradeColor: template.CSS(d.GradeColor(cu.Grade)),
		Rank: cu.Rank, GroupSize: size, Vetoed: cu.Vetoed}
	f.ScoreChange, f.ScoreClass, f.RankChange, f.RankClass = charts.Changes(cu.UnitScore)
	v.Facts = f
	for _, c := range []charts.Chart{d.RadarChart(cu), d.UnitTrendChart(cu)} {
		dc, err := toDashChart(c)
		if err != nil {
			return err
		}
		v.Charts = append(v.Charts, dc)
	}
	return nil
}

type dashPage struct {
	Cockpit *cockpit
	Years   []int
	Msg     string
}

// dashYears are the years p may choose on a dashboard, newest first: an
// admin's scored years, a leader's published ones.
func (s *Server) dashYears(ctx context.Context, p *principal) ([]int, error) {
	if p.Role == RoleAdmin {
		return s.scoredYears(ctx)
	}
	return s.publishedYears(ctx)
}

// dashYear reads the year a dashboard shows: the one asked, by default
// the newest of p's years (dashYears); none (0) when p has no year.
func (s *Server) dashYear(r *http.Request, p *principal) (years []int, year int, err error) {
	years, err = s.dashYears(r.Context(), p)
	if err != nil || len(years) == 0 {
		return years, 0, err
	}
	year, err = yearParam(r, years[0])
	return years, year, err
}

// dashboardPage is the cockpit (cockpit.go).
func (s *Server) dashboardPage(w http.ResponseWriter, r *http.Request, p *principal) {
	years, year, err := s.dashYear(r, p)
	if err != nil {
		s.failErr(w, r, false, p, err)
		return
	}
	dp := dashPage{Years: years}
	if len(years) == 0 {
		dp.Msg = "尚无考核得分：管理员导入考核细则并计算得分后，这里显示看板。"
		if p.Role != RoleAdmin {
			dp.Msg = "尚无已发布的考核结果：管理员发布后，这里显示看板。"
		}
		s.render(w, http.StatusOK, "dashboard", page{Title: "考核看板", Me: p, Data: dp})
		return
	}
	c, err := s.cockpitData(r.Context(), year, strings.TrimSpace(r.FormValue("group")), strings.TrimSpace(r.FormValue("grade")), p)
	var he *httpError
	if errors.As(err, &he) && he.status == http.StatusForbidden {
		dp.Msg = he.msg // not published yet, or withdrawn (versionFor)
		s.render(w, http.StatusOK, "dashboard", page{Title: "考核看板", Me: p, Data: dp})
		return
	}
	if errors.Is(err, charts.ErrNoScores) {
		dp.Msg = fmt.Sprintf("%d 年度尚无考核得分。", year)
		s.render(w, http.StatusOK, "dashboard", page{Title: "考核看板", Me: p, Data: dp})
		return
	}
	if err != nil {
		s.failErr(w, r, false, p, err)
		return
	}
	dp.Cockpit = c
	part, err := c.html(years)
	if err != nil {
		s.failErr(w, r, false, p, fmt.Errorf("dashcockpit: %w", err))
		return
	}
	s.render(w, http.StatusOK, "dashboard", page{Title: c.View.Title, Me: p, Data: dp, Charts: true, bulk: part})
}
