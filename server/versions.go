package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"gongkai"
	"gongkai/metrics"
	"gongkai/store"
)

// Versions of a year's results (issue 15): publishing freezes the draft as
// the next version, which clerks and leaders then see; scoring again only
// changes the draft, which the admin compares with the published version
// here before publishing it (a confirmation step with a reason).

// versionState says what the units see of a year: "第2版（2026-12-05 发布）".
func versionState(v *Published) string {
	return metrics.Label(v)
}

// versionShort names version n in a file name: 第2版 or 草稿.
func versionShort(n int) string {
	if n == metrics.Draft {
		return "草稿"
	}
	return fmt.Sprintf("第%d版", n)
}

// exportVersion is the version of a year an export shows p, with its
// label: versionFor's, except that an admin may ask for a version.
func (s *Server) exportVersion(r *http.Request, p *principal, year int) (int, string, error) {
	ctx := r.Context()
	if p.Role == RoleAdmin && r.FormValue("version") != "" {
		n, err := strconv.Atoi(r.FormValue("version"))
		if err != nil || n < 0 {
			return 0, "", badRequest("版本号无效")
		}
		if n == metrics.Draft {
			return n, metrics.Label(nil), nil
		}
		v, err := metrics.VersionOf(ctx, s.db, year, n)
		if err != nil {
			return 0, "", versionErr(err)
		}
		if v.State != store.VersionPublished {
			return 0, "", &httpError{http.StatusNotFound, fmt.Sprintf("%d 年度第%d版是撤回记录，没有考核结果", year, n)}
		}
		return n, metrics.Label(&v), nil
	}
	return s.versionFor(ctx, p, year)
}

// versionErr turns metrics' refusals into answers.
func versionErr(err error) error {
	switch {
	case gongkai.ErrorCode(err) == gongkai.ENOTFOUND:
		return &httpError{http.StatusNotFound, gongkai.ErrorMessage(err)}
	case errors.Is(err, metrics.ErrNoReason), errors.Is(err, metrics.ErrNotScored), errors.Is(err, metrics.ErrScoresStale):
		return &httpError{http.StatusUnprocessableEntity, err.Error()}
	}
	return err
}

// confirmView is the confirmation step of publishing a year that has a
// version: what would change, and the form that confirms.
type confirmView struct {
	Year    int
	Message string
	Reason  string
	Diff    *metrics.VersionDiff
}

// versionForm reads the form of a publication or a withdrawal: the year
// and the reason given.
func versionForm(r *http.Request) (int, string, error) {
	year, err := formYear(r)
	return year, strings.TrimSpace(r.FormValue("reason")), err
}

// versionDone answers a publication or a withdrawal the queue has run: its
// error, or msg with the new version (the dashboards show it from now on).
func (s *Server) versionDone(w http.ResponseWriter, r *http.Request, p *principal, err error, year int, v metrics.Version, published bool, msg string) {
	if err != nil {
		s.doneErr(w, r, p, versionErr(err))
		return
	}
	s.dropDash()
	s.done(w, r, p, http.StatusOK, msg, map[string]any{"year": year, "published": published, "version": v})
}

func (s *Server) adminPublish(w http.ResponseWriter, r *http.Request, p *principal) {
	year, reason, err := versionForm(r)
	if err != nil {
		s.doneErr(w, r, p, err)
		return
	}
	confirm, _ := strconv.ParseBool(r.FormValue("confirm"))
	req := metrics.PublishRequest{Year: year, By: p.Name, Reason: reason, Confirm: confirm}
	var v metrics.Version
	err = s.q.do(r.Context(), func(ctx context.Context) error {
		var err error
		v, err = metrics.Publish(ctx, s.db, req)
		switch {
		case err == nil:
			s.auditLocked(ctx, p, remoteAddr(r), 0, "publish", fmt.Sprintf("发布 %d 年度考核结果%s（%d 个单位）：%s", year, metrics.Label(&v), v.Units, reason), true)
		case gongkai.ErrorCode(err) == gongkai.EPUBLISHED:
			// Only a question: nothing happened yet.
		default:
			s.auditLocked(ctx, p, remoteAddr(r), 0, "publish", fmt.Sprintf("发布 %d 年度考核结果失败：%v", year, err), false)
		}
		return err
	})
	if gongkai.ErrorCode(err) == gongkai.EPUBLISHED {
		s.confirmPublish(w, r, p, year, reason, gongkai.ErrorMessage(err))
		return
	}
	s.versionDone(w, r, p, err, year, v, true, fmt.Sprintf("已发布 %d 年度考核结果%s，各单位填报员和领导看到的是这一版", year, metrics.Label(&v)))
}

