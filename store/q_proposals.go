package store

import (
	"context"
	"time"
)

// Proposal is one 人大代表建议 or 政协提案 as its 主办单位 is judged on it
// (query proposal_unit, view proposal_checks: what the measures read).
type Proposal struct {
	UnitID       int64      `json:"-"` // the 主办单位 (a proposal with two is listed under each)
	RowID        int64      `json:"row_id"`
	File         string     `json:"file"`
	Row          int        `json:"row"`
	No           string     `json:"no"`
	Category     string     `json:"category"`
	Title        string     `json:"title"`
	Partners     string     `json:"partners"`
	Assigned     time.Time  `json:"-"` // the API gives the dates as text (server.proposalRow)
	Due          time.Time  `json:"-"`
	Done         *time.Time `json:"-"`
	Class        string     `json:"reply_class"`
	Public       *bool      `json:"full_text_public"` // 是否公开答复全文, nil when blank
	Published    *time.Time `json:"-"`
	Satisfaction string     `json:"satisfaction"`
	// DueCounted: judged on 按期办结 (answered, or open and overdue at the
	// year end); Late: answered late or overdue.
	DueCounted bool `json:"due_counted"`
	Late       bool `json:"late"`
	// PublicCounted: judged on 答复全文公开; PublicTimely: published within
	// Window days of 办结.
	PublicCounted bool `json:"public_counted"`
	PublicTimely  bool `json:"public_timely"`
	// Satisfied is nil when the proposal is not rated.
	Satisfied *bool `json:"satisfied"`
	Window    int   `json:"-"` // the N calendar days of the scheme for publishing the full answer
}

// ProposalsOf lists the proposals a unit hosts (主办单位) in a year (unitID
// 0: every unit's, by unit), by 编号.
func (q *Queries) ProposalsOf(ctx context.Context, unitID int64, year int) ([]Proposal, error) {
	// 办结日期, 公开日期, 是否公开 and the rating may be empty: scanned into
	// pointers, which database/sql sets to nil for NULL.
	return list(ctx, q.q, "proposal_unit", fields(func(p *Proposal) []any {
		return []any{&p.UnitID, &p.RowID, &p.File, &p.Row, &p.No, &p.Category, &p.Title, &p.Partners, &p.Assigned, &p.Due, &p.Done,
			&p.Class, &p.Public, &p.Published, &p.Satisfaction, &p.DueCounted, &p.Late, &p.PublicCounted, &p.PublicTimely,
			&p.Satisfied, &p.Window}
	}), unitID, year)
}
