package server

import (
	"errors"
	"net/http"

	"gongkai/metrics"
)

// 依申请公开 → 主动公开 转化 (issue 19, part 1): the matters many people
// asked for and whether each unit asked has since published them, for the
// office (every unit, or one) and on a unit's page (its own). The list is
// metrics.ConvertReportFor: the one the year was scored with (the CLI's
// `convert` groups afresh), by the window and frequency of the year's scheme.

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
	if v.ConvertReport, err = s.convertReport(r, p, year, v.UnitID); err != nil || !office {
		return v, err
	}
	if err = s.unitChoices(r, &v.unitFilter); err != nil {
		return nil, err
	}
	v.Years, err = s.dataYears(r.Context())
	return v, err
}

// convertReport is the year's list of one unit or all as the results the
// viewer sees were computed from (metrics.ConvertReportFor): an admin the
// draft's, others the published version's; a year not published to them
// (or withdrawn) gives the draft's, as the ledgers behind it are theirs to
// see. A year never scored is grouped live.
func (s *Server) convertReport(r *http.Request, p *principal, year int, unitID int64) (metrics.ConvertReport, error) {
	n, _, err := s.versionFor(r.Context(), p, year)
	var he *httpError
	switch {
	case errors.As(err, &he):
		n = metrics.Draft
	case err != nil:
		return metrics.ConvertReport{}, err
	}
	return metrics.ConvertReportFor(r.Context(), s.db, year, n, unitID)
}

// convertList is the office's list, the suggestions (matters not yet
// published) first, or the API's report.
func (s *Server) convertList(w http.ResponseWriter, r *http.Request, p *principal) {
	serveList(s, w, r, p, s.convertOf, "convert", "依申请公开转主动公开")
}

func (v *convertView) report() any { return v.ConvertReport }
