package server

import (
	"net/http"

	"gongkai/metrics"
)

// 依申请公开 → 主动公开 转化 (issue 19, part 1): the matters many people
// asked for and whether each unit asked has since published them, for the
// office (every unit, or one) and on a unit's page (its own). The list is
// metrics.ConvertReportOf, the one the CLI's `convert` prints, by the
// window and frequency the year's scheme scores with.

type convertView struct {
	metrics.ConvertReport
	unitFilter
	Years []int // the year's choices (office page)
}

// convertOf reads the request's year and unit (listUnit); for the office
// page (office), the filter's choices too.
func (s *Server) convertOf(r *http.Request, p *principal, office bool) (*convertView, error) {
	year, err := yearParam(r, s.defaultYear(r.Context()))
	if err != nil {
		return nil, err
	}
	v := &convertView{}
	if v.unitFilter, err = s.listUnit(r, p); err != nil {
		return nil, err
	}
	if v.ConvertReport, err = s.convertReport(r, year, v.UnitID); err != nil || !office {
		return v, err
	}
	if err = s.unitChoices(r, &v.unitFilter); err != nil {
		return nil, err
	}
	v.Years, err = s.dataYears(r.Context())
	return v, err
}

// convertReport is the year's list of one unit or all, by the scheme's
// window and frequency.
func (s *Server) convertReport(r *http.Request, year int, unitID int64) (metrics.ConvertReport, error) {
	o, err := metrics.ConvertOptionsFor(r.Context(), s.db, year)
	if err != nil {
		return metrics.ConvertReport{}, err
	}
	return metrics.ConvertReportOf(r.Context(), s.db, year, o, unitID)
}

// convertPage is the office's list: the suggestions (matters not yet
// published) first.
func (s *Server) convertPage(w http.ResponseWriter, r *http.Request, p *principal) {
	v, err := s.convertOf(r, p, true)
	if err != nil {
		s.failErr(w, r, false, p, err)
		return
	}
	s.render(w, http.StatusOK, "convert", page{Title: "依申请公开转主动公开", Me: p, Data: v})
}

func (s *Server) apiConvert(w http.ResponseWriter, r *http.Request, p *principal) {
	v, err := s.convertOf(r, p, false)
	if err != nil {
		s.failErr(w, r, true, p, err)
		return
	}
	writeJSON(w, http.StatusOK, v.ConvertReport)
}
