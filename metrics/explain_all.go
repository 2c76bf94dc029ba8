package metrics

import (
	"context"
	"fmt"

	"gongkai/store"
)

// ExplainAll is Explain for every unit of a year in one query, by unit id:
// what a report of all units needs without one query per unit. Read only.
func ExplainAll(ctx context.Context, db *store.DB, year int) (map[int64][]Loss, error) {
	rows, err := db.ExplainAll(ctx, year)
	if err != nil {
		return nil, fmt.Errorf("explain: %w", err)
	}
	return collectLosses(rows), nil
}

// ExplainAllOf is ExplainAll of version n of a year (Draft: ExplainAll).
func ExplainAllOf(ctx context.Context, db *store.DB, year, n int) (map[int64][]Loss, error) {
	if n == Draft {
		return ExplainAll(ctx, db, year)
	}
	rows, err := db.VersionExplain(ctx, year, n, 0)
	if err != nil {
		return nil, fmt.Errorf("explain: %w", err)
	}
	return collectLosses(rows), nil
}

// collectLosses folds explain rows (one per evidence row, ordered by
// indicator) into losses per unit; explain.sql's rows, which carry no
// unit, are all filed under 0.
func collectLosses(rows []store.ExplainRow) map[int64][]Loss {
	out := map[int64][]Loss{}
	for _, r := range rows {
		ls := out[r.UnitID]
		if len(ls) == 0 || ls[len(ls)-1].ID != r.ID {
			l := Loss{ID: r.ID, Name: r.Name, Rule: r.Rule, Measure: r.Measure, Param: r.Param, Points: r.Points,
				Max: r.Max, Value: r.Value, Total: r.Total, Triggered: r.Triggered, Rows: []Evidence{}}
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
		}
		out[r.UnitID] = ls
	}
	// The reason names the unknown rows, counted only once all are read.
	for _, ls := range out {
		for i := range ls {
			ls[i].Reason = reason(ls[i])
		}
	}
	return out
}
