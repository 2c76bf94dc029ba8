package store

import (
	"bufio"
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"iter"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gongkai"
	sqlfiles "gongkai/sql"
)

func openT(t *testing.T, path string) *DB {
	t.Helper()
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func count(t *testing.T, db *DB, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.Raw().QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

var mediaCols = []string{"src_sheet", "src_row", "account", "platform", "posted", "title"}

// mediaRows yields n rows of the media ledger.
func mediaRows(n int, title string) iter.Seq2[[]driver.Value, error] {
	return func(yield func([]driver.Value, error) bool) {
		for i := 0; i < n; i++ {
			day := time.Date(2024, 1, 1+i%365, 0, 0, 0, 0, time.UTC)
			if !yield([]driver.Value{"Sheet1", int32(i + 2), "平安发布", "微信公众号", day, title}, nil) {
				return
			}
		}
	}
}

// failing yields rows, then err.
func failing(rows iter.Seq2[[]driver.Value, error], err error) iter.Seq2[[]driver.Value, error] {
	return func(yield func([]driver.Value, error) bool) {
		for v, e := range rows {
			if !yield(v, e) {
				return
			}
		}
		yield(nil, err)
	}
}

func batch(sha string) Batch {
	return Batch{Batch: gongkai.Batch{Kind: "media", UnitID: 1, Year: 2024, FileName: sha + ".xlsx", SHA256: sha, Uploader: "test"}, Table: "ledger_media", Columns: mediaCols}
}

// load loads the batches with LoadBatches and collects the results.
func load(ctx context.Context, db *DB, bs ...*Batch) ([]LoadResult, []error) {
	var rs []LoadResult
	var errs []error
	for r, err := range db.LoadBatches(ctx, slices.Values(bs)) {
		rs, errs = append(rs, r), append(errs, err)
	}
	if len(rs) != len(bs) {
		panic(fmt.Sprintf("%d results for %d batches", len(rs), len(bs)))
	}
	return rs, errs
}

// stream loads b alone, with rows streaming.
func stream(ctx context.Context, db *DB, b Batch, rows iter.Seq2[[]driver.Value, error]) (LoadResult, error) {
	b.Rows = rows
	rs, errs := load(ctx, db, &b)
	return rs[0], errs[0]
}

func TestOpenMigratesOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.duckdb")
	db := openT(t, path)
	migs, err := sqlfiles.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	last := migs[len(migs)-1].Version
	v, err := db.SchemaVersion(context.Background())
	if err != nil || v != last {
		t.Fatalf("schema version %d, %v; want %d", v, err, last)
	}
	db.Close()
	db2 := openT(t, path) // reopening applies nothing twice
	if n := count(t, db2, "SELECT count(*) FROM schema_migrations"); n != int64(len(migs)) {
		t.Errorf("%d migrations recorded", n)
	}
}

func TestLoadReplaceRestore(t *testing.T) {
	ctx := context.Background()
	db := openT(t, ":memory:")
	if err := db.SaveUnits(ctx, []gongkai.Unit{{ID: 1, Name: "平安县教育局", Aliases: []string{"教育局"}}}); err != nil {
		t.Fatal(err)
	}
	r1, err := stream(ctx, db, batch("a"), mediaRows(3, "A"))
	if err != nil || r1.Loaded != 3 || r1.Unchanged || r1.Superseded != 0 {
		t.Fatalf("first: %+v %v", r1, err)
	}
	// The identical file again changes nothing.
	r, err := stream(ctx, db, batch("a"), func(func([]driver.Value, error) bool) { t.Error("rows read for an unchanged file") })
	if err != nil || !r.Unchanged || r.BatchID != r1.BatchID {
		t.Fatalf("unchanged: %+v %v", r, err)
	}
	// Counts known only once the rows are read: Rows sets them as it ends.
	b := batch("b")
	b.Rows = func(yield func([]driver.Value, error) bool) {
		for v := range mediaRows(5, "B") {
			if !yield(v, nil) {
				return
			}
		}
		b.RowsRead, b.RowsSkipped = 6, 1
	}
	rs, errs := load(ctx, db, &b)
	r2, err := rs[0], errs[0]
	if err != nil || r2.Loaded != 5 || r2.Superseded != r1.BatchID {
		t.Fatalf("replace: %+v %v", r2, err)
	}
	if n := count(t, db, "SELECT count(*) FROM cur_media"); n != 5 {
		t.Errorf("cur_media after replace: %d", n)
	}
	if n := count(t, db, "SELECT count(*) FROM ledger_media"); n != 8 {
		t.Errorf("ledger_media keeps history: %d", n)
	}
	// row ids are batch_id * RowsPerBatch + position.
	if n := count(t, db, "SELECT min(row_id) FROM cur_media"); n != r2.BatchID*RowsPerBatch+1 {
		t.Errorf("first row id %d", n)
	}
	h, err := db.History(ctx)
	if err != nil || len(h) != 2 {
		t.Fatalf("history %+v %v", h, err)
	}
	if h[0].ID != r2.BatchID || h[0].Status != "active" || h[0].RowsRead != 6 || h[0].RowsLoaded != 5 || h[0].RowsSkipped != 1 || h[0].Unit != "平安县教育局" {
		t.Errorf("history[0] %+v", h[0])
	}
	if h[1].ID != r1.BatchID || h[1].Status != "superseded" || h[1].ReplacedBy != r2.BatchID {
		t.Errorf("history[1] %+v", h[1])
	}
	if err := db.Restore(ctx, r1.BatchID); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "SELECT count(*) FROM cur_media WHERE title = 'A'"); n != 3 {
		t.Errorf("after restore cur_media A rows: %d", n)
	}
	if n := count(t, db, "SELECT count(*) FROM cur_media"); n != 3 {
		t.Errorf("after restore cur_media: %d", n)
	}
	h, _ = db.History(ctx)
	if h[0].Status != "superseded" || h[0].ReplacedBy != r1.BatchID || h[1].Status != "active" || h[1].ReplacedBy != 0 {
		t.Errorf("history after restore %+v", h)
	}
	// Restoring the active batch is a no-op; an unknown batch is an error.
	if err := db.Restore(ctx, r1.BatchID); err != nil {
		t.Errorf("restore active: %v", err)
	}
	if err := db.Restore(ctx, 999); !errors.Is(err, ErrNoBatch) {
		t.Errorf("restore unknown: %v", err)
	}
	// After the restore the file of batch 1 is again "unchanged".
	if r, err := stream(ctx, db, batch("a"), mediaRows(3, "A")); err != nil || !r.Unchanged {
		t.Errorf("unchanged after restore: %+v %v", r, err)
	}
	// Another unit, kind or year is a separate batch.
	other := batch("a")
	other.Year = 2023
	if r, err := stream(ctx, db, other, mediaRows(2, "A")); err != nil || r.Unchanged || r.Superseded != 0 {
		t.Errorf("other year: %+v %v", r, err)
	}
}

