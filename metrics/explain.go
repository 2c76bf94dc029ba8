package metrics

import (
	"context"
	"fmt"

	"gongkai/store"
)

// Loss is an indicator where a unit lost points (or a veto fired, or a
// bonus was earned: IsBonus, shown under 加分, not among the lost points),
// with what happened (Events) and the ledger rows that caused it.
type Loss struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Rule    string `json:"rule"`
	Measure string `json:"measure"`
	Param   string `json:"param,omitempty"`
	Tally
	Reason string `json:"reason"`
	// Unknown counts the rows the measure could not judge (a date outside
	// the known holiday calendar); they are among Rows with Note set.
	Unknown int `json:"unknown,omitempty"`
	// Events are what cost the points where the rows alone do not say it:
	// for the new-media rule, each violating account with its gaps in
	// updates and their dates (the rows are the posts that ended them).
	Events []string `json:"events,omitempty"`
	// WhenNone is set when the unit's 零报告 scored the item (full, exempt,
	// zero): the reason says so.
	WhenNone string     `json:"when_none,omitempty"`
	Rows     []Evidence `json:"rows"`
}

// IsBonus reports a bonus item: points earned, listed under 加分.
func (l Loss) IsBonus() bool { return l.Rule == "bonus" }

// Split divides losses into the lost points (and vetoes) and the bonus
// items, each in order.
func Split(ls []Loss) (lost, bonus []Loss) {
	for _, l := range ls {
		if l.IsBonus() {
			bonus = append(bonus, l)
		} else {
			lost = append(lost, l)
		}
	}
	return lost, bonus
}

// Evidence is one ledger row behind a loss: where the clerk finds it.
type Evidence struct {
	RowID int64  `json:"row_id"`
	Kind  string `json:"kind"`
	File  string `json:"file"`
	Sheet string `json:"sheet,omitempty"`
	Row   int    `json:"row"`
	Label string `json:"label"`
	// Note is set on a row that was neither on time nor late because its
	// dates lie outside the known holiday calendar (UnknownNote).
	Note string `json:"note,omitempty"`
}

// Explain lists every lost point of a unit in a year's draft with its
// evidence.
func Explain(ctx context.Context, db *store.DB, year int, unitID int64) ([]Loss, error) {
	return ExplainOf(ctx, db, year, Draft, unitID)
}

// ExplainOf is Explain of version n of a year (Draft: Explain): the
// explanations as they were published.
func ExplainOf(ctx context.Context, db *store.DB, year, n int, unitID int64) ([]Loss, error) {
	m, err := explainOf(ctx, db, year, n, unitID)
	return m[unitID], err
}

// reason says in Chinese why the points were lost, and how many rows could
// not be judged.
func reason(l Loss) string {
	r := ruleReason(l)
	if l.Unknown > 0 {
		if r != "" {
			r += "；"
		}
		r += fmt.Sprintf("另有 %d 项%s，未计入", l.Unknown, UnknownNote)
	}
	return r
}

func ruleReason(l Loss) string {
	if l.WhenNone == "zero" {
		return fmt.Sprintf("已声明本年度无此类事项，按考核细则记 0 分，满分 %.2f 分", l.Max)
	}
	val := 0.0
	if l.Value != nil {
		val = *l.Value
	}
	tot := 0.0
	if l.Total != nil {
		tot = *l.Total
	}
	switch l.Rule {
	case "ratio":
		return fmt.Sprintf("达标比例 %.1f%%（共 %.0f 项，%.0f 项未达标），得 %.2f 分，满分 %.2f 分", val*100, tot, tot-val*tot, l.Points, l.Max)
	case "deduction":
		switch l.Measure {
		case "media_violations":
			return fmt.Sprintf("%.0f 个账号未按要求更新，扣 %.2f 分", val, l.Max-l.Points)
		case "catalog_overdue":
			return fmt.Sprintf("%.0f 个公开事项超过公开时限未公开或逾期公开（可判定 %.0f 个），扣 %.2f 分", val, tot, l.Max-l.Points)
		case "catalog_domains":
			return fmt.Sprintf("公开事项目录缺少 %.0f 个须覆盖的领域（须覆盖 %.0f 个），扣 %.2f 分", val, tot, l.Max-l.Points)
		}
		return fmt.Sprintf("发生 %.0f 次，扣 %.2f 分", val, l.Max-l.Points)
	case "threshold":
		return fmt.Sprintf("全年 %.0f 次，未达到要求，得 %.2f 分，满分 %.2f 分", val, l.Points, l.Max)
	case "presence":
		return fmt.Sprintf("未按要求完成，得 %.2f 分，满分 %.2f 分", l.Points, l.Max)
	case "bonus":
		return fmt.Sprintf("加 %.2f 分（%.0f 项）", l.Points, val)
	case "veto":
		return fmt.Sprintf("触发一票否决（%.0f 项）", val)
	}
	return ""
}
