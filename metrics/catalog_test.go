package metrics

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"gongkai"
	"gongkai/store"
)

// catalogFixture loads the hand-made 公开事项目录 of 甲镇 (2024) beside its
// 主动公开台账 (2024 and 2025), a second township without a catalogue and a
// department, with the sample 2024 scheme whose 考核分组 ask each 乡镇 to
// cover five domains; and scores 2024.
func catalogFixture(t *testing.T) *store.DB {
	t.Helper()
	db := openDB(t)
	saveUnits(t, db,
		gongkai.Unit{ID: 1, Name: "平安县甲镇", Aliases: []string{"甲镇"}, Type: "乡镇", Group: "A类"},
		gongkai.Unit{ID: 2, Name: "平安县乙镇", Aliases: []string{"乙镇"}, Type: "乡镇", Group: "A类"},
		gongkai.Unit{ID: 3, Name: "平安县丙局", Aliases: []string{"丙局"}, Type: "部门", Group: "B类"},
	)
	dir := t.TempDir()
	// CSV line numbers (header = 1) are the rows the tests name.
	ingestAll(t, db,
		writeLedger(t, dir, "甲镇-公开事项目录-2024.csv", `领域,公开事项名称,公开内容（要素）,公开依据,公开时限,公开主体,公开方式,公开渠道,公开对象
社会救助,最低生活保障对象名单,姓名、保障金额,《社会救助暂行办法》,信息形成之日起20个工作日内,甲镇人民政府,主动公开,政府网站,全社会
财政预决算,部门预算,预算表及说明,《预算法》,每年3月底前,甲镇人民政府,主动公开,政府网站,全社会
养老服务,高龄津贴发放情况,发放对象、标准,省高龄津贴办法,每季度,甲镇人民政府,主动公开,公开栏,全社会
公共文化服务,文化活动安排,时间、地点,公共文化服务保障法,实时,甲镇综合文化站,主动公开,政府网站,全社会
就业,招聘信息,岗位、条件,《就业促进法》,常态化,甲镇人民政府,主动公开,政府网站,全社会
医疗卫生,家庭医生签约服务,服务内容,国家基本公共卫生服务规范,按规定公开,甲镇卫生院,主动公开,政府网站,全社会
涉农补贴,耕地地力保护补贴发放,补贴对象、面积、金额,财政部、农业农村部文件,10日内,甲镇人民政府,主动公开,公开栏,全社会
公共法律服务,法律援助办理指南,条件、程序,《法律援助法》,每年六月底前,甲镇司法所,主动公开,政府网站,全社会
义务教育,招生入学政策,招生范围、程序,,信息形成之日起20个工作日内,甲镇中心学校,主动公开,政府网站,全社会
救灾,,救灾物资发放,《自然灾害救助条例》,每月,甲镇人民政府,主动公开,政府网站,
`),
		writeLedger(t, dir, "甲镇-主动公开-2024.csv", `标题,信息类别,形成日期,发布日期,保密审查
2024年3月最低生活保障对象名单公示,社会救助,2024-03-01,2024-03-05,是
2024年9月最低生活保障对象名单公示,社会救助,2024-09-27,2024-10-31,是
2024年部门预算公开,财政预决算,2024-03-15,2024-03-20,是
高龄津贴发放情况（第一季度）,养老服务,2024-03-25,2024-03-28,是
高龄津贴发放情况（第二季度）,养老服务,2024-06-10,2024-06-15,是
文化活动安排,公共文化服务,2024-04-28,2024-05-01,是
2024年耕地地力补贴公示,涉农补贴,2024-04-01,2024-04-12,是
法律援助办理指南,公共法律服务,2024-07-10,2024-07-15,是
2024年秋季小学招生工作方案,招生入学政策,2024-06-03,2024-06-20,是
乡镇工作动态,工作动态,2024-05-05,2024-05-06,是
`),
		writeLedger(t, dir, "甲镇-主动公开-2025.csv", `标题,信息类别,形成日期,发布日期,保密审查
高龄津贴发放情况（第四季度）,养老服务,2025-01-05,2025-01-10,是
`),
	)
	scoreSample(t, db, 2024,
		Group{Name: "A类", OwesDomainsByType: map[string][]string{"乡镇": {"社会救助", "财政预决算", "就业", "环境保护", "救灾"}}},
		Group{Name: "B类"},
	)
	return db
}

