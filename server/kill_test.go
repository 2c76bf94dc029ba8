package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"gongkai/ingest"
	"gongkai/store"
)

// startChild runs the test binary as a server of dbPath and returns it
// with its base URL.
func startChild(t *testing.T, dbPath string) (*exec.Cmd, string) {
	t.Helper()
	addrFile := filepath.Join(filepath.Dir(dbPath), fmt.Sprintf("addr-%d", time.Now().UnixNano()))
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+dbPath, childAddrEnv+"="+addrFile)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(addrFile); err == nil && len(b) > 0 {
			return cmd, "http://" + string(b)
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()
	t.Fatal("child server did not start")
	return nil, ""
}

// countingReader reports when the whole body has been read by the transport.
type countingReader struct {
	r    io.Reader
	done chan struct{}
	n    atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	if err == io.EOF {
		select {
		case <-c.done:
		default:
			close(c.done)
		}
	}
	return n, err
}

// TestKillDuringUpload kills the server process (SIGKILL) while it loads a
// large upload, restarts it, and checks the database holds exactly the
// committed batches: the earlier upload intact, the killed one absent (or,
// had it committed before the kill, complete), no half batch, no stray rows.
func TestKillDuringUpload(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped with -short")
	}
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "g.duckdb")
	if err := copyFile(dbPath, fixtureDB); err != nil {
		t.Fatal(err)
	}
	const bigRows = 300_000
	small := appCSV(t, dir, clerkUnit, 2025, 50, "S")
	big := appCSV(t, dir, clerkUnit, 2026, bigRows, "K")
	after := appCSV(t, dir, clerkUnit, 2026, 10, "A")

	child, base := startChild(t, dbPath)
	defer func() {
		if child.ProcessState == nil {
			child.Process.Kill()
			child.Wait()
		}
	}()
	e := &testEnv{t: t, url: base}
	c := e.login(clerkName)
	if _, rs, body := c.upload(nil, [2]string{"small.csv", small}); len(rs) != 1 || rs[0].Status != ingest.StatusLoaded {
		t.Fatalf("small upload: %s", body)
	}

	// The big upload, killed mid-load.
	body, ct := multipartBody(t, nil, [2]string{"big.csv", big})
	cr := &countingReader{r: body, done: make(chan struct{})}
	req, _ := http.NewRequest("POST", base+"/api/uploads", cr)
	req.Header.Set("Content-Type", ct)
	req.Header.Set(csrfHeader, c.csrf)
	type answer struct {
		status int
		body   string
		err    error
	}
	ans := make(chan answer, 1)
	go func() {
		resp, err := c.hc.Do(req)
		if err != nil {
			ans <- answer{err: err}
			return
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		ans <- answer{resp.StatusCode, string(b), err}
	}()
	select {
	case <-cr.done:
	case <-time.After(60 * time.Second):
		t.Fatal("big upload not sent")
	}
	time.Sleep(500 * time.Millisecond) // the server is reading and loading
	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	child.Wait()
	a := <-ans
	completed := a.err == nil && a.status == 200 && strings.Contains(a.body, `"status": "loaded"`)
	t.Logf("killed %s after sending %d bytes; upload answered before the kill: %v", "server", cr.n.Load(), completed)

	// Restart on the same file: it opens, serves, and takes new uploads.
	child, base = startChild(t, dbPath)
	e.url = base
	c = e.login(clerkName)
	var st struct {
		Ledgers []KindStatus `json:"ledgers"`
	}
	c.getJSON(fmt.Sprintf("/api/units/%d/status?year=2026", c.unitID()), &st)
	if completed != st.Ledgers[0].Uploaded || (completed && st.Ledgers[0].Rows != bigRows) {
		t.Fatalf("after restart, 2026: %+v (upload completed before kill: %v)", st.Ledgers[0], completed)
	}
	if _, rs, body := c.upload(nil, [2]string{"after.csv", after}); len(rs) != 1 || rs[0].Status != ingest.StatusLoaded {
		t.Fatalf("upload after restart: %s", body)
	}
	// A graceful stop (SIGTERM) exits 0 and releases the file.
	child.Process.Signal(syscall.SIGTERM)
	if err := child.Wait(); err != nil {
		t.Fatalf("child after SIGTERM: %v", err)
	}

	db, err := store.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	checkConsistency(t, db)
	unit := int64(0)
	db.Raw().QueryRow("SELECT unit_id FROM units WHERE name = $1", clerkUnit).Scan(&unit)
	rows, err := db.Raw().Query("SELECT year, status, rows_loaded, (SELECT count(*) FROM ledger_applications l WHERE l.batch_id = b.batch_id) FROM batches b WHERE unit_id = $1 AND kind = 'applications' AND year >= 2025 ORDER BY batch_id", unit)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var (
			year           int
			status         string
			loaded, stored int64
		)
		rows.Scan(&year, &status, &loaded, &stored)
		if loaded != stored {
			t.Errorf("batch of %d: %d rows recorded, %d stored", year, loaded, stored)
		}
		got = append(got, fmt.Sprintf("%d %s %d", year, status, stored))
	}
	want := []string{"2025 active 50", "2026 active 10"}
	if completed {
		want = []string{"2025 active 50", fmt.Sprintf("2026 superseded %d", bigRows), "2026 active 10"}
	}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("batches after kill and restart:\n got %v\nwant %v", got, want)
	}
}

