package server

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gongkai"
	"gongkai/charts"
	"gongkai/ingest"
	"gongkai/metrics"
	"gongkai/reports"
	"gongkai/store"
)

type adminView struct {
	Published []Published
	Scored    []int
	DataYears []int
	Counts    []store.KindCount
	Year      int
	Units     int
}

func (s *Server) adminView(ctx context.Context) (*adminView, error) {
	v := &adminView{Year: s.defaultYear(ctx)}
	var err error
	// Every year's latest version, withdrawals included: the office sees
	// what the units are shown.
	if _, v.Published, err = s.meta(ctx); err != nil {
		return nil, err
	}
	if v.Scored, err = s.scoredYears(ctx); err != nil {
		return nil, err
	}
	if v.DataYears, err = s.dataYears(ctx); err != nil {
		return nil, err
	}
	if v.Counts, err = s.db.KindCounts(ctx); err != nil {
		return nil, err
	}
	us, err := s.db.Units(ctx)
	if err != nil {
		return nil, err
	}
	v.Units = len(us)
	return v, nil
}

func (s *Server) adminPage(w http.ResponseWriter, r *http.Request, p *principal) {
	s.showAdmin(w, r, p, http.StatusOK, "", "")
}

func (s *Server) showAdmin(w http.ResponseWriter, r *http.Request, p *principal, status int, flash, errMsg string) {
	v, err := s.adminView(r.Context())
	if err != nil {
		s.failErr(w, r, false, p, err)
		return
	}
	s.render(w, status, "admin", page{Title: "管理", Me: p, Flash: flash, Error: errMsg, Data: v})
}

// done answers an admin action: JSON for the API, else the page it came
// from with a message.
func (s *Server) done(w http.ResponseWriter, r *http.Request, p *principal, status int, msg string, body any) {
	if isAPI(r) {
		if status >= 400 {
			writeJSONError(w, status, msg)
			return
		}
		writeJSON(w, status, body)
		return
	}
	back := "admin"
	if strings.HasPrefix(r.URL.Path, "/admin/accounts") {
		back = "accounts"
	} else if r.URL.Path == "/admin/restore" {
		back = "batches"
	}
	flash, errMsg := msg, ""
	if status >= 400 {
		flash, errMsg = "", msg
	}
	switch back {
	case "accounts":
		s.showAccounts(w, r, p, status, flash, errMsg)
	case "batches":
		s.showBatches(w, r, p, status, flash, errMsg)
	default:
		s.showAdmin(w, r, p, status, flash, errMsg)
	}
}

// doneErr answers an error of an admin action.
func (s *Server) doneErr(w http.ResponseWriter, r *http.Request, p *principal, err error) {
	var he *httpError
	var ae *ErrAccount
	switch {
	case errors.As(err, &he):
		s.done(w, r, p, he.status, he.msg, nil)
	case errors.As(err, &ae):
		s.done(w, r, p, http.StatusBadRequest, ae.Reason, nil)
	default:
		s.failErr(w, r, isAPI(r), p, err)
	}
}

// readOneFile reads an admin's upload of one file (what it should be, for
// the message) and checks its CSRF token, which a streamed form only
// yields once read. On error no file is left behind.
func (s *Server) readOneFile(w http.ResponseWriter, r *http.Request, p *principal, what string) (*uploadForm, error) {
	f, err := s.readUpload(w, r, ledgerUpload)
	if err != nil {
		return nil, err
	}
	if err := f.checkCSRF(r, p); err != nil {
		f.cleanup()
		return nil, err
	}
	if len(f.files) != 1 {
		f.cleanup()
		return nil, badRequest("请只上传一个%s文件", what)
	}
	return f, nil
}

// oneFile hands act an admin's upload of one file (readOneFile), removed
// after; a refused upload is answered as the action's error (doneErr).
func (s *Server) oneFile(w http.ResponseWriter, r *http.Request, p *principal, what string,
	act func(w http.ResponseWriter, r *http.Request, p *principal, f *uploadForm)) {
	f, err := s.readOneFile(w, r, p, what)
	if err != nil {
		s.doneErr(w, r, p, err)
		return
	}
	defer f.cleanup()
	act(w, r, p, f)
}

// adminUnits loads a unit registry file (单位名录).
func (s *Server) adminUnits(w http.ResponseWriter, r *http.Request, p *principal) {
	s.oneFile(w, r, p, "单位名录", s.loadUnits)
}

