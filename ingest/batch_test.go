package ingest

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gongkai/store"
)

// writeApps writes an applications CSV of n rows for 平安县财政局, 2024;
// tag makes the content (and so the file) differ.
func writeApps(t testing.TB, path string, n int, tag string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString("平安县财政局2024年依申请公开办理台账\n申请编号,收到日期,申请人类型,申请方式,申请内容,是否延期,答复日期,办理结果\n")
	for i := 0; i < n; i++ {
		day := 1 + i%28
		fmt.Fprintf(w, "%s-%07d,2024-03-%02d,自然人,网络,关于%s的政府信息,否,2024-04-%02d,予以公开\n", tag, i, day, tag, day)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

func TestReplaceRestoreUnchanged(t *testing.T) {
	e := newEnv(t)
	dir := t.TempDir()
	v1, v2 := filepath.Join(dir, "v1.csv"), filepath.Join(dir, "v2.csv")
	writeApps(t, v1, 3, "A")
	writeApps(t, v2, 2, "B")
	e.loaded(td("kinds/media.csv"), Options{}) // another unit and kind, untouched throughout

	r1 := e.loaded(v1, Options{})
	r2 := e.loaded(v2, Options{})
	if r2.Replaced != r1.BatchID || r2.BatchID == r1.BatchID {
		t.Fatalf("replace: %+v", r2)
	}
	e.wantRows(`SELECT batch_id, count(*) FROM cur_applications GROUP BY 1`, fmt.Sprintf("%d|2", r2.BatchID))
	e.wantRows(`SELECT batch_id, count(*) FROM ledger_applications GROUP BY 1 ORDER BY 1`,
		fmt.Sprintf("%d|3", r1.BatchID), fmt.Sprintf("%d|2", r2.BatchID))
	e.wantRows(`SELECT batch_id, kind, status, coalesce(replaced_by, 0) FROM batches ORDER BY 1`,
		"1|media|active|0",
		fmt.Sprintf("%d|applications|superseded|%d", r1.BatchID, r2.BatchID),
		fmt.Sprintf("%d|applications|active|0", r2.BatchID))

	// Restore brings the first upload back.
	if err := e.db.Restore(e.ctx, r1.BatchID); err != nil {
		t.Fatal(err)
	}
	e.wantRows(`SELECT batch_id, count(*), min(app_no) FROM cur_applications GROUP BY 1`, fmt.Sprintf("%d|3|A-0000000", r1.BatchID))
	e.wantRows(`SELECT batch_id, status, coalesce(replaced_by, 0) FROM batches WHERE kind = 'applications' ORDER BY 1`,
		fmt.Sprintf("%d|active|0", r1.BatchID), fmt.Sprintf("%d|superseded|%d", r2.BatchID, r1.BatchID))

	// The active file again: unchanged, nothing written.
	before := e.snapshot()
	r := e.one(v1, Options{})
	if r.Status != StatusUnchanged || r.BatchID != r1.BatchID || r.RowsLoaded != 0 || len(r.Warnings) != 1 {
		t.Errorf("unchanged: %+v", r)
	}
	e.unchangedSince(before)
	// Re-uploading the superseded file makes a new batch.
	r3 := e.loaded(v2, Options{})
	if r3.Replaced != r1.BatchID || r3.BatchID <= r2.BatchID {
		t.Errorf("re-upload of the older file: %+v", r3)
	}
	if n := e.count(`SELECT count(*) FROM cur_media`); n != 2 {
		t.Errorf("media touched: %d", n)
	}
}

// Readers never see a mix of two batches while a batch is replaced.
func TestReplaceIsAtomicForReaders(t *testing.T) {
	e := newEnvAt(t, filepath.Join(t.TempDir(), "g.duckdb"))
	dir := t.TempDir()
	files := []string{filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")}
	sizes := []int64{2000, 3000}
	writeApps(t, files[0], int(sizes[0]), "A")
	writeApps(t, files[1], int(sizes[1]), "B")
	e.loaded(files[0], Options{})

	var stop atomic.Bool
	var seen atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for g := 0; g < 2; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				rows, err := e.db.Raw().QueryContext(e.ctx, `SELECT c.batch_id, count(*), any_value(b.rows_loaded) FROM cur_applications c JOIN batches b USING (batch_id) GROUP BY c.batch_id`)
				if err != nil {
					errs <- err
					return
				}
				var obs []string
				for rows.Next() {
					var id, n, loaded int64
					rows.Scan(&id, &n, &loaded)
					obs = append(obs, fmt.Sprintf("batch %d: %d rows of %d", id, n, loaded))
					if n != loaded || (n != sizes[0] && n != sizes[1]) {
						errs <- fmt.Errorf("batch %d shows %d rows, loaded %d", id, n, loaded)
					}
				}
				if err := rows.Err(); err != nil {
					errs <- fmt.Errorf("reader: %v", err)
				}
				rows.Close()
				if len(obs) != 1 {
					errs <- fmt.Errorf("reader saw %d batches: %v", len(obs), obs)
				}
				seen.Add(1)
			}
		}()
	}
	for i := 1; i <= 6; i++ {
		r := e.loaded(files[i%2], Options{})
		if r.RowsLoaded != sizes[i%2] || r.Replaced == 0 {
			t.Errorf("replace %d: %+v", i, r)
		}
	}
	// And back and forth with restore.
	for _, id := range []int64{2, 3, 7} {
		if err := e.db.Restore(e.ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	stop.Store(true)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if seen.Load() < 10 {
		t.Errorf("only %d observations", seen.Load())
	}
	t.Logf("%d consistent observations", seen.Load())
}

// A load killed with SIGKILL half-way leaves the database as it was: the
// batches committed before, and nothing of the killed one.
func TestKilledLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("re-executes the test binary")
	}
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "g.duckdb")
	small := filepath.Join(dir, "small.csv")
	big := filepath.Join(dir, "big.csv")
	writeApps(t, small, 50, "S")
	writeApps(t, big, 300_000, "K")

	e := newEnvAt(t, dbPath)
	e.loaded(small, Options{})
	e.loaded(td("kinds/media.csv"), Options{})
	before := e.snapshot()
	e.db.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledLoadChild$")
	cmd.Env = append(os.Environ(), "GONGKAI_KILL_DB="+dbPath, "GONGKAI_KILL_FILE="+big)
	out, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 10)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- strings.TrimSpace(sc.Text())
		}
		close(lines)
	}()
	deadline := time.After(60 * time.Second)
