package store

import (
	"context"
	"database/sql/driver"
	"gongkai"
	"path/filepath"
	"testing"
)

// A batch records the file's rows as the clerk counts them (rows_loaded:
// what the history and the counts per kind show) and the table's rows
// (rows_stored: what the consistency check compares), which are more where
// a task is stored once per 牵头单位. Migration 0012 splits the two in a
// database whose rows_loaded held the stored rows.
func TestRowsLoadedAsTheClerkCounts(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "g.duckdb")
	db := openT(t, path)
	cols := []string{"src_sheet", "src_row", "task", "lead_unit_id", "status"}
	// Three rows of the file, the second with two lead units: four stored.
	pairs := [][]driver.Value{{"S", int32(3), "甲", int64(1), "已完成"}, {"S", int32(4), "乙", int64(1), "已完成"},
		{"S", int32(4), "乙", int64(2), "已完成"}, {"S", int32(5), "丙", int64(2), "推进中"}}
	rows := func(yield func([]driver.Value, error) bool) {
		for _, p := range pairs {
			if !yield(p, nil) {
				return
			}
		}
	}
	tasks := Batch{Batch: gongkai.Batch{Kind: "tasks", Year: 2024, FileName: "tasks.xlsx", SHA256: "t", Uploader: "test",
		RowsRead: 5, RowsSkipped: 2, RowsLoaded: 3}, Table: "ledger_tasks", Columns: cols}
	r, err := stream(ctx, db, tasks, rows)
	if err != nil || r.Loaded != 4 {
		t.Fatalf("%+v %v", r, err)
	}
	// A batch that says nothing of its file's rows has one a row stored.
	media, err := stream(ctx, db, Batch{Batch: gongkai.Batch{Kind: "media", UnitID: 1, Year: 2024, FileName: "m", SHA256: "m",
		Uploader: "test", RowsRead: 2}, Table: "ledger_media", Columns: mediaCols}, mediaRows(2, "A"))
	if err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		h, err := db.History(ctx)
		if err != nil || len(h) != 2 || h[1].ID != r.BatchID || h[1].RowsLoaded != 3 || h[1].RowsStored != 4 ||
			h[0].ID != media.BatchID || h[0].RowsLoaded != 2 || h[0].RowsStored != 0 {
			t.Errorf("%s: history %+v %v", when, h, err)
		}
		counts, err := db.KindCounts(ctx)
		if err != nil || len(counts) != 2 || counts[1].Kind != "tasks" || counts[1].Rows != 3 || counts[1].Stored != 4 || counts[0].Rows != 2 || counts[0].Stored != 2 {
			t.Errorf("%s: counts %+v %v", when, counts, err)
		}
		if c, err := db.LedgerRowsActive(ctx); err != nil || c.Recorded != 6 || c.Stored != 6 {
			t.Errorf("%s: consistency check %+v %v", when, c, err)
		}
	}
	check("loaded")

	// The database as one made before migration 0012, which runs again on
	// the next open.
	for _, q := range []string{`ALTER TABLE batches DROP COLUMN rows_stored`,
		`UPDATE batches SET rows_loaded = 4 WHERE kind = 'tasks'`,
		`DELETE FROM schema_migrations WHERE version = 12`} {
		if _, err := db.Raw().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	db = openT(t, path)
	check("migrated")
}