// confirmPublish answers a publication that needs confirming: the diff of
// the year's latest publication and the draft, as the confirmation page or
// as JSON (409) for the API.
func (s *Server) confirmPublish(w http.ResponseWriter, r *http.Request, p *principal, year int, reason, msg string) {
	ctx := r.Context()
	var d *metrics.VersionDiff
	if v, ok, _, err := metrics.Published(ctx, s.db, year); err != nil {
		s.doneErr(w, r, p, err)
		return
	} else if ok {
		if d, err = metrics.Diff(ctx, s.db, year, v.Version, metrics.Draft); err != nil {
			s.doneErr(w, r, p, err)
			return
		}
	}
	msg += "。请核对以下变化，填写理由后确认发布"
	if isAPI(r) {
		writeJSON(w, http.StatusConflict, map[string]any{"error": msg, "diff": d})
		return
	}
	s.render(w, http.StatusOK, "publish_confirm", page{Title: fmt.Sprintf("确认发布 %d 年度考核结果", year), Me: p,
		Data: confirmView{Year: year, Message: msg, Reason: reason, Diff: d}})
}

func (s *Server) adminWithdraw(w http.ResponseWriter, r *http.Request, p *principal) {
	year, reason, err := versionForm(r)
	if err != nil {
		s.doneErr(w, r, p, err)
		return
	}
	var v metrics.Version
	err = s.q.do(r.Context(), func(ctx context.Context) error {
		var err error
		v, err = metrics.Withdraw(ctx, s.db, year, p.Name, reason)
		detail := fmt.Sprintf("撤回 %d 年度考核结果，记为%s：%s", year, metrics.Label(&v), reason)
		if err != nil {
			detail = fmt.Sprintf("撤回 %d 年度考核结果失败：%v", year, err)
		}
		s.auditLocked(ctx, p, remoteAddr(r), 0, "withdraw", detail, err == nil)
		return err
	})
	s.versionDone(w, r, p, err, year, v, false, fmt.Sprintf("已撤回 %d 年度考核结果（%s），各单位将看到结果已撤回", year, metrics.Label(&v)))
}

// versionsView is the versions page of a year: every version, the diff of
// the published version and the draft, and one version's ranking.
type versionsView struct {
	Year     int
	Years    []int
	Versions []metrics.Version
	Diff     *metrics.VersionDiff
	Shown    int // the version whose ranking is shown, 0 none
	Label    string
	Results  []metrics.UnitScore
	CanWith  bool // the latest version is a publication
}

func (s *Server) versionsPage(w http.ResponseWriter, r *http.Request, p *principal) {
	ctx := r.Context()
	years, err := s.scoredYears(ctx)
	if err != nil {
		s.failErr(w, r, false, p, err)
		return
	}
	def := s.defaultYear(ctx)
	if len(years) > 0 {
		def = years[0]
	}
	year, err := yearParam(r, def)
	if err != nil {
		s.failErr(w, r, false, p, err)
		return
	}
	v := versionsView{Year: year, Years: years}
	if v.Versions, err = metrics.Versions(ctx, s.db, year); err != nil {
		s.failErr(w, r, false, p, err)
		return
	}
	if n := len(v.Versions); n > 0 {
		v.CanWith = v.Versions[n-1].State == store.VersionPublished
	}
	pub, ok, _, err := metrics.Published(ctx, s.db, year)
	if err != nil {
		s.failErr(w, r, false, p, err)
		return
	}
	if ok {
		if v.Diff, err = metrics.Diff(ctx, s.db, year, pub.Version, metrics.Draft); err != nil {
			s.failErr(w, r, false, p, err)
			return
		}
	}
	if sv := r.FormValue("show"); sv != "" {
		n, err := strconv.Atoi(sv)
		if err != nil || n < 1 {
			s.fail(w, r, false, p, http.StatusBadRequest, "版本号无效")
			return
		}
		ver, res, err := s.versionResults(ctx, year, n)
		if err != nil {
			s.failErr(w, r, false, p, err)
			return
		}
		v.Shown, v.Label, v.Results = n, metrics.Label(&ver), res
	}
	s.render(w, http.StatusOK, "versions", page{Title: fmt.Sprintf("%d 年度考核结果版本", year), Me: p, Data: v})
}

