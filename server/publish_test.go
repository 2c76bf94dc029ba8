package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// TestPublishedYearIsNotRescored (issue 15): once 2024 is published,
// pressing 计算 is refused with 409 and the clerk's and leader's scores stay
// exactly as published, although new ledgers would change them; publishing
// it again is refused too. Withdrawing, re-scoring and publishing again
// work, record the new publication time, and every step is audited.
func TestPublishedYearIsNotRescored(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	admin, leader, clerk := e.login(adminName), e.login(leaderName), e.login(clerkName)
	own := e.unitID(clerkUnit)

	// New 2024 ledgers of the clerk's unit, so that a re-score would move
	// its score: the refusal below is what keeps it.
	if code, rs, body := clerk.upload(nil, [2]string{"x.csv", appCSV(t, t.TempDir(), clerkUnit, 2024, 40, "R")}); code != 200 || len(rs) != 1 {
		t.Fatalf("upload: %d %s", code, body)
	}
	if resp, body := admin.api("POST", "/api/published/2024", nil, ""); resp.StatusCode != 200 {
		t.Fatalf("publish: %d %s", resp.StatusCode, body)
	}
	// A fixed publication time, to see that it is kept, then replaced.
	const oldAt = "2025-01-15 09:30:00"
	if _, err := e.db.Raw().ExecContext(ctx, "UPDATE published_years SET published_at = '"+oldAt+"' WHERE year = 2024"); err != nil {
		t.Fatal(err)
	}

	get := func(c *client, p string) string {
		t.Helper()
		resp, body := c.do("GET", p, nil, "")
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s as %s: %d %s", p, c.name, resp.StatusCode, body)
		}
		return body
	}
	unitAPI := fmt.Sprintf("/api/units/%d/score?year=2024", own)
	unitPage := fmt.Sprintf("/unit/%d?year=2024", own)
	snapshot := func() [4]string {
		return [4]string{get(clerk, unitAPI), get(clerk, unitPage), get(leader, unitAPI), get(leader, "/api/scores?year=2024")}
	}
	before := snapshot()

	const refused = "2024年的考核结果已发布，重新计算会改变已发布的结果。如需重新计算，请先撤回发布（撤回和重新发布都会记入操作日志）"
	resp, body := admin.api("POST", "/api/score", strings.NewReader("year=2024"), "application/x-www-form-urlencoded")
	var je struct {
		Error string `json:"error"`
	}
	if resp.StatusCode != 409 || json.Unmarshal([]byte(body), &je) != nil || je.Error != refused {
		t.Fatalf("score a published year (API): %d %s", resp.StatusCode, body)
	}
	// The admin page's form: the same refusal, shown on the page.
	resp, body = admin.do("POST", "/admin/score", strings.NewReader(url.Values{"year": {"2024"}, "csrf": {admin.csrf}}.Encode()), "application/x-www-form-urlencoded")
	if resp.StatusCode != 409 || !strings.Contains(body, refused) {
		t.Fatalf("score a published year (page): %d", resp.StatusCode)
	}
	if after := snapshot(); after != before {
		t.Fatalf("scores changed although scoring was refused:\nbefore %v\nafter  %v", before, after)
	}

	// Publishing again is answered, and the old time is kept.
	resp, body = admin.api("POST", "/api/published/2024", nil, "")
	je.Error = ""
	if resp.StatusCode != 409 || json.Unmarshal([]byte(body), &je) != nil ||
		je.Error != "2024年的考核结果已于 "+oldAt+" 由 admin 发布，无需重复发布。如需更新，请先撤回发布，再重新计算和发布" {
		t.Fatalf("publish a published year: %d %s", resp.StatusCode, body)
	}
	published := func() []Published {
		t.Helper()
		var pub []Published
		if err := leader.getJSON("/api/published", &pub); err != nil {
			t.Fatal(err)
		}
		return pub
	}
	if pub := published(); len(pub) != 1 || pub[0].Year != 2024 || pub[0].PublishedAt != oldAt || pub[0].PublishedBy != adminName {
		t.Fatalf("published after a refused re-publish: %+v", pub)
	}

	// Withdraw, score, publish: each works, and the scores do move now.
	if resp, body := admin.api("DELETE", "/api/published/2024", nil, ""); resp.StatusCode != 200 {
		t.Fatalf("withdraw: %d %s", resp.StatusCode, body)
	}
	resp, body = admin.api("POST", "/api/score", strings.NewReader("year=2024"), "application/x-www-form-urlencoded")
	var sc struct {
		Units int `json:"units"`
	}
	if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &sc) != nil || sc.Units == 0 {
		t.Fatalf("score after withdrawal: %d %s", resp.StatusCode, body)
	}
	if resp, body := admin.api("POST", "/api/published/2024", nil, ""); resp.StatusCode != 200 {
		t.Fatalf("publish again: %d %s", resp.StatusCode, body)
	}
	if after := snapshot(); after[0] == before[0] || after[3] == before[3] {
		t.Errorf("re-scoring after withdrawal left the scores unchanged; the new ledgers should move them")
	}
	if pub := published(); len(pub) != 1 || pub[0].Year != 2024 || pub[0].PublishedAt == oldAt || pub[0].PublishedBy != adminName {
		t.Fatalf("published after withdraw and re-publish: %+v", pub)
	}

	var audit []AuditEntry
	if err := admin.getJSON("/api/audit", &audit); err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := len(audit) - 1; i >= 0; i-- { // oldest first
		if a := audit[i]; a.Action == "score" || a.Action == "publish" || a.Action == "withdraw" {
			got = append(got, fmt.Sprintf("%s %s %s %v", a.Account, a.Action, a.Detail, a.OK))
		}
	}
	want := []string{
		"admin publish 发布 2024 年度考核结果 true",
		"admin score 计算 2024 年度得分：已拒绝，该年度结果已发布 false",
		"admin score 计算 2024 年度得分：已拒绝，该年度结果已发布 false",
		"admin publish 发布 2024 年度考核结果：已拒绝，该年度已于 " + oldAt + " 由 admin 发布 false",
		"admin withdraw 撤回 2024 年度考核结果（原于 " + oldAt + " 由 admin 发布） true",
		fmt.Sprintf("admin score 计算 2024 年度得分：%d 个单位 true", sc.Units),
		"admin publish 发布 2024 年度考核结果 true",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	checkConsistency(t, e.db)
}
