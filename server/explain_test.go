package server

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gongkai/metrics"
)

// TestExplanationsSayWhatHappened (issue 15, "Explanations say what
// happened"): 平安县审计局 uploads a new-media ledger by hand: one account
// with posts on 1/2, 1/8, 1/30, 2/5 and 2/28 — two gaps of more than 7
// days, 22 and 23 days, the longest over 14, so the account breaks the
// rule and 1.4 (4 points, 2 per violating account) loses 2. After
// 计算 the unit's explanation, in the API and on the unit page, lists the
// two gaps with their dates as the event that cost the points, then the
// two posts that ended them (CSV lines 5 and 7) as evidence; its bonus
// (0.5 for one 图解 interpretation) is under 加分, not among the lost
// points.
func TestExplanationsSayWhatHappened(t *testing.T) {
	e := newEnv(t, nil)
	admin, clerk := e.login(adminName), e.login(dummyName)
	id, file := uploadMediaGaps(t, e, clerk, admin)

	var v struct {
		Losses []metrics.Loss `json:"losses"`
	}
	if err := admin.getJSON(fmt.Sprintf("/api/units/%d/score?year=2024", id), &v); err != nil {
		t.Fatal(err)
	}
	var media14, bonus *metrics.Loss
	for i, l := range v.Losses {
		switch {
		case l.ID == "1.4":
			media14 = &v.Losses[i]
		case l.IsBonus():
			if bonus != nil {
				t.Errorf("two bonus items: %s, %s", bonus.Name, l.Name)
			}
			bonus = &v.Losses[i]
		}
	}
	if media14 == nil || media14.Lost != 2 || media14.Points != 2 || media14.Max != 4 || strings.Join(media14.Events, "|") != mediaGapEvent {
		t.Fatalf("1.4 in the API: %+v\nwant lost 2 of 4 and the event %s", media14, mediaGapEvent)
	}
	var rows []string
	for _, r := range media14.Rows {
		rows = append(rows, fmt.Sprintf("%s %s %d", r.Kind, r.File, r.Row))
	}
	if want := "media " + file + " 5|media " + file + " 7"; strings.Join(rows, "|") != want {
		t.Errorf("1.4's evidence: %q, want %q", rows, want)
	}
	if bonus == nil || bonus.Points != 0.5 || bonus.Lost != 0 || len(bonus.Rows) != 1 {
		t.Fatalf("bonus in the API: %+v", bonus)
	}

	// The page: 失分原因 with the event before the rows, then 加分.
	resp, page := clerk.do("GET", fmt.Sprintf("/unit/%d?year=2024", id), nil, "")
	if resp.StatusCode != 200 {
		t.Fatalf("unit page: %d", resp.StatusCode)
	}
	// The clerk sees the published version; the fixture's 2024 is not
	// published, so the admin's page shows the draft.
	if strings.Contains(page, `id="losses"`) {
		t.Fatalf("the clerk sees a score of an unpublished year")
	}
	_, page = admin.do("GET", fmt.Sprintf("/unit/%d?year=2024", id), nil, "")
	lost, bonusPart, ok := strings.Cut(page, `<h3 id="bonus">加分</h3>`)
	if !ok || !strings.Contains(lost, `<h3 id="losses">失分原因及对应台账</h3>`) {
		t.Fatalf("the unit page has no 加分 after 失分原因")
	}
	block := lost[strings.Index(lost, "<b>1.4 "):]
	block = block[:strings.Index(block, "</div>")]
	want := "<ul class=\"events\"><li>" + mediaGapEvent + "</li></ul>\n<table class=\"data\">"
	if !strings.Contains(block, "：失 2 分。") || !strings.Contains(block, want) || strings.Count(block, "<td>政务新媒体更新台账</td>") != 2 {
		t.Errorf("1.4 on the unit page:\n%s\nwant the event, then the two rows", block)
	}
	if strings.Contains(lost, "<b>"+bonus.ID+" ") || !strings.Contains(bonusPart, "<b>"+bonus.ID+" "+bonus.Name+"</b>。") {
		t.Errorf("the bonus %s %s is not (only) under 加分", bonus.ID, bonus.Name)
	}
}

// mediaGapEvent is the event of uploadMediaGaps' account.
const mediaGapEvent = "账号“审计发布”（微信公众号）超过 7 天未更新 2 次（最长 23 天，超过 14 天）：2024-01-08 至 2024-01-30（22 天）；2024-02-05 至 2024-02-28（23 天）"

// uploadMediaGaps uploads, as clerk (平安县审计局's), the new-media ledger
// of TestExplanationsSayWhatHappened and has admin score 2024; it returns
// the unit and the file name.
func uploadMediaGaps(t *testing.T, e *testEnv, clerk, admin *client) (int64, string) {
	t.Helper()
	const unit = "平安县审计局"
	media := filepath.Join(t.TempDir(), "县审计局2024年政务新媒体更新台账.csv")
	csv := "\ufeff" + unit + "2024年政务新媒体更新台账\n账号名称,平台,发布日期,标题\n" +
		"审计发布,微信公众号,2024-01-02,一月审计公告\n" +
		"审计发布,微信公众号,2024-01-08,审计工作动态\n" +
		"审计发布,微信公众号,2024-01-30,审计结果公告\n" +
		"审计发布,微信公众号,2024-02-05,春节值班安排\n" +
		"审计发布,微信公众号,2024-02-28,二月审计公告\n"
	if err := os.WriteFile(media, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, rs, body := clerk.upload(nil, [2]string{filepath.Base(media), media}); code != 200 || len(rs) != 1 || rs[0].RowsLoaded != 5 {
		t.Fatalf("upload: %d %s", code, body)
	}
	if resp, body := admin.api("POST", "/api/score", strings.NewReader("year=2024"), "application/x-www-form-urlencoded"); resp.StatusCode != 200 {
		t.Fatalf("score: %d %s", resp.StatusCode, body)
	}
	return e.unitID(unit), filepath.Base(media)
}
