package server

import (
	"bufio"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// A minimal Chrome DevTools Protocol client over a WebSocket written with
// the standard library: enough to drive headless Chromium through the
// pages as a person does (type, click, choose a file, take screenshots).

type wsConn struct {
	c  net.Conn
	br *bufio.Reader
	mu sync.Mutex // writers
}

const wsGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

func wsDial(raw string) (*wsConn, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, err
	}
	c, err := net.DialTimeout("tcp", u.Host, 10*time.Second)
	if err != nil {
		return nil, err
	}
	kb := make([]byte, 16)
	rand.Read(kb)
	key := base64.StdEncoding.EncodeToString(kb)
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n", u.RequestURI(), u.Host, key)
	br := bufio.NewReaderSize(c, 1<<16)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		c.Close()
		return nil, err
	}
	sum := sha1.Sum([]byte(key + wsGUID))
	if resp.StatusCode != http.StatusSwitchingProtocols || resp.Header.Get("Sec-WebSocket-Accept") != base64.StdEncoding.EncodeToString(sum[:]) {
		c.Close()
		return nil, fmt.Errorf("websocket handshake: %s", resp.Status)
	}
	return &wsConn{c: c, br: br}, nil
}

// write sends one masked frame (clients must mask).
func (w *wsConn) write(op byte, payload []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	hdr := []byte{0x80 | op}
	n := len(payload)
	switch {
	case n < 126:
		hdr = append(hdr, 0x80|byte(n))
	case n < 1<<16:
		hdr = append(hdr, 0x80|126, byte(n>>8), byte(n))
	default:
		hdr = append(hdr, 0x80|127)
		hdr = binary.BigEndian.AppendUint64(hdr, uint64(n))
	}
	mask := make([]byte, 4)
	rand.Read(mask)
	hdr = append(hdr, mask...)
	buf := make([]byte, n)
	for i := range payload {
		buf[i] = payload[i] ^ mask[i%4]
	}
	_, err := w.c.Write(append(hdr, buf...))
	return err
}

// read returns the next text or binary message, answering pings.
func (w *wsConn) read() ([]byte, error) {
	var msg []byte
	for {
		var h [2]byte
		if _, err := io.ReadFull(w.br, h[:]); err != nil {
			return nil, err
		}
		fin, op := h[0]&0x80 != 0, h[0]&0x0f
		n := uint64(h[1] & 0x7f)
		switch n {
		case 126:
			var b [2]byte
			if _, err := io.ReadFull(w.br, b[:]); err != nil {
				return nil, err
			}
			n = uint64(binary.BigEndian.Uint16(b[:]))
		case 127:
			var b [8]byte
			if _, err := io.ReadFull(w.br, b[:]); err != nil {
				return nil, err
			}
			n = binary.BigEndian.Uint64(b[:])
		}
		var mask []byte
		if h[1]&0x80 != 0 {
			mask = make([]byte, 4)
			if _, err := io.ReadFull(w.br, mask); err != nil {
				return nil, err
			}
		}
		if n > 256<<20 {
			return nil, errors.New("websocket frame too large")
		}
		p := make([]byte, n)
		if _, err := io.ReadFull(w.br, p); err != nil {
			return nil, err
		}
		if mask != nil {
			for i := range p {
				p[i] ^= mask[i%4]
			}
		}
		switch op {
		case 0x8:
			return nil, io.EOF
		case 0x9:
			w.write(0xA, p)
			continue
		case 0xA:
			continue
		}
		msg = append(msg, p...)
		if fin {
			return msg, nil
		}
	}
}