func (s *Server) loadUnits(w http.ResponseWriter, r *http.Request, p *principal, f *uploadForm) {
	var res ingest.UnitsResult
	err := s.q.do(r.Context(), func(ctx context.Context) error {
		res = ingest.LoadUnits(ctx, s.db, f.files[0].path)
		res.File = f.files[0].name
		detail := fmt.Sprintf("%s：新增 %d 个，更新 %d 个", res.File, res.Added, res.Updated)
		if res.Status != ingest.StatusLoaded {
			detail = fmt.Sprintf("%s：已拒收（%s）", res.File, res.Reason)
		}
		s.auditLocked(ctx, p, remoteAddr(r), 0, "units", detail, res.Status == ingest.StatusLoaded)
		return nil
	})
	if err != nil {
		s.doneErr(w, r, p, err)
		return
	}
	if res.Status != ingest.StatusLoaded {
		msg := "单位名录已拒收：" + res.Reason
		for i, e := range res.Errors {
			if i == 10 {
				msg += fmt.Sprintf("；……另有 %d 处错误", len(res.Errors)-10)
				break
			}
			msg += fmt.Sprintf("；第 %d 行“%s”：%s", e.Row, e.Column, e.Reason)
		}
		if isAPI(r) {
			writeJSON(w, http.StatusUnprocessableEntity, res)
			return
		}
		s.done(w, r, p, http.StatusUnprocessableEntity, msg, nil)
		return
	}
	s.done(w, r, p, http.StatusOK, fmt.Sprintf("单位名录已导入：新增 %d 个，更新 %d 个", res.Added, res.Updated), res)
}

// adminScheme loads the year's 考核细则 (YAML or xlsx, told apart by content).
func (s *Server) adminScheme(w http.ResponseWriter, r *http.Request, p *principal) {
	s.oneFile(w, r, p, "考核细则", s.loadScheme)
}

func (s *Server) loadScheme(w http.ResponseWriter, r *http.Request, p *principal, f *uploadForm) {
	up := f.files[0]
	head := make([]byte, 4)
	if fh, err := os.Open(up.path); err == nil {
		io.ReadFull(fh, head)
		fh.Close()
	}
	ext := ".yaml"
	if bytes.Equal(head, []byte("PK\x03\x04")) {
		ext = ".xlsx"
	}
	typed := up.path + ext
	if err := os.Rename(up.path, typed); err != nil {
		s.doneErr(w, r, p, err)
		return
	}
	f.files[0].path = typed
	sc, err := metrics.ParseSchemeFile(typed)
	var ve *metrics.ValidationError
	if errors.As(err, &ve) {
		// It names the file it read, a temporary one: the admin knows
		// their file by the name they uploaded it under.
		ve.File = up.name
	}
	if err != nil {
		s.audit(r.Context(), p, remoteAddr(r), 0, "scheme", fmt.Sprintf("%s：已拒收（%v）", up.name, err), false)
		s.done(w, r, p, http.StatusUnprocessableEntity, "考核细则有误："+err.Error(), nil)
		return
	}
	allow := f.extra["allow_under_4pct"] == "1" || f.extra["allow_under_4pct"] == "true" || f.extra["allow_under_4pct"] == "on"
	err = s.q.do(r.Context(), func(ctx context.Context) error {
		err := metrics.LoadScheme(ctx, s.db, sc, up.name, metrics.LoadOptions{AllowUnder4Pct: allow})
		detail := fmt.Sprintf("%s：%d 年度考核细则“%s”", up.name, sc.Year, sc.Name)
		if err != nil {
			detail += "，已拒收（" + err.Error() + "）"
		}
		s.auditLocked(ctx, p, remoteAddr(r), 0, "scheme", detail, err == nil)
		return err
	})
	if errors.As(err, &ve) || errors.Is(err, metrics.ErrUnder4Pct) {
		s.done(w, r, p, http.StatusUnprocessableEntity, "考核细则有误："+err.Error(), nil)
		return
	}
	if err != nil {
		s.doneErr(w, r, p, err)
		return
	}
	s.done(w, r, p, http.StatusOK, fmt.Sprintf("已导入 %d 年度考核细则“%s”", sc.Year, sc.Name),
		map[string]any{"year": sc.Year, "name": sc.Name, "file": up.name})
}

