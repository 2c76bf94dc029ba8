package server

import (
	"context"
	"fmt"
	"net/http"

	"gongkai"
	"gongkai/store"
)

// proposalsView is the unit page's block on the 人大代表建议和政协提案 the
// unit hosts (主办单位) in the year: counts, the three rates as the measures
// judge them over the current ledger (view proposal_checks), and every
// proposal with what, if anything, counts against the unit.
type proposalsView struct {
	UnitID   int64  `json:"unit_id"`
	Unit     string `json:"unit"`
	Answered int    `json:"answered"`
	proposalTally
	Days int           `json:"public_days"` // the scheme's N days for publishing the full answer
	Rows []proposalRow `json:"proposals"`
}

// proposalTally counts a 主办单位's proposals as the three measures judge
// them, with the rates as the pages word them: a unit's block, a host on
// the cockpit and the county's sums.
type proposalTally struct {
	Hosted        int    `json:"hosted"`
	Open          int    `json:"open"`
	DueCounted    int    `json:"due_counted"`
	OnTime        int    `json:"on_time"`
	PublicCounted int    `json:"public_counted"`
	Timely        int    `json:"public_timely"`
	Rated         int    `json:"rated"`
	Satisfied     int    `json:"satisfied"`
	OnTimeRate    string `json:"on_time_rate"`
	PublicRate    string `json:"public_rate"`
	SatisfiedRate string `json:"satisfied_rate"`
}

// add sums o's counts into t (the rates are filled by rated).
func (t *proposalTally) add(o proposalTally) {
	t.Hosted, t.Open, t.DueCounted, t.OnTime = t.Hosted+o.Hosted, t.Open+o.Open, t.DueCounted+o.DueCounted, t.OnTime+o.OnTime
	t.PublicCounted, t.Timely, t.Rated, t.Satisfied = t.PublicCounted+o.PublicCounted, t.Timely+o.Timely, t.Rated+o.Rated, t.Satisfied+o.Satisfied
}

// rated fills the rates from the counts.
func (t *proposalTally) rated() {
	t.OnTimeRate, t.PublicRate, t.SatisfiedRate = rate(t.OnTime, t.DueCounted), rate(t.Timely, t.PublicCounted), rate(t.Satisfied, t.Rated)
}

// faults counts the proposals judged against the host, on any measure.
func (t proposalTally) faults() int {
	return t.DueCounted - t.OnTime + t.PublicCounted - t.Timely + t.Rated - t.Satisfied
}

// proposalRow is one proposal with its dates as text and its faults.
type proposalRow struct {
	store.Proposal
	AssignedText  string   `json:"assigned"`
	DueText       string   `json:"due"`
	DoneText      string   `json:"done"`
	PublishedText string   `json:"published"`
	PublicText    string   `json:"-"`
	Faults        []string `json:"faults"`
}

// rate is a share as the page shows it: "75.0%（3/4）", or "—" with nothing
// to count.
func rate(n, of int) string {
	if of == 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f%%（%d/%d）", 100*float64(n)/float64(of), n, of)
}

// proposals reads the block of a unit's page; nil when the unit hosts none.
func (s *Server) proposals(ctx context.Context, unitID int64, year int) (*proposalsView, error) {
	ps, err := s.db.ProposalsOf(ctx, unitID, year)
	return proposalsViewOf(gongkai.Unit{ID: unitID}, ps), err
}

// hosts reads the blocks of a year: the unit's (unitID), or every unit's
// that hosts a proposal (0), in registry order, each with its name.
func (s *Server) hosts(ctx context.Context, year int, unitID int64) ([]*proposalsView, error) {
	ps, err := s.db.ProposalsOf(ctx, unitID, year)
	if err != nil {
		return nil, err
	}
	return unitBlocks(ctx, s, unitID, ps, func(p store.Proposal) int64 { return p.UnitID }, proposalsViewOf)
}

// proposalsViewOf is a unit's block from the proposals it hosts; nil with
// none.
func proposalsViewOf(u gongkai.Unit, ps []store.Proposal) *proposalsView {
	if len(ps) == 0 {
		return nil
	}
	v := &proposalsView{UnitID: u.ID, Unit: u.Name, Days: ps[0].Window}
	v.Hosted = len(ps)
	for _, p := range ps {
		r := proposalRow{Proposal: p, AssignedText: p.Assigned.Format("2006-01-02"), DueText: p.Due.Format("2006-01-02"), Faults: []string{}}
		if p.Done != nil {
			v.Answered++
			r.DoneText = p.Done.Format("2006-01-02")
		} else {
			v.Open++
		}
		if p.Published != nil {
			r.PublishedText = p.Published.Format("2006-01-02")
		}
		if p.Public != nil {
			r.PublicText = map[bool]string{true: "是", false: "否"}[*p.Public]
		}
		if p.DueCounted {
			v.DueCounted++
			if !p.Late {
				v.OnTime++
			} else if p.Done != nil {
				r.Faults = append(r.Faults, "超期办结")
			} else {
				r.Faults = append(r.Faults, "逾期未办结")
			}
		}
		if p.PublicCounted {
			v.PublicCounted++
			switch {
			case p.PublicTimely:
				v.Timely++
			case p.Published != nil:
				r.Faults = append(r.Faults, fmt.Sprintf("答复全文未在办结后 %d 日内公开", p.Window))
			default:
				r.Faults = append(r.Faults, "答复全文未公开")
			}
		}
		if p.Satisfied != nil {
			v.Rated++
			if *p.Satisfied {
				v.Satisfied++
			} else {
				r.Faults = append(r.Faults, "代表委员不满意")
			}
		}
		v.Rows = append(v.Rows, r)
	}
	v.rated()
	return v
}

func (s *Server) apiProposals(w http.ResponseWriter, r *http.Request, p *principal) {
	s.apiBlocks(w, r, p, func(ctx context.Context, year int, id int64) (any, error) { return s.hosts(ctx, year, id) })
}
