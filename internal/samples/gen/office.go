package main

import (
	"fmt"
	"gongkai/internal/samples/draw"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// Ledgers kept by the county government office (县政府办) for all units:
// the year's key tasks (from the 政务公开工作要点) and the weights of the
// overall performance assessment.

// ---- 6. tasks ----

type taskDef struct {
	text     string
	leads    string // short names separated by 、; TOWN = one or two townships drawn each year
	deadline string // words; {Y} is the year
	partners string
}

var taskDefs = []taskDef{
	{"在县政府门户网站开设“十四五”规划专栏，集中发布规划、专项规划和空间规划信息", "县发改局", "{Y}年6月底前", "县自然资源局"},
	{"编制并公开{Y}年度重大行政决策事项目录，推进决策草案预公开", "县政府办、县司法局", "3月底前", "各乡镇（街道）、县直各部门"},
	{"部门预决算批复后20日内公开，细化“三公”经费说明", "县财政局", "年底前", "县直各部门"},
	{"定期公开政府债务限额、余额、发行和偿还计划", "县财政局", "9月底前", ""},
	{"更新公开权责清单和政务服务事项清单", "县行政审批服务局", "{Y}年10月底前", "县直有关部门"},
	{"落实“双随机、一公开”监管和行政执法公示制度", "县市场监管局", "长期坚持", "县直执法部门"},
	{"做好高校毕业生、退役军人等重点群体就业信息公开", "县人社局", "持续推进", "县退役军人事务局"},
	{"公开义务教育招生入学政策及学区划分方案", "县教育局", "7月底前", ""},
	{"按月公开空气质量和集中式饮用水水源地水质信息", "县生态环境局", "年底前", "县水利局"},
	{"公开征地信息、征收补偿方案及安置情况", "县自然资源局", "年内", "有关乡镇（街道）"},
	{"做好低保、特困、临时救助政策和资金发放信息公开", "县民政局", "年底前", "各乡镇（街道）"},
	{"加大安全生产信息和事故调查报告公开力度", "县应急局", "年底前", "县直有关部门"},
	{"系统清理现行有效行政规范性文件并在政府信息公开专栏集中公开", "县司法局、县政府办", "{Y}年10月底前", "县直各部门"},
	{"健全依申请公开登记、审核、办理、答复、归档制度，规范答复文书", "县政府办", "6月底前", "各乡镇（街道）、县直各部门"},
	{"开展政务新媒体清理整顿，关停更新不及时、无力维护的账号", "县政府办、县融媒体中心", "9月底前", "各乡镇（街道）、县直各部门"},
	{"完善乡镇（街道）基层政务公开标准目录并在政府网站专题展示", "TOWN", "11月底前", "县政府办"},
	{"推进乡镇（街道）政务公开专区建设，设立政策咨询窗口", "TOWN", "年底前", "县行政审批服务局"},
	{"公开农村危房改造对象认定及补助资金发放情况", "县住建局", "年底前", "各乡镇"},
	{"公开医保基金使用、药品集中带量采购信息", "县医保局", "三季度末", ""},
	{"公开文化旅游惠民活动和公共文化服务信息", "县文旅局", "上半年", ""},
	{"公开涉农补贴政策、发放对象和资金信息", "县农业农村局、县财政局", "年底前", "各乡镇"},
	{"推进村（居）务公开规范化，更新村务公开栏", "TOWN", "10月底前", "县民政局"},
	{"公开交通建设项目招投标和施工许可信息", "县交通运输局", "年底前", ""},
	{"编制公共企事业单位信息公开清单", "县卫健局", "{Y}年9月30日前", "县教育局、县住建局"},
	{"举办政府开放日活动，邀请市民代表列席县政府常务会议", "县政府办", "年内", ""},
	{"公开林长制工作和森林防火信息", "县林业局", "年底前", ""},
	{"公开供销系统惠农服务网点和农资保供信息", "县供销社", "年底前", ""},
	{"公开人防工程和应急避难场所信息", "县人防办", "三季度末", ""},
}

// deadlineDate reads the words of taskDefs; ok is false for open-ended work.
func deadlineDate(words string, y int) (time.Time, bool) {
	w := strings.TrimPrefix(words, strconv.Itoa(y)+"年")
	switch w {
	case "长期坚持", "持续推进":
		return time.Time{}, false
	case "年底前", "年内":
		return draw.Day(y, 12, 31), true
	case "上半年":
		return draw.Day(y, 6, 30), true
	case "三季度末":
		return draw.Day(y, 9, 30), true
	}
	var m, d int
	if n, _ := fmt.Sscanf(w, "%d月%d日前", &m, &d); n == 2 {
		return draw.Day(y, m, d), true
	}
	if n, _ := fmt.Sscanf(w, "%d月底前", &m); n == 1 {
		return draw.Day(y, m+1, 1).AddDate(0, 0, -1), true
	}
	panic("deadline " + words)
}

func (g *gen) tasks(y int) ledger {
	r := newRand("tasks", strconv.Itoa(y))
	var towns []*unit
	for _, u := range g.c.Units {
		if u.town() {
			towns = append(towns, u)
		}
	}
	l := ledger{kind: "tasks", unit: g.c.Office, year: y}
	no := 0
	for _, t := range taskDefs {
		if draw.Chance(r, 0.08) {
			continue // not in this year's plan
		}
		no++
		var leads []*unit
		if t.leads == "TOWN" {
			a := towns[r.IntN(len(towns))]
			leads = append(leads, a)
			if draw.Chance(r, 0.5) {
				if b := towns[r.IntN(len(towns))]; b != a {
					leads = append(leads, b)
				}
			}
		} else {
			for _, s := range strings.Split(t.leads, "、") {
				leads = append(leads, g.c.byName(s))
			}
		}
		words := strings.ReplaceAll(t.deadline, "{Y}", strconv.Itoa(y))
		dl, dated := deadlineDate(words, y)
		status, done := "已完成", time.Time{}
		if dated {
			done = draw.Weekday(draw.AddDays(dl, -draw.Between(r, 3, 40)))
			if done.Before(draw.Day(y, 2, 1)) {
				done = draw.Weekday(draw.Day(y, 2, draw.Between(r, 1, 20)))
			}
		} else {
			status = draw.Pick(r, "推进中", "持续推进", "已完成")
		}
		var names []string
		for _, u := range leads {
			names = append(names, u.Short)
		}
		taskNo := strconv.Itoa(no)
		// A lead unit that finishes late or not at all makes the task late
		// for every lead unit (each is scored on the tasks it leads).
		defect, detail := "", ""
		for _, u := range leads {
			switch {
			case dated && g.flaw(u, y, "task_late"):
				late := draw.Weekday(draw.AddDays(dl, draw.Between(r, 10, 40)))
				if late.After(draw.Day(y, 12, 31)) {
					status, done = draw.Pick(r, "未完成", "推进中"), time.Time{}
					defect, detail = "task_unfinished", fmt.Sprintf("时限 %s，年底%s", words, status)
				} else {
					status, done = "已完成", late
					defect, detail = "task_late", fmt.Sprintf("时限 %s，完成 %s", words, ymd(late))
				}
			case dated && g.flaw(u, y, "task_unfinished"):
				status, done = draw.Pick(r, "未完成", "推进中"), time.Time{}
				defect, detail = "task_unfinished", fmt.Sprintf("时限 %s，年底%s", words, status)
			}
			if defect != "" {
				break
			}
		}
		if defect != "" {
			for _, u := range leads {
				g.noteTask(u, y, defect, taskNo, detail, names)
			}
		}
		x := rec{"task_no": txt(taskNo), "task": txt(strings.ReplaceAll(t.text, "{Y}", strconv.Itoa(y))),
			"lead": txt(strings.Join(names, "、")), "partners": txt(t.partners), "deadline": txt(words),
			"status": txt(status)}
		if status == "已完成" && !done.IsZero() {
			x["done_date"] = dt(done)
			x["evidence"] = txt(fmt.Sprintf("https://www.pingan-county.example/zwgk/zdgz/%d/%02d.html", y, no))
		}
		if status == "已完成" && done.IsZero() {
			x["status"] = txt(draw.Pick(r, "已完成", "完成"))
		}
		l.recs = append(l.recs, x)
		l.extra += len(leads) - 1
	}
	return l
}

func (g *gen) noteTask(u *unit, y int, name, no, detail string, leads []string) {
	if len(leads) > 1 {
		detail += "（牵头单位：" + strings.Join(leads, "、") + "）"
	}
	g.note(u, y, "tasks", name, "任务"+no, detail)
}

// ---- 10. weights ----

type weightItem struct {
	name   string
	points float64
	counts bool
}

// share is one assessed unit's 政务公开 share of its assessment points.
type share struct {
	Unit       string  `json:"unit"`
	Year       int     `json:"year"`
	Via        string  `json:"via"` // the 考核分组 or the unit itself
	Disclosure float64 `json:"disclosure_points"`
	Total      float64 `json:"total_points"`
	Share      float64 `json:"share"`
}

// groupItems: the common scheme of all townships and streets.
func groupItems(y int) []weightItem {
	switch y {
	case 2022:
		return []weightItem{{"经济发展", 30, false}, {"乡村振兴", 15, false}, {"安全生产", 10, false}, {"党的建设", 15, false},
			{"平安建设", 10, false}, {"生态环境保护", 10, false}, {"政务服务（12345热线）", 5, false}, {"政务公开", 5, true}}
	case 2023:
		return []weightItem{{"经济发展", 29, false}, {"乡村振兴", 15, false}, {"安全生产", 10, false}, {"党的建设", 15, false},
			{"平安建设", 10, false}, {"生态环境保护", 10, false}, {"政务服务（12345热线）", 5, false}, {"政务公开", 4, true}, {"政府网站与政务新媒体", 2, true}}
	}
	return []weightItem{{"经济发展", 30, false}, {"乡村振兴", 15, false}, {"安全生产", 10, false}, {"党的建设", 15, false},
		{"平安建设", 10, false}, {"生态环境保护", 10, false}, {"政务服务（12345热线）", 5, false}, {"政务公开", 4, true}, {"政府网站与政务新媒体", 1, true}}
}

// weightSpecial: the departments whose 政务公开 share is just under 4%, or
// exactly 4%, by year: 政务公开 points, website/new-media points, total.
var weightSpecial = map[int]map[string][3]float64{
	2022: {"县林业局": {2, 0.5, 100}, "县投促局": {3.5, 0, 100}, "县人防办": {4, 0, 100}},
	2023: {"县供销社": {3, 0, 100}, "县人防办": {3.5, 0, 100}, "县林业局": {3.5, 0.5, 100}},
	2024: {"县林业局": {3, 0.5, 100}, "县供销社": {3.5, 0, 95}, "县人防办": {4, 0, 105}, "县统计局": {4, 0, 100}},
}

func (g *gen) deptItems(r *rand.Rand, u *unit, y int) []weightItem {
	p := draw.Pick(r, 5.0, 5.5, 6.0)
	q := 0.0
	if len(u.Accts) > 0 {
		q = draw.Pick(r, 1.0, 1.5, 2.0)
	}
	total := 100.0
	if u.AppPfx == "GA" {
		// The police take part in a 150-point scheme (50 points set by the
		// higher authority); their 政务公开 points scale with it.
		total = 150
		p = draw.Pick(r, 7.5, 8.0, 9.0)
	}
	if s, ok := weightSpecial[y][u.Short]; ok {
		p, q, total = s[0], s[1], s[2]
	}
	items := []weightItem{{"重点业务工作", 0, false}, {"安全生产", 8, false}, {"党风廉政建设", 10, false}, {"法治政府建设", 8, false},
		{"优化营商环境", 8, false}, {"政务服务（12345热线）", 5, false}, {"政务公开", p, true}}
	if q > 0 {
		items = append(items, weightItem{"政府网站与政务新媒体", q, true})
	}
	rest := total
	for _, it := range items[1:] {
		rest -= it.points
	}
	items[0].points = rest
	return items
}

// weights returns the two sheets' rows: the group scheme and the
// departments' own schemes, and each assessed unit's share.
func (g *gen) weights(y int) (group, depts []rec, shares []share) {
	r := newRand("weights", strconv.Itoa(y))
	gi := groupItems(y)
	var gd, gt float64
	for _, it := range gi {
		group = append(group, rec{"assessed": txt(draw.Pick(r, groupA, groupA, "A类乡镇街道")), "item": txt(it.name), "points": dec(it.points), "counts": yes(it.counts)})
		gt += it.points
		if it.counts {
			gd += it.points
		}
	}
	for _, u := range g.c.Units {
		switch u.Group {
		case groupA:
			shares = append(shares, share{Unit: u.Name, Year: y, Via: groupA, Disclosure: gd, Total: gt, Share: gd / gt})
		case groupB:
			items := g.deptItems(r, u, y)
			var d, t float64
			for _, it := range items {
				depts = append(depts, rec{"assessed": txt(draw.Pick(r, u.Name, u.Short)), "item": txt(it.name), "points": dec(it.points), "counts": yes(it.counts)})
				t += it.points
				if it.counts {
					d += it.points
				}
			}
			depts = append(depts, rec{"subtotal": txt("小计"), "points": dec(t)})
			shares = append(shares, share{Unit: u.Name, Year: y, Via: u.Name, Disclosure: d, Total: t, Share: d / t})
			if d/t < 0.04 {
				g.note(u, y, "weights", "weight_under", "", fmt.Sprintf("政务公开 %g 分 / 总分 %g 分 = %.2f%%", d, t, 100*d/t))
			}
		}
	}
	return group, depts, shares
}

// ---- proposals: 人大代表建议和政协提案 ----

type proposalDef struct {
	title    string
	hosts    string // short names separated by 、
	partners string
}

// proposalDefs are the matters deputies and members raise year after year;
// each year's register draws from them.
var proposalDefs = []proposalDef{
	{"关于加快农村公路提档升级的", "县交通运输局", "县财政局"},
	{"关于加强农村饮水安全保障的", "县水利局", "县卫健局"},
	{"关于推进城区学校扩容提质的", "县教育局", "县住建局、县自然资源局"},
	{"关于缓解县城停车难问题的", "县住建局", "县公安局、县综合执法局"},
	{"关于加强校园周边食品安全监管的", "县市场监管局", "县教育局"},
	{"关于完善社区居家养老服务体系的", "县民政局", "县卫健局"},
	{"关于提升基层医疗卫生服务能力的", "县卫健局", "县医保局"},
	{"关于扩大医保异地就医直接结算范围的", "县医保局", ""},
	{"关于促进高校毕业生返乡就业创业的", "县人社局", "县商务局"},
	{"关于加大中小企业融资支持力度的", "县金融局", "县财政局"},
	{"关于优化营商环境推进“一网通办”的", "县审批局", "县数据局"},
	{"关于加强河道综合治理的", "县水利局、县生态环境局", "沿河各乡镇"},
	{"关于加强农村生活垃圾治理的", "县综合执法局", "各乡镇（街道）"},
	{"关于发展乡村旅游带动农民增收的", "县文旅局", "县农业农村局"},
	{"关于支持特色农产品品牌建设的", "县农业农村局", "县市场监管局"},
	{"关于落实耕地地力保护补贴政策的", "县农业农村局、县财政局", ""},
	{"关于加强森林防火基础设施建设的", "县林业局", "县应急局"},
	{"关于加强危化品运输安全监管的", "县应急局", "县交通运输局、县公安局"},
	{"关于规范城区占道经营管理的", "县综合执法局", "县市场监管局"},
	{"关于推进老旧小区改造的", "县住建局", "县财政局"},
	{"关于加快建设全民健身场地设施的", "县体育中心", "县自然资源局"},
	{"关于加强退役军人就业安置服务的", "县退役军人事务局", "县人社局"},
	{"关于完善公共文化服务设施的", "县文旅局", ""},
	{"关于加强政府信息公开和政策解读的", "县政府办", "县融媒体中心"},
	{"关于提高政务服务热线办理质量的", "县政府办", "县数据局"},
	{"关于加强城区交通秩序管理的", "县公安局", "县交通运输局"},
	{"关于加强村级集体经济发展的", "县乡村振兴局", "县农业农村局"},
	{"关于加强粮食储备安全管理的", "县粮储局", ""},
	{"关于推进数字乡村建设的", "县数据局", "县农业农村局"},
	{"关于加强农贸市场提升改造的", "县商务局", "县市场监管局"},
	{"关于推进镇区污水管网建设的", "县住建局、县生态环境局", "有关乡镇"},
	{"关于做好城关镇老街区保护利用的", "城关镇", "县文旅局、县住建局"},
	{"关于改善青石镇集镇环境的", "青石镇", "县综合执法局"},
	{"关于加快柳河镇工业园区配套建设的", "柳河镇", "县发改局"},
	{"关于加强东城街道社区服务阵地建设的", "东城街道", "县民政局"},
	{"关于加强石桥镇防汛设施建设的", "石桥镇", "县水利局"},
	{"关于加强云岭乡村卫生室建设的", "云岭乡", "县卫健局"},
	{"关于加快实施县城供水管网改造的", "县住建局", "县水利局"},
	{"关于加大供销系统惠农服务网点建设的", "县供销社", "县农业农村局"},
	{"关于加强人防工程维护利用的", "县人防办", "县住建局"},
}

// proposals: the county's register of the year's 人大代表建议 and 政协提案,
// assigned after the two sessions (some during the year), due three months
// later. A host unit's flaws make its proposals late, their full answers
// unpublished or published late, or the deputy dissatisfied.
func (g *gen) proposals(y int) ledger {
	r := newRand("proposals", strconv.Itoa(y))
	l := ledger{kind: "proposals", unit: g.c.Office, year: y}
	end := draw.Day(y, 12, 31)
	nos := map[string]int{}
	n := draw.Between(r, 48, 66)
	for i := 0; i < n; i++ {
		d := proposalDefs[r.IntN(len(proposalDefs))]
		cat := draw.Pick(r, "建议", "建议", "提案")
		nos[cat]++
		no := fmt.Sprintf("%s第%d号", cat, nos[cat])
		title := d.title + cat
		assigned := draw.Weekday(draw.Day(y, 3, draw.Between(r, 5, 25)))
		if draw.Chance(r, 0.15) { // raised between sessions
			assigned = draw.Weekday(draw.Day(y, draw.Between(r, 5, 9), draw.Between(r, 1, 28)))
		}
		due := assigned.AddDate(0, 3, 0)
		done := draw.Weekday(draw.AddDays(assigned, draw.Between(r, 30, 80)))
		if done.After(due) {
			done = due
		}
		var hosts []*unit
		var names []string
		for _, s := range strings.Split(d.hosts, "、") {
			u := g.c.byName(s)
			hosts = append(hosts, u)
			names = append(names, u.Short)
		}
		// One host's flaw is every host's (each is scored on the proposal);
		// a flawed proposal is late, or its answer not published in time,
		// or its deputy dissatisfied.
		flawed := false
		for _, u := range hosts {
			flawed = flawed || g.flaw(u, y, "proposal "+no)
		}
		which := draw.Weighted(r, 2, 2, 1)
		late, unpublished, unhappy := flawed && which == 0, flawed && which == 1, flawed && which == 2
		defect, detail := "", ""
		if late {
			done = draw.Weekday(draw.AddDays(due, draw.Between(r, 5, 40)))
			defect, detail = "proposal_late", fmt.Sprintf("办结期限 %s，办结 %s", ymd(due), ymd(done))
			if done.After(end) {
				done = time.Time{}
				detail = fmt.Sprintf("办结期限 %s，年底未办结", ymd(due))
			}
		}
		x := rec{"proposal_no": txt(no), "category": txt(cat), "title": txt(title), "lead": txt(strings.Join(names, "、")),
			"partners": txt(d.partners), "assigned": dt(assigned), "due": dt(due)}
		if !done.IsZero() {
			x["done_date"] = dt(done)
			x["reply_class"] = txt(draw.Pick(r, "A", "A", "A", "B", "B", "C", "A类", "B类"))
			published := draw.Weekday(draw.AddDays(done, draw.Between(r, 1, 12)))
			public := true
			if unpublished {
				if draw.Chance(r, 0.5) {
					published = draw.Weekday(draw.AddDays(done, draw.Between(r, 20, 45)))
				} else {
					public, published = false, time.Time{}
				}
				if defect == "" && (!public || !published.After(end)) {
					defect, detail = "proposal_unpublished", fmt.Sprintf("办结 %s，答复全文%s", ymd(done), map[bool]string{true: "公开 " + ymd(published), false: "未公开"}[public])
				}
			}
			x["public"] = yes(public)
			if !published.IsZero() && !published.After(end) {
				x["published"] = dt(published)
			}
			switch {
			case unhappy:
				x["satisfaction"] = txt("不满意")
				if defect == "" {
					defect, detail = "proposal_unsatisfied", "代表委员不满意"
				}
			case draw.Chance(r, 0.05): // not yet rated
			default:
				x["satisfaction"] = txt(draw.Pick(r, "满意", "满意", "满意", "基本满意"))
			}
		}
		if defect != "" {
			for _, u := range hosts {
				d := detail
				if len(hosts) > 1 {
					d += "（主办单位：" + strings.Join(names, "、") + "）"
				}
				g.note(u, y, "proposals", defect, no, d)
			}
		}
		l.recs = append(l.recs, x)
		l.extra += len(hosts) - 1
	}
	return l
}
