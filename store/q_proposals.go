package store

import (
	"context"
	"database/sql"
	"time"
)

// Proposal is one 人大代表建议 or 政协提案 as its 主办单位 is judged on it
// (query proposal_unit, view proposal_checks: what the measures read).
type Proposal struct {
	RowID        int64
	File         string
	Row          int
	No           string
	Category     string
	Title        string
	Partners     string
	Assigned     time.Time
	Due          time.Time
	Done         *time.Time
	Class        string
	Public       *bool // 是否公开答复全文, nil when blank
	Published    *time.Time
	Satisfaction string
	// DueCounted: judged on 按期办结 (answered, or open and overdue at the
	// year end); Late: answered late or overdue.
	DueCounted, Late bool
	// PublicCounted: judged on 答复全文公开; PublicTimely: published within
	// Window days of 办结.
	PublicCounted, PublicTimely bool
	// Satisfied is nil when the proposal is not rated.
	Satisfied *bool
	Window    int // the N calendar days of the scheme for publishing the full answer
}

// ProposalsOf lists the proposals a unit hosts (主办单位) in a year, by 编号.
func (q *Queries) ProposalsOf(ctx context.Context, unitID int64, year int) ([]Proposal, error) {
	return list(ctx, q.q, "proposal_unit", func(s scanner) (Proposal, error) {
		var p Proposal
		var done, published sql.NullTime
		var public, satisfied sql.NullBool
		err := s.Scan(&p.RowID, &p.File, &p.Row, &p.No, &p.Category, &p.Title, &p.Partners, &p.Assigned, &p.Due, &done,
			&p.Class, &public, &published, &p.Satisfaction, &p.DueCounted, &p.Late, &p.PublicCounted, &p.PublicTimely,
			&satisfied, &p.Window)
		if done.Valid {
			p.Done = &done.Time
		}
		if published.Valid {
			p.Published = &published.Time
		}
		if public.Valid {
			p.Public = &public.Bool
		}
		if satisfied.Valid {
			p.Satisfied = &satisfied.Bool
		}
		return p, err
	}, unitID, year)
}
