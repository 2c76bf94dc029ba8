package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// withStdin runs f with the password input replaced.
func withStdin(text string, f func()) {
	old := stdin
	stdin = strings.NewReader(text)
	defer func() { stdin = old }()
	f()
}

func TestUserCommands(t *testing.T) {
	c := newCLI(t)
	var out, e string
	withStdin("admin-password\n", func() { out, e = c.want(0, "user", "add", "--db", c.db, "--name", "admin", "--role", "admin") })
	if !strings.Contains(out, "已新建账号 admin（管理员）") {
		t.Errorf("user add: %q %q", out, e)
	}
	withStdin("clerk-password", func() {
		out, _ = c.want(0, "user", "add", "--db", c.db, "--name", "c1", "--role", "clerk", "--unit", "县财政局")
	})
	if !strings.Contains(out, "填报员，平安县财政局") {
		t.Errorf("clerk add: %q", out)
	}
	// Refused accounts: exit 1 with the reason.
	withStdin("short\n", func() { _, e = c.want(1, "user", "add", "--db", c.db, "--name", "x", "--role", "admin") })
	if !strings.Contains(e, "密码至少") {
		t.Errorf("short password: %q", e)
	}
	withStdin("long-enough-1\n", func() { _, e = c.want(1, "user", "add", "--db", c.db, "--name", "x", "--role", "clerk") })
	if !strings.Contains(e, "必须指定所属单位") {
		t.Errorf("clerk without unit: %q", e)
	}
	withStdin("long-enough-1\n", func() { _, e = c.want(1, "user", "add", "--db", c.db, "--name", "admin", "--role", "leader") })
	if !strings.Contains(e, "已存在") {
		t.Errorf("duplicate: %q", e)
	}
	// Usage errors: 2.
	withStdin("", func() { c.want(2, "user", "add", "--db", c.db, "--name", "y", "--role", "admin") }) // no password
	c.want(2, "user", "add", "--db", c.db, "--role", "admin")
	c.want(2, "user")
	withStdin("new-password-1\n", func() { c.want(0, "user", "passwd", "--db", c.db, "--name", "c1") })
	withStdin("new-password-1\n", func() { c.want(1, "user", "passwd", "--db", c.db, "--name", "nobody") })
	out, _ = c.want(0, "user", "list", "--db", c.db, "--json")
	var as []map[string]any
	if err := json.Unmarshal([]byte(out), &as); err != nil || len(as) != 2 || as[0]["name"] != "admin" || as[1]["unit"] != "平安县财政局" {
		t.Errorf("user list: %v %s", err, out)
	}
}

// TestServe starts `gongkai serve` on a free port, logs in over HTTP Basic
// and stops it by cancelling the context (as SIGTERM does): exit 0.
func TestServe(t *testing.T) {
	c := newCLI(t)
	withStdin("admin-password\n", func() { c.want(0, "user", "add", "--db", c.db, "--name", "admin", "--role", "admin") })
	c.want(2, "serve")
	c.want(2, "serve", "--db", c.db, "extra")
	base, stop := c.serve()
	req, _ := http.NewRequest("GET", base+"/api/me", nil)
	req.SetBasicAuth("admin", "admin-password")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET /api/me: %v %v", err, resp)
	}
	resp.Body.Close()
	if resp, err := http.Get(base + "/readyz"); err != nil || resp.StatusCode != 200 {
		t.Fatalf("readyz: %v %v", err, resp)
	}
	stop()
	// The database is closed: the CLI can open it again.
	c.want(0, "user", "list", "--db", c.db)
}

// serve runs `gongkai serve` on c's database on a free port and returns
// its base URL ("http://127.0.0.1:N") and a stop that cancels it (as
// SIGTERM does) and wants exit 0.
func (c *cli) serve(args ...string) (string, func()) {
	t := c.t
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var errOut bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--db", c.db, "--addr", "127.0.0.1:0"}, args...), pw, &errOut)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("serve printed nothing: %v %s", err, errOut.String())
	}
	go io.Copy(io.Discard, pr)
	base := "http://" + strings.TrimSuffix(strings.Fields(strings.SplitN(line, "http://", 2)[1])[0], "/")
	stopped := false
	stop := func() {
		t.Helper()
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Fatalf("serve exit %d: %s", code, errOut.String())
			}
		case <-time.After(30 * time.Second):
			t.Fatal("serve did not stop")
		}
	}
	t.Cleanup(stop)
	return base, stop
}
