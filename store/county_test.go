package store

import (
	"context"
	"database/sql/driver"
	"iter"
	"path/filepath"
	"strconv"
	"testing"

	"gongkai"
	sqlfiles "gongkai/sql"
)

// Migration 0008 moves the batches of county-wide ledgers, loaded before
// under the unit that uploaded them, to the county (unit 0): their log
// entries and rows too. Of two units' active batches of one kind and year
// the one readers saw last stays active, the other becomes its history.
// Unit ledgers are untouched, and the history names the county.
func TestMigrationCountyBatches(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "g.duckdb")
	db := openT(t, path)
	if err := db.SaveUnits(ctx, []gongkai.Unit{{ID: 1, Name: "平安县人民政府办公室"}, {ID: 2, Name: "平安县财政局"}}); err != nil {
		t.Fatal(err)
	}
	taskCols := []string{"src_sheet", "src_row", "task", "lead_unit_id", "status"}
	tasks := func(n int) iter.Seq2[[]driver.Value, error] {
		return func(yield func([]driver.Value, error) bool) {
			for i := 0; i < n; i++ {
				if !yield([]driver.Value{"Sheet1", int32(i + 2), "任务", int64(2), "已完成"}, nil) {
					return
				}
			}
		}
	}
	load := func(kind, table string, unit int64, year int, sha string, cols []string, rows iter.Seq2[[]driver.Value, error]) int64 {
		t.Helper()
		b := Batch{Kind: kind, Table: table, UnitID: unit, Year: year, FileName: sha, SHA256: sha, Uploader: "test", Columns: cols}
		r, err := stream(ctx, db, b, rows)
		if err != nil {
			t.Fatal(err)
		}
		return r.BatchID
	}
	office := load("tasks", "ledger_tasks", 1, 2024, "t1", taskCols, tasks(3))
	finance := load("tasks", "ledger_tasks", 2, 2024, "t2", taskCols, tasks(2))
	media := load("media", "ledger_media", 1, 2024, "m1", mediaCols, mediaRows(4, "A"))
	// The batches were loaded under their units: the database is as one
	// made before the migration, which runs again here. (Run directly, not
	// by forgetting its version: Open applies only migrations newer than
	// the newest applied, and later migrations exist.)
	if n := count(t, db, `SELECT count(*) FROM batches WHERE unit_id = 0`); n != 0 {
		t.Fatalf("%d county batches before the migration ran again", n)
	}
	migs, err := sqlfiles.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range migs {
		if m.Version == 8 {
			if _, err := db.Raw().Exec(m.SQL); err != nil {
				t.Fatal(err)
			}
		}
	}
	db.Close()
	db = openT(t, path)
	for q, want := range map[string]int64{
		`SELECT count(*) FROM batches WHERE kind = 'tasks' AND unit_id = 0`:                                         2,
		`SELECT count(*) FROM batch_active_log WHERE kind = 'tasks' AND unit_id = 0`:                                2,
		`SELECT count(*) FROM ledger_tasks WHERE unit_id = 0`:                                                       5,
		`SELECT count(*) FROM cur_tasks`:                                                                            2,
		`SELECT min(batch_id) FROM cur_tasks`:                                                                       finance,
		`SELECT count(*) FROM batches WHERE kind = 'tasks' AND status = 'active'`:                                   1,
		`SELECT replaced_by FROM batches WHERE batch_id = ` + strconv.FormatInt(office, 10):                         finance,
		`SELECT unit_id FROM batches WHERE batch_id = ` + strconv.FormatInt(media, 10):                              1,
		`SELECT count(*) FROM cur_media WHERE unit_id = 1`:                                                          4,
		`SELECT count(*) FROM batches b WHERE status = 'active' AND batch_id NOT IN (SELECT * FROM active_batches)`: 0,
	} {
		if n := count(t, db, q); n != want {
			t.Errorf("%s = %d, want %d", q, n, want)
		}
	}
	h, err := db.History(ctx)
	if err != nil || len(h) != 3 || h[1].Unit != gongkai.CountyName || h[0].Unit != "平安县人民政府办公室" {
		t.Errorf("history %+v %v", h, err)
	}
	// The county's batch restores like a unit's.
	if err := db.Restore(ctx, office); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM cur_tasks`); n != 3 {
		t.Errorf("after restore: %d task rows", n)
	}
}