// A load that fails or is cancelled half-way leaves nothing behind, and
// the connection it used is fit for the next load.
func TestLoadRollsBack(t *testing.T) {
	ctx := context.Background()
	db := openT(t, ":memory:")
	db.Raw().SetMaxOpenConns(1) // the next load gets the same connection
	if _, err := stream(ctx, db, batch("a"), mediaRows(3, "A")); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	_, err := stream(ctx, db, batch("b"), failing(mediaRows(100, "B"), boom))
	if !errors.Is(err, boom) {
		t.Fatalf("err %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	_, err = stream(cctx, db, batch("c"), func(yield func([]driver.Value, error) bool) {
		i := 0
		for v := range mediaRows(20, "C") {
			if i++; i == 10 {
				cancel()
			}
			if !yield(v, nil) {
				return
			}
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled load: %v", err)
	}
	if n := count(t, db, "SELECT count(*) FROM ledger_media"); n != 3 {
		t.Errorf("ledger_media: %d rows", n)
	}
	if n := count(t, db, "SELECT count(*) FROM batches"); n != 1 {
		t.Errorf("batches: %d", n)
	}
	if r, err := stream(ctx, db, batch("d"), mediaRows(4, "D")); err != nil || r.Loaded != 4 {
		t.Fatalf("load after rollback: %+v %v", r, err)
	}
	if n := count(t, db, "SELECT count(*) FROM cur_media"); n != 4 {
		t.Errorf("cur_media: %d", n)
	}
}

func TestSaveUnits(t *testing.T) {
	ctx := context.Background()
	db := openT(t, ":memory:")
	units := []gongkai.Unit{
		{ID: 1, Name: "平安县人民政府", Code: "11341234003020000H", Type: "县级政府", Aliases: []string{"县政府"}},
		{ID: 2, Name: "平安县财政局", Type: "部门", Group: "B类 县直部门", ParentID: 1, Aliases: []string{"财政局", "县财政局"}},
	}
	if err := db.SaveUnits(ctx, units); err != nil {
		t.Fatal(err)
	}
	units[1].Aliases = []string{"财政"}
	if err := db.SaveUnits(ctx, units[1:]); err != nil {
		t.Fatal(err)
	}
	got, err := db.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprint([]gongkai.Unit{
		{ID: 1, Name: "平安县人民政府", Code: "11341234003020000H", Type: "县级政府", Aliases: []string{"县政府"}},
		{ID: 2, Name: "平安县财政局", Type: "部门", Group: "B类 县直部门", ParentID: 1, Aliases: []string{"财政"}},
	})
	if fmt.Sprint(got) != want {
		t.Errorf("units\n got %v\nwant %v", got, want)
	}
}

// A second process opening the same database file gets ErrInUse.
func TestOpenInUse(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.duckdb")
	db := openT(t, path)
	db.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestHoldDatabaseChild$")
	cmd.Env = append(os.Environ(), "GONGKAI_HOLD_DB="+path)
	stdin, _ := cmd.StdinPipe()
	out, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stdin.Close()
		cmd.Process.Kill()
		cmd.Wait()
	}()
	if !waitLine(t, bufio.NewScanner(out), "HELD") {
		t.Fatal("child did not open the database")
	}
	_, err := Open(context.Background(), path)
	if !errors.Is(err, ErrInUse) {
		t.Fatalf("open while held: %v", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "数据库正被另一个程序使用") || !strings.Contains(msg, path) {
		t.Errorf("message %q", msg)
	}
	// Once the holder is gone the file opens again.
	stdin.Close()
	cmd.Wait()
	db2, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open after the holder exited: %v", err)
	}
	db2.Close()
}

func waitLine(t *testing.T, sc *bufio.Scanner, want string) bool {
	t.Helper()
	done := make(chan bool, 1)
	go func() {
		for sc.Scan() {
			if strings.TrimSpace(sc.Text()) == want {
				done <- true
				return
			}
		}
		done <- false
	}()
	select {
	case ok := <-done:
		return ok
	case <-time.After(30 * time.Second):
		return false
	}
}

// TestHoldDatabaseChild is the child of TestOpenInUse: it holds the
// database open until its stdin closes.
func TestHoldDatabaseChild(t *testing.T) {
	path := os.Getenv("GONGKAI_HOLD_DB")
	if path == "" {
		t.Skip("child process of TestOpenInUse")
	}
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fmt.Println("HELD")
	bufio.NewReader(os.Stdin).ReadString('\n')
}

// Readers of cur_* never see two batches, none, or part of one while
// batches are replaced and restored.
func TestReadersSeeWholeBatches(t *testing.T) {
	ctx := context.Background()
	db := openT(t, filepath.Join(t.TempDir(), "g.duckdb"))
	if err := db.SaveUnits(ctx, []gongkai.Unit{{ID: 1, Name: "平安县教育局"}}); err != nil {
		t.Fatal(err)
	}
	// Every batch's title says how many rows it has.
	if _, err := stream(ctx, db, batch("first"), mediaRows(500, "500")); err != nil {
		t.Fatal(err)
	}
	var stop atomic.Bool
	var seen atomic.Int64
	errs := make(chan string, 10)
	var wg sync.WaitGroup
	// The readers ask the cur_* view alone. A query that also joins the
	// batches table can, in DuckDB 1.5.6, miss rows of a table that another
	// connection is committing to (even a row inserted long before): a
	// DuckDB fault that no schema here avoids, so it is not what this test
	// holds gongkai to.
	for r := 0; r < 2; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				var batches, rows int64
				var title string
				err := db.Raw().QueryRow(`SELECT count(DISTINCT batch_id), count(*), coalesce(any_value(title), '') FROM cur_media`).Scan(&batches, &rows, &title)
				if err != nil || batches != 1 || fmt.Sprint(rows) != title {
					select {
					case errs <- fmt.Sprintf("reader saw %d batches, %d rows, title %q (%v)", batches, rows, title, err):
					default:
					}
				}
				seen.Add(1)
			}
		}()
	}
	for i := 0; i < 200; i++ {
		n := 3 + i%50*7
		if _, err := stream(ctx, db, batch(fmt.Sprint("b", i)), mediaRows(n, fmt.Sprint(n))); err != nil {
			t.Fatal(err)
		}
		if i%10 == 9 {
			if err := db.Restore(ctx, 1); err != nil {
				t.Fatal(err)
			}
		}
	}
	stop.Store(true)
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	t.Logf("%d observations", seen.Load())
}

