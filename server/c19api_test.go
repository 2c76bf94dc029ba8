package server

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"gongkai/ingest"
	"gongkai/metrics"
)

// writeCSV writes a hand-made ledger (UTF-8 with BOM) for an upload.
func writeCSV(t testing.TB, dir, name string, lines ...string) [2]string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte("\ufeff"+strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return [2]string{name, p}
}

// uploadOK uploads files as c and fails unless each loads.
func uploadOK(t testing.TB, c *client, files ...[2]string) {
	t.Helper()
	code, rs, body := c.upload(nil, files...)
	if code != 200 || len(rs) != len(files) {
		t.Fatalf("upload: %d %s", code, body)
	}
	for _, r := range rs {
		if r.Status != ingest.StatusLoaded {
			t.Fatalf("upload of %s: %+v", r.File, r)
		}
	}
}

// c19Fixture loads the hand-made 2025 ledgers of the API tests (the sample
// county has no 2025 data and no 2025 scheme): 县财政局's 公开事项目录 of
// three items and the county's 建议提案 register of four proposals, three
// hosted by 县财政局 and one by 县教育局.
func c19Fixture(t testing.TB, e *testEnv) {
	t.Helper()
	dir := t.TempDir()
	uploadOK(t, e.login(clerkName), writeCSV(t, dir, "平安县财政局-公开事项目录-2025.csv",
		"所属领域,公开事项名称,公开内容,公开依据,公开时限,责任主体,公开方式,公开渠道,公开对象",
		// due 2025-03-31, the unit published nothing in 2025: 逾期
		"财政预决算,部门预算,部门预算收支总表,《中华人民共和国预算法》第十四条,每年3月底前,平安县财政局,主动公开,政府网站,全社会",
		// no 公开依据, and a 公开时限 of no known form: 无法判定
		"财政预决算,部门决算,部门决算收支总表,,按上级要求公开,平安县财政局,主动公开,政府网站,全社会",
		// 20 working days from a publication that does not exist: 无法判定
		"社会救助,低保资金,低保资金发放情况,《社会救助暂行办法》,信息形成之日起20个工作日内,平安县财政局,主动公开,政府网站,全社会"))
	uploadOK(t, e.login(adminName), writeCSV(t, dir, "平安县人民政府办公室-建议提案办理台账-2025.csv",
		"编号,类别,标题,主办单位,协办单位,交办日期,办结期限,办结日期,答复类别,是否公开答复全文,公开日期,代表委员满意度",
		// on time, published 10 days after 办结 (within 15), 满意
		"JY-1,建议,关于加强预算公开的建议,平安县财政局,,2025-03-01,2025-06-01,2025-05-20,A,是,2025-05-30,满意",
		// 办结 9 days late, published 30 days after, 不满意
		"JY-2,建议,关于规范专项资金的建议,平安县财政局,,2025-03-01,2025-06-01,2025-06-10,B,是,2025-07-10,不满意",
		// open past its 期限 (逾期未办结): not judged on publishing nor rated
		"TA-1,提案,关于教育经费保障的提案,平安县财政局,平安县教育局,2025-03-05,2025-06-05,,,,,",
		// on time, the full answer not public, 基本满意
		"TA-2,提案,关于校园安全的提案,平安县教育局,,2025-04-01,2025-07-01,2025-06-15,A,否,,基本满意"))
}