// formYear reads the year from the path ({year}) or the form.
func formYear(r *http.Request) (int, error) {
	v := r.PathValue("year")
	if v == "" {
		v = r.FormValue("year")
	}
	y, err := gongkai.ParseYear(v)
	if err != nil {
		return 0, badRequest("请指定有效的年度")
	}
	return int(y), nil
}

func (s *Server) adminScore(w http.ResponseWriter, r *http.Request, p *principal) {
	year, err := formYear(r)
	if err != nil {
		s.doneErr(w, r, p, err)
		return
	}
	var n int
	err = s.q.do(r.Context(), func(ctx context.Context) error {
		err := metrics.Score(ctx, s.db, year)
		if err == nil {
			var res []metrics.UnitScore
			res, err = metrics.Results(ctx, s.db, year, "")
			n = len(res)
		}
		detail := fmt.Sprintf("计算 %d 年度得分：%d 个单位", year, n)
		if err != nil {
			detail = fmt.Sprintf("计算 %d 年度得分失败：%v", year, err)
		}
		s.auditLocked(ctx, p, remoteAddr(r), 0, "score", detail, err == nil)
		return err
	})
	if err == nil {
		s.dropDash()
	}
	if errors.Is(err, metrics.ErrNoScheme) {
		s.done(w, r, p, http.StatusUnprocessableEntity, err.Error()+"，请先导入考核细则", nil)
		return
	}
	if err != nil {
		s.doneErr(w, r, p, err)
		return
	}
	msg := fmt.Sprintf("已计算 %d 年度得分：%d 个单位", year, n)
	// A published year keeps its version: the new scores are the draft.
	if v, _ := s.latestVersion(r.Context(), year); v != nil {
		msg += fmt.Sprintf("。这是草稿，各单位看到的仍是%s；发布前请在“版本与差异”页核对变化", versionState(v))
	}
	s.done(w, r, p, http.StatusOK, msg, map[string]any{"year": year, "units": n, "draft": true})
}

type accountsView struct {
	Accounts []Account
	Units    []gongkai.Unit
}

func (s *Server) accountsPage(w http.ResponseWriter, r *http.Request, p *principal) {
	s.showAccounts(w, r, p, http.StatusOK, "", "")
}

func (s *Server) showAccounts(w http.ResponseWriter, r *http.Request, p *principal, status int, flash, errMsg string) {
	as, err := Accounts(r.Context(), s.db)
	if err != nil {
		s.failErr(w, r, false, p, err)
		return
	}
	us, err := s.db.Units(r.Context())
	if err != nil {
		s.failErr(w, r, false, p, err)
		return
	}
	s.render(w, status, "accounts", page{Title: "账号管理", Me: p, Flash: flash, Error: errMsg, Data: accountsView{as, us}})
}

func (s *Server) adminAddAccount(w http.ResponseWriter, r *http.Request, p *principal) {
	na := NewAccount{Name: strings.TrimSpace(r.FormValue("name")), Role: r.FormValue("role"), Unit: strings.TrimSpace(r.FormValue("unit")), Password: r.FormValue("password")}
	var a Account
	err := s.auth.do(r.Context(), func(ctx context.Context) error {
		var err error
		a, err = AddAccount(ctx, s.db, na, s.cfg.BcryptCost)
		detail := fmt.Sprintf("新建账号 %s（%s%s）", na.Name, RoleTitle(na.Role), map[bool]string{true: "，" + a.Unit}[a.Unit != ""])
		if err != nil {
			detail += "失败：" + err.Error()
		}
		s.auditLocked(ctx, p, remoteAddr(r), a.UnitID, "account", detail, err == nil)
		return err
	})
	if err != nil {
		s.doneErr(w, r, p, err)
		return
	}
	s.done(w, r, p, http.StatusCreated, fmt.Sprintf("已新建账号 %s（%s）", a.Name, RoleTitle(a.Role)), a)
}

func (s *Server) accountAction(w http.ResponseWriter, r *http.Request, p *principal, action string, fn func(ctx context.Context, name string) error) {
	name := r.PathValue("name")
	if _, _, err := accountByName(r.Context(), s.db.Queries, name); err != nil {
		if errors.Is(err, errNoAccount) {
			s.done(w, r, p, http.StatusNotFound, "没有账号“"+name+"”", nil)
			return
		}
		s.doneErr(w, r, p, err)
		return
	}
	err := s.auth.do(r.Context(), func(ctx context.Context) error {
		err := fn(ctx, name)
		s.creds.forgetAccount(name)
		detail := action + " " + name
		if err != nil {
			detail += "失败：" + err.Error()
		}
		s.auditLocked(ctx, p, remoteAddr(r), 0, "account", detail, err == nil)
		return err
	})
	if err != nil {
		s.doneErr(w, r, p, err)
		return
	}
	s.done(w, r, p, http.StatusOK, action+" "+name+" 完成", map[string]any{"name": name, "done": action})
}

