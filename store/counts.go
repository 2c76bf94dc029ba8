package store

import "context"

// KindCount is the active data of one ledger kind and year.
type KindCount struct {
	Kind    string `json:"kind"`
	Year    int    `json:"year"`
	Batches int64  `json:"batches"`
	Rows    int64  `json:"rows"`   // the files' rows, as the clerk counts them
	Stored  int64  `json:"stored"` // the tables' rows: more where a task is stored once per 牵头单位
}

// KindCounts lists active batches and rows per kind and year.
func (q *Queries) KindCounts(ctx context.Context) ([]KindCount, error) {
	return list(ctx, q.q, "kind_counts", fields(func(k *KindCount) []any {
		return []any{&k.Kind, &k.Year, &k.Batches, &k.Rows, &k.Stored}
	}))
}

// LedgerRowCount counts the rows of every ledger table, every batch's.
func (q *Queries) LedgerRowCount(ctx context.Context) (int64, error) {
	return one(ctx, q.q, "ledger_row_count", scalar[int64])
}

// LedgerCheck is the consistency check of the ledgers: Recorded equals
// Stored, and Loading and Orphans are 0, unless a load was lost, doubled
// or left half-done.
type LedgerCheck struct {
	Active   int64 // active batches
	Recorded int64 // the rows their records say were stored
	Stored   int64 // the rows really stored under them
	Loading  int64 // batches left 'loading'
	Orphans  int64 // rows whose batch is not recorded at all
}

// LedgerRowsActive runs the consistency check of the ledgers.
func (q *Queries) LedgerRowsActive(ctx context.Context) (LedgerCheck, error) {
	return one(ctx, q.q, "ledger_rows_active", func(s scanner) (c LedgerCheck, err error) {
		err = s.Scan(&c.Active, &c.Recorded, &c.Stored, &c.Loading, &c.Orphans)
		return c, err
	})
}
