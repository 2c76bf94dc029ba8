package store

import (
	"context"
	"database/sql/driver"
	"fmt"

	"github.com/duckdb/duckdb-go/v2"

	sqlfiles "gongkai/sql"
)

// OpenParquet opens an in-memory DuckDB session over a directory written by
// ExportParquet, as the README's "Running the measures on Parquet" sets one
// up: parquet_dir set on every connection, the views of ParquetViews and the
// empty result tables of parquet/results.sql. It has no
// gongkai schema, so it serves reads and scoring (metrics.Score runs on it
// unchanged: TestMeasuresOnParquet), not loads.
func OpenParquet(ctx context.Context, dir string) (*DB, error) {
	connector, err := duckdb.NewConnector("", func(ex driver.ExecerContext) error {
		// Not ctx: connections are opened for as long as the session lasts.
		_, err := ex.ExecContext(context.Background(), sqlfiles.Query("parquet_dir_set"), []driver.NamedValue{{Ordinal: 1, Value: dir}})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("parquet session: %w", err)
	}
	d := newDB(connector, dir)
	for _, q := range []string{ParquetViews(), sqlfiles.Parquet("results")} {
		if _, err := d.db.ExecContext(ctx, q); err != nil {
			d.Close()
			return nil, fmt.Errorf("parquet session: %w", err)
		}
	}
	return d, nil
}
