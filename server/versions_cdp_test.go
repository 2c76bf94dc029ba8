package server

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gongkai/metrics"
)

// TestBrowserVersions (issue 15) in headless Chromium: 2024 is published;
// the clerk's unit re-uploads its applications ledger; the admin presses
// 计算 (the draft), sees on the versions page what would change, publishes
// through the confirmation step with a reason, and reads version 2 and
// version 1; the clerk's unit page shows version 2.
func TestBrowserVersions(t *testing.T) {
	c := startBrowser(t)
	e := newEnv(t, nil)
	base := strings.Replace(e.url, "127.0.0.1", "localhost", 1)
	shots := artifactDir(t)
	admin, clerk := e.login(adminName), e.login(clerkName)
	if resp, body := admin.api("POST", "/api/published/2024", strings.NewReader("reason="+"年度考核"), "application/x-www-form-urlencoded"); resp.StatusCode != 200 {
		t.Fatalf("publish: %d %s", resp.StatusCode, body)
	}
	// 财政局 99.50 → 96.25 (TestPublishedVersionIsFrozen says why), ranked
	// among the others' published scores.
	var v1 struct {
		Units []metrics.UnitScore `json:"units"`
	}
	if err := admin.getJSON("/api/scores?year=2024", &v1); err != nil {
		t.Fatal(err)
	}
	own := e.unitID(clerkUnit)
	fromRank, toRank := groupRank(v1.Units, own, 99.50), groupRank(v1.Units, own, 96.25)
	if code, rs, body := clerk.upload(nil, [2]string{"x.csv", lateAppCSV(t, t.TempDir(), 2024)}); code != 200 || len(rs) != 1 {
		t.Fatalf("upload: %d %s", code, body)
	}

	text := func(id string) string {
		t.Helper()
		return c.evalString(fmt.Sprintf(`(document.getElementById(%q) || {innerText: ""}).innerText`, id))
	}
	loginVia(c, base, adminName)
	c.eval(`document.querySelector('#score-submit').form.year.value = "2024"; true`)
	c.navigateBy(func() { c.eval(`document.getElementById("score-submit").click(); true`) })
	if f := text("flash"); !strings.Contains(f, "已计算 2024 年度得分：56 个单位。这是草稿，各单位看到的仍是第1版") {
		t.Fatalf("after 计算: %q %q", f, text("error"))
	}
	if p := text("published"); !strings.Contains(p, "第1版，") {
		t.Errorf("admin page's published table: %q", p)
	}

	c.navigate(base + "/admin/versions?year=2024")
	diff := text("version-diff")
	if !strings.Contains(diff, "平安县财政局") || !strings.Contains(diff, "99.50 → 96.25") || !strings.Contains(diff, fmt.Sprintf("%d → %d", fromRank, toRank)) ||
		!strings.Contains(diff, "2.1 法定期限内答复：13 → 9.75 分（未失分 → 达标比例 75.0%（共 12 项，3 项未达标），得 9.75 分，满分 13.00 分）") ||
		!strings.Contains(diff, "依申请公开办理台账：新批次 #") {
		t.Fatalf("versions page diff:\n%s", diff)
	}
	c.screenshot(filepath.Join(shots, "admin-versions-diff.png"))

	// 发布草稿 asks first; the confirmation shows the diff and wants a reason.
	c.navigateBy(func() { c.eval(`document.getElementById("version-publish").click(); true`) })
	if m := text("confirm-msg"); !strings.Contains(m, "发布草稿将成为第2版") || !strings.Contains(text("version-diff"), "平安县财政局") {
		t.Fatalf("confirmation step: %q", m)
	}
	c.screenshot(filepath.Join(shots, "admin-publish-confirm.png"))
	c.eval(`document.getElementById("confirm-reason").value = "财政局更正依申请公开台账"; true`)
	c.navigateBy(func() { c.eval(`document.getElementById("confirm-submit").click(); true`) })
	if f := text("flash"); !strings.HasPrefix(f, "已发布 2024 年度考核结果第2版，") {
		t.Fatalf("after confirming: %q %q", f, text("error"))
	}

	// Both versions stay readable.
	row := func(show int) string {
		c.navigate(fmt.Sprintf("%s/admin/versions?year=2024&show=%d", base, show))
		for _, line := range strings.Split(text("version-ranking"), "\n") {
			if strings.Contains(line, "平安县财政局") {
				return strings.Join(strings.Fields(line), " ")
			}
		}
		return ""
	}
	if r := row(2); r != fmt.Sprintf("B类 县直部门 %d 平安县财政局 96.25 优秀", toRank) {
		t.Errorf("version 2: %q", r)
	}
	if r := row(1); r != fmt.Sprintf("B类 县直部门 %d 平安县财政局 99.50 优秀", fromRank) {
		t.Errorf("version 1: %q", r)
	}
	if v := text("versions"); !strings.Contains(v, "财政局更正依申请公开台账") || !strings.Contains(v, "年度考核") {
		t.Errorf("versions table: %q", v)
	}
	c.screenshot(filepath.Join(shots, "admin-version-1.png"))

	// The clerk sees version 2.
	c.navigateBy(func() { c.eval(`document.getElementById("logout").click(); true`) })
	loginVia(c, base, clerkName)
	c.navigate(fmt.Sprintf("%s/unit/%d?year=2024", base, e.unitID(clerkUnit)))
	c.waitJS(`document.getElementById("unit-score") !== null`, 10*time.Second)
	if s, v := text("unit-score"), text("score-version"); s != "96.25" || !strings.HasPrefix(v, "第2版，") {
		t.Errorf("clerk's unit page: %q %q", s, v)
	}
}
