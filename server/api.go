package server

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"gongkai"
	"gongkai/metrics"
)

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request, p *principal) {
	out := map[string]any{"account": p.Account, "role_title": RoleTitle(p.Role), "auth": p.via}
	if p.via == "session" {
		out["csrf_token"] = p.csrf
	}
	writeJSON(w, http.StatusOK, out)
}

// apiToken creates a bearer token for the caller's own account.
func (s *Server) apiToken(w http.ResponseWriter, r *http.Request, p *principal) {
	label := strings.TrimSpace(r.FormValue("label"))
	if label == "" {
		label = "script"
	}
	days := 0
	if v := r.FormValue("days"); v != "" {
		d, err := strconv.Atoi(v)
		if err != nil || d < 0 || d > 3650 {
			writeJSONError(w, http.StatusBadRequest, "days 应为 0–3650 的整数（0 表示不过期）")
			return
		}
		days = d
	}
	tok, id, err := s.createToken(r.Context(), p, label, days)
	if err != nil {
		s.failErr(w, r, true, p, err)
		return
	}
	s.audit(r.Context(), p, remoteAddr(r), p.UnitID, "token", fmt.Sprintf("新建访问令牌“%s”", label), true)
	writeJSON(w, http.StatusCreated, map[string]any{"token": tok, "id": id, "label": label, "days": days})
}

type kindInfo struct {
	Name     string `json:"kind"`
	Title    string `json:"title"`
	Scope    string `json:"scope"` // unit: kept per unit; county: the office's, for the whole county
	Template string `json:"template"`
}

func (s *Server) apiKinds(w http.ResponseWriter, r *http.Request, p *principal) {
	out := []kindInfo{}
	for _, k := range gongkai.Kinds {
		scope := "unit"
		if k.CountyWide {
			scope = "county"
		}
		out = append(out, kindInfo{k.Name, k.Title, scope, "/api/templates/" + k.Name})
	}
	writeJSON(w, http.StatusOK, out)
}

// apiUpload answers with ingest --json's per-file objects.
func (s *Server) apiUpload(w http.ResponseWriter, r *http.Request, p *principal) {
	results, err := s.upload(w, r, p)
	if err != nil {
		s.failErr(w, r, true, p, err)
		return
	}
	writeJSON(w, http.StatusOK, orEmpty(results))
}

// apiHistory: a clerk's own unit's batches; admins and leaders all, or ?unit=ID.
func (s *Server) apiHistory(w http.ResponseWriter, r *http.Request, p *principal) {
	var unitID int64
	if v := r.URL.Query().Get("unit"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			writeJSONError(w, http.StatusBadRequest, "单位编号无效")
			return
		}
		unitID = id
	}
	if p.Role == RoleClerk {
		if unitID != 0 && unitID != p.UnitID {
			writeJSONError(w, http.StatusForbidden, msgOtherUnit)
			return
		}
		unitID = p.UnitID
	}
	h, err := s.history(r.Context(), unitID)
	if err != nil {
		s.failErr(w, r, true, p, err)
		return
	}
	writeJSON(w, http.StatusOK, h)
}

type apiUnit struct {
	ID       int64    `json:"unit_id"`
	Name     string   `json:"name"`
	Code     string   `json:"code,omitempty"`
	Type     string   `json:"type,omitempty"`
	Group    string   `json:"group,omitempty"`
	ParentID int64    `json:"parent_id,omitempty"`
	Aliases  []string `json:"aliases,omitempty"`
}

