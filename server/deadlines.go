package server

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"gongkai"
	"gongkai/metrics"
)

// The clock on every application (issue 19): open applications with their
// statutory deadline and working days left, for the office (every unit)
// and on a unit's page (its own). The list is metrics.DeadlinesReport, the
// one the CLI's `deadlines` prints.

type deadlinesView struct {
	metrics.DeadlineReport
	unitFilter
}

// unitFilter is the unit an office list is narrowed to, shared by the
// lists of every unit or one (办理期限, 转化).
type unitFilter struct {
	UnitID int64          // 0: every unit
	Unit   string         // the unit chosen, for the page's heading
	Units  []gongkai.Unit // the filter's choices (office page)
}

// asOfParam reads the day the list is as of, today in China by default.
func (s *Server) asOfParam(r *http.Request) (time.Time, error) {
	v := strings.TrimSpace(r.FormValue("as_of"))
	if v == "" {
		return metrics.ChinaDate(s.cfg.Now()), nil
	}
	d, err := time.Parse("2006-01-02", v)
	if err != nil {
		return time.Time{}, badRequest("日期“%s”无效，应为 2024-12-31 这样的年-月-日", v)
	}
	return d, nil
}

// deadlinesOf reads the request's day and unit (listUnit); for the office
// page (office), the filter's choices too.
func (s *Server) deadlinesOf(r *http.Request, p *principal, office bool) (*deadlinesView, error) {
	asOf, err := s.asOfParam(r)
	if err != nil {
		return nil, err
	}
	v := &deadlinesView{}
	if v.unitFilter, err = s.listUnit(r, p); err != nil {
		return nil, err
	}
	if v.DeadlineReport, err = metrics.DeadlinesReport(r.Context(), s.db, asOf, v.UnitID); err != nil || !office {
		return v, err
	}
	return v, s.unitChoices(r, &v.unitFilter)
}

// listUnit is the unit an office list is narrowed to, with its name: a
// clerk always their own, others the one asked for or every unit (0, "").
// A clerk asking for another unit is refused (403), not answered with
// their own unit's list under the other's number.
func (s *Server) listUnit(r *http.Request, p *principal) (unitFilter, error) {
	var id int64
	if u := strings.TrimSpace(r.FormValue("unit")); u != "" {
		n, err := strconv.ParseInt(u, 10, 64)
		if err != nil || n <= 0 {
			return unitFilter{}, badRequest("没有这个单位")
		}
		id = n
	}
	if p.Role == RoleClerk {
		if id != 0 && id != p.UnitID {
			return unitFilter{}, &httpError{http.StatusForbidden, msgOtherUnit}
		}
		id = p.UnitID
	}
	if id == 0 {
		return unitFilter{}, nil
	}
	u, err := s.unit(r.Context(), id)
	return unitFilter{UnitID: id, Unit: u.Name}, err
}

// unitChoices fills in the filter's choices, the registry's units, for an
// office page.
func (s *Server) unitChoices(r *http.Request, f *unitFilter) (err error) {
	f.Units, err = s.db.Units(r.Context())
	return err
}

// deadlinesList is the office's list, every unit's open applications,
// overdue and due first, or the API's report.
func (s *Server) deadlinesList(w http.ResponseWriter, r *http.Request, p *principal) {
	serveList(s, w, r, p, s.deadlinesOf, "deadlines", "依申请公开办理期限")
}

func (v *deadlinesView) report() any { return v.DeadlineReport }

// officeList is the view of an office list (办理期限, 转化): the page
// shows it whole, the API answers its report.
type officeList interface{ report() any }

// serveList answers an office list read by of: the page name titled
// title, with the filter's choices, or from the API the report alone.
func serveList[V officeList](s *Server, w http.ResponseWriter, r *http.Request, p *principal,
	of func(*http.Request, *principal, bool) (V, error), name, title string) {
	api := isAPI(r)
	v, err := of(r, p, !api)
	if err != nil {
		s.failErr(w, r, api, p, err)
		return
	}
	if api {
		writeJSON(w, http.StatusOK, v.report())
		return
	}
	s.render(w, http.StatusOK, name, page{Title: title, Me: p, Data: v})
}
