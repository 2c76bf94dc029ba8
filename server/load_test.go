package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// latencies collects request durations from many goroutines.
type latencies struct {
	mu sync.Mutex
	d  []time.Duration
}

func (l *latencies) add(d time.Duration) {
	l.mu.Lock()
	l.d = append(l.d, d)
	l.mu.Unlock()
}

// pct returns the p-th percentile (0–100).
func (l *latencies) pct(p float64) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), l.d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(float64(len(s))*p/100+0.5) - 1
	if i < 0 {
		i = 0
	}
	if i >= len(s) {
		i = len(s) - 1
	}
	return s[i]
}

func (l *latencies) n() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.d)
}

// loadClerks creates n clerk accounts of n assessed units (through the API)
// and logs them in.
func loadClerks(t testing.TB, e *testEnv, admin *client, n int) ([]*client, []string) {
	us, err := e.db.Units(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var clerks []*client
	var units []string
	for _, u := range us {
		if len(clerks) == n {
			break
		}
		if u.Group == "" {
			continue
		}
		name := fmt.Sprintf("load-%d", u.ID)
		f := url.Values{"name": {name}, "role": {"clerk"}, "unit": {u.Name}, "password": {testPW}}
		if resp, body := admin.api("POST", "/api/accounts", strings.NewReader(f.Encode()), "application/x-www-form-urlencoded"); resp.StatusCode != 201 {
			t.Fatalf("create %s: %d %s", name, resp.StatusCode, body)
		}
		clerks = append(clerks, e.login(name))
		units = append(units, u.Name)
	}
	return clerks, units
}

// dashboardURLs are what the browsing clients ask for, in turn.
func dashboardURLs(groups []string) []string {
	out := []string{"/dashboard?year=2024", "/api/dashboard?year=2024", "/dashboard?year=2023"}
	for _, g := range groups {
		out = append(out, "/dashboard?year=2024&group="+url.QueryEscape(g))
	}
	return out
}

// TestLoad: 50 clients browse the dashboards while 10 clerks each upload
// 2,000-row ledgers; no request fails, and afterwards every upload is in
// the database exactly once. Latencies are logged, not asserted (the
// machine may be busy with other work); BenchmarkDashboard50 measures them.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test skipped with -short")
	}
	e := newEnv(t, nil)
	admin := e.login(adminName)
	clerks, units := loadClerks(t, e, admin, 10)
	const (
		browsers  = 50
		perClerk  = 2
		rows      = 2000
		minRun    = 3 * time.Second
		maxRun    = 60 * time.Second
		thinkTime = 20 * time.Millisecond
	)
	dir := t.TempDir()
	files := make([][]string, len(clerks))
	for i, u := range units {
		for k := 0; k < perClerk; k++ {
			files[i] = append(files[i], appCSV(t, dir, u, 2025, rows, fmt.Sprintf("L%d", k)))
		}
	}
	urls := dashboardURLs([]string{"A类 乡镇街道", "B类 县直部门"})
	publishYear(t, e, fixtureYear) // leaders see published results only
	leaders := make([]*client, browsers)
	for i := range leaders {
		leaders[i] = e.login(leaderName)
	}
	// Warm the dashboard cache as a running server has it.
	for _, u := range urls {
		if resp, _ := leaders[0].do("GET", u, nil, ""); resp.StatusCode != 200 {
			t.Fatalf("warm-up %s: %d", u, resp.StatusCode)
		}
	}

	var (
		dash, up  latencies
		failMu    sync.Mutex
		failures  []string
		wg        sync.WaitGroup
		uploadsWG sync.WaitGroup
	)
	fail := func(format string, args ...any) {
		failMu.Lock()
		failures = append(failures, fmt.Sprintf(format, args...))
		failMu.Unlock()
	}
	start := time.Now()
	uploadsDone := make(chan struct{})
	for i, c := range clerks {
		uploadsWG.Add(1)
		go func() {
			defer uploadsWG.Done()
			for _, f := range files[i] {
				t0 := time.Now()
				body, ct := multipartBody(t, nil, [2]string{"ledger.csv", f})
				resp, out := c.api("POST", "/api/uploads", body, ct)
				up.add(time.Since(t0))
				if resp.StatusCode != 200 || !strings.Contains(out, `"status": "loaded"`) || !strings.Contains(out, fmt.Sprintf(`"rows_loaded": %d`, rows)) {
					fail("upload by %s: %d %s", c.name, resp.StatusCode, trim(out))
				}
			}
		}()
	}
	go func() { uploadsWG.Wait(); close(uploadsDone) }()
	for i, c := range leaders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := i; ; k++ {
				if time.Since(start) > maxRun {
					return
				}
				select {
				case <-uploadsDone:
					if time.Since(start) > minRun {
						return
					}
				default:
				}
				u := urls[k%len(urls)]
				t0 := time.Now()
				req, _ := http.NewRequest("GET", e.url+u, nil)
				resp, err := c.hc.Do(req)
				if err != nil {
					fail("GET %s: %v", u, err)
					return
				}
				n, _ := resp.Body.Read(make([]byte, 1))
				drain(resp)
				dash.add(time.Since(t0))
				if resp.StatusCode != 200 || n == 0 {
					fail("GET %s: %d", u, resp.StatusCode)
				}
				time.Sleep(thinkTime)
			}
		}()
	}
	wg.Wait()
	<-uploadsDone
	elapsed := time.Since(start)
	for _, f := range failures {
		t.Error(f)
	}
	t.Logf("%d dashboard requests by %d clients (think time %s) in %s while %d clerks uploaded %d×%d rows: dashboard p50 %s, p90 %s, p99 %s, max %s; upload p50 %s, max %s",
		dash.n(), browsers, thinkTime, elapsed.Round(time.Millisecond), len(clerks), perClerk, rows,
		dash.pct(50).Round(time.Microsecond), dash.pct(90).Round(time.Microsecond), dash.pct(99).Round(time.Microsecond), dash.pct(100).Round(time.Microsecond),
		up.pct(50).Round(time.Millisecond), up.pct(100).Round(time.Millisecond))

	// Every upload is there exactly once: the active batch of each unit
	// holds the last file's rows; superseded batches keep theirs.
	ctx := context.Background()
	for i, c := range clerks {
		st, err := e.srv.unitStatus(ctx, c.unitID(), 2025)
		if err != nil {
			t.Fatal(err)
		}
		if !st[0].Uploaded || st[0].Rows != rows {
			t.Errorf("%s 2025 applications: %+v", units[i], st[0])
		}
	}
	var stored, batches int64
	e.db.Raw().QueryRow("SELECT count(*) FROM ledger_applications WHERE year = 2025").Scan(&stored)
	e.db.Raw().QueryRow("SELECT count(*) FROM batches WHERE year = 2025 AND kind = 'applications'").Scan(&batches)
	if want := int64(len(clerks) * perClerk * rows); stored != want || batches != int64(len(clerks)*perClerk) {
		t.Errorf("2025 applications: %d rows in %d batches, want %d rows in %d batches", stored, batches, want, len(clerks)*perClerk)
	}
	checkConsistency(t, e.db)
}