wait:
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatal("child exited before loading")
			}
			if l == "LOADING" {
				break wait
			}
		case <-deadline:
			cmd.Process.Kill()
			t.Fatal("child did not start loading")
		}
	}
	time.Sleep(400 * time.Millisecond) // well into the 300,000 rows
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	for l := range lines {
		if l == "DONE" {
			t.Fatal("the load finished before it was killed: make the file bigger")
		}
	}

	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	e2 := &env{t: t, ctx: ctx, db: db, dir: dir}
	defer db.Close()
	e2.unchangedSince(before)
	if n := e2.count(`SELECT count(*) FROM ledger_applications WHERE app_no LIKE 'K-%'`); n != 0 {
		t.Errorf("%d rows of the killed load", n)
	}
	// And it loads again.
	e2.in, err = New(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	changed := filepath.Join(dir, "changed.csv")
	writeApps(t, changed, 70, "T")
	r := e2.loaded(changed, Options{})
	if r.RowsLoaded != 70 || r.Replaced == 0 {
		t.Errorf("load after kill: %+v", r)
	}
	if n := e2.count(`SELECT count(*) FROM cur_applications`); n != 70 {
		t.Errorf("cur_applications after kill and reload: %d", n)
	}
}

// TestKilledLoadChild is the child process of TestKilledLoad.
func TestKilledLoadChild(t *testing.T) {
	dbPath, file := os.Getenv("GONGKAI_KILL_DB"), os.Getenv("GONGKAI_KILL_FILE")
	if dbPath == "" {
		t.Skip("child process of TestKilledLoad")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	in, err := New(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("LOADING")
	rs := in.File(ctx, file, "", Options{})
	fmt.Println("DONE", rs[0].Status, rs[0].RowsLoaded)
	db.Close()
}