func (s *Server) adminSetPassword(w http.ResponseWriter, r *http.Request, p *principal) {
	pw := r.FormValue("password")
	s.accountAction(w, r, p, "重设密码", func(ctx context.Context, name string) error {
		return SetPassword(ctx, s.db, name, pw, s.cfg.BcryptCost)
	})
}

func (s *Server) setDisabled(w http.ResponseWriter, r *http.Request, p *principal, disabled bool) {
	action := "启用账号"
	if disabled {
		action = "停用账号"
	}
	if disabled && r.PathValue("name") == p.Name {
		s.done(w, r, p, http.StatusBadRequest, "不能停用自己的账号", nil)
		return
	}
	s.accountAction(w, r, p, action, func(ctx context.Context, name string) error {
		return s.db.InTx(ctx, func(q *store.Queries) error {
			if err := q.AccountDisable(ctx, name, disabled); err != nil {
				return err
			}
			if disabled {
				a, _, err := accountByName(ctx, q, name)
				if err != nil {
					return err
				}
				return endCredentials(ctx, q, a.ID)
			}
			return nil
		})
	})
}

func (s *Server) adminDisable(w http.ResponseWriter, r *http.Request, p *principal) {
	s.setDisabled(w, r, p, true)
}

func (s *Server) adminEnable(w http.ResponseWriter, r *http.Request, p *principal) {
	s.setDisabled(w, r, p, false)
}

type remindersView struct {
	Year      int
	Kinds     []*gongkai.Kind
	Chosen    map[string]bool
	Reminders []Reminder
	Missing   int
	Query     string
}

// reminderArgs reads ?year= and ?kind= (repeated or comma-separated).
func (s *Server) reminderArgs(r *http.Request) (int, []string, error) {
	year, err := yearParam(r, s.defaultYear(r.Context()))
	if err != nil {
		return 0, nil, err
	}
	var kinds []string
	for _, v := range r.Form["kind"] {
		for _, k := range strings.Split(v, ",") {
			if k = strings.TrimSpace(k); k == "" {
				continue
			}
			kind := gongkai.KindByName(k)
			if kind == nil {
				return 0, nil, badRequest("未知的台账类型“%s”", k)
			}
			if kind.CountyWide {
				return 0, nil, badRequest("“%s”是全县的台账，由政务公开科统一上传，不向单位催报", kind.Title)
			}
			kinds = append(kinds, k)
		}
	}
	if len(kinds) == 0 {
		kinds = DefaultReminderKinds
	}
	return year, kinds, nil
}

// remindersOf is the reminders for the request's year and kinds
// (reminderArgs).
func (s *Server) remindersOf(r *http.Request) (year int, kinds []string, rs []Reminder, err error) {
	if year, kinds, err = s.reminderArgs(r); err != nil {
		return 0, nil, nil, err
	}
	rs, err = s.reminders(r.Context(), year, kinds)
	return year, kinds, rs, err
}

func (s *Server) remindersPage(w http.ResponseWriter, r *http.Request, p *principal) {
	r.ParseForm()
	year, kinds, rs, err := s.remindersOf(r)
	if err != nil {
		s.failErr(w, r, false, p, err)
		return
	}
	if r.FormValue("format") == "csv" {
		s.remindersCSV(w, year, rs)
		return
	}
	v := remindersView{Year: year, Kinds: gongkai.UnitKinds(), Chosen: map[string]bool{}, Reminders: rs}
	q := []string{"year=" + strconv.Itoa(year)}
	for _, k := range kinds {
		v.Chosen[k] = true
		q = append(q, "kind="+k)
	}
	v.Query = strings.Join(q, "&")
	for _, x := range rs {
		v.Missing += len(x.Missing)
	}
	s.render(w, http.StatusOK, "reminders", page{Title: "催报", Me: p, Data: v})
}

