package server

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"gongkai/metrics"
)

// withReason is the query of a publication's reason, 年度考核: every
// publication, the first too, needs one (metrics.ErrNoReason).
const withReason = "?reason=%E5%B9%B4%E5%BA%A6%E8%80%83%E6%A0%B8"

// TestPublishedVersionIsFrozen (issue 15): once 2024 is published, the
// clerk's unit re-uploads its applications ledger and 计算 runs again: the
// new scores are the draft, which only the admin sees; the clerk and the
// leader keep seeing version 1 exactly (a publication before the 计算 is
// refused: the draft was scored from the replaced batch). Publishing the draft asks for a
// confirmation with what would change (unit by unit, item by item, and the
// batches), needs a reason, and makes version 2; version 1 stays readable;
// a withdrawal is version 3, after which the units see that the results
// were withdrawn. Every step is audited.
func TestPublishedVersionIsFrozen(t *testing.T) {
	e := newEnv(t, nil)
	admin, leader, clerk := e.login(adminName), e.login(leaderName), e.login(clerkName)
	own := e.unitID(clerkUnit)

	if resp, body := admin.api("POST", "/api/published/2024"+withReason, nil, ""); resp.StatusCode != 200 {
		t.Fatalf("publish: %d %s", resp.StatusCode, body)
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
	snapshot := func() [5]string {
		return [5]string{get(clerk, unitAPI), scoreSection(get(clerk, unitPage)), get(leader, unitAPI), get(leader, "/api/scores?year=2024"),
			get(leader, "/admin/rankings?year=2024&format=csv")}
	}
	before := snapshot()
	var sv unitScoreView
	if err := json.Unmarshal([]byte(before[0]), &sv); err != nil || sv.Score == nil || sv.Version != 1 {
		t.Fatalf("clerk's view of version 1: %+v %v", sv, err)
	}
	v1Score := sv.Score.Normalized
	if !strings.Contains(before[1], "第1版，") || !strings.Contains(before[4], ",第1版，") {
		t.Errorf("the unit page and the CSV do not name version 1")
	}

	// The clerk re-uploads the unit's 2024 applications ledger; 计算 runs
	// again and is allowed: it makes the draft.
	if code, rs, body := clerk.upload(nil, [2]string{"x.csv", lateAppCSV(t, t.TempDir(), 2024)}); code != 200 || len(rs) != 1 {
		t.Fatalf("upload: %d %s", code, body)
	}
	// The draft was scored before the upload: publishing it is refused,
	// naming the ledger, until 计算 runs again.
	resp, body := admin.api("POST", "/api/published/2024", strings.NewReader("confirm=true&reason="+url.QueryEscape("更正")), "application/x-www-form-urlencoded")
	if resp.StatusCode != 422 || !strings.Contains(body, "上次计算之后台账、零报告声明或考核细则有变化") || !strings.Contains(body, "平安县财政局 依申请公开办理台账（计算时为第 ") {
		t.Fatalf("publish a draft scored before an upload: %d %s", resp.StatusCode, body)
	}
	resp, body = admin.api("POST", "/api/score", strings.NewReader("year=2024"), "application/x-www-form-urlencoded")
	var sc struct {
		Units int  `json:"units"`
		Draft bool `json:"draft"`
	}
	if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &sc) != nil || sc.Units != 56 || !sc.Draft {
		t.Fatalf("score a published year: %d %s", resp.StatusCode, body)
	}
	for i, after := range snapshot() {
		if after != before[i] {
			t.Fatalf("the clerk's or leader's view %d changed with the draft:\n%s", i, firstDiff(before[i], after))
		}
	}
	var draft unitScoreView
	if err := admin.getJSON(unitAPI, &draft); err != nil || draft.Version != metrics.Draft || draft.VersionLabel != "草稿（未发布）" || draft.Score == nil {
		t.Fatalf("admin's view of the draft: %+v %v", draft, err)
	}

	// Publishing the draft asks first, with the diff.
	resp, body = admin.api("POST", "/api/published/2024"+withReason, nil, "")
	var ask struct {
		Error string               `json:"error"`
		Diff  *metrics.VersionDiff `json:"diff"`
	}
	if resp.StatusCode != 409 || json.Unmarshal([]byte(body), &ask) != nil || ask.Diff == nil {
		t.Fatalf("publish again without confirming: %d %s", resp.StatusCode, body)
	}
	day := before[4][strings.Index(before[4], ",第1版，")+len(",第1版，"):][:10]
	if want := "2024年的考核结果已有第1版，" + day + " 发布；发布草稿将成为第2版，替换各单位看到的结果，需要确认。请核对以下变化，填写理由后确认发布"; ask.Error != want {
		t.Errorf("question:\n got %s\nwant %s", ask.Error, want)
	}
	// Three late replies of twelve (YS-004, -008, -012 answered after 60
	// days; the others after 10): 2.1 法定期限内答复 falls to 9/12 = 75% of
	// its 13 points, 9.75 (3.25 lost), and 2 依申请公开 from 21.50 to 18.25.
	// 财政局 lost only 0.50 before (7.2: one 公开事项, 部门决算, past its
	// 公开时限), so it goes from 99.50 of 100 to 100 − 0.50 − 3.25 = 96.25.
	// Its ranks follow from the others' published scores: 1 + the units of
	// its group scoring more; the units between 96.25 and 99.50 move up one
	// place with unchanged scores.
	const fromScore, toScore = 99.50, 96.25
	var published struct {
		Units []metrics.UnitScore `json:"units"`
	}
	if err := json.Unmarshal([]byte(before[3]), &published); err != nil {
		t.Fatal(err)
	}
	fromRank, toRank := groupRank(published.Units, own, fromScore), groupRank(published.Units, own, toScore)
	var between []metrics.UnitScore
	for _, u := range published.Units {
		if u.Group == "B类 县直部门" && u.UnitID != own && !u.Vetoed && u.Normalized > toScore && u.Normalized < fromScore {
			between = append(between, u)
		}
	}
	sort.Slice(between, func(i, j int) bool {
		if between[i].Rank != between[j].Rank {
			return between[i].Rank < between[j].Rank
		}
		return between[i].UnitID < between[j].UnitID
	})
	if len(between) == 0 || toRank-fromRank != len(between) {
		t.Fatalf("财政局 from %d to %d with %d units between", fromRank, toRank, len(between))
	}
	var lines []string
	for _, u := range ask.Diff.Units {
		line := fmt.Sprintf("%s %s→%s %d→%d %s→%s", u.Unit, score2(u.FromScore), score2(u.ToScore), u.FromRank, u.ToRank, u.FromGrade, u.ToGrade)
		for _, it := range u.Items {
			line += fmt.Sprintf("；%s %s %s→%s（%s）", it.ID, it.Name, score2(it.FromPoints), score2(it.ToPoints), it.ToReason)
		}
		for _, b := range u.Batches {
			line += fmt.Sprintf("；%s +%v -%v", b.Title, b.Added, b.Removed)
		}
		lines = append(lines, line)
	}
	var newBatch, oldBatch int64
	for _, u := range ask.Diff.Units {
		if u.UnitID == own && len(u.Batches) == 1 && len(u.Batches[0].Added) == 1 && len(u.Batches[0].Removed) == 1 {
			newBatch, oldBatch = u.Batches[0].Added[0], u.Batches[0].Removed[0]
		}
	}
	var wantDiff []string
	for _, u := range between {
		wantDiff = append(wantDiff, fmt.Sprintf("%s %s→%s %d→%d %s→%s", u.Unit, score2(u.Normalized), score2(u.Normalized), u.Rank, u.Rank-1, u.Grade, u.Grade))
	}
	wantDiff = append(wantDiff, fmt.Sprintf("平安县财政局 99.50→96.25 %d→%d 优秀→优秀；2 依申请公开 21.50→18.25（）；2.1 法定期限内答复 13.00→9.75（达标比例 75.0%%（共 12 项，3 项未达标），得 9.75 分，满分 13.00 分）；依申请公开办理台账 +[%d] -[%d]", fromRank, toRank, newBatch, oldBatch))
	if strings.Join(lines, "\n") != strings.Join(wantDiff, "\n") || ask.Diff.FromLabel != "第1版，"+day+" 发布" || ask.Diff.ToLabel != "草稿（未发布）" {
		t.Errorf("diff %s → %s:\n%s\nwant:\n%s", ask.Diff.FromLabel, ask.Diff.ToLabel, strings.Join(lines, "\n"), strings.Join(wantDiff, "\n"))
	}
	if v1Score != fromScore || draft.Score.Normalized != toScore {
		t.Errorf("财政局: published %.2f, draft %.2f", v1Score, draft.Score.Normalized)
	}
	// The web's confirmation step shows the same diff.
	resp, body = admin.do("POST", "/admin/publish", strings.NewReader(url.Values{"year": {"2024"}, "csrf": {admin.csrf}}.Encode()), "application/x-www-form-urlencoded")
	if resp.StatusCode != 200 || !strings.Contains(body, `id="confirm-form"`) || !strings.Contains(body, "<td>平安县财政局</td><td>B类 县直部门</td>") {
		t.Fatalf("the confirmation page: %d", resp.StatusCode)
	}
	resp, body = admin.api("POST", "/api/published/2024", strings.NewReader("confirm=true"), "application/x-www-form-urlencoded")
	if resp.StatusCode != 422 || !strings.Contains(body, "请填写理由") {
		t.Fatalf("confirmed without a reason: %d %s", resp.StatusCode, body)
	}
	resp, body = admin.api("POST", "/api/published/2024", strings.NewReader("confirm=true&reason="+url.QueryEscape("财政局更正依申请公开台账")), "application/x-www-form-urlencoded")
	var done struct {
		Version metrics.Version `json:"version"`
	}
	if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &done) != nil || done.Version.Version != 2 || done.Version.Reason != "财政局更正依申请公开台账" {
		t.Fatalf("publish version 2: %d %s", resp.StatusCode, body)
	}
	now := snapshot()
	if now[0] == before[0] || now[3] == before[3] || !strings.Contains(now[1], "第2版，") {
		t.Errorf("version 2 is not what the clerk and leader see")
	}
	if err := json.Unmarshal([]byte(now[0]), &sv); err != nil || sv.Version != 2 || sv.Score.Normalized != draft.Score.Normalized {
		t.Errorf("clerk's view of version 2: %+v %v", sv, err)
	}
	// Version 1 stays readable, as it was.
	var v1 struct {
		Label string              `json:"label"`
		Units []metrics.UnitScore `json:"units"`
	}
	if err := admin.getJSON("/api/versions/2024/1", &v1); err != nil || v1.Label != "第1版，"+day+" 发布" || len(v1.Units) != 56 {
		t.Fatalf("version 1: %v %s %d", err, v1.Label, len(v1.Units))
	}
	for _, u := range v1.Units {
		if u.UnitID == own && u.Normalized != v1Score {
			t.Errorf("version 1 of the clerk's unit: %.2f, published %.2f", u.Normalized, v1Score)
		}
	}
	var d12 metrics.VersionDiff
	if err := admin.getJSON("/api/versions/2024/diff?from=1&to=2", &d12); err != nil || len(d12.Units) != len(ask.Diff.Units) {
		t.Errorf("diff of versions 1 and 2: %v %d, the draft's %d", err, len(d12.Units), len(ask.Diff.Units))
	}

	// A withdrawal is version 3: the units see it, not the draft.
	if resp, body := admin.api("DELETE", "/api/published/2024", nil, ""); resp.StatusCode != 422 {
		t.Fatalf("withdraw without a reason: %d %s", resp.StatusCode, body)
	}
	if resp, body := admin.api("DELETE", "/api/published/2024?reason="+url.QueryEscape("财政局申诉"), nil, ""); resp.StatusCode != 200 {
		t.Fatalf("withdraw: %d %s", resp.StatusCode, body)
	}
	for _, c := range []*client{clerk, leader} {
		resp, body := c.do("GET", unitAPI, nil, "")
		if resp.StatusCode != 403 || !strings.Contains(body, "2024 年度考核结果已于 "+day) || !strings.Contains(body, "由 admin 撤回（财政局申诉）") {
			t.Errorf("%s after the withdrawal: %d %s", c.name, resp.StatusCode, body)
		}
	}
	var vs []metrics.Version
	if err := admin.getJSON("/api/versions/2024", &vs); err != nil || len(vs) != 3 || vs[2].State != "withdrawn" {
		t.Fatalf("versions: %+v %v", vs, err)
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
		"admin publish 发布 2024 年度考核结果第1版，" + day + " 发布（56 个单位）：年度考核 true",
		fmt.Sprintf("admin publish 发布 2024 年度考核结果失败：%s。变化的台账：平安县财政局 依申请公开办理台账（计算时为第 %d 批次，现为第 %d 批次） false", metrics.ErrScoresStale, oldBatch, newBatch),
		"admin score 计算 2024 年度得分：56 个单位 true",
		"admin publish 发布 2024 年度考核结果失败：请填写理由：发布或撤回的理由会记入版本记录和操作日志 false",
		"admin publish 发布 2024 年度考核结果第2版，" + day + " 发布（56 个单位）：财政局更正依申请公开台账 true",
		"admin withdraw 撤回 2024 年度考核结果失败：请填写理由：发布或撤回的理由会记入版本记录和操作日志 false",
		"admin withdraw 撤回 2024 年度考核结果，记为第3版，" + day + " 撤回：财政局申诉 true",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	checkConsistency(t, e.db)
}

