package province

import (
	"fmt"
	"gongkai/internal/samples/draw"
	"math"
	"slices"
	"time"
)

// The ledgers of one unit and year, as rows of cells in the column order of
// kindCols. Good rows are unambiguous, as in the sample county: a reply
// within 12 days (≤ 20 working days whatever the holidays), publication
// within 8 days of creation, interpretation within 2 days, a post every 1–3
// days. Defects (by the unit's tier) are as plain: a reply after 50 days, a
// 16-day gap in posting, a month without publications.

type ckind uint8

const (
	cEmpty ckind = iota
	cText
	cNum
	cDate
	cDateTime
	cBool
	cOutcome
)

type cell struct {
	k ckind
	s string
	n float64
	t time.Time
	b bool
}

func txt(s string) cell         { return cell{k: cText, s: s} }
func num(n float64) cell        { return cell{k: cNum, n: n} }
func dt(t time.Time) cell       { return cell{k: cDate, t: t} }
func dtm(t time.Time) cell      { return cell{k: cDateTime, t: t} }
func yes(b bool) cell           { return cell{k: cBool, b: b} }
func outcomeCell(c string) cell { return cell{k: cOutcome, s: c} }

type row struct {
	cells []cell
	skip  bool // a 合计/小计 row or a 说明 row: skipped by the ingest, not stored
}

type ledger struct {
	kind string
	rows []row
}

func (l *ledger) stored() int {
	n := 0
	for _, r := range l.rows {
		if !r.skip {
			n++
		}
	}
	return n
}

func (l *ledger) add(cells ...cell) { l.rows = append(l.rows, row{cells: cells}) }

// flawP is the chance of each kind of defect per unit, year and ledger by tier.
var flawP = [4]float64{0, 0.12, 0.32, 0.6}

type gen struct {
	seed uint64
}

func (g *gen) flaw(u *unit, y int, name string) bool {
	if u.Tier == 0 {
		return false
	}
	return draw.Chance(newRand(g.seed, "flaw-"+name, u.Idx, y), flawP[u.Tier])
}

func endOfYear(y int) time.Time { return draw.Day(y, 12, 31) }

func clampYear(t time.Time, y int) time.Time {
	if t.After(endOfYear(y)) {
		return endOfYear(y)
	}
	return t
}

// ---- applications ----

