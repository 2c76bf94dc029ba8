package server

import (
	"strconv"
	"strings"
	"testing"

	"gongkai/metrics"
)

// TestConvert: the frequent requests and whether each unit published them
// (issue 19, part 1) through the real server over the sample county: every
// unit for the admin and the leader, a clerk only their own (another unit
// asked for is refused), the same list on the unit page, the page's rows one per matter.
func TestConvert(t *testing.T) {
	e := newEnv(t, nil)
	admin, leader, clerk := e.login("admin"), e.login(leaderName), e.login(clerkName)
	var all metrics.ConvertReport
	if err := admin.getJSON("/api/convert?year=2024", &all); err != nil {
		t.Fatal(err)
	}
	// The sample county's requests repeat some matters: some published
	// since, some not.
	if all.Topics == 0 || all.Converted == 0 || all.Suggested == 0 || all.Topics != len(all.Items) || all.From != 2022 {
		t.Fatalf("admin: %d matters, %d converted, %d suggested, %d rows, from %d", all.Topics, all.Converted, all.Suggested, len(all.Items), all.From)
	}
	if it := all.Items[0]; it.Converted || it.State != "建议主动公开" || len(it.Examples) != it.UnitAsked || it.Asked < all.Min {
		t.Errorf("first row %+v", it)
	}
	if it := all.Items[len(all.Items)-1]; !it.Converted || it.Match == nil || it.Match.Published < it.First {
		t.Errorf("last row %+v", it)
	}
	var mine metrics.ConvertReport
	own := e.unitID(clerkUnit)
	if resp, body := clerk.api("GET", "/api/convert?year=2024&unit="+strconv.FormatInt(own%1000+1, 10), nil, ""); resp.StatusCode != 403 || !strings.Contains(body, msgOtherUnit) {
		t.Errorf("clerk asking for another unit: %d %s", resp.StatusCode, body)
	}
	if err := clerk.getJSON("/api/convert?year=2024&unit="+strconv.FormatInt(own, 10), &mine); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, it := range all.Items {
		if it.UnitID == own {
			n++
		}
	}
	if len(mine.Items) != n || n == 0 {
		t.Errorf("clerk: %d rows, their unit has %d", len(mine.Items), n)
	}
	for _, it := range mine.Items {
		if it.UnitID != own {
			t.Errorf("clerk sees unit %d's matter %d", it.UnitID, it.Topic)
		}
	}
	resp, body := leader.do("GET", "/admin/convert?year=2024", nil, "")
	if resp.StatusCode != 200 || !strings.Contains(body, "建议主动公开 "+strconv.Itoa(all.Suggested)+" 项") ||
		strings.Count(body, `<tr class="suggested">`)+strings.Count(body, `<tr class="converted">`) != len(all.Items) {
		t.Errorf("leader's page: %d, %d rows for %d matters", resp.StatusCode, strings.Count(body, `<tr class="suggested">`), len(all.Items))
	}
	resp, body = clerk.do("GET", "/unit/"+strconv.FormatInt(own, 10)+"?year=2024", nil, "")
	if resp.StatusCode != 200 || !strings.Contains(body, `id="convert"`) || strings.Count(body, `<tr class="suggested">`)+strings.Count(body, `<tr class="converted">`) != n {
		t.Errorf("clerk's unit page: %d, convert block missing or not %d rows", resp.StatusCode, n)
	}
}
