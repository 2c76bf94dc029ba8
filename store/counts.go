package store

import "context"

// KindCount is the active data of one ledger kind and year.
type KindCount struct {
	Kind    string `json:"kind"`
	Year    int    `json:"year"`
	Batches int64  `json:"batches"`
	Rows    int64  `json:"rows"`
}

// KindCounts lists active batches and rows per kind and year.
func (q *Queries) KindCounts(ctx context.Context) ([]KindCount, error) {
	return list(ctx, q.q, "kind_counts", fields(func(k *KindCount) []any {
		return []any{&k.Kind, &k.Year, &k.Batches, &k.Rows}
	}))
}
