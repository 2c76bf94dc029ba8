package store

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/duckdb/duckdb-go/v2"

	sqlfiles "gongkai/sql"
)

// Migration 0024 records, for the versions published before it, the
// earlier years' publications they are shown beside: each earlier year's
// latest version made at or before the publication, when that is a
// publication. A database with the migrations before 0024 and a history of
// publications and withdrawals across years is opened by this code.
func TestVersionBesideMigration(t *testing.T) {
	ctx := context.Background()
	old, err := sqlfiles.MigrationsIn(os.DirFS("testdata/migrations_5464b1c"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range old {
		if m.Version >= 24 {
			t.Fatalf("testdata/migrations_5464b1c has migration %d: take the migrations before 0024", m.Version)
		}
	}
	path := filepath.Join(t.TempDir(), "g.duckdb")
	connector, err := duckdb.NewConnector(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := newDB(connector, path)
	if err := d.migrate(ctx, old); err != nil {
		t.Fatal(err)
	}
	// year, version, state, day made
	history := []struct {
		year, version int
		state, at     string
	}{
		{2023, 1, VersionPublished, "2024-02-01"},
		{2024, 1, VersionPublished, "2025-02-01"}, // beside 2023 v1
		{2023, 2, VersionPublished, "2025-03-01"},
		{2023, 3, VersionWithdrawn, "2025-04-01"},
		{2024, 2, VersionPublished, "2025-05-01"}, // 2023 withdrawn: none
		{2022, 1, VersionPublished, "2025-06-01"}, // after both 2024 versions
		{2025, 1, VersionPublished, "2026-02-01"}, // beside 2022 v1 and 2024 v2, 2023 withdrawn
		{2023, 4, VersionPublished, "2026-03-01"}, // beside 2022 v1
	}
	for _, h := range history {
		if _, err := d.Raw().ExecContext(ctx, `INSERT INTO result_versions VALUES (?, ?, ?, ?::TIMESTAMP, 'admin', '', '', '', 0)`,
			h.year, h.version, h.state, h.at); err != nil {
			t.Fatal(err)
		}
	}
	d.Close()

	db := openT(t, path)
	rows, err := db.Raw().QueryContext(ctx, `SELECT year, version, other_year, other_version FROM version_beside ORDER BY ALL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got [][4]int
	for rows.Next() {
		var r [4]int
		if err := rows.Scan(&r[0], &r[1], &r[2], &r[3]); err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := [][4]int{{2023, 4, 2022, 1}, {2024, 1, 2023, 1}, {2025, 1, 2022, 1}, {2025, 1, 2024, 2}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("version_beside after migration 0024:\n got %v\nwant %v", got, want)
	}
	for _, c := range []struct{ year, n, other, want int }{{2024, 1, 2023, 1}, {2024, 2, 2023, 0}, {2025, 1, 2024, 2}, {2025, 1, 2023, 0}} {
		v, ok, err := db.VersionBeside(ctx, c.year, c.n, c.other)
		if err != nil || ok != (c.want != 0) || v != c.want {
			t.Errorf("VersionBeside(%d, %d, %d) = %d %v %v, want %d", c.year, c.n, c.other, v, ok, err, c.want)
		}
	}
}
