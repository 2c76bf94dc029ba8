package server

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestCockpitOffice: the cockpit's office-wide blocks (issue 19) over the
// sample county's 2024. The 目录 and 建议提案 figures are the defects the
// sample generator planted (internal/samples/data/expected.json, 2024): two
// townships' items lacking an element (石桥镇 two, 梨花乡 one), four
// townships leaving an owed domain out, three proposals answered late, six
// full answers not published in time, one proposal rated 不满意. The 转化
// figures are the stored tables', the clock's the office list's of the
// same day. Each named unit links to its block; the page shows the four.
func TestCockpitOffice(t *testing.T) {
	e := newEnv(t, func(c *Config) {
		c.Now = func() time.Time { return time.Date(2024, 12, 20, 9, 0, 0, 0, time.FixedZone("CST", 8*3600)) }
		c.DashRefresh = time.Millisecond
	})
	admin, leader := e.login(adminName), e.login(leaderName)
	var got struct {
		Office officeBlocks `json:"office"`
	}
	if err := admin.getJSON("/api/dashboard?year=2024", &got); err != nil {
		t.Fatal(err)
	}
	o := got.Office
	named := func(l []officeUnit) map[string]int {
		m := map[string]int{}
		for _, u := range l {
			m[u.Unit] = u.Count
			if !strings.HasPrefix(u.Link, "/unit/") && !strings.HasPrefix(u.Link, "/admin/deadlines?") {
				t.Errorf("%s: link %q", u.Unit, u.Link)
			}
		}
		return m
	}

	// 目录
	c := o.Catalog
	if m := named(c.Missing); len(m) != 2 || m["平安县石桥镇人民政府"] != 2 || m["平安县梨花乡人民政府"] != 1 || c.MissingItems != 3 {
		t.Errorf("units missing elements %v, %d items; want 石桥镇 2, 梨花乡 1", m, c.MissingItems)
	}
	if c.Changed || got.Office.Proposals.Changed || got.Office.Convert.Changed {
		t.Errorf("ledgers changed since the draft was scored: 目录 %v, 建议提案 %v, 转化 %v", c.Changed, got.Office.Proposals.Changed, got.Office.Convert.Changed)
	}
	if c.Missing[0].Unit != "平安县石桥镇人民政府" || !strings.HasSuffix(c.Missing[0].Link, "#catalog") {
		t.Errorf("first unit missing elements: %+v", c.Missing[0])
	}
	uncovered := map[string]string{}
	for _, u := range c.Uncovered {
		uncovered[u.Unit] = strings.Join(u.Names, "、")
	}
	want := map[string]string{"平安县白沙镇人民政府": "养老服务", "平安县梨花乡人民政府": "环境保护", "平安县马坪乡人民政府": "养老服务", "平安县南关街道办事处": "环境保护"}
	if len(uncovered) != len(want) {
		t.Errorf("units leaving owed domains out: %v, want %v", uncovered, want)
	}
	for u, d := range want {
		if uncovered[u] != d {
			t.Errorf("%s leaves out %q, want %q", u, uncovered[u], d)
		}
	}
	if items := e.count(t, `SELECT count(*) FROM cur_catalog WHERE year = 2024`); int64(c.Items) != items {
		t.Errorf("%d items, the ledgers hold %d", c.Items, items)
	}
	late := 0
	for _, u := range c.Late {
		late += u.Count
	}
	if late != c.Overdue || int64(c.Overdue) != e.count(t, `SELECT coalesce(sum(value), 0)::BIGINT FROM measure_values WHERE year = 2024 AND measure = 'catalog_overdue'`) {
		t.Errorf("%d overdue items (%d in the units listed), not the measure's", c.Overdue, late)
	}

	// 建议提案
	p := o.Proposals
	tot := p.Total
	if tot.DueCounted-tot.OnTime != 3 || tot.PublicCounted-tot.Timely != 6 || tot.Rated-tot.Satisfied != 1 {
		t.Errorf("county: %d late of %d, %d not published in time of %d, %d unsatisfied of %d; want 3, 6, 1",
			tot.DueCounted-tot.OnTime, tot.DueCounted, tot.PublicCounted-tot.Timely, tot.PublicCounted, tot.Rated-tot.Satisfied, tot.Rated)
	}
	if hosted := e.count(t, `SELECT count(*) FROM proposal_checks WHERE year = 2024`); int64(tot.Hosted) != hosted || tot.Unit != "全县合计" ||
		tot.OnTimeRate != rate(tot.OnTime, tot.DueCounted) {
		t.Errorf("county total %+v; %d proposals per host in the ledger", tot, hosted)
	}
	var sum officeHost
	faulty := 0
	for i, h := range p.Hosts {
		sum.Hosted += h.Hosted
		sum.OnTime += h.OnTime
		sum.Timely += h.Timely
		sum.Satisfied += h.Satisfied
		if h.DueCounted-h.OnTime+h.PublicCounted-h.Timely+h.Rated-h.Satisfied > 0 {
			if faulty != i {
				t.Errorf("host %s with a fault listed after one without", h.Unit)
			}
			faulty++
		}
	}
	if sum.Hosted != tot.Hosted || sum.OnTime != tot.OnTime || sum.Timely != tot.Timely || sum.Satisfied != tot.Satisfied {
		t.Errorf("hosts add up to %+v, total %+v", sum, tot)
	}
	// The ten faults of 2024 are on ten hosts (expected.json).
	if faulty != 10 {
		t.Errorf("%d hosts with a fault, want 10", faulty)
	}

	// 依申请 预警: the office list of the same day.
	var dl struct {
		AsOf   string         `json:"as_of"`
		Counts map[string]int `json:"counts"`
	}
	if err := admin.getJSON("/api/deadlines?as_of=2024-12-20", &dl); err != nil {
		t.Fatal(err)
	}
	d := o.Deadlines
	if d.AsOf != "2024-12-20" || d.Due != dl.Counts["due"] || d.Overdue != dl.Counts["overdue"] || d.Unknown != dl.Counts["unknown"] ||
		d.Total != dl.Counts["due"]+dl.Counts["overdue"]+dl.Counts["unknown"]+dl.Counts["open"] || d.Overdue == 0 {
		t.Errorf("clock %+v, the office list %+v", d, dl)
	}
	n := 0
	for _, u := range d.Units {
		n += u.Count
	}
	if n != d.Due+d.Overdue {
		t.Errorf("units list %d due or overdue, the counts %d", n, d.Due+d.Overdue)
	}

	// 转化: the stored tables of the scored draft.
	cv := o.Convert
	if cv.Source != "scored" || int64(cv.Pairs) != e.count(t, `SELECT count(*) FROM convert_topics WHERE year = 2024`) ||
		int64(cv.Matters) != e.count(t, `SELECT count(DISTINCT topic) FROM convert_topics WHERE year = 2024`) ||
		int64(cv.Converted) != e.count(t, `SELECT count(*) FROM convert_topics WHERE year = 2024 AND match_row IS NOT NULL`) ||
		cv.Share != rate(cv.Converted, cv.Pairs) {
		t.Errorf("转化 %+v", cv)
	}
	if len(cv.Top) == 0 || int64(cv.Top[0].Asked) != e.count(t, `SELECT max(asked) FROM convert_topics WHERE year = 2024 AND match_row IS NULL`) ||
		!slices.IsSortedFunc(cv.Top, func(a, b officeMatter) int { return b.Asked - a.Asked }) {
		t.Errorf("top unconverted matters %+v", cv.Top)
	} else if int64(len(cv.Top[0].Units)) != e.count(t, `SELECT count(*) FROM convert_topics WHERE year = 2024 AND match_row IS NULL AND topic = `+strconv.Itoa(cv.Top[0].Topic)) {
		t.Errorf("matter %d: %d units not converted", cv.Top[0].Topic, len(cv.Top[0].Units))
	}

	// The page, a leader's of the published version.
	if resp, body := admin.api("POST", "/api/published/2024"+withReason, nil, ""); resp.StatusCode != 200 {
		t.Fatalf("publish: %d %s", resp.StatusCode, body)
	}
	resp, body := leader.do("GET", "/dashboard?year=2024", nil, "")
	if resp.StatusCode != 200 {
		t.Fatalf("leader's cockpit: %d", resp.StatusCode)
	}
	for _, id := range []string{`id="ck-office"`, `id="ck-convert"`, `id="ck-catalog"`, `id="ck-proposals"`, `id="ck-deadlines"`,
		"截至 2024-12-20", "为已发布版本计分时的清单", `href="/admin/convert?year=2024"`, `href="/admin/deadlines?as_of=2024-12-20"`} {
		if !strings.Contains(body, id) {
			t.Errorf("leader's cockpit lacks %s", id)
		}
	}
	if strings.Contains(body, "ck-changed") {
		t.Errorf("a ledger marked changed since publishing, none was")
	}

	// A catalogue replaced after publishing: the leader's cockpit says its
	// figures are the current ledger's, not those the version was scored on.
	uploadOK(t, e.login(clerkName), writeCSV(t, t.TempDir(), "平安县财政局-公开事项目录-2024.csv",
		"所属领域,公开事项名称,公开内容,公开依据,公开时限,责任主体,公开方式,公开渠道,公开对象",
		"财政预决算,部门预算,部门预算收支总表,《中华人民共和国预算法》第十四条,每年3月底前,平安县财政局,主动公开,政府网站,全社会"))
	deadline := time.Now().Add(time.Minute)
	for {
		var pub struct {
			Office officeBlocks `json:"office"`
		}
		if err := leader.getJSON("/api/dashboard?year=2024", &pub); err != nil {
			t.Fatal(err)
		}
		if pub.Office.Catalog.Changed {
			if pub.Office.Proposals.Changed || pub.Office.Convert.Changed {
				t.Errorf("only the catalogue changed: 建议提案 %v, 转化 %v", pub.Office.Proposals.Changed, pub.Office.Convert.Changed)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the leader's cockpit does not say the catalogue changed since publishing")
		}
		time.Sleep(200 * time.Millisecond)
	}
	if _, body := leader.do("GET", "/dashboard?year=2024", nil, ""); !strings.Contains(body, "公开事项目录台账在本版结果发布时的计分之后有更新") {
		t.Errorf("the page does not say the catalogue changed since publishing")
	}
}
