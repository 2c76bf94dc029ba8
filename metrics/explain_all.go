package metrics

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"gongkai/store"
)

// ExplainAll is Explain for every unit of a year in one query, by unit id:
// what a report of all units needs without one query per unit. Read only.
func ExplainAll(ctx context.Context, db *store.DB, year int) (map[int64][]Loss, error) {
	return explainOf(ctx, db, year, Draft, 0)
}

// ExplainAllOf is ExplainAll of version n of a year (Draft: ExplainAll).
func ExplainAllOf(ctx context.Context, db *store.DB, year, n int) (map[int64][]Loss, error) {
	return explainOf(ctx, db, year, n, 0)
}

// explainOf reads the losses of version n of a year (Draft: the live
// score tables), of one unit or (unitID 0) of every unit, by unit id.
func explainOf(ctx context.Context, db *store.DB, year, n int, unitID int64) (map[int64][]Loss, error) {
	rows, err := db.Explain(ctx, year, n, unitID)
	if err != nil {
		return nil, fmt.Errorf("explain: %w", err)
	}
	return collectLosses(rows), nil
}

// collectLosses folds explain rows (one per evidence row, ordered by
// indicator) into losses per unit.
func collectLosses(rows []store.ExplainRow) map[int64][]Loss {
	out := map[int64][]Loss{}
	// the gaps of each loss, by unit and position, for its events
	type at struct {
		unit int64
		i    int
	}
	gaps := map[at][]gap{}
	for _, r := range rows {
		ls := out[r.UnitID]
		if len(ls) == 0 || ls[len(ls)-1].ID != r.ID {
			l := Loss{ID: r.ID, Name: r.Name, Rule: r.Rule, Measure: r.Measure, Param: r.Param,
				Tally: Tally{Points: r.Points, Max: r.Max, Value: r.Value, Total: r.Total, Triggered: r.Triggered}, WhenNone: r.WhenNone, Rows: []Evidence{}}
			if l.Rule != "bonus" && l.Rule != "veto" {
				l.Lost = round2(l.Max - l.Points)
			}
			ls = append(ls, l)
		}
		if r.HasRow {
			cur := &ls[len(ls)-1]
			e := Evidence{RowID: r.RowID, Kind: r.Kind, File: r.File, Sheet: r.Sheet, Row: r.Row, Label: r.Label}
			if r.Unknown {
				e.Note = UnknownNote
				cur.Unknown++
			}
			cur.Rows = append(cur.Rows, e)
			if r.GapFrom != "" && cur.Measure == "media_violations" {
				k := at{r.UnitID, len(ls) - 1}
				gaps[k] = append(gaps[k], gap{r.Platform, r.Account, r.GapFrom, r.GapTo})
			}
		}
		out[r.UnitID] = ls
	}
	// The reason names the unknown rows, counted only once all are read.
	for unit, ls := range out {
		for i := range ls {
			ls[i].Reason = reason(ls[i])
			ls[i].Events = gapEvents(gaps[at{unit, i}])
		}
	}
	return out
}

// gap is a stretch without posts on a new-media account: From is the post
// before, To the post that ended it.
type gap struct{ platform, account, from, to string }

// gapEvents words the gaps of the new-media rule, one event per account
// in the order the account first appears: the gaps of more than 7 days
// that made it break the rule, with their dates and lengths.
func gapEvents(gs []gap) []string {
	var order []string
	by := map[string][]gap{}
	for _, g := range gs {
		k := g.platform + "\x00" + g.account
		if _, ok := by[k]; !ok {
			order = append(order, k)
		}
		by[k] = append(by[k], g)
	}
	var out []string
	for _, k := range order {
		list := by[k]
		sort.Slice(list, func(i, j int) bool { return list[i].to < list[j].to })
		parts := make([]string, 0, len(list))
		longest := 0
		for _, g := range list {
			d := days(g.from, g.to)
			longest = max(longest, d)
			parts = append(parts, fmt.Sprintf("%s 至 %s（%d 天）", g.from, g.to, d))
		}
		// the rule of media_violations.sql: a gap over 14 days, or over
		// three over 7
		why := fmt.Sprintf("最长 %d 天，超过 14 天", longest)
		if longest <= 14 {
			why = fmt.Sprintf("多于 3 次，最长 %d 天", longest)
		}
		out = append(out, fmt.Sprintf("账号“%s”（%s）超过 7 天未更新 %d 次（%s）：%s",
			list[0].account, list[0].platform, len(list), why, strings.Join(parts, "；")))
	}
	return out
}

// days between two yyyy-mm-dd dates.
func days(from, to string) int {
	a, err1 := time.Parse("2006-01-02", from)
	b, err2 := time.Parse("2006-01-02", to)
	if err1 != nil || err2 != nil {
		return 0
	}
	return int(b.Sub(a).Hours() / 24)
}