var outcomeCodes = []string{"1", "2", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8", "4.1", "4.2", "4.3", "5.1", "5.2", "5.3", "5.4", "5.5", "6.2", "6.3"}
var outcomeWeights = []int{40, 12, 1, 1, 1, 4, 2, 3, 2, 1, 18, 5, 2, 3, 3, 1, 1, 1, 1, 2}

var applicantForms = [][]string{{"自然人", "自然人", "个人", "公民"}, {"商业企业", "企业", "公司"}, {"法律服务机构", "律师事务所", "律所"}, {"社会公益组织", "公益组织"}, {"科研机构"}, {"其他"}}
var channelForms = [][]string{{"网络", "网上申请", "在线"}, {"邮寄", "挂号信"}, {"当面", "当面提交", "现场"}, {"信函"}, {"传真"}}
var appTopics = []string{"城区道路改造", "农村低保发放", "土地征收补偿", "学校布局调整", "环境影响评价", "老旧小区改造", "征地拆迁安置", "财政专项资金", "行政处罚决定", "建设工程规划许可"}

type app struct {
	no       string
	received time.Time
	replied  time.Time
	outcome  string
}

func (g *gen) applications(u *unit, y int) (*ledger, []app) {
	r := newRand(g.seed, "apps", u.Idx, y)
	var n int
	switch {
	case u.kind == kGov:
		n = draw.Between(r, 40, 70)
	case u.kind == kTown:
		n = draw.BySize(r, u.Size, [3][2]int{{0, 5}, {3, 12}, {10, 25}})
	default:
		n = []int{0, draw.Weighted(r, 30, 25, 15, 10, 8, 6, 6), draw.Between(r, 5, 22), draw.Between(r, 20, 50)}[u.Size]
	}
	dates := make([]time.Time, n)
	for i := range dates {
		dates[i] = draw.Weekday(draw.RandDay(r, draw.Day(y, 1, 3), draw.Day(y, 11, 28)))
	}
	slices.SortFunc(dates, func(a, b time.Time) int { return a.Compare(b) })
	late := g.flaw(u, y, "late_reply")
	l := &ledger{kind: "applications"}
	var apps []app
	for i, d := range dates {
		no := fmt.Sprintf("%s%d-%04d", u.Pfx, y, i+1)
		ext := d.Month() <= 10 && draw.Chance(r, 0.08)
		var rep time.Time
		switch {
		case late && i == n/2 && d.Month() <= 9:
			rep = draw.Weekday(draw.AddDays(d, draw.Between(r, 50, 70)))
		case ext:
			rep = draw.Weekday(draw.AddDays(d, draw.Between(r, 30, 42)))
		default:
			rep = draw.Weekday(draw.AddDays(d, draw.Between(r, 2, 12)))
		}
		rep = clampYear(rep, y)
		oc := outcomeCodes[draw.Weighted(r, outcomeWeights...)]
		t := draw.Weighted(r, 70, 12, 8, 2, 2, 6)
		l.add(txt(no), dt(d), txt(draw.Pick(r, applicantForms[t]...)), txt(draw.Pick(r, channelForms[draw.Weighted(r, 50, 22, 20, 5, 3)]...)),
			txt("申请公开"+draw.Pick(r, appTopics...)+"的相关文件"), yes(ext), cell{}, dt(rep), outcomeCell(oc))
		apps = append(apps, app{no: no, received: d, replied: rep, outcome: oc})
	}
	if n == 0 {
		l.rows = append(l.rows, row{cells: []cell{txt("说明：本年度未收到政府信息公开申请。")}, skip: true})
	}
	return l, apps
}

// ---- disclosures ----

var discCats = []string{"工作动态", "通知公告", "政策文件", "人事信息", "财政资金", "规划计划", "行政执法", "公共服务", "重点领域"}

func (g *gen) disclosures(u *unit, y int) *ledger {
	r := newRand(g.seed, "disclosures", u.Idx, y)
	n := draw.BySize(r, u.Size, [3][2]int{{30, 48}, {48, 80}, {75, 110}})
	if u.kind == kGov {
		n = draw.Between(r, 110, 140)
	}
	perMonth := draw.PerMonth(r, n)
	if g.flaw(u, y, "empty_month") {
		perMonth[draw.Between(r, 1, 10)] = 0
	}
	late, noReview := draw.Flaws(r, perMonth, g.flaw(u, y, "late_publish"), g.flaw(u, y, "no_secrecy_review"), u.Tier == 3, 0.3)
	reviewer := draw.Pick(r, "张", "王", "李", "赵", "刘", "陈", "杨", "黄") + draw.Pick(r, "明", "华", "敏", "静", "伟", "芳", "强", "磊")
	l := &ledger{kind: "disclosures"}
	// The previous year's annual report, due by 31 January (31 March for
	// the county government).
	due := draw.Day(y, 1, 31)
	if u.kind == kGov {
		due = draw.Day(y, 3, 31)
	}
	rpub := draw.Weekday(draw.Day(y, 1, draw.Between(r, 8, 26)))
	if g.flaw(u, y, "late_annual_report") {
		rpub = draw.Weekday(draw.AddDays(due, draw.Between(r, 6, 40)))
	}
	reportRow := []cell{txt(fmt.Sprintf("%s%d年政府信息公开工作年度报告", u.Name, y-1)), txt(fmt.Sprintf("%s/%d-00000", u.Code[8:17], y)), cell{}, txt("年度报告"),
		dt(draw.AddDays(rpub, -draw.Between(r, 1, 5))), dt(rpub), txt("政府网站"), txt(fmt.Sprintf("https://www.yunze.example/%s/ndbg/%d.html", u.Code[8:17], y-1)), txt(reviewer), yes(true)}
	i := 0
	reportDone := false
	for m := 1; m <= 12; m++ {
		days := make([]time.Time, perMonth[m-1])
		for k := range days {
			days[k] = draw.Weekday(draw.Day(y, m, draw.Between(r, 1, 26)))
		}
		slices.SortFunc(days, func(a, b time.Time) int { return a.Compare(b) })
		for _, pub := range days {
			if !reportDone && pub.After(rpub) {
				l.add(reportRow...)
				reportDone = true
			}
			cat := draw.Pick(r, discCats...)
			formed := draw.AddDays(pub, -draw.Between(r, 0, 8))
			if late[i] && pub.After(draw.Day(y, 3, 15)) {
				formed = draw.AddDays(pub, -draw.Between(r, 45, 70))
			}
			docNo := cell{}
			if cat == "政策文件" {
				docNo = txt(fmt.Sprintf("%s发〔%d〕%d号", u.Doc, y, i+1))
			}
			l.add(txt(fmt.Sprintf("%s关于%s的%s（%d年第%d号）", u.Short, draw.Pick(r, appTopics...), draw.Pick(r, "通知", "公告", "工作动态", "情况通报", "公示"), y, i+1)),
				txt(fmt.Sprintf("%s/%d-%05d", u.Code[8:17], y, i+1)), docNo, txt(cat), dt(formed), dt(pub),
				txt(draw.Pick(r, "政府网站", "政府网站", "政府网站、政务新媒体", "政府网站、公开栏")),
				txt(fmt.Sprintf("https://www.yunze.example/%s/%s/t%s_%d.html", u.Code[8:17], pub.Format("200601"), pub.Format("20060102"), 1000+i)),
				txt(reviewer), yes(!noReview[i]))
			i++
		}
	}
	if !reportDone {
		l.add(reportRow...)
	}
	return l
}

// ---- documents ----

func (g *gen) documents(u *unit, y int) *ledger {
	r := newRand(g.seed, "documents", u.Idx, y)
	var nNorm, nOther int
	switch {
	case u.kind == kGov:
		nNorm, nOther = draw.Between(r, 8, 14), draw.Between(r, 4, 8)
	case u.kind == kOffice:
		nNorm, nOther = draw.Between(r, 4, 8), draw.Between(r, 4, 6)
	case u.kind == kTown:
		nNorm, nOther = 0, draw.Between(r, 0, 4)
	case u.Size >= 2:
		nNorm, nOther = draw.Between(r, 0, 6), draw.Between(r, 0, 4)
	default:
		nNorm, nOther = draw.Weighted(r, 3, 2, 1), draw.Weighted(r, 2, 1, 1)
	}
	missing := g.flaw(u, y, "missing_interp")
	l := &ledger{kind: "documents"}
	type doc struct {
		issued time.Time
		cells  []cell
	}
	var docs []doc
	for i := 0; i < nNorm+nOther; i++ {
		norm := i < nNorm
		issued := draw.Weekday(draw.RandDay(r, draw.Day(y, 1, 10), draw.Day(y, 12, 5)))
		pub := draw.Weekday(draw.AddDays(issued, draw.Between(r, 1, 5)))
		typ := draw.Pick(r, "其他政策文件", "其他政策文件", "政策文件")
		if norm {
			typ = draw.Pick(r, "行政规范性文件", "行政规范性文件", "规范性文件")
		}
		c := []cell{txt(fmt.Sprintf("%s关于%s的%s", u.Short, draw.Pick(r, appTopics...), draw.Pick(r, "实施办法", "管理办法", "实施意见", "若干措施", "工作方案"))),
			txt(fmt.Sprintf("%s发〔%d〕%d号", u.Doc, y, 100+i)), txt(typ), dt(issued), dt(pub), cell{}, txt(draw.Pick(r, "主动公开", "主动公开", "主动")), cell{},
			cell{}, cell{}, cell{}}
		interp := norm || draw.Chance(r, 0.4)
		if norm && missing {
			interp, missing = false, false
		}
		if interp {
			when := pub
			if draw.Chance(r, 0.35) {
				when = draw.AddDays(pub, draw.Between(r, 1, 2))
			}
			c[8] = dt(when)
			c[9] = txt(draw.Pick(r, "文字", "文字解读", "图解", "文字、图解", "图文", "视频", "文字、问答", "在线访谈"))
			c[10] = txt(u.Short + draw.Pick(r, "主要负责人", "分管负责人", "政策起草科室负责人"))
		}
		if !norm && draw.Chance(r, 0.1) {
			c[6], c[7], c[4] = txt("不予公开"), txt(draw.Pick(r, "内部管理事项", "涉及工作秘密", "过程性信息")), cell{}
			c[8], c[9], c[10] = cell{}, cell{}, cell{}
		}
		docs = append(docs, doc{issued, c})
	}
	slices.SortStableFunc(docs, func(a, b doc) int { return a.issued.Compare(b.issued) })
	for _, d := range docs {
		l.add(d.cells...)
	}
	if (u.kind == kGov || u.kind == kOffice || u.Size >= 2 && u.kind == kDept) && draw.Chance(r, 0.35) {
		old := draw.Weekday(draw.Day(draw.Between(r, 2012, y-1), draw.Between(r, 1, 12), draw.Between(r, 1, 28)))
		l.add(txt(u.Short+"关于"+draw.Pick(r, appTopics...)+"的暂行办法"), txt(fmt.Sprintf("%s发〔%d〕%d号", u.Doc, old.Year(), draw.Between(r, 1, 30))),
			txt("行政规范性文件"), dt(old), dt(draw.Weekday(draw.AddDays(old, 3))), dt(draw.Weekday(draw.RandDay(r, draw.Day(y, 2, 1), draw.Day(y, 11, 30)))), txt("主动公开"), cell{}, cell{}, cell{}, cell{})
	}
	return l
}

// ---- enforcement ----

var enfItems = []struct{ power, name, short string }{{"许", "行政许可", "许可"}, {"处", "行政处罚", "处罚"}, {"强", "行政强制", "强制"}, {"收", "行政事业性收费", "收费"}}

func (g *gen) enforcement(u *unit, y int) *ledger {
	r := newRand(g.seed, "enforcement", u.Idx, y)
	scale := []float64{0, 0.3, 1, 3}[u.Size]
	if u.Pfx == "SP" {
		scale = 8
	}
	if u.kind == kTown {
		scale = 0.15
	}
	l := &ledger{kind: "enforcement"}
	total := 0
	for i, it := range enfItems {
		name := draw.Pick(r, it.name, it.name, it.name, it.short)
		if !containsRune(u.Powers, it.power) {
			l.add(txt(name), draw.Pick(r, num(0), txt("/"), cell{}), draw.Pick(r, txt("/"), cell{}))
			continue
		}
		c := int(float64([]int{600, 120, 15, 300}[i])*scale*(0.6+0.8*r.Float64())) + r.IntN(3)
		total += c
		amount := draw.Pick(r, txt("/"), cell{})
		if it.power == "收" {
			amount = num(math.Round(float64(c)*(0.05+0.3*r.Float64())*100) / 100)
		}
		l.add(txt(name), num(float64(c)), amount)
	}
	l.rows = append(l.rows, row{cells: []cell{txt("合计"), num(float64(total)), cell{}}, skip: true})
	return l
}

func containsRune(s, r string) bool {
	for _, c := range s {
		if string(c) == r {
			return true
		}
	}
	return false
}

// ---- appeals ----

func (g *gen) appeals(u *unit, y int, apps []app) *ledger {
	r := newRand(g.seed, "appeals", u.Idx, y)
	corrected := g.flaw(u, y, "appeal_corrected")
	l := &ledger{kind: "appeals"}
	n := 0
	for _, a := range apps {
		if a.outcome == "1" {
			continue
		}
		recv, typ, ok := draw.Appeal(r, a.replied, y)
		if !ok {
			continue
		}
		n++
		no := fmt.Sprintf("%s复〔%d〕%d号", u.Doc, y, n)
		if typ != "行政复议" {
			no = fmt.Sprintf("（%d）%s行初%d号", y, u.Code[2:8], n)
		}
		res, took := draw.AppealResult(r, recv, y, corrected)
		if took {
			corrected = false
		}
		l.add(txt(no), txt(typ), dt(recv), txt(res), txt(a.no))
	}
	return l
}

// ---- media ----

var platformForms = map[string][]string{"微信公众号": {"微信公众号", "微信公众号", "微信", "公众号"}, "微博": {"微博", "新浪微博"}, "抖音": {"抖音"},
	"今日头条": {"今日头条", "头条号"}, "客户端": {"客户端", "APP"}}

var mediaTopics = []string{"政策解读", "工作动态", "便民服务", "通知公告", "重要会议", "民生实事", "安全提示", "办事指南"}

func (g *gen) media(u *unit, y int) *ledger {
	r := newRand(g.seed, "media", u.Idx, y)
	gap := g.flaw(u, y, "media_gap_2w")
	l := &ledger{kind: "media"}
	for ai, a := range u.Accts {
		d := draw.Day(y, 1, draw.Between(r, 1, 4))
		last := draw.Day(y, 12, draw.Between(r, 27, 31))
		bigGap := -1
		if gap && ai == 0 {
			bigGap = draw.Between(r, 15, 90)
		}
		maxStep := 3
		if u.Size == 1 && u.kind != kOffice {
			maxStep = 4
		}
		perDay := 3
		if u.Size == 1 && u.kind != kOffice {
			perDay = 2
		}
		seq := 0
		for i := 0; !d.After(last); i++ {
			for k := draw.Between(r, 1, perDay); k > 0; k-- {
				seq++
				l.add(txt(a.Name), txt(draw.Pick(r, platformForms[a.Platform]...)), dt(d), txt(a.Name+draw.Pick(r, mediaTopics...)+fmt.Sprintf("（第%d期）", seq)))
			}
			step := draw.Between(r, 1, maxStep)
			if i == bigGap {
				step = draw.Between(r, 16, 28)
			}
			next := draw.AddDays(d, step)
			if next.After(last) && !d.Equal(last) {
				next = last
			}
			d = next
		}
	}
	return l
}

// ---- activities ----

var actTypes = []string{"市民代表列席会议", "政府开放日/公众开放活动", "政务公开专题培训", "主要负责人听取政务公开汇报", "新闻发布会", "政策解读活动", "其他"}

var actForms = [][]string{{"市民代表列席会议", "市民代表列席会议", "列席会议"}, {"政府开放日/公众开放活动", "政府开放日", "公众开放活动", "开放日"},
	{"政务公开专题培训", "专题培训", "培训"}, {"主要负责人听取政务公开汇报", "听取政务公开汇报", "听取汇报"}, {"新闻发布会", "发布会"}, {"政策解读活动", "解读活动"}, {"其他"}}

func (g *gen) activities(u *unit, y int) *ledger {
	r := newRand(g.seed, "activities", u.Idx, y)
	counts := []int{draw.Between(r, 3, 6), draw.Between(r, 2, 4), draw.Between(r, 2, 4), draw.Between(r, 1, 3), draw.Between(r, 0, 4), draw.Between(r, 1, 5), draw.Between(r, 0, 3)}
	if g.flaw(u, y, "activity_min") {
		i := draw.Weighted(r, 4, 2, 2, 2)
		counts[i] = 0
		if i == 0 {
			counts[0] = 1
		}
	}
	type act struct {
		d     time.Time
		cells []cell
	}
	var acts []act
	for t, n := range counts {
		for k := 0; k < n; k++ {
			d := draw.Weekday(draw.RandDay(r, draw.Day(y, 2, 20), draw.Day(y, 12, 20)))
			acts = append(acts, act{d, []cell{txt(draw.Pick(r, actForms[t]...)), dt(d), txt(fmt.Sprintf("%s%s（%d）", u.Short, actTypes[t], k+1)),
				num(float64(draw.Between(r, 8, 120))), txt(draw.Pick(r, "会议纪要", "签到表、照片", "通知文件及照片", "会议记录", "新闻稿链接"))}})
		}
	}
	slices.SortStableFunc(acts, func(a, b act) int { return a.d.Compare(b.d) })
	l := &ledger{kind: "activities"}
	for _, a := range acts {
		l.add(a.cells...)
	}
	return l
}

// ---- responses ----

var responseSubjects = []string{"小区停车难", "道路积水", "噪音扰民", "学校招生政策", "医保报销", "农村饮水", "物业纠纷", "公交线路调整", "垃圾清运", "供暖问题"}

func (g *gen) responses(u *unit, y int) *ledger {
	r := newRand(g.seed, "responses", u.Idx, y)
	n := draw.BySize(r, u.Size, [3][2]int{{8, 16}, {14, 27}, {22, 38}})
	if u.kind == kOffice {
		n = draw.Between(r, 26, 42)
	}
	lateIdx := -1
	if n > 0 && g.flaw(u, y, "late_response") {
		lateIdx = r.IntN(n)
	}
	type resp struct {
		t     time.Time
		cells []cell
	}
	var rs []resp
	for i := 0; i < n; i++ {
		src := []string{"12345", "县长信箱", "留言板", "舆情监测", "其他"}[draw.Weighted(r, 60, 14, 10, 12, 4)]
		level := "一般"
		if src == "舆情监测" && draw.Chance(r, 0.35) {
			level = draw.Pick(r, "重大", "较大")
		}
		recv := draw.RandDay(r, draw.Day(y, 1, 2), draw.Day(y, 12, 18)).Add(time.Duration(draw.Between(r, 7*60, 22*60)) * time.Minute)
		var at time.Time
		switch {
		case i == lateIdx && level == "一般":
			at = recv.Add(time.Duration(draw.Between(r, 15, 25)*24) * time.Hour)
		case i == lateIdx:
			at = recv.Add(time.Duration(draw.Between(r, 30, 50)) * time.Hour)
		case level == "一般":
			at = recv.Add(time.Duration(draw.Between(r, 30, 46*60)) * time.Minute)
		default:
			at = recv.Add(time.Duration(draw.Between(r, 40, 240)) * time.Minute)
		}
		srcText := map[string][]string{"12345": {"12345", "12345热线", "市长热线"}, "县长信箱": {"县长信箱", "领导信箱"}, "留言板": {"留言板", "网上留言"},
			"舆情监测": {"舆情监测", "舆情"}, "其他": {"其他"}}[src]
		rs = append(rs, resp{recv, []cell{txt(draw.Pick(r, srcText...)), dtm(recv), dtm(at), txt(level), txt(draw.Pick(r, responseSubjects...))}})
	}
	slices.SortStableFunc(rs, func(a, b resp) int { return a.t.Compare(b.t) })
	l := &ledger{kind: "responses"}
	for _, x := range rs {
		l.add(x.cells...)
	}
	return l
}

// ---- tasks (kept by each county's office for all its units) ----

func (g *gen) tasks(c *county, y int) *ledger {
	r := newRand(g.seed, "tasks", c.Idx, y)
	l := &ledger{kind: "tasks"}
	n := 0
	for _, u := range c.Units {
		if !u.assessed() {
			continue
		}
		late := g.flaw(u, y, "task_late")
		k := draw.Between(r, 2, 4)
		for i := 0; i < k; i++ {
			n++
			m := draw.Between(r, 3, 11)
			deadline := draw.Day(y, m+1, 1).AddDate(0, 0, -1)
			dl := fmt.Sprintf("%d年%d月底前", y, m)
			switch r.IntN(6) {
			case 0:
				dl, deadline = "年底前", endOfYear(y)
			case 1:
				dl = fmt.Sprintf("%d月底前", m)
			}
			done := draw.Weekday(draw.AddDays(deadline, -draw.Between(r, 3, 50)))
			if late && i == 0 {
				done = clampYear(draw.Weekday(draw.AddDays(deadline, draw.Between(r, 10, 30))), y)
				if !done.After(deadline) {
					done = deadline // 年底前: cannot be late within the year
				}
			}
			l.add(txt(fmt.Sprintf("%d-%03d", y, n)), txt(fmt.Sprintf("%s：%s", draw.Pick(r, "推进", "完善", "做好", "落实"), draw.Pick(r, appTopics...)+draw.Pick(r, "信息公开", "政策解读", "专栏建设", "公开目录编制"))),
				txt(u.Short), cell{}, txt(dl), dt(done), txt("已完成"), txt(fmt.Sprintf("https://www.yunze.example/rw/%d/%d.html", y, n)))
		}
	}
	return l
}

// ---- weights (kept by each county's office) ----

var weightItems = []string{"经济发展", "项目建设", "招商引资", "财政收支", "安全生产", "生态环保", "乡村振兴", "民生保障", "营商环境", "依法行政", "党风廉政", "政务服务（12345热线）", "政府网站与政务新媒体"}

func (g *gen) weights(c *county, y int) *ledger {
	r := newRand(g.seed, "weights", c.Idx, y)
	l := &ledger{kind: "weights"}
	for _, u := range c.Units {
		if !u.assessed() {
			continue
		}
		disclosure := float64(draw.Between(r, 5, 8))
		rest := 100 - disclosure
		pts := make([]float64, len(weightItems))
		left := rest
		for i := range pts {
			if i == len(pts)-1 {
				pts[i] = left
				break
			}
			pts[i] = float64(draw.Between(r, 3, 7))
			left -= pts[i]
		}
		l.add(txt(u.Short), txt("政务公开"), num(disclosure), yes(true))
		for i, it := range weightItems {
			l.add(txt(u.Short), txt(it), num(pts[i]), yes(false))
		}
		l.rows = append(l.rows, row{cells: []cell{txt("小计"), cell{}, num(100), cell{}}, skip: true})
	}
	return l
}
