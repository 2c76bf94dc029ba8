package store

import (
	"context"
	"fmt"

	sqlfiles "gongkai/sql"
)

// KindCount is the active data of one ledger kind and year.
type KindCount struct {
	Kind    string `json:"kind"`
	Year    int    `json:"year"`
	Batches int64  `json:"batches"`
	Rows    int64  `json:"rows"`
}

// KindCounts lists active batches and rows per kind and year.
func (d *DB) KindCounts(ctx context.Context) ([]KindCount, error) {
	rows, err := d.db.QueryContext(ctx, sqlfiles.Query("kind_counts"))
	if err != nil {
		return nil, fmt.Errorf("kind counts: %w", err)
	}
	defer rows.Close()
	var out []KindCount
	for rows.Next() {
		var k KindCount
		if err := rows.Scan(&k.Kind, &k.Year, &k.Batches, &k.Rows); err != nil {
			return nil, fmt.Errorf("kind counts: %w", err)
		}
		out = append(out, k)
	}
	return out, rows.Err()
}