type cdpMsg struct {
	ID     int64           `json:"id,omitempty"`
	Method string          `json:"method,omitempty"`
	Params json.RawMessage `json:"params,omitempty"`
	Result json.RawMessage `json:"result,omitempty"`
	Error  *struct {
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

type cdp struct {
	t       *testing.T
	ws      *wsConn
	next    atomic.Int64
	mu      sync.Mutex
	pending map[int64]chan cdpMsg
	events  chan cdpMsg
}

func newCDP(t *testing.T, wsURL string) *cdp {
	ws, err := wsDial(wsURL)
	if err != nil {
		t.Fatal(err)
	}
	c := &cdp{t: t, ws: ws, pending: map[int64]chan cdpMsg{}, events: make(chan cdpMsg, 4096)}
	go func() {
		for {
			b, err := ws.read()
			if err != nil {
				close(c.events)
				return
			}
			var m cdpMsg
			if json.Unmarshal(b, &m) != nil {
				continue
			}
			if m.ID != 0 {
				c.mu.Lock()
				ch := c.pending[m.ID]
				delete(c.pending, m.ID)
				c.mu.Unlock()
				if ch != nil {
					ch <- m
				}
				continue
			}
			select {
			case c.events <- m:
			default: // nobody waits for old events
			}
		}
	}()
	return c
}

func (c *cdp) call(method string, params any) json.RawMessage {
	c.t.Helper()
	id := c.next.Add(1)
	ch := make(chan cdpMsg, 1)
	c.mu.Lock()
	c.pending[id] = ch
	c.mu.Unlock()
	if params == nil {
		params = map[string]any{}
	}
	b, _ := json.Marshal(map[string]any{"id": id, "method": method, "params": params})
	if err := c.ws.write(0x1, b); err != nil {
		c.t.Fatalf("cdp %s: %v", method, err)
	}
	select {
	case m := <-ch:
		if m.Error != nil {
			c.t.Fatalf("cdp %s: %s", method, m.Error.Message)
		}
		return m.Result
	case <-time.After(60 * time.Second):
		c.t.Fatalf("cdp %s: no answer", method)
	}
	return nil
}

// drain forgets the events so far.
func (c *cdp) drain() {
	for {
		select {
		case <-c.events:
		default:
			return
		}
	}
}

func (c *cdp) waitEvent(method string, timeout time.Duration) {
	c.t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case m, ok := <-c.events:
			if !ok {
				c.t.Fatal("browser closed")
			}
			if m.Method == method {
				return
			}
		case <-deadline:
			c.t.Fatalf("no %s within %s", method, timeout)
		}
	}
}