// A batch a crash left between its two transactions ('loading') is gone
// when the database is opened again; the rest stays.
func TestOpenDropsUnfinishedBatch(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "g.duckdb")
	db := openT(t, path)
	db.SaveUnits(ctx, []gongkai.Unit{{ID: 1, Name: "平安县教育局"}})
	if _, err := stream(ctx, db, batch("a"), mediaRows(3, "A")); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO batches VALUES (99, 'media', 1, 2024, 'x.xlsx', 'x', 'test', now()::TIMESTAMP, 2, 2, 0, 0, false, 'loading', NULL, now()::TIMESTAMP, 2)`,
		`INSERT INTO ledger_media (row_id, batch_id, year, unit_id, src_sheet, src_row, account) SELECT 99 * 10000000 + i, 99, 2024, 1, 'Sheet1', i, 'x' FROM range(1, 3) t(i)`,
	} {
		if _, err := db.Raw().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM cur_media`); n != 3 {
		t.Errorf("a loading batch is visible: %d rows", n)
	}
	if err := db.Restore(ctx, 99); !errors.Is(err, ErrNoBatch) {
		t.Errorf("restore of a loading batch: %v", err)
	}
	db.Close()
	db = openT(t, path)
	if n := count(t, db, `SELECT count(*) FROM ledger_media`); n != 3 {
		t.Errorf("ledger_media after reopen: %d", n)
	}
	if n := count(t, db, `SELECT count(*) FROM batches`); n != 1 {
		t.Errorf("batches after reopen: %d", n)
	}
}

