package server

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"gongkai"
	"gongkai/ingest"
)

// 零报告: a clerk declares for their unit (an admin for any unit) that it
// had nothing of a ledger kind in a year, or withdraws the declaration in
// force (ingest.Declare). The page control sits in the unit page's status
// table; the API takes the same fields: kind, year, note, withdraw.

// unitDeclare records the act and answers the unit page of the year (a
// page) or the act (the API).
func (s *Server) unitDeclare(w http.ResponseWriter, r *http.Request, p *principal) {
	api := isAPI(r)
	u, ok := s.unitParam(w, r, p)
	if !ok {
		return
	}
	if p.Role != RoleAdmin && !(p.Role == RoleClerk && p.UnitID == u.ID) {
		s.fail(w, r, api, p, http.StatusForbidden, msgOtherUnit)
		return
	}
	year, err := yearParam(r, 0)
	if err == nil && year == 0 {
		err = badRequest("请选择年度")
	}
	if err != nil {
		s.failErr(w, r, api, p, err)
		return
	}
	withdraw, _ := strconv.ParseBool(strings.TrimSpace(r.FormValue("withdraw")))
	d := ingest.Declaration{UnitID: u.ID, Unit: u.Name, Kind: strings.TrimSpace(r.FormValue("kind")), Year: year,
		Note: strings.TrimSpace(r.FormValue("note")), Account: p.Name, Withdraw: withdraw}
	if len([]rune(d.Note)) > 500 {
		s.failErr(w, r, api, p, badRequest("说明不能超过 500 字"))
		return
	}
	var id int64
	err = s.q.do(r.Context(), func(ctx context.Context) error {
		var err error
		id, err = ingest.Declare(ctx, s.db, d)
		action, what := "declare", "声明"
		if withdraw {
			action, what = "withdraw_declaration", "撤回声明"
		}
		detail := fmt.Sprintf("%s %d 年度“%s”本年度无此类事项", what, year, kindTitle(d.Kind))
		if d.Note != "" {
			detail += "（说明：" + d.Note + "）"
		}
		if err != nil {
			detail += "，未成功：" + gongkai.ErrorMessage(err)
		}
		s.auditLocked(ctx, p, remoteAddr(r), u.ID, action, detail, err == nil)
		return err
	})
	if err != nil {
		s.failErr(w, r, api, p, declareHTTPError(err))
		return
	}
	if !api {
		seeOther(w, r, fmt.Sprintf("/unit/%d?year=%d#status", u.ID, year))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": id, "unit": u, "kind": d.Kind, "kind_title": kindTitle(d.Kind),
		"year": year, "declared": !withdraw, "note": d.Note})
}

// declareHTTPError turns ingest.Declare's refusals into answers: a
// declaration that does not fit the unit's ledgers is a conflict, a wrong
// kind or year a bad request.
func declareHTTPError(err error) error {
	switch gongkai.ErrorCode(err) {
	case gongkai.EDECLARE:
		return &httpError{http.StatusConflict, gongkai.ErrorMessage(err)}
	case gongkai.EUNKNOWNKIND, gongkai.ECOUNTYWIDE, gongkai.ENOYEAR:
		return &httpError{http.StatusBadRequest, gongkai.ErrorMessage(err)}
	}
	return err
}

// apiDeclarations lists a unit's 零报告 acts, newest first.
func (s *Server) apiDeclarations(w http.ResponseWriter, r *http.Request, p *principal) {
	u, ok := s.unitParam(w, r, p)
	if !ok {
		return
	}
	ds, err := s.declarations(r.Context(), u.ID)
	if err != nil {
		s.failErr(w, r, true, p, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"unit": u, "declarations": ds})
}