// eval runs JavaScript in the page and returns its value.
func (c *cdp) eval(expr string) any {
	c.t.Helper()
	res := c.call("Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true, "awaitPromise": true})
	var r struct {
		Result struct {
			Value any `json:"value"`
		} `json:"result"`
		Exception *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	json.Unmarshal(res, &r)
	if r.Exception != nil {
		c.t.Fatalf("js %q: %s %s", expr, r.Exception.Text, r.Exception.Exception.Description)
	}
	return r.Result.Value
}

func (c *cdp) evalString(expr string) string {
	v := c.eval(expr)
	s, _ := v.(string)
	return s
}

// waitJS polls expr until it is true.
func (c *cdp) waitJS(expr string, timeout time.Duration) {
	c.t.Helper()
	end := time.Now().Add(timeout)
	for time.Now().Before(end) {
		if v, _ := c.eval(expr).(bool); v {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	loc, _ := c.eval(`location.href`).(string)
	text, _ := c.eval(`document.body ? document.body.innerText.slice(0, 2000) : ""`).(string)
	c.t.Fatalf("not true within %s: %s\nat %s:\n%s", timeout, expr, loc, text)
}

// navigateBy runs action (which leaves the page) and waits for the next load.
func (c *cdp) navigateBy(action func()) {
	c.t.Helper()
	c.drain()
	action()
	c.waitEvent("Page.loadEventFired", 60*time.Second)
}

func (c *cdp) navigate(u string) {
	c.navigateBy(func() { c.call("Page.navigate", map[string]any{"url": u}) })
}

func (c *cdp) setFile(selector, path string) { c.setFiles(selector, path) }

// setFiles chooses files in a file input, as a person does.
func (c *cdp) setFiles(selector string, paths ...string) {
	c.t.Helper()
	var r struct {
		Result struct {
			ObjectID string `json:"objectId"`
		} `json:"result"`
	}
	json.Unmarshal(c.call("Runtime.evaluate", map[string]any{"expression": fmt.Sprintf("document.querySelector(%q)", selector)}), &r)
	if r.Result.ObjectID == "" {
		c.t.Fatalf("no element %s", selector)
	}
	c.call("DOM.setFileInputFiles", map[string]any{"objectId": r.Result.ObjectID, "files": paths})
}

func (c *cdp) mouseClick(x, y float64) {
	for _, typ := range []string{"mouseMoved", "mousePressed", "mouseReleased"} {
		c.call("Input.dispatchMouseEvent", map[string]any{"type": typ, "x": x, "y": y, "button": "left", "clickCount": 1})
	}
}

// screenshot writes a PNG of the whole page.
func (c *cdp) screenshot(path string) {
	c.t.Helper()
	var lm struct {
		Content struct {
			Width  float64 `json:"width"`
			Height float64 `json:"height"`
		} `json:"cssContentSize"`
	}
	json.Unmarshal(c.call("Page.getLayoutMetrics", nil), &lm)
	h := lm.Content.Height
	if h > 6000 {
		h = 6000
	}
	res := c.call("Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true,
		"clip": map[string]any{"x": 0, "y": 0, "width": lm.Content.Width, "height": h, "scale": 1}})
	var r struct {
		Data string `json:"data"`
	}
	json.Unmarshal(res, &r)
	b, err := base64.StdEncoding.DecodeString(r.Data)
	if err != nil || len(b) < 1000 {
		c.t.Fatalf("screenshot %s: %v (%d bytes)", path, err, len(b))
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		c.t.Fatal(err)
	}
}

func chromiumBinary(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("Chromium not found: CI must install it (apt-get install -y chromium fonts-wqy-microhei)")
	}
	t.Skip("Chromium not installed (apt-get install -y chromium fonts-wqy-microhei)")
	return ""
}

// startBrowser runs headless Chromium with a DevTools port and attaches to its page.
func startBrowser(t *testing.T) *cdp {
	bin := chromiumBinary(t)
	profile, err := os.MkdirTemp("", "gongkai-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir="+profile,
		"--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1", "--window-size=1280,900", "--hide-scrollbars", "about:blank")
	// C.UTF-8 is always there; without a UTF-8 locale Chromium cannot
	// open files with Chinese names.
	cmd.Env = append(os.Environ(), "LANG=C.UTF-8", "LC_ALL=C.UTF-8")
	// Its own process group, so the renderers it starts end with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		cmd.Wait()
		for i := 0; i < 20 && os.RemoveAll(profile) != nil; i++ {
			time.Sleep(100 * time.Millisecond)
		}
	})
	var port string
	for end := time.Now().Add(60 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		if b, err := os.ReadFile(filepath.Join(profile, "DevToolsActivePort")); err == nil {
			if lines := strings.Split(string(b), "\n"); len(lines) > 1 && lines[0] != "" {
				port = lines[0]
				break
			}
		}
	}
	if port == "" {
		t.Fatal("Chromium did not open its DevTools port")
	}
	var targets []struct {
		Type string `json:"type"`
		WS   string `json:"webSocketDebuggerUrl"`
	}
	for end := time.Now().Add(30 * time.Second); time.Now().Before(end) && len(targets) == 0; time.Sleep(50 * time.Millisecond) {
		resp, err := http.Get("http://127.0.0.1:" + port + "/json/list")
		if err != nil {
			continue
		}
		var all []struct {
			Type string `json:"type"`
			WS   string `json:"webSocketDebuggerUrl"`
		}
		json.NewDecoder(resp.Body).Decode(&all)
		resp.Body.Close()
		for _, a := range all {
			if a.Type == "page" {
				targets = append(targets, a)
			}
		}
	}
	if len(targets) == 0 {
		t.Fatal("no page target in Chromium")
	}
	c := newCDP(t, targets[0].WS)
	t.Cleanup(func() { c.ws.c.Close() })
	c.call("Page.enable", nil)
	c.call("Runtime.enable", nil)
	c.call("DOM.enable", nil)
	return c
}