// TestAPICatalogProposals: /api/catalog and /api/proposals (issue 19) give
// the unit page's blocks as JSON, with the figures of the hand-made 2025
// ledgers: a unit asked for, every unit with a block, a clerk only their own.
func TestAPICatalogProposals(t *testing.T) {
	e := newEnv(t, nil)
	c19Fixture(t, e)
	admin, leader, clerk := e.login(adminName), e.login(leaderName), e.login(clerkName)
	cz, jy := e.unitID(clerkUnit), e.unitID("平安县教育局")

	var cat blocksOf[*catalogView]
	if err := leader.getJSON("/api/catalog?year=2025", &cat); err != nil {
		t.Fatal(err)
	}
	if len(cat.Units) != 1 || cat.Year != 2025 {
		t.Fatalf("catalogue 2025: %+v", cat)
	}
	c := cat.Units[0]
	if c.UnitID != cz || c.Unit != clerkUnit || c.Items != 3 || c.Missing != 1 || c.Overdue != 1 || c.Unsure != 2 || len(c.Uncovered) != 0 || len(c.Rows) != 3 {
		t.Errorf("县财政局's catalogue: %+v", c)
	}
	if len(c.Rows) == 3 {
		want := []struct{ item, state, missing string }{{"部门预算", "逾期", ""}, {"部门决算", "无法判定", "公开依据"}, {"低保资金", "无法判定", ""}}
		for i, w := range want {
			r := c.Rows[i]
			if r.Item != w.item || r.State != w.state || strings.Join(r.Missing, "、") != w.missing {
				t.Errorf("row %d: %+v, want %+v", i, r, w)
			}
		}
		if !strings.Contains(c.Rows[0].Overdue, "逾期（未见公开）") {
			t.Errorf("overdue evidence: %q", c.Rows[0].Overdue)
		}
	}

	var props blocksOf[*proposalsView]
	if err := admin.getJSON("/api/proposals?year=2025", &props); err != nil {
		t.Fatal(err)
	}
	if len(props.Units) != 2 {
		t.Fatalf("proposals 2025: %d hosts, want 2", len(props.Units))
	}
	byUnit := map[int64]*proposalsView{}
	for _, p := range props.Units {
		byUnit[p.UnitID] = p
	}
	type figures struct {
		hosted, answered, open, dueCounted, onTime, publicCounted, timely, rated, satisfied int
		onTimeRate, publicRate, satisfiedRate                                               string
	}
	fig := func(p *proposalsView) figures {
		if p == nil {
			return figures{}
		}
		return figures{p.Hosted, p.Answered, p.Open, p.DueCounted, p.OnTime, p.PublicCounted, p.Timely, p.Rated, p.Satisfied, p.OnTimeRate, p.PublicRate, p.SatisfiedRate}
	}
	if got, want := fig(byUnit[cz]), (figures{3, 2, 1, 3, 1, 2, 1, 2, 1, "33.3%（1/3）", "50.0%（1/2）", "50.0%（1/2）"}); got != want {
		t.Errorf("县财政局: %+v, want %+v", got, want)
	}
	if got, want := fig(byUnit[jy]), (figures{1, 1, 0, 1, 1, 1, 0, 1, 1, "100.0%（1/1）", "0.0%（0/1）", "100.0%（1/1）"}); got != want {
		t.Errorf("县教育局 (协办 of TA-1 not counted): %+v, want %+v", got, want)
	}
	if p := byUnit[cz]; p != nil && len(p.Rows) == 3 {
		r := p.Rows[1]
		if r.No != "JY-2" || r.DoneText != "2025-06-10" || strings.Join(r.Faults, "；") != "超期办结；答复全文未在办结后 15 日内公开；代表委员不满意" {
			t.Errorf("JY-2: %+v", r)
		}
	}

	// A clerk gets their own unit's; asking for another unit is refused
	// (README: a clerk asking for another unit 403), on both lists.
	for _, path := range []string{"/api/proposals", "/api/catalog"} {
		if resp, body := clerk.api("GET", path+"?year=2025&unit="+strconv.FormatInt(jy, 10), nil, ""); resp.StatusCode != 403 || !strings.Contains(body, msgOtherUnit) {
			t.Errorf("clerk asking %s for 教育局: %d %s", path, resp.StatusCode, body)
		}
	}
	var mine blocksOf[*proposalsView]
	if err := clerk.getJSON("/api/proposals?year=2025&unit="+strconv.FormatInt(cz, 10), &mine); err != nil {
		t.Fatal(err)
	}
	if len(mine.Units) != 1 || mine.Units[0].UnitID != cz {
		t.Errorf("clerk asking for 教育局: %+v", mine.Units)
	}
	var one blocksOf[*catalogView]
	if err := admin.getJSON("/api/catalog?year=2025&unit="+strconv.FormatInt(jy, 10), &one); err != nil {
		t.Fatal(err)
	}
	if len(one.Units) != 0 {
		t.Errorf("县教育局 has no 2025 catalogue: %+v", one.Units)
	}
	if resp, body := admin.api("GET", "/api/proposals?year=2025&unit=x", nil, ""); resp.StatusCode != 400 || !strings.Contains(body, "没有这个单位") {
		t.Errorf("bad unit: %d %s", resp.StatusCode, body)
	}
	for _, path := range []string{"/api/catalog?year=20x5", "/api/proposals?year=1999"} {
		if resp, body := admin.api("GET", path, nil, ""); resp.StatusCode != 400 || !strings.Contains(body, "年度“") || strings.Contains(body, "year") {
			t.Errorf("%s: %d %s; want 400 saying the year is not valid, in Chinese", path, resp.StatusCode, body)
		}
	}
}

