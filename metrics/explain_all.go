package metrics

import (
	"context"
	"database/sql"
	"fmt"

	sqlfiles "gongkai/sql"
)

// ExplainAll is Explain for every unit of a year in one query, by unit id:
// what a report of all units needs without one query per unit. Read only.
func ExplainAll(ctx context.Context, db *sql.DB, year int) (map[int64][]Loss, error) {
	rows, err := db.QueryContext(ctx, sqlfiles.Query("explain_all"), year)
	if err != nil {
		return nil, fmt.Errorf("explain: %w", err)
	}
	defer rows.Close()
	return collectLosses(rows, true)
}

// collectLosses folds explain rows (one per evidence row, ordered by
// indicator) into losses per unit. With withUnit the first column is the
// unit id (explain_all.sql); without it every loss is filed under 0.
func collectLosses(rows *sql.Rows, withUnit bool) (map[int64][]Loss, error) {
	out := map[int64][]Loss{}
	for rows.Next() {
		var (
			unit              int64
			l                 Loss
			param             sql.NullString
			v, t              sql.NullFloat64
			rowID             sql.NullInt64
			kind, file, sheet sql.NullString
			label             sql.NullString
			srcRow            sql.NullInt64
			unknown           sql.NullBool
		)
		dest := []any{&l.ID, &l.Name, &l.Rule, &l.Measure, &param, &l.Points, &l.Max, &v, &t, &l.Triggered,
			&rowID, &kind, &file, &sheet, &srcRow, &label, &unknown}
		if withUnit {
			dest = append([]any{&unit}, dest...)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("explain: %w", err)
		}
		ls := out[unit]
		if len(ls) == 0 || ls[len(ls)-1].ID != l.ID {
			l.Param = param.String
			if v.Valid {
				l.Value = &v.Float64
			}
			if t.Valid {
				l.Total = &t.Float64
			}
			l.Lost = round2(l.Max - l.Points)
			if l.Rule == "bonus" || l.Rule == "veto" {
				l.Lost = 0
			}
			l.Rows = []Evidence{}
			ls = append(ls, l)
		}
		if rowID.Valid && kind.Valid {
			cur := &ls[len(ls)-1]
			e := Evidence{RowID: rowID.Int64, Kind: kind.String, File: file.String, Sheet: sheet.String, Row: int(srcRow.Int64), Label: label.String}
			if unknown.Bool {
				e.Note = UnknownNote
				cur.Unknown++
			}
			cur.Rows = append(cur.Rows, e)
		}
		out[unit] = ls
	}
	// The reason names the unknown rows, counted only once all are read.
	for _, ls := range out {
		for i := range ls {
			ls[i].Reason = reason(ls[i])
		}
	}
	return out, rows.Err()
}
