package server

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// TestUnitPageProposals: the unit page of a 主办单位 shows its 建议提案 of
// the year (its rows only, 协办 not counted) with the three rates the
// measures score, as the sample county's scored draft has them.
func TestUnitPageProposals(t *testing.T) {
	e := newEnv(t, nil)
	admin := e.login(adminName)
	// The host with the most proposals that lost points on them in 2024.
	var unit, hosted int64
	if err := e.db.Raw().QueryRow(`SELECT unit_id, count(*) FROM proposal_checks WHERE year = 2024 AND unit_id IN
		(SELECT unit_id FROM measure_values WHERE year = 2024 AND measure LIKE 'proposal_%' AND len(evidence) > 0)
		GROUP BY unit_id ORDER BY count(*) DESC, unit_id LIMIT 1`).Scan(&unit, &hosted); err != nil {
		t.Fatal(err)
	}
	resp, body := admin.do("GET", fmt.Sprintf("/unit/%d?year=2024", unit), nil, "")
	if resp.StatusCode != 200 || !strings.Contains(body, `id="proposals"`) {
		t.Fatalf("unit page of %d: %d, no proposals block", unit, resp.StatusCode)
	}
	if n := strings.Count(section(body, `id="proposal-rows"`), "<tr><td"); int64(n) != hosted {
		t.Errorf("%d rows listed, the unit hosts %d", n, hosted)
	}
	if !strings.Contains(body, fmt.Sprintf("主办 %d 件", hosted)) {
		t.Errorf("counts: %s", section(body, `id="proposal-counts"`))
	}
	// Each rate is the measure's value over its total.
	rates := section(body, `id="proposal-rates"`)
	for _, m := range []string{"proposal_on_time", "proposal_public", "proposal_satisfaction"} {
		var value float64
		var total int
		err := e.db.Raw().QueryRow(`SELECT coalesce(value, -1), total FROM measure_values WHERE year = 2024 AND unit_id = ? AND measure = ?`, unit, m).Scan(&value, &total)
		want := "—"
		if err == nil && total > 0 {
			want = fmt.Sprintf("%.1f%%（%d/%d）", 100*value, int(value*float64(total)+0.5), total)
		}
		if !strings.Contains(rates, want) {
			t.Errorf("%s: the block lacks %q:\n%s", m, want, rates)
		}
	}
	if !strings.Contains(body, "答复全文未") && !strings.Contains(body, "超期办结") && !strings.Contains(body, "逾期未办结") && !strings.Contains(body, "代表委员不满意") {
		t.Errorf("no fault marked on the rows of a unit that lost points")
	}
	// A unit that hosts nothing has no block.
	var none int64
	if err := e.db.Raw().QueryRow(`SELECT unit_id FROM units WHERE unit_id NOT IN (SELECT unit_id FROM proposal_checks WHERE year = 2024) ORDER BY unit_id LIMIT 1`).Scan(&none); err != nil {
		t.Fatal(err)
	}
	if _, body := admin.do("GET", fmt.Sprintf("/unit/%d?year=2024", none), nil, ""); strings.Contains(body, `id="proposals"`) {
		t.Errorf("unit %d hosts nothing but has a proposals block", none)
	}
}

// section is the HTML element of body whose opening tag holds attr, up to
// its table's end.
func section(body, attr string) string {
	i := strings.Index(body, attr)
	if i < 0 {
		return ""
	}
	s := body[i:]
	if j := regexp.MustCompile(`</table>|</p>`).FindStringIndex(s); j != nil {
		return s[:j[1]]
	}
	return s
}
