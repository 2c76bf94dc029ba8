package server

import (
	"context"
	"fmt"

	"gongkai/store"
)

// proposalsView is the unit page's block on the 人大代表建议和政协提案 the
// unit hosts (主办单位) in the year: counts, the three rates as the measures
// judge them over the current ledger (view proposal_checks), and every
// proposal with what, if anything, counts against the unit.
type proposalsView struct {
	Rows                   []proposalRow
	Hosted, Answered, Open int
	DueCounted, OnTime     int
	PublicCounted, Timely  int
	Rated, Satisfied       int
	Days                   int // the scheme's N days for publishing the full answer
	OnTimeRate, PublicRate string
	SatisfiedRate          string
}

// proposalRow is one proposal with its dates as text and its faults.
type proposalRow struct {
	store.Proposal
	AssignedText, DueText, DoneText, PublishedText, PublicText string
	Faults                                                     []string
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
	if err != nil || len(ps) == 0 {
		return nil, err
	}
	v := &proposalsView{Hosted: len(ps), Days: ps[0].Window}
	for _, p := range ps {
		r := proposalRow{Proposal: p, AssignedText: p.Assigned.Format("2006-01-02"), DueText: p.Due.Format("2006-01-02")}
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
	v.OnTimeRate, v.PublicRate, v.SatisfiedRate = rate(v.OnTime, v.DueCounted), rate(v.Timely, v.PublicCounted), rate(v.Satisfied, v.Rated)
	return v, nil
}