// BenchmarkSaveUnits10000 saves a province-sized registry: 10,000 units
// with two aliases each.
func BenchmarkSaveUnits10000(b *testing.B) {
	units := make([]gongkai.Unit, 10_000)
	for i := range units {
		units[i] = gongkai.Unit{ID: int64(i + 1), Name: fmt.Sprintf("第%d县财政局", i), Type: "部门", Group: "B类",
			Aliases: []string{fmt.Sprintf("县财政局%d", i), fmt.Sprintf("财政%d", i)}}
	}
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, err := Open(context.Background(), filepath.Join(b.TempDir(), "g.duckdb"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := db.SaveUnits(context.Background(), units); err != nil {
			b.Fatal(err)
		}
		// Saved again: every unit updated, every alias replaced.
		if err := db.SaveUnits(context.Background(), units); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		var n int
		db.Raw().QueryRow(`SELECT count(*) FROM unit_aliases`).Scan(&n)
		if n != 20_000 {
			b.Fatalf("%d aliases", n)
		}
		db.Close()
		b.StartTimer()
	}
}

func TestOpenMemoryLimit(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.duckdb")
	db, err := OpenWith(ctx, path, Options{MemoryLimit: LoadMemoryLimit})
	if err != nil {
		t.Fatal(err)
	}
	var got string
	if err := db.Raw().QueryRowContext(ctx, "SELECT current_setting('memory_limit')").Scan(&got); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if got != "244.1 MiB" { // 256 MB as DuckDB prints it
		t.Fatalf("memory_limit = %q, want 244.1 MiB", got)
	}
	// The limit is the process's, not the file's: opened again without it,
	// the database has DuckDB's default.
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Raw().QueryRowContext(ctx, "SELECT current_setting('memory_limit')").Scan(&got); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if got == "244.1 MiB" {
		t.Fatalf("memory_limit stayed %q", got)
	}
	if _, err := OpenWith(ctx, path, Options{MemoryLimit: "256MB; DROP TABLE units"}); err == nil {
		t.Fatal("a malformed limit was accepted")
	}
}

// A hash still being computed (Batch.Hash) is waited for before any row
// only when an active batch may be the same file; otherwise at the end.
func TestLoadLateHash(t *testing.T) {
	ctx := context.Background()
	db := openT(t, ":memory:")
	if err := db.SaveUnits(ctx, []gongkai.Unit{{ID: 1, Name: "平安县教育局"}}); err != nil {
		t.Fatal(err)
	}
	late := func(sum string, err error, order *[]string) Batch {
		b := batch("")
		b.Hash = func() (string, error) { *order = append(*order, "hash"); return sum, err }
		return b
	}
	rows := func(order *[]string) iter.Seq2[[]driver.Value, error] {
		return func(yield func([]driver.Value, error) bool) {
			*order = append(*order, "rows")
			for v := range mediaRows(2, "A") {
				if !yield(v, nil) {
					return
				}
			}
		}
	}
	// No active batch: rows first, hash when recording.
	var order []string
	r1, err := stream(ctx, db, late("a", nil, &order), rows(&order))
	if err != nil || r1.Loaded != 2 || fmt.Sprint(order) != "[rows hash]" {
		t.Fatalf("first: %+v %v, order %v", r1, err, order)
	}
	// An active batch: the hash first, and the identical file changes nothing.
	order = nil
	r, err := stream(ctx, db, late("a", nil, &order), rows(&order))
	if err != nil || !r.Unchanged || r.BatchID != r1.BatchID || fmt.Sprint(order) != "[hash]" {
		t.Fatalf("unchanged: %+v %v, order %v", r, err, order)
	}
	// A file that cannot be hashed is not recorded, its rows are gone.
	other := late("", errors.New("无法读取文件"), &order)
	other.Year = 2023
	if _, err := stream(ctx, db, other, rows(&order)); err == nil {
		t.Fatal("a load without its hash was recorded")
	}
	if n := count(t, db, "SELECT count(*) FROM ledger_media"); n != 2 {
		t.Errorf("ledger_media rows: %d, want 2", n)
	}
}