// rowsNamed names row ids as kind:year:line (year of the batch, CSV line).
func rowsNamed(t *testing.T, db *store.DB, ids []any) []string {
	t.Helper()
	out := []string{}
	for _, id := range ids {
		var kind string
		var year, line int
		if err := db.Raw().QueryRow(`SELECT kind, year, src_row FROM ledger_rows WHERE row_id = ?`, id).Scan(&kind, &year, &line); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s:%d:%d", kind, year, line))
	}
	return out
}

// TestCatalogMeasures: the three measures of the 公开事项目录 on the
// fixture, by hand.
func TestCatalogMeasures(t *testing.T) {
	db := catalogFixture(t)
	type val struct {
		value, total      float64
		evidence, unknown []string
	}
	get := func(unit int64, measure string) (v val, ok bool) {
		t.Helper()
		var ev, unk []any
		err := db.Raw().QueryRow(`SELECT coalesce(value, -1), total, evidence, coalesce(u.rows, [])
			FROM measure_values m
			LEFT JOIN (SELECT unit_id, list(row_id ORDER BY row_id) AS rows FROM measure_unknown
			           WHERE year = 2024 AND measure = ? GROUP BY unit_id) u USING (unit_id)
			WHERE m.year = 2024 AND m.unit_id = ? AND m.measure = ?`, measure, unit, measure).Scan(&v.value, &v.total, &ev, &unk)
		if err != nil {
			return v, false
		}
		v.evidence, v.unknown = rowsNamed(t, db, ev), rowsNamed(t, db, unk)
		return v, true
	}
	check := func(name string, unit int64, measure string, want val) {
		t.Helper()
		got, ok := get(unit, measure)
		if !ok {
			t.Errorf("%s: no value", name)
			return
		}
		if math.Abs(got.value-want.value) > 1e-9 || got.total != want.total || !reflect.DeepEqual(got.evidence, want.evidence) || !reflect.DeepEqual(got.unknown, want.unknown) {
			t.Errorf("%s = %+v, want %+v", name, got, want)
		}
	}
	// (a) Ten items; 招生入学政策 (line 10) lacks 公开依据, the 救灾 item
	// (line 11) its name and 公开对象: 8/10 complete.
	check("catalog_complete 甲镇", 1, "catalog_complete", val{0.8, 10, []string{"catalog:2024:10", "catalog:2024:11"}, []string{}})

	// (b) By item:
	//   2 最低生活保障对象名单, 20 working days from formation: formed 3-01,
	//     published 3-05 (on time); formed 9-27, due 10-30 — 国庆 7 days off,
	//     9-29 (Sun) and 10-12 (Sat) worked (调休) — published 10-31: late
	//     (without the 调休 it would be due 11-01 and on time). Overdue, with
	//     the 10-31 publication (disclosures 2024 line 3).
	//   3 部门预算, 每年3月底前: published 3-20, on time.
	//   4 高龄津贴发放情况, 每季度: Q1 3-28, Q2 6-15 on time; Q3 none; Q4
	//     none, published 2025-01-10 (disclosures 2025 line 2): overdue.
	//   5 文化活动安排, 实时: published 5-01 in the year: on time.
	//   6 招聘信息, 常态化: nothing matches in the year: overdue.
	//   7 家庭医生签约服务, 按规定公开: no known form: 无法判定.
	//   8 耕地地力保护补贴发放, 10日内: matched through 栏目 涉农补贴 (the
	//     domain) and the shared run 耕地地力; formed 4-01, due 4-11, published
	//     4-12 (line 8): overdue.
	//   9 法律援助办理指南, 每年六月底前: published 7-15 (line 9): overdue.
	//   10 招生入学政策, 20 working days: matched by 栏目 = the item name;
	//     formed 6-03, due 7-02 (端午 6-10 off), published 6-20: on time.
	//   11 no name: 无法判定.
	// Overdue 5 of 8 judged; 7 and 11 are listed by catalog_deadlines, not
	// as measure_unknown (which means a date beyond the holiday calendar).
	check("catalog_overdue 甲镇", 1, "catalog_overdue", val{5, 8,
		[]string{"catalog:2024:2", "catalog:2024:4", "catalog:2024:6", "catalog:2024:8", "catalog:2024:9",
			"disclosures:2024:3", "disclosures:2024:8", "disclosures:2024:9", "disclosures:2025:2"},
		[]string{}})

	// (c) 甲镇 owes 社会救助, 财政预决算, 就业, 环境保护, 救灾 and lacks
	// 环境保护; 乙镇 has no catalogue: all five; 丙局 (B类) owes none.
	check("catalog_domains 甲镇", 1, "catalog_domains", val{1, 5, []string{}, []string{}})
	check("catalog_domains 乙镇", 2, "catalog_domains", val{5, 5, []string{}, []string{}})
	if _, ok := get(3, "catalog_domains"); ok {
		t.Errorf("catalog_domains: 丙局 owes no domain but has a value")
	}
}