// TestConvertStored: the unit page and /api/convert read the 转化建议 that
// scoring stored (issue 19) — the draft's for an admin, the published
// version's copy for a leader — and group live only a year never scored.
// The stored tables are changed behind the server's back to tell the
// sources apart: a list grouped afresh would not show the change.
func TestConvertStored(t *testing.T) {
	e := newEnv(t, nil)
	admin, leader := e.login(adminName), e.login(leaderName)
	stored := func(table, where string) int64 {
		return e.count(t, `SELECT count(*) FROM `+table+` WHERE year = 2024`+where)
	}
	get := func(c *client, q string) metrics.ConvertReport {
		t.Helper()
		var r metrics.ConvertReport
		if err := c.getJSON("/api/convert?year=2024"+q, &r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	// The scored draft equals its stored tables, row for row.
	draft := get(admin, "")
	if draft.Source != metrics.ConvertScored || int64(draft.Topics) != stored("convert_topics", "") ||
		int64(draft.Converted) != stored("convert_topics", " AND match_row IS NOT NULL") || draft.Topics == 0 {
		t.Fatalf("draft: source %q, %d topics (%d converted); stored %d (%d)", draft.Source, draft.Topics, draft.Converted,
			stored("convert_topics", ""), stored("convert_topics", " AND match_row IS NOT NULL"))
	}
	examples := 0
	for _, it := range draft.Items {
		examples += len(it.Examples)
	}
	if int64(examples) != stored("convert_requests", "") {
		t.Errorf("%d requests listed, %d stored", examples, stored("convert_requests", ""))
	}
	// It is the list grouped afresh (the ledgers have not changed since).
	o, err := metrics.ConvertOptionsFor(context.Background(), e.db, 2024)
	if err != nil {
		t.Fatal(err)
	}
	live, err := metrics.ConvertReportOf(context.Background(), e.db, 2024, o, 0)
	if err != nil {
		t.Fatal(err)
	}
	live.Source = draft.Source
	if !reflect.DeepEqual(live, draft) {
		t.Errorf("stored list differs from the list grouped afresh")
	}

	// Published, then the draft's tables changed: the leader keeps the
	// version's copy, the admin sees the draft's change.
	if resp, body := admin.api("POST", "/api/published/2024"+withReason, nil, ""); resp.StatusCode != 200 {
		t.Fatalf("publish: %d %s", resp.StatusCode, body)
	}
	if n := e.count(t, `SELECT count(*) FROM version_convert_topics WHERE year = 2024`); n != int64(draft.Topics) {
		t.Fatalf("the version copied %d topics of %d", n, draft.Topics)
	}
	first := draft.Items[0] // a suggestion: not converted
	if _, err := e.db.Raw().Exec(`UPDATE convert_topics SET label = '改过的事项' WHERE year = 2024 AND unit_id = ? AND topic = ?`, first.UnitID, first.Topic); err != nil {
		t.Fatal(err)
	}
	if r := get(admin, ""); r.Source != metrics.ConvertScored || r.Items[0].Label != "改过的事项" {
		t.Errorf("admin after the change: %q %q", r.Source, r.Items[0].Label)
	}
	pub := get(leader, "")
	if pub.Source != metrics.ConvertPublished || !reflect.DeepEqual(pub.Items, draft.Items) {
		t.Errorf("leader: source %q, %d items; want the published copy of %d", pub.Source, len(pub.Items), len(draft.Items))
	}
	// One unit's rows, on its page too.
	u := strconv.FormatInt(first.UnitID, 10)
	if r := get(leader, "&unit="+u); r.Source != metrics.ConvertPublished || len(r.Items) == 0 || r.Items[0].Label != first.Label {
		t.Errorf("leader, unit %s: %+v", u, r.Items)
	}
	if _, body := admin.do("GET", "/unit/"+u+"?year=2024", nil, ""); !strings.Contains(body, "改过的事项") || !strings.Contains(body, "以上为最近一次计分时的清单") {
		t.Errorf("admin's unit page does not read (or say it reads) the draft's stored topics")
	}
	if _, body := leader.do("GET", "/unit/"+u+"?year=2024", nil, ""); strings.Contains(body, "改过的事项") || !strings.Contains(body, first.Label) ||
		!strings.Contains(body, "以上为已发布版本计分时的清单") {
		t.Errorf("leader's unit page does not read (or say it reads) the published copy")
	}
	// A year never scored is grouped live.
	var y2022 metrics.ConvertReport
	if err := admin.getJSON("/api/convert?year=2021", &y2022); err != nil {
		t.Fatal(err)
	}
	if y2022.Source != metrics.ConvertLive {
		t.Errorf("2021, never scored: source %q", y2022.Source)
	}
}

// blocksOf reads a blockList answer back with its blocks' type.
type blocksOf[T any] struct {
	Year  int `json:"year"`
	Units []T `json:"units"`
}