// firstDiff shows where two texts part, with some context.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-200)
	return fmt.Sprintf("…%s\n---- became ----\n…%s", a[from:min(len(a), i+200)], b[from:min(len(b), i+200)])
}

// scoreSection is the score part of a unit page (its ledgers and history
// change with an upload, whatever is published).
func scoreSection(page string) string {
	i, j := strings.Index(page, `<section id="score-section">`), strings.Index(page, `</section>`)
	if i < 0 || j < i {
		return page
	}
	return page[i:j]
}

// lateAppCSV is a 2024 applications ledger of the clerk's unit, 12
// applications of which the 4th, 8th and 12th were answered 60 days after
// receipt (past the 20 working days the law allows).
func lateAppCSV(t testing.TB, dir string, year int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("\ufeff" + clerkUnit + fmt.Sprintf("%d年依申请公开台账\n", year))
	b.WriteString("申请编号,收到日期,申请人类型,申请方式,申请内容,答复日期,办理结果,信息处理费\n")
	for i := 1; i <= 12; i++ {
		d := time.Date(year, 3, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 7*i)
		r := d.AddDate(0, 0, 10)
		if i%4 == 0 {
			r = d.AddDate(0, 0, 60)
		}
		fmt.Fprintf(&b, "YS-%03d,%s,自然人,网络,关于第%d件申请,%s,予以公开,0\n", i, d.Format("2006-01-02"), i, r.Format("2006-01-02"))
	}
	p := filepath.Join(dir, "县财政局2024年依申请公开台账（更正）.csv")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// groupRank is the rank a score of unit own would have in its group (B类
// 县直部门) among the other units' scores: 1 + the units scoring more (a
// vetoed unit ranks after all others).
func groupRank(units []metrics.UnitScore, own int64, score float64) int {
	r := 1
	for _, u := range units {
		if u.Group == "B类 县直部门" && u.UnitID != own && !u.Vetoed && u.Normalized > score {
			r++
		}
	}
	return r
}

func score2(v float64) string { return fmt.Sprintf("%.2f", v) }

// publishYear publishes a year as the admin, for tests whose leaders read
// it (clerks and leaders see published versions only).
func publishYear(t testing.TB, e *testEnv, year int) {
	t.Helper()
	if resp, body := e.login(adminName).api("POST", fmt.Sprintf("/api/published/%d", year)+withReason, nil, ""); resp.StatusCode != 200 {
		t.Fatalf("publish %d: %d %s", year, resp.StatusCode, body)
	}
}