// TestCatalogTimeLimitForms: each form of 公开时限 catalog_deadlines reads,
// with its due dates by hand, and the 调休 of 春节 2024 (2-04 and 2-18,
// Sundays, worked; 2-10 to 2-17 off).
func TestCatalogTimeLimitForms(t *testing.T) {
	db := openDB(t)
	saveUnits(t, db, gongkai.Unit{ID: 1, Name: "平安县甲镇", Aliases: []string{"甲镇"}, Type: "乡镇", Group: "A类"})
	dir := t.TempDir()
	ingestAll(t, db,
		writeLedger(t, dir, "甲镇-公开事项目录-2024.csv", `领域,公开事项名称,公开时限
社会救助,低保名单,信息形成之日起5个工作日内
社会救助,临时救助,5个工作日内
社会救助,特困供养,15天内
社会救助,医疗救助,10日内
养老服务,季度报告戊,每季度末
养老服务,季度报告己,按季度公开
救灾,月度报告庚,每月
财政预决算,年度报告辛,每年3月底前
财政预决算,年度报告壬,每年十二月底前
就业,工作动态癸,实时
就业,工作动态子,常态化
就业,工作动态丑,按规定公开
就业,工作动态寅,
`),
		writeLedger(t, dir, "甲镇-主动公开-2024.csv", `标题,信息类别,形成日期,发布日期
低保名单,社会救助,2024-02-08,2024-02-21
临时救助,社会救助,2024-02-08,2024-02-22
特困供养,社会救助,2024-02-08,2024-02-23
`),
	)
	if err := EnsureCalendar(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	type form struct {
		form, first, last, states, note string
		n                               int
	}
	got := map[int]form{}
	rows, err := db.Raw().Query(`SELECT l.src_row, coalesce(d.form, ''), count(*), coalesce(strftime(min(d.due), '%m-%d'), ''),
		    coalesce(strftime(max(d.due), '%m-%d'), ''), string_agg(DISTINCT d.state, ',' ORDER BY d.state), coalesce(any_value(d.note), '')
		FROM catalog_deadlines d JOIN ledger_rows l USING (row_id)
		GROUP BY l.src_row, d.form`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var line int
		var f form
		if err := rows.Scan(&line, &f.form, &f.n, &f.first, &f.last, &f.states, &f.note); err != nil {
			t.Fatal(err)
		}
		got[line] = f
	}
	const none = "本年没有匹配的公开记录，无法确定信息形成日期"
	want := map[int]form{
		// formed 2-08 (Thu): 2-09 is the 1st working day, 2-18 (Sun, 调休)
		// the 2nd, 2-21 the 5th; without the 调休 it would be 2-22.
		2: {"workdays", "02-21", "02-21", "按时", "", 1},
		3: {"workdays", "02-21", "02-21", "逾期", "", 1},
		4: {"days", "02-23", "02-23", "按时", "", 1},
		5: {"", "", "", "无法判定", none, 1},
		// no publication: every period passed is overdue
		6:  {"quarterly", "03-31", "12-31", "逾期", "", 4},
		7:  {"quarterly", "03-31", "12-31", "逾期", "", 4},
		8:  {"monthly", "01-31", "12-31", "逾期", "", 12},
		9:  {"yearly", "03-31", "03-31", "逾期", "", 1},
		10: {"yearly", "12-31", "12-31", "逾期", "", 1},
		11: {"ongoing", "12-31", "12-31", "逾期", "", 1},
		12: {"ongoing", "12-31", "12-31", "逾期", "", 1},
		13: {"", "", "", "无法判定", "无法识别的公开时限", 1},
		14: {"", "", "", "无法判定", "未填写公开时限", 1},
	}
	// 10日内 without a publication is read (days) but not anchored.
	want[5] = form{"days", "", "", "无法判定", none, 1}
	if !reflect.DeepEqual(got, want) {
		for line := range want {
			if got[line] != want[line] {
				t.Errorf("line %d: got %+v, want %+v", line, got[line], want[line])
			}
		}
		if len(got) != len(want) {
			t.Errorf("got %d items, want %d", len(got), len(want))
		}
	}
}

// TestCatalogItemsAndUncovered: the unit page's lists agree with the
// measures on the fixture.
func TestCatalogItemsAndUncovered(t *testing.T) {
	db := catalogFixture(t)
	ctx := context.Background()
	items, err := db.CatalogItems(ctx, 2024, 1)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range items {
		got = append(got, fmt.Sprintf("%d %s %s %v %s|%s|%s|%s", c.Row, c.Domain, c.Item, c.Missing, c.State, c.Overdue, c.Note, c.Matched))
	}
	want := []string{
		"2 社会救助 最低生活保障对象名单 [] 逾期|2024-09-27形成逾期（2024年9月最低生活保障对象名单公示 2024-10-31 公开）||2024年3月最低生活保障对象名单公示 2024-03-05",
		"3 财政预决算 部门预算 [] 按时|||2024年部门预算公开 2024-03-20",
		"4 养老服务 高龄津贴发放情况 [] 逾期|2024年第3季度逾期（未见公开）；2024年第4季度逾期（高龄津贴发放情况（第四季度） 2025-01-10 公开）||高龄津贴发放情况（第一季度） 2024-03-28；高龄津贴发放情况（第二季度） 2024-06-15",
		"5 公共文化服务 文化活动安排 [] 按时|||文化活动安排 2024-05-01",
		"6 就业 招聘信息 [] 逾期|2024年内逾期（未见公开）||",
		"7 医疗卫生 家庭医生签约服务 [] 无法判定||无法识别的公开时限|",
		"8 涉农补贴 耕地地力保护补贴发放 [] 逾期|2024-04-01形成逾期（2024年耕地地力补贴公示 2024-04-12 公开）||",
		"9 公共法律服务 法律援助办理指南 [] 逾期|2024年6月底前逾期（法律援助办理指南 2024-07-15 公开）||",
		"10 义务教育 招生入学政策 [公开依据] 按时|||2024年秋季小学招生工作方案 2024-06-20",
		"11 救灾  [公开事项名称 公开对象] 无法判定||未填写公开事项名称|",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("catalog items:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for unit, want := range map[int64][]string{1: {"环境保护"}, 2: {"财政预决算", "社会救助", "救灾", "环境保护", "就业"}, 3: nil} {
		got, err := db.CatalogUncovered(ctx, 2024, unit)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("unit %d uncovered %v, want %v", unit, got, want)
		}
	}
}

// TestCatalogDomainsValidated: a scheme's owes_domains names domains of the
// national list only, and lists at least one.
func TestCatalogDomainsValidated(t *testing.T) {
	db := openDB(t)
	saveUnits(t, db, gongkai.Unit{ID: 1, Name: "平安县甲镇", Type: "乡镇", Group: "A类"}, gongkai.Unit{ID: 2, Name: "平安县乙局", Type: "部门", Group: "B类"})
	s, err := ParseSchemeFile("../internal/samples/scheme-2024.yaml")
	if err != nil {
		t.Fatal(err)
	}
	withGroups(s,
		Group{Name: "A类", OwesDomains: []string{"社会救助", "社会治安"}, OwesDomainsByType: map[string][]string{"乡镇": {}}},
		Group{Name: "B类"},
	)
	err = LoadScheme(context.Background(), db, s, "s.yaml", LoadOptions{})
	for _, want := range []string{
		"考核分组“A类”的owes_domains（公开事项目录须覆盖的领域）：未知的领域“社会治安”（应为基层政务公开标准目录的 26 个领域之一）",
		"考核分组“A类”的owes_domains_by_type（“乡镇”类单位公开事项目录须覆盖的领域）没有列出领域",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want it to say %s", err, want)
		}
	}
}
