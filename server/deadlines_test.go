package server

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"gongkai/metrics"
)

// TestDeadlines: the office's list of open applications and their
// statutory deadlines (issue 19) through the real server: every unit for
// the admin and the leader, a clerk only their own (another unit is refused), the
// same list on the clerk's unit page, a bad date refused in Chinese.
func TestDeadlines(t *testing.T) {
	e := newEnv(t, func(c *Config) {
		// 2024-12-20 in Beijing: the unit page's "today".
		c.Now = func() time.Time { return time.Date(2024, 12, 20, 9, 0, 0, 0, time.FixedZone("CST", 8*3600)) }
	})
	admin, leader, clerk := e.login("admin"), e.login(leaderName), e.login(clerkName)
	open := func(where string) int64 {
		return e.count(t, `SELECT count(*) FROM cur_applications WHERE replied IS NULL AND received <= DATE '2024-12-20'`+where)
	}
	var all metrics.DeadlineReport
	if err := admin.getJSON("/api/deadlines?as_of=2024-12-20", &all); err != nil {
		t.Fatal(err)
	}
	if want := open(""); int64(len(all.Applications)) != want || want == 0 {
		t.Fatalf("admin: %d open applications, the ledgers hold %d", len(all.Applications), want)
	}
	sum := 0
	for _, n := range all.Counts {
		sum += n
	}
	if sum != len(all.Applications) || all.Counts["overdue"] == 0 || all.AsOf != "2024-12-20" {
		t.Errorf("counts %v of %d applications as of %s", all.Counts, len(all.Applications), all.AsOf)
	}
	// Overdue first, each with its words.
	if a := all.Applications[0]; a.State != "overdue" || a.StateText != "已逾期" || !strings.HasPrefix(a.LeftText, "已超 ") {
		t.Errorf("first row %+v", a)
	}
	var mine metrics.DeadlineReport
	own := e.unitID(clerkUnit)
	if resp, body := clerk.api("GET", "/api/deadlines?as_of=2024-12-20&unit="+strconv.FormatInt(own%1000+1, 10), nil, ""); resp.StatusCode != 403 || !strings.Contains(body, msgOtherUnit) {
		t.Errorf("clerk asking for another unit: %d %s", resp.StatusCode, body)
	}
	if err := clerk.getJSON("/api/deadlines?as_of=2024-12-20", &mine); err != nil {
		t.Fatal(err)
	}
	if want := open(" AND unit_id = " + strconv.FormatInt(own, 10)); int64(len(mine.Applications)) != want {
		t.Errorf("clerk: %d applications, their unit has %d", len(mine.Applications), want)
	}
	for _, a := range mine.Applications {
		if a.UnitID != own {
			t.Errorf("clerk sees unit %d's application %s", a.UnitID, a.AppNo)
		}
	}
	resp, body := leader.do("GET", "/admin/deadlines?as_of=2024-12-20", nil, "")
	if resp.StatusCode != 200 || !strings.Contains(body, "已逾期") || strings.Count(body, `<tr class="state-`) != len(all.Applications) {
		t.Errorf("leader's page: %d, %d rows for %d applications", resp.StatusCode, strings.Count(body, `<tr class="state-`), len(all.Applications))
	}
	resp, body = admin.api("GET", "/api/deadlines?as_of=2024-02-30", nil, "")
	if resp.StatusCode != 400 || !strings.Contains(body, "日期“2024-02-30”无效") {
		t.Errorf("bad date: %d %s", resp.StatusCode, body)
	}
	// The unit page of a unit with open applications shows them.
	var withOpen int64
	for _, a := range all.Applications {
		withOpen = a.UnitID
		break
	}
	resp, body = admin.do("GET", "/unit/"+strconv.FormatInt(withOpen, 10), nil, "")
	if resp.StatusCode != 200 || !strings.Contains(body, `id="deadlines"`) || !strings.Contains(body, "截至 2024-12-20") {
		t.Errorf("unit page of %d: %d, deadlines block missing", withOpen, resp.StatusCode)
	}
}