func drain(resp *http.Response) {
	buf := make([]byte, 32<<10)
	for {
		if _, err := resp.Body.Read(buf); err != nil {
			break
		}
	}
	resp.Body.Close()
}

// unitID of a logged-in clerk.
func (c *client) unitID() int64 {
	var me struct {
		Account Account `json:"account"`
	}
	if err := c.getJSON("/api/me", &me); err != nil {
		c.t.Fatal(err)
	}
	return me.Account.UnitID
}

// BenchmarkDashboard50: 50 clients request dashboard pages back to back
// (no think time) on the sample county; reports p50/p99 per request.
func BenchmarkDashboard50(b *testing.B) {
	e := newEnv(b, nil)
	urls := dashboardURLs([]string{"A类 乡镇街道", "B类 县直部门"})
	// Leaders see published results only: publish both years the URLs ask
	// for, so every request draws a dashboard (not a "not yet published" page).
	publishYear(b, e, 2024)
	publishYear(b, e, 2023)
	const clients = 50
	cs := make([]*client, clients)
	for i := range cs {
		cs[i] = e.login(leaderName)
	}
	for _, u := range urls {
		cs[0].do("GET", u, nil, "")
	}
	var lat latencies
	b.ResetTimer()
	var wg sync.WaitGroup
	per := (b.N + clients - 1) / clients
	for i, c := range cs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < per; k++ {
				u := urls[(i+k)%len(urls)]
				t0 := time.Now()
				req, _ := http.NewRequest("GET", e.url+u, nil)
				resp, err := c.hc.Do(req)
				if err != nil {
					b.Error(err)
					return
				}
				drain(resp)
				lat.add(time.Since(t0))
				if resp.StatusCode != 200 {
					b.Errorf("%s: %d", u, resp.StatusCode)
				}
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	b.ReportMetric(float64(lat.pct(50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat.pct(99).Microseconds())/1000, "p99-ms")
}

// BenchmarkUpload2000: one clerk uploads 2,000-row ledgers (a new file
// each time, so each is loaded); ns/op is the time to the answer.
func BenchmarkUpload2000(b *testing.B) {
	e := newEnv(b, nil)
	c := e.login(clerkName)
	dir := b.TempDir()
	files := make([]string, b.N)
	for i := range files {
		files[i] = appCSV(b, dir, clerkUnit, 2025, 2000, fmt.Sprintf("U%d", i))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		body, ct := multipartBody(b, nil, [2]string{"ledger.csv", files[i]})
		resp, out := c.api("POST", "/api/uploads", body, ct)
		if resp.StatusCode != 200 || !strings.Contains(out, `"status": "loaded"`) {
			b.Fatalf("upload: %d %s", resp.StatusCode, trim(out))
		}
	}
}