func (s *Server) apiUnits(w http.ResponseWriter, r *http.Request, p *principal) {
	us, err := s.db.Units(r.Context())
	if err != nil {
		s.failErr(w, r, true, p, err)
		return
	}
	out := make([]apiUnit, 0, len(us))
	for _, u := range us {
		out = append(out, apiUnit(u))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiUnitStatus(w http.ResponseWriter, r *http.Request, p *principal) {
	u, ok := s.unitParam(w, r, p)
	if !ok {
		return
	}
	year, err := yearParam(r, s.defaultYear(r.Context()))
	if err != nil {
		s.failErr(w, r, true, p, err)
		return
	}
	st, err := s.unitStatus(r.Context(), u.ID, year)
	if err != nil {
		s.failErr(w, r, true, p, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"unit": u, "year": year, "ledgers": st})
}

func (s *Server) apiUnitScore(w http.ResponseWriter, r *http.Request, p *principal) {
	u, ok := s.unitParam(w, r, p)
	if !ok {
		return
	}
	ctx := r.Context()
	def := 0
	if ys, err := s.scoredYears(ctx); err == nil && len(ys) > 0 {
		def = ys[0]
	}
	year, err := yearParam(r, def)
	if err != nil || year == 0 {
		s.failErr(w, r, true, p, badRequest("请指定年度（year）"))
		return
	}
	v, err := s.unitScore(ctx, p, u, year)
	if err != nil {
		s.failErr(w, r, true, p, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiScores(w http.ResponseWriter, r *http.Request, p *principal) {
	year, err := formYear(r)
	if err != nil {
		s.failErr(w, r, true, p, err)
		return
	}
	n, label, err := s.exportVersion(r, p, year)
	if err != nil {
		s.failErr(w, r, true, p, err)
		return
	}
	res, err := metrics.ResultsOf(r.Context(), s.db, year, n, strings.TrimSpace(r.FormValue("group")))
	if err != nil {
		s.failErr(w, r, true, p, err)
		return
	}
	if res == nil {
		res = []metrics.UnitScore{}
	}
	pub, _ := s.isPublished(r.Context(), year)
	writeJSON(w, http.StatusOK, map[string]any{"year": year, "published": pub, "version": n, "version_label": label, "units": res})
}

func (s *Server) apiDashboard(w http.ResponseWriter, r *http.Request, p *principal) {
	years, year, err := s.dashYear(r, p)
	if err != nil {
		s.failErr(w, r, true, p, err)
		return
	}
	if len(years) == 0 {
		writeJSONError(w, http.StatusNotFound, "尚无考核得分")
		return
	}
	c, err := s.cockpitData(r.Context(), year, strings.TrimSpace(r.FormValue("group")), strings.TrimSpace(r.FormValue("grade")), p)
	if err != nil {
		var he *httpError
		if errors.As(err, &he) {
			s.failErr(w, r, true, p, err)
			return
		}
		if strings.Contains(err.Error(), "尚无考核得分") {
			writeJSONError(w, http.StatusNotFound, err.Error())
			return
		}
		s.failErr(w, r, true, p, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	c.writeAPI(w)
}

func (s *Server) apiPublished(w http.ResponseWriter, r *http.Request, p *principal) {
	ps, err := s.published(r.Context())
	if err != nil {
		s.failErr(w, r, true, p, err)
		return
	}
	writeJSON(w, http.StatusOK, ps)
}

func (s *Server) apiReminders(w http.ResponseWriter, r *http.Request, p *principal) {
	year, kinds, rs, err := s.remindersOf(r)
	if err != nil {
		s.failErr(w, r, true, p, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"year": year, "kinds": kinds, "units": rs})
}

func (s *Server) apiAccounts(w http.ResponseWriter, r *http.Request, p *principal) {
	as, err := Accounts(r.Context(), s.db)
	if err != nil {
		s.failErr(w, r, true, p, err)
		return
	}
	writeJSON(w, http.StatusOK, as)
}

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request, p *principal) {
	limit := 200
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 || n > 10000 {
			writeJSONError(w, http.StatusBadRequest, "limit 应为 1–10000")
			return
		}
		limit = n
	}
	offset := 0
	if v := r.URL.Query().Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			writeJSONError(w, http.StatusBadRequest, "offset 应为不小于 0 的整数")
			return
		}
		offset = n
	}
	f, err := auditFilter(r)
	if err != nil {
		s.failErr(w, r, true, p, err)
		return
	}
	es, err := s.auditList(r.Context(), f, limit, offset)
	if err != nil {
		s.failErr(w, r, true, p, err)
		return
	}
	writeJSON(w, http.StatusOK, es)
}
