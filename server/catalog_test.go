package server

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// TestUnitPageCatalog: the unit page's 公开事项目录 block (issue 19) gives
// the figures the measures scored — items, missing elements, overdue,
// uncovered domains named — with a row per item with a finding; a clerk
// sees their own department's; a unit with no catalogue that owes no
// domain has no block.
func TestUnitPageCatalog(t *testing.T) {
	e := newEnv(t, nil)
	admin, clerk := e.login("admin"), e.login(clerkName)
	measure := func(unit int64, m, expr string) int64 {
		return e.count(t, fmt.Sprintf(`SELECT coalesce((SELECT round(%s) FROM measure_values WHERE year = 2024 AND unit_id = %d AND measure = '%s'), 0)`, expr, unit, m))
	}
	for _, name := range []string{"平安县马坪乡人民政府", "平安县石桥镇人民政府", "平安县梨花乡人民政府"} {
		id := e.unitID(name)
		items := e.count(t, `SELECT count(*) FROM cur_catalog WHERE year = 2024 AND unit_id = `+strconv.FormatInt(id, 10))
		missing := measure(id, "catalog_complete", "total - value * total")
		overdue := measure(id, "catalog_overdue", "value")
		uncovered := measure(id, "catalog_domains", "value")
		resp, body := admin.do("GET", "/unit/"+strconv.FormatInt(id, 10)+"?year=2024", nil, "")
		want := fmt.Sprintf("共 <b>%d</b> 个公开事项；要素不全 <b>%d</b> 个；超过公开时限 <b>%d</b> 个；", items, missing, overdue)
		if resp.StatusCode != 200 || !strings.Contains(body, `id="catalog"`) || !strings.Contains(body, want) {
			t.Errorf("%s: %d, want %q in the block", name, resp.StatusCode, want)
			continue
		}
		if uncovered > 0 && !strings.Contains(body, fmt.Sprintf("未覆盖的领域 <b>%d</b> 个", uncovered)) {
			t.Errorf("%s: %d uncovered domains not shown", name, uncovered)
		}
		if overdue+missing > 0 && !strings.Contains(body, `id="catalog-rows"`) {
			t.Errorf("%s: findings without rows", name)
		}
	}
	// 马坪乡 left 养老服务 out of its catalogue (samples' planted gap).
	_, body := admin.do("GET", "/unit/"+strconv.FormatInt(e.unitID("平安县马坪乡人民政府"), 10)+"?year=2024", nil, "")
	if !strings.Contains(body, `<span class="missing" id="catalog-uncovered">养老服务</span>`) {
		t.Errorf("马坪乡: 养老服务 not named as uncovered")
	}
	// 石桥镇's item 秸秆禁烧 lacks its 公开依据.
	_, body = admin.do("GET", "/unit/"+strconv.FormatInt(e.unitID("平安县石桥镇人民政府"), 10)+"?year=2024", nil, "")
	if !strings.Contains(body, "<td>秸秆禁烧</td><td>常态化</td><td><span class=\"missing\">缺少公开依据</span>") {
		t.Errorf("石桥镇: the item missing its 公开依据 is not listed")
	}
	resp, body := clerk.do("GET", "/unit/"+strconv.FormatInt(e.unitID(clerkUnit), 10)+"?year=2024", nil, "")
	if resp.StatusCode != 200 || !strings.Contains(body, `id="catalog"`) {
		t.Errorf("clerk's own page: %d, no catalogue block", resp.StatusCode)
	}
	_, body = admin.do("GET", "/unit/"+strconv.FormatInt(e.unitID("平安县教育局"), 10)+"?year=2024", nil, "")
	if strings.Contains(body, `id="catalog"`) {
		t.Errorf("县教育局 keeps no catalogue and owes no domain, yet has the block")
	}
}