// TestShutdownDuringUpload: on shutdown the server stops accepting, lets a
// running upload finish within the grace period, and otherwise cancels its
// load, which rolls back; then the write queue drains and Serve returns.
func TestShutdownDuringUpload(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped with -short")
	}
	for _, tc := range []struct {
		name   string
		grace  time.Duration
		finish bool
	}{{"grace-expires", 50 * time.Millisecond, false}, {"finishes", 2 * time.Minute, true}} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			dbPath := filepath.Join(dir, "g.duckdb")
			copyFile(dbPath, fixtureDB)
			db, err := store.Open(context.Background(), dbPath)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			srv, err := New(Config{DB: db, BcryptCost: testCost, ShutdownGrace: tc.grace, MaxUploadBytes: 256 << 20,
				Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			if err != nil {
				t.Fatal(err)
			}
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			ctx, stop := context.WithCancel(context.Background())
			served := make(chan error, 1)
			go func() { served <- srv.Serve(ctx, ln) }()
			e := &testEnv{t: t, url: "http://" + ln.Addr().String()}
			c := e.login(clerkName)
			big := appCSV(t, dir, clerkUnit, 2026, 150_000, "Z")
			body, ct := multipartBody(t, nil, [2]string{"big.csv", big})
			cr := &countingReader{r: body, done: make(chan struct{})}
			req, _ := http.NewRequest("POST", e.url+"/api/uploads", cr)
			req.Header.Set("Content-Type", ct)
			req.Header.Set(csrfHeader, c.csrf)
			type answer struct {
				status int
				body   string
				err    error
			}
			ans := make(chan answer, 1)
			go func() {
				resp, err := c.hc.Do(req)
				if err != nil {
					ans <- answer{err: err}
					return
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				ans <- answer{resp.StatusCode, string(b), nil}
			}()
			<-cr.done
			time.Sleep(200 * time.Millisecond)
			stop() // SIGTERM
			// New connections are refused once shutdown has begun (while
			// the upload is still running).
			refused := false
			for end := time.Now().Add(10 * time.Second); time.Now().Before(end) && !refused; time.Sleep(10 * time.Millisecond) {
				resp, err := http.Get(e.url + "/healthz")
				if err != nil {
					refused = true
					break
				}
				resp.Body.Close()
			}
			if !refused {
				t.Error("new connections still accepted 10 s after shutdown began")
			}
			if err := <-served; err != nil {
				t.Fatalf("Serve: %v", err)
			}
			a := <-ans
			loaded := a.err == nil && strings.Contains(a.body, `"status": "loaded"`)
			if tc.finish && !loaded {
				t.Fatalf("upload did not finish within the grace period: %v %d %s", a.err, a.status, trim(a.body))
			}
			checkConsistency(t, db)
			st, err := srv.unitStatus(context.Background(), unitIDOf(t, db, clerkUnit), 2026)
			if err != nil {
				t.Fatal(err)
			}
			if st[0].Uploaded != loaded || (loaded && st[0].Rows != 150_000) {
				t.Errorf("after shutdown: %+v, answer loaded=%v (%v)", st[0], loaded, a.err)
			}
			t.Logf("grace %s: upload loaded=%v", tc.grace, loaded)
		})
	}
}

func unitIDOf(t *testing.T, db *store.DB, name string) int64 {
	var id int64
	if err := db.Raw().QueryRow("SELECT unit_id FROM units WHERE name = $1", name).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}
