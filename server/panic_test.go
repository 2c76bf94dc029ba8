package server

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"gongkai/ingest"
)

// lockedBuffer is a log sink the server writes from many goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// auditEntries returns the audit log entries of one action, newest first.
func auditEntries(t *testing.T, e *testEnv, action string) []AuditEntry {
	t.Helper()
	var all []AuditEntry
	if err := e.login(adminName).getJSON("/api/audit", &all); err != nil {
		t.Fatal(err)
	}
	var out []AuditEntry
	for _, a := range all {
		if a.Action == action {
			out = append(out, a)
		}
	}
	return out
}

// TestPanicInWritePathLeavesServerAnswering: a panic on the write queue
// (one upload hitting a bug) is a 500 with a Chinese message, a log line
// with the stack and an audit entry; the queue and the server go on.
func TestPanicInWritePathLeavesServerAnswering(t *testing.T) {
	logs := &lockedBuffer{}
	e := newEnv(t, func(c *Config) { c.Logger = slog.New(slog.NewTextHandler(logs, nil)) })
	c := e.login(clerkName)
	good := appCSV(t, t.TempDir(), clerkUnit, 2025, 30, "P")

	var armed atomic.Bool
	armed.Store(true)
	writeHook = func(context.Context) {
		if armed.CompareAndSwap(true, false) {
			panic("injected write-path panic")
		}
	}
	t.Cleanup(func() { writeHook = nil })

	code, _, body := c.upload(nil, [2]string{"县财政局2025年依申请公开台账.csv", good})
	if code != http.StatusInternalServerError {
		t.Fatalf("upload during panic: %d %s", code, body)
	}
	var msg map[string]string
	if err := json.Unmarshal([]byte(body), &msg); err != nil || msg["error"] != "服务器内部错误，请联系管理员（详情见服务日志）" {
		t.Fatalf("answer %q (%v)", body, err)
	}
	if l := logs.String(); !strings.Contains(l, `msg="panic recovered" where="write queue" method=POST path=/api/uploads panic="injected write-path panic"`) ||
		!strings.Contains(l, "gongkai/server.(*writeQueue).run") {
		t.Errorf("log lacks the panic and its stack:\n%s", l)
	}

	// The server answers, and the write queue still writes.
	if resp, body := c.do("GET", "/healthz", nil, ""); resp.StatusCode != 200 {
		t.Fatalf("healthz after panic: %d %s", resp.StatusCode, body)
	}
	if resp, body := c.do("GET", "/readyz", nil, ""); resp.StatusCode != 200 {
		t.Fatalf("readyz after panic: %d %s", resp.StatusCode, body)
	}
	code, rs, body := c.upload(nil, [2]string{"县财政局2025年依申请公开台账.csv", good})
	if code != 200 || len(rs) != 1 || rs[0].Status != ingest.StatusLoaded || rs[0].RowsLoaded != 30 {
		t.Fatalf("upload after panic: %d %s", code, body)
	}

	a := auditEntries(t, e, "internal_error")
	if len(a) != 1 {
		t.Fatalf("internal_error audit entries: %+v", a)
	}
	if a[0].Account != clerkName || a[0].Role != RoleClerk || a[0].Unit != clerkUnit || a[0].OK ||
		a[0].Detail != "处理 POST /api/uploads 时程序出错，本次操作未完成（详情见服务日志）" || a[0].Remote != "127.0.0.1" {
		t.Errorf("audit entry %+v", a[0])
	}
}

// TestPanicInHandlerLeavesServerAnswering: a handler's panic is a 500 page
// or JSON error in Chinese and an audit entry; one that struck after the
// answer began cuts that connection only.
func TestPanicInHandlerLeavesServerAnswering(t *testing.T) {
	e := newEnv(t, nil)
	mux := http.NewServeMux()
	mux.Handle("GET /api/boom", e.srv.wrap(route{Method: "GET", Path: "/api/boom", Roles: all, API: true,
		h: func(http.ResponseWriter, *http.Request, *principal) { panic("injected handler panic") }}))
	mux.Handle("GET /boom", e.srv.wrap(route{Method: "GET", Path: "/boom",
		h: func(http.ResponseWriter, *http.Request, *principal) { panic("injected handler panic") }}))
	mux.Handle("GET /half", e.srv.wrap(route{Method: "GET", Path: "/half",
		h: func(w http.ResponseWriter, _ *http.Request, _ *principal) {
			w.Write([]byte("partial"))
			http.NewResponseController(w).Flush()
			panic("injected late panic")
		}}))
	mux.Handle("/", e.srv.Handler())
	// The server's own middleware around the test routes, as in buildMux.
	ts := httptest.NewServer(e.srv.logRequests(securityHeaders(mux)))
	defer ts.Close()
	e.url = ts.URL
	c := e.login(clerkName)

	resp, body := c.do("GET", "/api/boom", nil, "")
	if resp.StatusCode != 500 || strings.TrimSpace(body) != "{\n  \"error\": \"服务器内部错误，请联系管理员（详情见服务日志）\"\n}" {
		t.Errorf("/api/boom: %d %q", resp.StatusCode, body)
	}
	resp, body = e.anon().do("GET", "/boom", nil, "")
	if resp.StatusCode != 500 || !strings.Contains(body, "服务器内部错误，请联系管理员（详情见服务日志）") || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("/boom: %d %q", resp.StatusCode, body)
	}
	req, _ := http.NewRequest("GET", ts.URL+"/half", nil)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		_, err = bytes.NewBuffer(nil).ReadFrom(resp.Body)
		resp.Body.Close()
		if err == nil {
			t.Errorf("/half: a cut answer read as whole")
		}
	}
	if resp, _ := c.do("GET", "/api/me", nil, ""); resp.StatusCode != 200 {
		t.Fatalf("/api/me after panics: %d", resp.StatusCode)
	}

	a := auditEntries(t, e, "internal_error")
	if len(a) != 3 {
		t.Fatalf("internal_error audit entries: %+v", a)
	}
	want := map[string]bool{
		clerkName + " 处理 GET /api/boom 时程序出错，本次操作未完成（详情见服务日志）": true,
		"- 处理 GET /boom 时程序出错，本次操作未完成（详情见服务日志）":                true,
		"- 处理 GET /half 时程序出错，本次操作未完成（详情见服务日志）":                true,
	}
	for _, x := range a {
		if !want[x.Account+" "+x.Detail] || x.OK {
			t.Errorf("audit entry %+v", x)
		}
	}
}
