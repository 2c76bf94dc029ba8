package server

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"gongkai/metrics"
	"gongkai/store"
)

// TestPublicationNeedsReason: the first publication of a year, through the
// API, needs a reason as the CLI does (and as every later one did): it is
// refused in Chinese, audited as failed, and nothing is published.
func TestPublicationNeedsReason(t *testing.T) {
	e := newEnv(t, nil)
	admin := e.login(adminName)
	resp, body := admin.api("POST", "/api/published/2024", nil, "")
	if resp.StatusCode != 422 || errorOf(body) != "请填写理由：发布或撤回的理由会记入版本记录和操作日志" {
		t.Fatalf("publish without a reason: %d %s", resp.StatusCode, body)
	}
	resp, body = admin.api("POST", "/admin/publish", strings.NewReader("year=2024&reason=+"), "application/x-www-form-urlencoded")
	if resp.StatusCode != 422 || errorOf(body) != "请填写理由：发布或撤回的理由会记入版本记录和操作日志" {
		t.Fatalf("publish page with a blank reason: %d %q", resp.StatusCode, errorOf(body))
	}
	es := auditOf(t, e, store.AuditFilter{Action: "publish"}, 2)
	if len(es) != 2 || es[0].OK || !strings.HasPrefix(es[0].Detail, "发布 2024 年度考核结果失败：请填写理由") {
		t.Errorf("audit: %+v", es)
	}
	if v, ok, _, err := metrics.Published(context.Background(), e.db, 2024); ok || err != nil {
		t.Errorf("published after refusals: %+v %v", v, err)
	}
	if resp, body := admin.api("POST", "/api/published/2024"+withReason, nil, ""); resp.StatusCode != 200 || !strings.Contains(body, `"reason": "年度考核"`) {
		t.Errorf("publish with a reason: %d %s", resp.StatusCode, body)
	}
}

// TestRedirectsHaveNoBody: a redirect's body was Go's English "See
// Other" link; browsers follow the Location and show nothing, so there is
// none.
func TestRedirectsHaveNoBody(t *testing.T) {
	e := newEnv(t, nil)
	for _, p := range []string{"/", "/upload", "/admin?x=1"} {
		resp, body := e.anon().do("GET", p, nil, "")
		if resp.StatusCode != http.StatusSeeOther || body != "" || resp.Header.Get("Location") == "" {
			t.Errorf("GET %s: %d %q %q", p, resp.StatusCode, resp.Header.Get("Location"), body)
		}
	}
	c := e.login(clerkName)
	if resp, body := c.do("GET", "/", nil, ""); resp.StatusCode != http.StatusSeeOther || body != "" || resp.Header.Get("Location") != "/upload" {
		t.Errorf("GET / logged in: %d %q", resp.StatusCode, body)
	}
}