func (s *Server) remindersCSV(w http.ResponseWriter, year int, rs []Reminder) {
	var buf bytes.Buffer
	buf.WriteString("\ufeff") // Excel reads UTF-8 with a BOM
	cw := csv.NewWriter(&buf)
	cw.Write([]string{"考核分组", "单位", "未上传的台账"})
	// "；" between ledgers: their titles contain "、" (规范性文件及政策解读台账,
	// 行政复议、行政诉讼台账).
	for _, x := range rs {
		cw.Write([]string{charts.SafeText(x.Group), charts.SafeText(x.Unit), charts.SafeText(strings.Join(x.Titles, "；"))})
	}
	cw.Flush()
	setAttachment(w, fmt.Sprintf("%d年度催报名单.csv", year), "text/csv; charset=utf-8")
	w.Write(buf.Bytes())
}

func (s *Server) adminRestore(w http.ResponseWriter, r *http.Request, p *principal) {
	v := r.PathValue("id")
	if v == "" {
		v = r.FormValue("batch")
	}
	id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || id <= 0 {
		s.done(w, r, p, http.StatusBadRequest, "批次号无效", nil)
		return
	}
	// An unknown batch leaves b empty: Restore refuses it, and the audit
	// says so.
	b, _ := s.db.BatchUnit(r.Context(), id)
	err = s.q.do(r.Context(), func(ctx context.Context) error {
		err := s.db.Restore(ctx, id)
		detail := fmt.Sprintf("恢复第 %d 批次（%s，%d年）为生效批次", id, kindTitle(b.Kind), b.Year)
		if err != nil {
			detail += "失败：" + err.Error()
		}
		s.auditLocked(ctx, p, remoteAddr(r), b.UnitID, "restore", detail, err == nil)
		return err
	})
	if errors.Is(err, store.ErrNoBatch) {
		s.done(w, r, p, http.StatusNotFound, err.Error(), nil)
		return
	}
	if err != nil {
		s.doneErr(w, r, p, err)
		return
	}
	s.done(w, r, p, http.StatusOK, fmt.Sprintf("第 %d 批次已恢复为生效批次", id), map[string]any{"batch_id": id, "restored": true})
}

// auditPageSize is how many entries a page of the audit log shows.
const auditPageSize = 100

type auditView struct {
	Filter   store.AuditFilter
	Entries  []AuditEntry
	Accounts []Account
	Actions  []struct{ Code, Title string }
	Total    int
	Page     int
	Pages    int
	// Query is the filter as the start of a query string ("" or ending
	// in "&"), for the pager's links.
	Query template.URL
}

// auditPage is the audit log a page at a time (newest first), filtered by
// account, action and days.
func (s *Server) auditPage(w http.ResponseWriter, r *http.Request, p *principal) {
	v, err := s.auditView(r)
	if err != nil {
		s.failErr(w, r, false, p, err)
		return
	}
	s.render(w, http.StatusOK, "audit", page{Title: "审计日志", Me: p, Data: v})
}

// auditView reads the request's filter and page of the audit log, with the
// filter's choices and the pager's query.
func (s *Server) auditView(r *http.Request) (*auditView, error) {
	ctx := r.Context()
	f, err := auditFilter(r)
	if err != nil {
		return nil, err
	}
	v := &auditView{Filter: f, Actions: auditActions, Page: 1}
	if n, err := strconv.Atoi(r.FormValue("page")); err == nil && n > 1 {
		v.Page = n
	}
	if v.Total, err = s.db.AuditCount(ctx, f); err != nil {
		return nil, err
	}
	v.Pages = max(1, (v.Total+auditPageSize-1)/auditPageSize)
	v.Page = min(v.Page, v.Pages)
	if v.Entries, err = s.auditList(ctx, f, auditPageSize, (v.Page-1)*auditPageSize); err != nil {
		return nil, err
	}
	if v.Accounts, err = Accounts(ctx, s.db); err != nil {
		return nil, err
	}
	q := url.Values{}
	for k, val := range map[string]string{"account": f.Account, "action": f.Action, "from": f.From, "to": f.To} {
		if val != "" {
			q.Set(k, val)
		}
	}
	if len(q) > 0 {
		v.Query = template.URL(q.Encode() + "&")
	}
	return v, nil
}

