package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"testing"

	"github.com/duckdb/duckdb-go/v2"

	sqlfiles "gongkai/sql"
)

// BenchmarkStatementOwnTransaction is the cost snapshot.go adds to a
// statement outside a transaction (BEGIN and COMMIT around it): ping.sql
// through the wrapper and through DuckDB's connector alone.
func BenchmarkStatementOwnTransaction(b *testing.B) {
	connector, err := duckdb.NewConnector("", nil)
	if err != nil {
		b.Fatal(err)
	}
	defer connector.Close()
	ctx := context.Background()
	for _, c := range []struct {
		name string
		conn driver.Connector
	}{{"plain", rawConnector{connector}}, {"snapshot", snapConnector{connector}}} {
		b.Run(c.name, func(b *testing.B) {
			db := sql.OpenDB(c.conn)
			defer db.Close()
			var n int
			for b.Loop() {
				if err := db.QueryRowContext(ctx, sqlfiles.Query("ping")).Scan(&n); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