// versionResults reads version n of a year and its ranking.
func (s *Server) versionResults(ctx context.Context, year, n int) (metrics.Version, []metrics.UnitScore, error) {
	v, err := metrics.VersionOf(ctx, s.db, year, n)
	if err != nil {
		return v, nil, versionErr(err)
	}
	res, err := metrics.ResultsOf(ctx, s.db, year, n, "")
	return v, res, err
}

// apiVersions lists a year's versions.
func (s *Server) apiVersions(w http.ResponseWriter, r *http.Request, p *principal) {
	year, err := formYear(r)
	var vs []metrics.Version
	if err == nil {
		vs, err = metrics.Versions(r.Context(), s.db, year)
	}
	s.reply(w, r, p, orEmpty(vs), err)
}

// apiVersion is one published version's results with their explanations:
// readable for ever, whatever came after.
func (s *Server) apiVersion(w http.ResponseWriter, r *http.Request, p *principal) {
	v, err := s.versionAnswer(r)
	s.reply(w, r, p, v, err)
}

// versionAnswer reads the path's year and version number and the
// version's results and explanations.
func (s *Server) versionAnswer(r *http.Request) (map[string]any, error) {
	year, err := formYear(r)
	if err != nil {
		return nil, err
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 {
		return nil, &httpError{http.StatusNotFound, "版本号无效"}
	}
	v, res, err := s.versionResults(r.Context(), year, n)
	if err != nil {
		return nil, err
	}
	losses, err := metrics.ExplainAllOf(r.Context(), s.db, year, n)
	if err != nil {
		return nil, err
	}
	prev, err := s.previousYearOf(r.Context(), year, n)
	return map[string]any{"version": v, "label": metrics.Label(&v), "units": orEmpty(res), "losses": losses,
		"previous_year": prev}, err
}

// previousYearOf names the previous year's publication that version n of
// a year compares with (its prev_score, prev_rank and changes): the one in
// force when n was published, fixed then (metrics.Beside); nil when the
// previous year had none.
func (s *Server) previousYearOf(ctx context.Context, year, n int) (map[string]any, error) {
	pn, ok, err := metrics.Beside(ctx, s.db, year, n, year-1)
	if err != nil || !ok {
		return nil, err
	}
	pv, err := metrics.VersionOf(ctx, s.db, year-1, pn)
	if err != nil {
		return nil, err
	}
	return map[string]any{"year": pv.Year, "version": pv.Version, "label": metrics.Label(&pv)}, nil
}

// apiVersionDiff compares two versions of a year, or a version with the
// draft: from defaults to the published version, to to the draft (0).
func (s *Server) apiVersionDiff(w http.ResponseWriter, r *http.Request, p *principal) {
	d, err := s.versionDiff(r)
	s.reply(w, r, p, d, err)
}

// versionDiff reads the year and the two versions asked and compares them.
func (s *Server) versionDiff(r *http.Request) (*metrics.VersionDiff, error) {
	ctx := r.Context()
	year, err := formYear(r)
	if err != nil {
		return nil, err
	}
	num := func(name string, def int) (int, bool) {
		v := r.FormValue(name)
		if v == "" {
			return def, true
		}
		if v == "draft" {
			return metrics.Draft, true
		}
		n, err := strconv.Atoi(v)
		return n, err == nil && n >= 0
	}
	from := -1
	if pub, ok, _, err := metrics.Published(ctx, s.db, year); err != nil {
		return nil, err
	} else if ok {
		from = pub.Version
	}
	from, okF := num("from", from)
	to, okT := num("to", metrics.Draft)
	if !okF || !okT || from < 1 {
		return nil, badRequest("请指定要比较的版本")
	}
	d, err := metrics.Diff(ctx, s.db, year, from, to)
	return d, versionErr(err)
}