// artifactDir is where screenshots go: $GONGKAI_ARTIFACTS/server, else a
// temporary directory (logged).
func artifactDir(t *testing.T) string {
	if d := os.Getenv("GONGKAI_ARTIFACTS"); d != "" {
		d = filepath.Join(d, "server")
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// loginVia types into the login form and submits it with a click.
func loginVia(c *cdp, base, name string) {
	c.t.Helper()
	c.navigate(base + "/login")
	c.eval(fmt.Sprintf(`document.getElementById("name").value = %q; document.getElementById("password").value = %q; true`, name, testPW))
	c.navigateBy(func() { c.eval(`document.getElementById("login-submit").click(); true`) })
}

// TestBrowser drives headless Chromium: a clerk logs in through the form,
// uploads a good and a bad file and sees the refused rows; a leader logs
// in, opens the dashboard (charts drawn, no script errors, nothing from
// the network) and clicks a heatmap cell to reach the unit's page.
func TestBrowser(t *testing.T) {
	c := startBrowser(t)
	e := newEnv(t, nil)
	// Chromium keeps Secure cookies over http only for localhost.
	base := strings.Replace(e.url, "127.0.0.1", "localhost", 1)
	shots := artifactDir(t)
	dir := t.TempDir()
	good := appCSV(t, dir, clerkUnit, 2025, 2000, "B")
	bad := filepath.Join(dir, filepath.Base(badCZ))
	copyFile(bad, sampleFile(t, badCZ))

	loginVia(c, base, clerkName)
	if p := c.evalString(`location.pathname`); p != "/upload" {
		t.Fatalf("after clerk login: %s (%s)", p, c.evalString(`document.body.innerText`))
	}
	if who := c.evalString(`document.getElementById("who").textContent`); who != clerkName {
		t.Fatalf("logged in as %q", who)
	}

	upload := func(path string) string {
		c.setFile("#file", path)
		c.eval(`document.getElementById("results").removeAttribute("data-done"); document.getElementById("upload-submit").click(); true`)
		c.waitJS(`document.getElementById("results").hasAttribute("data-done")`, 60*time.Second)
		return c.evalString(`document.getElementById("results").innerText`)
	}
	text := upload(good)
	if !strings.Contains(text, "已导入") || !strings.Contains(text, "导入 2000 行") {
		t.Fatalf("good upload shows: %s", text)
	}
	t.Logf("progress events seen: %v", c.eval(`document.getElementById("progress-bar").getAttribute("data-events")`))
	c.screenshot(filepath.Join(shots, "clerk-good-upload.png"))

	text = upload(bad)
	if !strings.Contains(text, "已拒收") || !strings.Contains(text, "错误原因") || !strings.Contains(text, "下载错误标注文件") {
		t.Fatalf("bad upload shows: %s", text)
	}
	if n := c.eval(`document.querySelectorAll("#results table.errors tr").length`).(float64); n < 2 {
		t.Fatalf("no error rows shown: %v", n)
	}
	href := c.evalString(`document.querySelector("#results a.annotated").getAttribute("href")`)
	if !strings.HasPrefix(href, "/files/") {
		t.Fatalf("annotated link: %q", href)
	}
	c.screenshot(filepath.Join(shots, "clerk-bad-upload.png"))

	c.navigateBy(func() { c.eval(`document.getElementById("logout").click(); true`) })
	if p := c.evalString(`location.pathname`); p != "/login" {
		t.Fatalf("after logout: %s", p)
	}

	// Leaders see published results only (issue 15).
	if resp, body := e.login(adminName).api("POST", "/api/published/2024"+withReason, nil, ""); resp.StatusCode != 200 {
		t.Fatalf("publish: %d %s", resp.StatusCode, body)
	}
	loginVia(c, base, leaderName)
	if p := c.evalString(`location.pathname`); p != "/dashboard" {
		t.Fatalf("after leader login: %s", p)
	}
	c.waitJS(`document.body.hasAttribute("data-charts-drawn") && document.body.getAttribute("data-drill") === "ready"`, 60*time.Second)
	charts := c.eval(`document.querySelectorAll(".chart[data-kind]").length`).(float64)
	drawn := c.evalString(`document.body.getAttribute("data-charts-drawn")`)
	errs := c.evalString(`document.body.getAttribute("data-errors") + " " + document.getElementById("gk-errors").textContent`)
	if charts < 5 || drawn != fmt.Sprint(charts) || !strings.HasPrefix(errs, "0 ") {
		t.Fatalf("dashboard: %v charts, %s drawn, errors %s", charts, drawn, errs)
	}
	foreign := c.evalString(`performance.getEntriesByType("resource").map(function (r) { return r.name; }).filter(function (n) { return n.indexOf(location.origin) !== 0; }).join(" ")`)
	if foreign != "" {
		t.Errorf("resources from elsewhere: %s", foreign)
	}
	c.screenshot(filepath.Join(shots, "leader-dashboard.png"))

	// Click the first cell of the first heatmap.
	pt := c.eval(`(function () {
  var el = document.querySelector('.chart[data-kind="heatmap"]');
  el.scrollIntoView();
  var inst = echarts.getInstanceByDom(el), opt = inst.getOption();
  var d = opt.series[0].data[0];
  var p = inst.convertToPixel({seriesIndex: 0}, [d.value[0], d.value[1]]);
  var r = el.getBoundingClientRect();
  return {x: r.left + p[0], y: r.top + p[1], name: d.name};
})()`)
	m, ok := pt.(map[string]any)
	if !ok {
		t.Fatalf("no cell to click: %v", pt)
	}
	c.navigateBy(func() { c.mouseClick(m["x"].(float64), m["y"].(float64)) })
	if p := c.evalString(`location.pathname`); !strings.HasPrefix(p, "/unit/") {
		t.Fatalf("heatmap click went to %s", p)
	}
	if h := c.evalString(`document.querySelector("h1").textContent`); !strings.Contains(h, m["name"].(string)) {
		t.Fatalf("unit page of %v shows %q", m["name"], h)
	}
	if !strings.Contains(c.evalString(`document.body.innerText`), "失分") && !strings.Contains(c.evalString(`document.body.innerText`), "没有失分") {
		t.Errorf("unit page lacks the score section")
	}
	c.screenshot(filepath.Join(shots, "leader-unit.png"))

	// The admin's pages render in the browser too.
	c.navigateBy(func() { c.eval(`document.getElementById("logout").click(); true`) })
	loginVia(c, base, adminName)
	if p := c.evalString(`location.pathname`); p != "/admin" {
		t.Fatalf("after admin login: %s", p)
	}
	if !strings.Contains(c.evalString(`document.getElementById("published").innerText`), "第1版，") {
		t.Errorf("admin page: published table")
	}
	c.screenshot(filepath.Join(shots, "admin.png"))
	c.navigate(base + "/admin/reminders?year=2024")
	if !strings.Contains(c.evalString(`document.getElementById("reminder-summary").innerText`), "个单位共缺") {
		t.Errorf("reminders page")
	}
	c.screenshot(filepath.Join(shots, "admin-reminders.png"))
	c.navigate(base + "/admin/audit")
	if audit := c.evalString(`document.getElementById("audit").innerText`); !strings.Contains(audit, clerkName) || !strings.Contains(audit, "上传台账") {
		t.Errorf("audit page lacks the clerk's uploads")
	}
	c.screenshot(filepath.Join(shots, "admin-audit.png"))
	t.Logf("screenshots in %s", shots)
}
