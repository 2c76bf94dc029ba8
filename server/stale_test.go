package server

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPublishRefusedAfterDeclarationOrScheme (issue 15) through the HTTP
// API: a draft is scored from 零报告 declarations and the scheme as well as
// from ledgers. A declaration made after the 计算, or a different scheme
// loaded after it, makes 发布 refuse (422) naming the change; 计算 again
// and the publication goes through.
func TestPublishRefusedAfterDeclarationOrScheme(t *testing.T) {
	e := newEnv(t, nil)
	admin := e.login(adminName)
	const form = "application/x-www-form-urlencoded"
	publish := func() (int, string) {
		t.Helper()
		resp, body := admin.api("POST", "/api/published/2024", strings.NewReader("confirm=true&reason="+url.QueryEscape("年度考核")), form)
		return resp.StatusCode, body
	}
	score := func() {
		t.Helper()
		if resp, body := admin.api("POST", "/api/score", strings.NewReader("year=2024"), form); resp.StatusCode != 200 {
			t.Fatalf("score: %d %s", resp.StatusCode, body)
		}
	}
	refused := func(step, want string) {
		t.Helper()
		code, body := publish()
		if code != 422 || !strings.Contains(body, "上次计算之后台账、零报告声明或考核细则有变化") || !strings.Contains(body, want) {
			t.Fatalf("%s: publish: %d %s\nwant 422 naming %s", step, code, body, want)
		}
	}

	// 县审计局 has no new-media account: declared after the fixture's 计算
	// (the sample scheme scores 1.4 新媒体 by when_none: exempt).
	id := e.unitID("平安县审计局")
	if resp, body := admin.api("POST", fmt.Sprintf("/api/units/%d/declarations", id), strings.NewReader("kind=media&year=2024"), form); resp.StatusCode != 200 {
		t.Fatalf("declare: %d %s", resp.StatusCode, body)
	}
	refused("declared after 计算", "变化的零报告声明：平安县审计局 政务新媒体更新台账（计算后声明了本年度无此类事项）")
	score()
	if code, body := publish(); code != 200 {
		t.Fatalf("publish after 计算: %d %s", code, body)
	}

	// The sample scheme with another bonus cap, loaded after the 计算.
	src, err := os.ReadFile(filepath.Join("..", "internal", "samples", "scheme-2024.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(src), "bonus_cap: 3", "bonus_cap: 2", 1)
	if changed == string(src) {
		t.Fatal("the sample scheme has no bonus_cap: 3")
	}
	p := filepath.Join(t.TempDir(), "scheme-2024.yaml")
	if err := os.WriteFile(p, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	body, ctype := multipartBody(t, nil, [2]string{"scheme-2024.yaml", p})
	if resp, b := admin.api("POST", "/api/scheme", body, ctype); resp.StatusCode != 200 {
		t.Fatalf("load the scheme: %d %s", resp.StatusCode, b)
	}
	refused("another scheme after 计算", "考核细则：计算后重新导入了内容不同的考核细则")
	score()
	// The versions page's diff of version 1 and the draft says why.
	if resp, page := admin.do("GET", "/admin/versions?year=2024", nil, ""); resp.StatusCode != 200 ||
		!strings.Contains(page, `<p id="diff-scheme">两个结果使用的考核细则不同：计算之后重新导入了内容不同的考核细则</p>`) {
		t.Errorf("versions page: %d, no word of the scheme:\n%s", resp.StatusCode, page)
	}
	code, b := publish()
	var pub struct {
		Version struct {
			Version int `json:"version"`
		} `json:"version"`
	}
	if code != 200 || json.Unmarshal([]byte(b), &pub) != nil || pub.Version.Version != 2 {
		t.Fatalf("publish after 计算: %d %s", code, b)
	}
}
