package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gongkai/ingest"
)

// TestUploadTimeoutFreesQueue (issue 13, "bounded resources"): an upload
// that runs past the upload timeout is cancelled and answered 503 soon
// after the deadline, a login and a token request made while it runs
// answer in under a second (they do not queue behind it), and the write
// queue is free afterwards.
func TestUploadTimeoutFreesQueue(t *testing.T) {
	// The timeout is a quarter of what the load below takes on an idle
	// 2-core machine (1.8 s): with 2 s, CI's idle run once loaded it in time.
	const timeout = 500 * time.Millisecond
	e := newEnv(t, func(c *Config) { c.UploadTimeout = timeout })
	clerk := e.login(clerkName)
	other := e.login(clerk2Name)
	dir := t.TempDir()
	// A plausible ledger too long to load in the time: ~45 MB, 400,000 rows.
	slow := appCSV(t, dir, clerkUnit, 2025, 400_000, "S")

	type answer struct {
		code int
		body string
		took time.Duration
	}
	done := make(chan answer, 1)
	start := time.Now()
	go func() {
		code, _, body := clerk.upload(nil, [2]string{"slow.csv", slow})
		done <- answer{code, body, time.Since(start)}
	}()
	// Wait until the load runs on the write queue.
	for e.srv.q.running.Load() == 0 {
		select {
		case a := <-done:
			t.Fatalf("upload answered before it was seen running: %d %s", a.code, a.body)
		case <-time.After(5 * time.Millisecond):
		}
	}
	// A login while it runs: form login (three requests) in under a second.
	t0 := time.Now()
	c := e.anon()
	if err := c.login(clerk2Name, testPW); err != nil {
		t.Fatal(err)
	}
	loginTook := time.Since(t0)
	// A token for an already logged-in clerk.
	t0 = time.Now()
	resp, body := other.api("POST", "/api/tokens", strings.NewReader(url.Values{"label": {"during upload"}}.Encode()), "application/x-www-form-urlencoded")
	tokenTook := time.Since(t0)
	if resp.StatusCode/100 != 2 {
		t.Fatalf("token during upload: %d %s", resp.StatusCode, body)
	}
	stillRunning := e.srv.q.running.Load() == 1
	t.Logf("during the upload: login %v, token %v (upload still running: %v)", loginTook.Round(time.Millisecond), tokenTook.Round(time.Millisecond), stillRunning)
	if loginTook > time.Second || tokenTook > time.Second {
		t.Errorf("login %v, token %v while an upload runs; want < 1 s", loginTook, tokenTook)
	}

	a := <-done
	t.Logf("slow upload: %d after %v", a.code, a.took.Round(time.Millisecond))
	if a.code != http.StatusServiceUnavailable || !strings.Contains(a.body, "处理超时") {
		t.Fatalf("slow upload: %d %s", a.code, a.body)
	}
	// Generous, as a wall-time bound must be on a shared machine; the
	// defect it guards against answered after 45 s.
	if a.took > timeout+10*time.Second {
		t.Errorf("503 came after %v; timeout %v", a.took, timeout)
	}
	// The queue is free: the next job starts at once, and a normal upload loads.
	t0 = time.Now()
	small := appCSV(t, dir, clerkUnit, 2025, 20, "N")
	code, rs, out := clerk.upload(nil, [2]string{"small.csv", small})
	if code != 200 || rs[0].Status != ingest.StatusLoaded {
		t.Fatalf("upload after the timeout: %d %s", code, out)
	}
	t.Logf("normal upload after: %v", time.Since(t0).Round(time.Millisecond))
	st, _ := e.srv.unitStatus(context.Background(), e.unitID(clerkUnit), 2025)
	if !st[0].Uploaded {
		t.Error("the normal upload is not recorded")
	}
	if n := e.count(t, "SELECT count(*) FROM batches WHERE file_name = 'slow.csv'"); n != 0 {
		t.Errorf("the timed-out upload left %d batches", n)
	}
	checkConsistency(t, e.db)
}

func (e *testEnv) count(t testing.TB, q string) int64 {
	t.Helper()
	var n int64
	if err := e.db.Raw().QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