// download answers a download of the year asked (formYear) that write
// makes, or the error as the page's or the API's (failErr).
func (s *Server) download(w http.ResponseWriter, r *http.Request, p *principal,
	write func(w http.ResponseWriter, r *http.Request, p *principal, year int) error) {
	year, err := formYear(r)
	if err == nil {
		err = write(w, r, p, year)
	}
	if err != nil {
		s.failErr(w, r, isAPI(r), p, err)
	}
}

// rankingsDownload: the ranking workbook of package charts (xlsx), or CSV.
func (s *Server) rankingsDownload(w http.ResponseWriter, r *http.Request, p *principal) {
	s.download(w, r, p, s.writeRankings)
}

func (s *Server) writeRankings(w http.ResponseWriter, r *http.Request, p *principal, year int) error {
	ctx := r.Context()
	n, label, err := s.exportVersion(r, p, year)
	if err != nil {
		return err
	}
	if r.FormValue("format") == "csv" {
		res, err := metrics.ResultsOf(ctx, s.db, year, n, "")
		if err != nil {
			return err
		}
		if len(res) == 0 {
			return &httpError{http.StatusNotFound, fmt.Sprintf("%d 年度尚无考核得分", year)}
		}
		var buf bytes.Buffer
		buf.WriteString("\ufeff")
		cw := csv.NewWriter(&buf)
		// The last column names the version shown (issue 15).
		cw.Write([]string{"考核分组", "名次", "单位", "得分", "等次", "一票否决", "基础分", "加分", "折算综合考核分", "结果版本"})
		for _, u := range res {
			veto := ""
			if u.Vetoed {
				veto = "是"
			}
			cw.Write([]string{charts.SafeText(u.Group), strconv.Itoa(u.Rank), charts.SafeText(u.Unit), strconv.FormatFloat(u.Normalized, 'f', 2, 64),
				charts.SafeText(u.Grade), veto, strconv.FormatFloat(u.Base, 'f', -1, 64), strconv.FormatFloat(u.Bonus, 'f', -1, 64), strconv.FormatFloat(u.OverallPoints, 'f', -1, 64), label})
		}
		cw.Flush()
		setAttachment(w, fmt.Sprintf("%d年度考核排名（%s）.csv", year, versionShort(n)), "text/csv; charset=utf-8")
		w.Write(buf.Bytes())
		return nil
	}
	tmp, err := os.MkdirTemp(filepath.Join(s.cfg.FilesDir, "tmp"), "rank-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "rank.xlsx")
	if _, err := charts.WriteWorkbook(ctx, s.db, year, n, out); err != nil {
		if errors.Is(err, charts.ErrNoScores) {
			return &httpError{http.StatusNotFound, err.Error()}
		}
		return err
	}
	serveFile(w, r, out, fmt.Sprintf("%d年度政务公开考核排名（%s）.xlsx", year, versionShort(n)), xlsxType)
	return nil
}

// annualReportDownload: the annual-report tables derived from the ledgers
// (reports.WriteXLSX), of one unit (?unit=ID) or of every unit.
func (s *Server) annualReportDownload(w http.ResponseWriter, r *http.Request, p *principal) {
	s.download(w, r, p, s.writeAnnualReport)
}

func (s *Server) writeAnnualReport(w http.ResponseWriter, r *http.Request, _ *principal, year int) error {
	ctx := r.Context()
	var rs []*reports.Report
	name := fmt.Sprintf("%d年度政府信息公开工作年度报告（全部单位）.xlsx", year)
	if v := r.FormValue("unit"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return badRequest("单位编号无效")
		}
		u, err := s.unit(ctx, id)
		if err != nil {
			return err
		}
		d, err := reports.Derive(ctx, s.db, year, id, reports.DeriveOptions{Rollup: r.FormValue("rollup") == "1"})
		if err != nil {
			return err
		}
		rs = append(rs, d.Report)
		name = fmt.Sprintf("%s%d年度政府信息公开工作年度报告.xlsx", u.Name, year)
	} else {
		all, err := reports.DeriveAll(ctx, s.db, year, reports.DeriveOptions{})
		if err != nil {
			return err
		}
		for _, d := range all {
			rs = append(rs, d.Report)
		}
	}
	if len(rs) == 0 {
		return &httpError{http.StatusNotFound, "没有可推算年度报告的单位"}
	}
	var buf bytes.Buffer
	if err := reports.WriteXLSX(&buf, rs...); err != nil {
		return err
	}
	setAttachment(w, name, xlsxType)
	w.Write(buf.Bytes())
	return nil
}
