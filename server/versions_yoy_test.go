package server

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gongkai/internal/samples"
	"gongkai/metrics"
)

// TestVersionYearOverYearFixed (probe D6): a published version's
// year-over-year figures (prev_score, score_change, prev_rank,
// rank_change) and its trends are those of the previous year's publication
// in force when it was published. 2023 version 1 and 2024 version 1 are
// published; 2023 is then scored with a scheme whose bonus doubles and
// published again as its version 2, with other scores, and withdrawn: every
// reader's view of 2024 version 1 (the admin's JSON and CSV of version 1,
// the leader's scores, dashboard (JSON and page, but for the time its
// cache was built and the years it offers), rankings CSV and unit page, the clerk's
// score and unit page) stays byte for byte what it was. 2024's draft keeps
// comparing with 2023's draft, and a 2024 version published after the
// withdrawal has no 2023 figures.
func TestVersionYearOverYearFixed(t *testing.T) {
	e := newEnv(t, nil)
	admin, leader, clerk := e.login(adminName), e.login(leaderName), e.login(clerkName)
	own := e.unitID(clerkUnit)
	form := "application/x-www-form-urlencoded"
	post := func(p, body string) string {
		t.Helper()
		resp, out := admin.api("POST", p, strings.NewReader(body), form)
		if resp.StatusCode != 200 {
			t.Fatalf("POST %s %s: %d %s", p, body, resp.StatusCode, out)
		}
		return out
	}
	get := func(c *client, p string) string {
		t.Helper()
		resp, body := c.do("GET", p, nil, "")
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s as %s: %d %s", p, c.name, resp.StatusCode, body)
		}
		return body
	}
	ownScore := func(c *client, p string) metrics.UnitScore {
		t.Helper()
		var v struct {
			Units []metrics.UnitScore `json:"units"`
		}
		if err := json.Unmarshal([]byte(get(c, p)), &v); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for _, u := range v.Units {
			if u.UnitID == own {
				return u
			}
		}
		t.Fatalf("%s has no unit %d", p, own)
		return metrics.UnitScore{}
	}

	post("/api/published/2023", "reason="+url.QueryEscape("首次发布"))
	post("/api/published/2024", "reason="+url.QueryEscape("首次发布"))
	unitAPI := fmt.Sprintf("/api/units/%d/score?year=2024", own)
	unitPage := fmt.Sprintf("/unit/%d?year=2024", own)
	views := []struct {
		who  *client
		path string
	}{
		{admin, "/api/versions/2024/1"},
		{admin, "/admin/rankings?year=2024&format=csv&version=1"},
		{leader, "/api/scores?year=2024"},
		{leader, "/api/dashboard?year=2024"},
		{leader, "/dashboard?year=2024"},
		{leader, "/admin/rankings?year=2024&format=csv"},
		{leader, unitAPI},
		{leader, unitPage},
		{clerk, unitAPI},
		{clerk, unitPage},
	}
	// The dashboards say when their cache was built, which a publication
	// empties, and the page offers the years published now (2023 leaves
	// the list when withdrawn): neither is a figure of the version.
	built := regexp.MustCompile(`"built_at":"[^"]*"|数据更新于 [0-9-]+ [0-9:]+|<select name="year" id="dash-year">.*?</select>`)
	snapshot := func() []string {
		out := make([]string, len(views))
		for i, v := range views {
			out[i] = built.ReplaceAllString(get(v.who, v.path), "…")
		}
		return out
	}
	same := func(when string, before []string) {
		t.Helper()
		for i, after := range snapshot() {
			if after != before[i] {
				t.Errorf("%s: %s as %s changed:\n%s", when, views[i].path, views[i].who.name, firstDiff(before[i], after))
			}
		}
	}
	before := snapshot()
	if !strings.Contains(before[4], "较上年的变化和历年趋势取本版发布时往年在用的发布版本") {
		t.Errorf("the leader's dashboard does not say what its year-over-year figures compare with")
	}
	if page := get(admin, "/dashboard?year=2024"); !strings.Contains(page, "较上年的变化和历年趋势取往年最近一次计算的得分（草稿）") {
		t.Errorf("the admin's draft dashboard does not say what its year-over-year figures compare with")
	}

	// 2024 version 1 is shown beside 2023 version 1.
	v23 := ownScore(admin, "/api/versions/2023/1")
	v24 := ownScore(admin, "/api/versions/2024/1")
	if v24.PrevScore == nil || *v24.PrevScore != v23.Normalized || *v24.PrevRank != v23.Rank ||
		*v24.ScoreDelta != round2(v24.Normalized-v23.Normalized) || *v24.RankDelta != v23.Rank-v24.Rank {
		t.Fatalf("2024 version 1 beside 2023 version 1 (%.2f, %d): %+v", v23.Normalized, v23.Rank, v24)
	}
	var prevOf struct {
		Prev *struct {
			Year, Version int
			Label         string
		} `json:"previous_year"`
	}
	if err := json.Unmarshal([]byte(before[0]), &prevOf); err != nil || prevOf.Prev == nil || prevOf.Prev.Year != 2023 ||
		prevOf.Prev.Version != 1 || !strings.HasPrefix(prevOf.Prev.Label, "第1版，") {
		t.Errorf("2024 version 1 does not name 2023 version 1 as what it compares with: %+v %v", prevOf.Prev, err)
	}
	var sv unitScoreView
	clerkView := get(clerk, unitAPI)
	if err := json.Unmarshal([]byte(clerkView), &sv); err != nil || sv.Version != 1 || sv.Score == nil || sv.Score.PrevScore == nil || *sv.Score.PrevScore != v23.Normalized {
		t.Fatalf("the clerk's view of 2024 version 1: %s", clerkView)
	}

	// 2023 is scored again with a scheme whose bonus is 1 point an item
	// instead of 0.5 (the clerk's unit earns 2 items) and published as
	// version 2: other 2023 scores, nothing done to 2024.
	raw, err := fs.ReadFile(samples.FS, "scheme-2023.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const bonus = "（每件加0.5分）, points: 2, rule: bonus, measure: diverse_interpretation, per: 0.5}"
	if !strings.Contains(string(raw), bonus) {
		t.Fatal("the sample 2023 scheme's bonus item changed: adapt the test")
	}
	scheme := filepath.Join(t.TempDir(), "scheme-2023.yaml")
	if err := os.WriteFile(scheme, []byte(strings.Replace(string(raw), bonus, "（每件加1分）, points: 2, rule: bonus, measure: diverse_interpretation, per: 1}", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	body, ct := multipartBody(t, nil, [2]string{"scheme-2023.yaml", scheme})
	if resp, out := admin.api("POST", "/api/scheme", body, ct); resp.StatusCode != 200 {
		t.Fatalf("2023 scheme: %d %s", resp.StatusCode, out)
	}
	post("/api/score", "year=2023")
	post("/api/published/2023", "confirm=true&reason="+url.QueryEscape("更正加分标准"))
	v23b := ownScore(admin, "/api/versions/2023/2")
	if v23b.Normalized != v23.Normalized+1 {
		t.Fatalf("2023 version 2 of the clerk's unit: %.2f, want %.2f", v23b.Normalized, v23.Normalized+1)
	}
	same("after 2023 version 2", before)

	// The draft compares with the previous year's draft, as it always did
	// (the admin's view, marked 草稿（未发布）).
	if d := ownScore(admin, "/api/scores?year=2024"); d.PrevScore == nil || *d.PrevScore != v23b.Normalized {
		t.Errorf("2024's draft beside 2023's draft (%.2f): %+v", v23b.Normalized, d)
	}

	// 2023 is withdrawn: still nothing of 2024 version 1 changes.
	resp, out := admin.api("DELETE", "/api/published/2023?reason="+url.QueryEscape("测试"), nil, "")
	if resp.StatusCode != 200 {
		t.Fatalf("withdraw 2023: %d %s", resp.StatusCode, out)
	}
	same("after 2023 was withdrawn", before)

	// A 2024 version published now has no 2023 to compare with; version 1
	// keeps its figures.
	post("/api/score", "year=2024")
	post("/api/published/2024", "confirm=true&reason="+url.QueryEscape("重新发布"))
	if v := ownScore(admin, "/api/versions/2024/2"); v.PrevScore != nil || v.PrevRank != nil || v.ScoreDelta != nil || v.RankDelta != nil {
		t.Errorf("2024 version 2, published while 2023 is withdrawn, compares with 2023: %+v", v)
	}
	var v2 map[string]any
	if err := json.Unmarshal([]byte(get(admin, "/api/versions/2024/2")), &v2); err != nil {
		t.Fatal(err)
	}
	if p, ok := v2["previous_year"]; !ok || p != nil {
		t.Errorf("2024 version 2 names a 2023 version to compare with: %v", p)
	}
	if v := ownScore(admin, "/api/versions/2024/1"); v.PrevScore == nil || *v.PrevScore != v23.Normalized {
		t.Errorf("2024 version 1 after version 2: %+v", v)
	}
	if after := get(admin, views[0].path); after != before[0] {
		t.Errorf("2024 version 1 changed by version 2:\n%s", firstDiff(before[0], after))
	}
}
