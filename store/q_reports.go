package store

import (
	"context"
	"database/sql"
)

// The annual report's tables as the ledgers give them (sql/queries/
// annual_*.sql, whose headers define every cell); reports adds them up.
// Each table query reads year for every unit when unit is nil, else for the
// unit, and with rollup for its descendants too; rows are per submitting
// unit.

// AnnualUnit is a registry unit as the derivation needs it.
type AnnualUnit struct {
	ID       int64
	Name     string
	ParentID int64 // 0: none
}

// AnnualUnits lists the registry in id order.
func (q *Queries) AnnualUnits(ctx context.Context) ([]AnnualUnit, error) {
	return list(ctx, q.q, "annual_units", fields(func(u *AnnualUnit) []any {
		return []any{&u.ID, &u.Name, &u.ParentID}
	}))
}

// AnnualTable2Row is table 二 of one unit: the nine counts in
// reports.Table2Items order, then the fee amount (万元).
type AnnualTable2Row struct {
	UnitID int64
	Counts [9]int64
	Amount float64
}

// AnnualTable2 reads table 二.
func (q *Queries) AnnualTable2(ctx context.Context, year int, unit *int64, rollup bool) ([]AnnualTable2Row, error) {
	return list(ctx, q.q, "annual_table2", fields(func(r *AnnualTable2Row) []any {
		c := &r.Counts
		return []any{&r.UnitID, &c[0], &c[1], &c[2], &c[3], &c[4], &c[5], &c[6], &c[7], &c[8], &r.Amount}
	}), year, unitArg(unit), rollup)
}

// AnnualTable3Row is one bucket of table 三 for one unit: a row code, or
// skip:… for rows left out (N of them, listed in Items joined by 、).
type AnnualTable3Row struct {
	UnitID int64
	Bucket string
	Cells  [6]int64 // by 申请人类型
	N      int64
	Fee    float64 // 信息处理费 (元)
	Items  string
}

// AnnualTable3 reads table 三.
func (q *Queries) AnnualTable3(ctx context.Context, year int, unit *int64, rollup bool) ([]AnnualTable3Row, error) {
	return list(ctx, q.q, "annual_table3", func(s scanner) (r AnnualTable3Row, err error) {
		var items sql.NullString
		c := &r.Cells
		err = s.Scan(&r.UnitID, &r.Bucket, &c[0], &c[1], &c[2], &c[3], &c[4], &c[5], &r.N, &r.Fee, &items)
		r.Items = items.String
		return r, err
	}, year, unitArg(unit), rollup)
}

// AnnualTable4Row is one bucket of table 四 for one unit: a case type, or
// skip:… as in AnnualTable3Row.
type AnnualTable4Row struct {
	UnitID int64
	Bucket string
	Cells  [4]int64 // upheld, corrected, other, pending
	N      int64
	Items  string
}

// AnnualTable4 reads table 四.
func (q *Queries) AnnualTable4(ctx context.Context, year int, unit *int64, rollup bool) ([]AnnualTable4Row, error) {
	return list(ctx, q.q, "annual_table4", func(s scanner) (r AnnualTable4Row, err error) {
		var items sql.NullString
		c := &r.Cells
		err = s.Scan(&r.UnitID, &r.Bucket, &c[0], &c[1], &c[2], &c[3], &r.N, &items)
		r.Items = items.String
		return r, err
	}, year, unitArg(unit), rollup)
}

// unitArg is the unit parameter of the annual queries: NULL for every unit.
func unitArg(unit *int64) any {
	if unit == nil {
		return nil
	}
	return *unit
}
