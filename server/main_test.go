package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gongkai/ingest"
	"gongkai/internal/samples"
	"gongkai/metrics"
	"gongkai/store"
)

// The fixture: the sample county 平安县 (registry, every ledger of
// 2022–2024, the three schemes, scored) with accounts, built once per test
// binary and copied for each test.
var fixtureDB string

const testCost = 4 // bcrypt.MinCost: tests log in hundreds of times

// Accounts of the fixture.
const (
	adminName   = "admin"
	leaderName  = "boss"
	clerkName   = "clerk-cz" // 平安县财政局
	clerk2Name  = "clerk-mz" // 平安县民政局
	dummyName   = "dummy"    // a clerk the admin tests change
	testPW      = "pass-word-1"
	clerkUnit   = "平安县财政局"
	clerk2Unit  = "平安县民政局"
	fixtureYear = 2024
)

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(childMain())
	}
	dir, err := os.MkdirTemp("", "gongkai-server-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fixtureDB = filepath.Join(dir, "fixture.duckdb")
	start := time.Now()
	// GONGKAI_FIXTURE_CACHE=FILE keeps the fixture between runs (for
	// development; delete FILE after changing samples, ingest or scoring).
	if cache := os.Getenv("GONGKAI_FIXTURE_CACHE"); cache != "" {
		if _, err := os.Stat(cache); err != nil {
			if err := buildFixture(cache, filepath.Join(dir, "samples")); err != nil {
				fmt.Fprintln(os.Stderr, "build fixture:", err)
				os.Exit(1)
			}
		}
		fixtureDB = cache
	} else if err := buildFixture(fixtureDB, filepath.Join(dir, "samples")); err != nil {
		fmt.Fprintln(os.Stderr, "build fixture:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "fixture built in %s\n", time.Since(start).Round(time.Millisecond))
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func buildFixture(dbPath, sampleDir string) error {
	ctx := context.Background()
	if err := os.CopyFS(sampleDir, samples.FS); err != nil {
		return err
	}
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if r := ingest.LoadUnits(ctx, db, filepath.Join(sampleDir, "data", "单位名录.xlsx")); r.Status != ingest.StatusLoaded {
		return fmt.Errorf("registry: %s", r.Reason)
	}
	in, err := ingest.New(ctx, db)
	if err != nil {
		return err
	}
	var files []string
	fs.WalkDir(samples.FS, "data", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(p, "data/bad/") || path.Base(p) == "单位名录.xlsx" {
			return err
		}
		if ext := path.Ext(p); ext == ".xlsx" || ext == ".csv" {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	for _, p := range files {
		for _, r := range in.File(ctx, filepath.Join(sampleDir, filepath.FromSlash(p)), path.Base(p), ingest.Options{Uploader: "fixture", NoAnnotate: true}) {
			if r.Status == ingest.StatusRefused {
				return fmt.Errorf("%s: %s", p, r.Reason)
			}
		}
	}
	for _, y := range []int{2022, 2023, 2024} {
		s, err := metrics.ParseSchemeFile(filepath.Join(sampleDir, fmt.Sprintf("scheme-%d.yaml", y)))
		if err != nil {
			return err
		}
		if err := metrics.LoadScheme(ctx, db, s, "scheme.yaml", metrics.LoadOptions{}); err != nil {
			return err
		}
		if err := metrics.Score(ctx, db, y); err != nil {
			return err
		}
	}
	for _, a := range []NewAccount{
		{Name: adminName, Role: RoleAdmin, Password: testPW},
		{Name: leaderName, Role: RoleLeader, Password: testPW},
		{Name: clerkName, Role: RoleClerk, Unit: "县财政局", Password: testPW},
		{Name: clerk2Name, Role: RoleClerk, Unit: "县民政局", Password: testPW},
		{Name: dummyName, Role: RoleClerk, Unit: "县审计局", Password: testPW},
	} {
		if _, err := AddAccount(ctx, db, a, testCost); err != nil {
			return fmt.Errorf("account %s: %w", a.Name, err)
		}
	}
	return nil
}

// sampleFile is the path of a sample file inside the module.
func sampleFile(t testing.TB, rel string) string {
	t.Helper()
	_, me, _, _ := runtime.Caller(0)
	p := filepath.Join(filepath.Dir(me), "..", "internal", "samples", "data", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("sample %s: %v", rel, err)
	}
	return p
}

func copyFile(dst, src string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}

// testEnv is a server over a copy of the fixture.
type testEnv struct {
	t   testing.TB
	db  *store.DB
	srv *Server
	ts  *httptest.Server
	url string
	// clock offset for session expiry tests
	offset *atomic.Int64
}

func newEnv(t testing.TB, tweak func(*Config)) *testEnv {
	t.Helper()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "g.duckdb")
	if err := copyFile(dbPath, fixtureDB); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	off := new(atomic.Int64)
	cfg := Config{DB: db, BcryptCost: testCost, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now: func() time.Time { return time.Now().Add(time.Duration(off.Load())) }}
	if os.Getenv("GONGKAI_TEST_LOG") != "" {
		cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	if tweak != nil {
		tweak(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	e := &testEnv{t: t, db: db, srv: srv, ts: ts, url: ts.URL, offset: off}
	t.Cleanup(func() {
		ts.Close()
		srv.Close()
		db.Close()
	})
	return e
}

// client is a browser-like client: cookie jar, no redirects followed.
type client struct {
	t    testing.TB
	e    *testEnv
	hc   *http.Client
	csrf string
	name string
}

func (e *testEnv) anon() *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: e.t, e: e, hc: &http.Client{Jar: jar, Timeout: 2 * time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// login logs in through the form, as a browser does.
func (e *testEnv) login(name string) *client {
	e.t.Helper()
	c := e.anon()
	if err := c.login(name, testPW); err != nil {
		e.t.Fatal(err)
	}
	return c
}

func (c *client) login(name, pw string) error {
	resp, body := c.do("GET", "/login", nil, "")
	if resp.StatusCode != 200 {
		return fmt.Errorf("GET /login: %d", resp.StatusCode)
	}
	m := csrfInput.FindStringSubmatch(body)
	if m == nil {
		return fmt.Errorf("no csrf on login page")
	}
	form := url.Values{"name": {name}, "password": {pw}, "csrf": {m[1]}}
	resp, body = c.do("POST", "/login", strings.NewReader(form.Encode()), "application/x-www-form-urlencoded")
	if resp.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("login %s: %d %s", name, resp.StatusCode, body)
	}
	var me struct {
		CSRF string `json:"csrf_token"`
	}
	if err := c.getJSON("/api/me", &me); err != nil {
		return err
	}
	c.csrf, c.name = me.CSRF, name
	return nil
}

func (c *client) do(method, p string, body io.Reader, ctype string) (*http.Response, string) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.e.url+p, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, p, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// api sends a request with the session's CSRF header.
func (c *client) api(method, p string, body io.Reader, ctype string) (*http.Response, string) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.e.url+p, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if c.csrf != "" {
		req.Header.Set(csrfHeader, c.csrf)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, p, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func (c *client) getJSON(p string, v any) error {
	resp, body := c.do("GET", p, nil, "")
	if resp.StatusCode != 200 {
		return fmt.Errorf("GET %s: %d %s", p, resp.StatusCode, body)
	}
	return json.Unmarshal([]byte(body), v)
}

// multipartBody builds an upload: files as (file name, path) in the field
// "file", plus fields.
func multipartBody(t testing.TB, fields map[string]string, files ...[2]string) (io.Reader, string) {
	t.Helper()
	in := make([][3]string, len(files))
	for i, f := range files {
		in[i] = [3]string{"file", f[0], f[1]}
	}
	return multipartFiles(t, fields, in...)
}

// multipartFiles builds an upload of files as (field, file name, path).
func multipartFiles(t testing.TB, fields map[string]string, files ...[3]string) (io.Reader, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	// csrf first, as a browser sends the form's hidden field first
	sort.SliceStable(keys, func(i, j int) bool { return keys[i] == "csrf" })
	for _, k := range keys {
		mw.WriteField(k, fields[k])
	}
	for _, f := range files {
		w, err := mw.CreateFormFile(f[0], f[1])
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(f[2])
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	mw.Close()
	return &buf, mw.FormDataContentType()
}

// upload posts files to /api/uploads and decodes the results.
func (c *client) upload(fields map[string]string, files ...[2]string) (int, []ingest.Result, string) {
	c.t.Helper()
	body, ct := multipartBody(c.t, fields, files...)
	resp, out := c.api("POST", "/api/uploads", body, ct)
	var rs []ingest.Result
	if resp.StatusCode == 200 {
		if err := json.Unmarshal([]byte(out), &rs); err != nil {
			c.t.Fatalf("upload answer: %v: %s", err, out)
		}
	}
	return resp.StatusCode, rs, out
}

// unitID looks a unit up by name.
func (e *testEnv) unitID(name string) int64 {
	e.t.Helper()
	us, err := e.db.Units(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	for _, u := range us {
		if u.Name == name {
			return u.ID
		}
	}
	e.t.Fatalf("no unit %s", name)
	return 0
}

// checkConsistency runs the ledger consistency check.
func checkConsistency(t testing.TB, db *store.DB) store.LedgerCheck {
	t.Helper()
	c, err := db.LedgerRowsActive(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if c.Recorded != c.Stored || c.Loading != 0 || c.Orphans != 0 {
		t.Errorf("ledgers inconsistent: %+v", c)
	}
	return c
}

// appCSV writes an applications ledger of n rows for a unit and year,
// tag making the content (and its SHA-256) unique.
func appCSV(t testing.TB, dir, unit string, year, n int, tag string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("\ufeff" + unit + fmt.Sprintf("%d年依申请公开台账\n", year))
	b.WriteString("申请编号,收到日期,申请人类型,申请方式,申请内容,答复日期,办理结果,信息处理费\n")
	for i := 1; i <= n; i++ {
		d := time.Date(year, 1, 2, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%300)
		r := d.AddDate(0, 0, 10)
		if r.Year() != year {
			r = time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)
		}
		fmt.Fprintf(&b, "%s-%05d,%s,自然人,网络,关于%s的第%d件申请,%s,予以公开,0\n", tag, i, d.Format("2006-01-02"), tag, i, r.Format("2006-01-02"))
	}
	p := filepath.Join(dir, fmt.Sprintf("%s-%d-%s.csv", unit, year, tag))
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// runtimeCaller is runtime.Caller(0) for this file's directory.
func runtimeCaller() (uintptr, string, int, bool) {
	pc, file, line, ok := runtime.Caller(0)
	return pc, filepath.Dir(file), line, ok
}
