package main

import (
	"fmt"
	"gongkai/internal/samples/draw"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A ledger is one unit's rows of one kind for one year, before it is laid
// out into a sheet. Good rows are unambiguous: an application is answered
// within 14 calendar days of its clock start (≤ 20 working days whatever the
// holidays), an item is published within 8 days of its creation, a policy
// interpretation appears within 2 days. Defects are just as unambiguous
// (a late reply takes 50 days or more) and each is listed in the facts.
type ledger struct {
	kind  string
	unit  *unit
	year  int
	recs  []rec
	empty string // for an empty ledger: a 说明 row, or "" for headers only
	extra int    // rows stored beyond len(recs) (tasks with two lead units)
}

type defect struct {
	Unit   string `json:"unit"`
	Year   int    `json:"year"`
	Kind   string `json:"kind"`
	Defect string `json:"defect"`
	Ref    string `json:"ref,omitempty"`
	Detail string `json:"detail,omitempty"`
}

type gen struct {
	c       *county
	years   []int
	defects []defect
	open    map[int][]*app // unit index → applications open at the end of the previous year
	apps    map[string][]*app
	appYear map[string]appYear
}

func newGen(c *county, years []int) *gen {
	return &gen{c: c, years: years, open: map[int][]*app{}, apps: map[string][]*app{}, appYear: map[string]appYear{}}
}

// flawP is the chance of each kind of defect per unit, year and ledger by tier.
var flawP = [4]float64{0, 0.12, 0.32, 0.6}

func (g *gen) flaw(u *unit, y int, name string) bool {
	if u.Tier == 0 {
		return false
	}
	return draw.Chance(newRand("flaw", u.Name, strconv.Itoa(y), name), flawP[u.Tier])
}

func (g *gen) note(u *unit, y int, kind, name, ref, detail string) {
	g.defects = append(g.defects, defect{Unit: u.Name, Year: y, Kind: kind, Defect: name, Ref: ref, Detail: detail})
}

func key(u *unit, y int) string { return u.Name + "/" + strconv.Itoa(y) }

func ymd(t time.Time) string { return t.Format("2006-01-02") }

// ---- 1. applications ----

type app struct {
	no        string
	received  time.Time
	applicant string
	typ       string
	channel   string
	content   string
	notice    time.Time
	done      time.Time
	extended  bool
	consult   int
	replied   time.Time
	outcome   string
}

// appYear summarises one unit-year of applications for the facts.
type appYear struct {
	Received   int            `json:"received"`   // received in the year
	CarriedIn  int            `json:"carried_in"` // received the year before, answered in this one
	OpenAtEnd  int            `json:"open_at_end"`
	ByOutcome  map[string]int `json:"by_outcome"` // replied in the year (codes of table 三)
	ByApplType map[string]int `json:"by_applicant_type"`
}

var outcomeCodes = []string{"1", "2", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8", "4.1", "4.2", "4.3", "5.1", "5.2", "5.3", "5.4", "5.5", "6.2", "6.3"}
var outcomeWeights = []int{40, 12, 1, 1, 1, 4, 2, 3, 2, 1, 18, 5, 2, 3, 3, 1, 1, 1, 1, 2}

var applicantTypes = []string{"自然人", "商业企业", "法律服务机构", "社会公益组织", "科研机构", "其他"}
var applicantWeights = []int{70, 12, 8, 2, 2, 6}

func appCount(r *rand.Rand, u *unit) int {
	switch {
	case u.Type == "县级政府":
		return draw.Between(r, 16, 28)
	case u.town():
		return draw.BySize(r, u.Size, [3][2]int{{0, 2}, {1, 5}, {4, 10}})
	}
	switch u.Size {
	case 3:
		return draw.Between(r, 8, 20)
	case 2:
		return draw.Between(r, 2, 9)
	}
	return draw.Weighted(r, 35, 30, 20, 15)
}

func appNo(u *unit, y, seq int) string {
	switch newRand("appno", u.Name).IntN(3) {
	case 0:
		return fmt.Sprintf("%s%d-%03d", u.AppPfx, y, seq)
	case 1:
		return fmt.Sprintf("%d%s%03d", y, u.AppPfx, seq)
	}
	return fmt.Sprintf("%s依申〔%d〕%d号", u.Doc, y, seq)
}

func endOfYear(y int) time.Time { return draw.Day(y, 12, 31) }

// replyWithin answers between lo and hi days after start, on a weekday,
// but never after the end of the year.
func replyWithin(r *rand.Rand, start time.Time, lo, hi, y int) time.Time {
	t := draw.Weekday(draw.AddDays(start, draw.Between(r, lo, hi)))
	if t.After(endOfYear(y)) {
		t = endOfYear(y)
	}
	if t.Before(start) {
		t = start
	}
	return t
}

func (g *gen) applications(u *unit, y int) []*app {
	r := newRand("apps", u.Name, strconv.Itoa(y))
	var out []*app
	// Carried in from the previous year: answered in January.
	carried := g.open[u.Idx]
	if y == g.years[0] && u.Size >= 2 && draw.Chance(r, 0.35) {
		a := &app{no: appNo(u, y-1, draw.Between(r, 9, 30)), received: draw.Weekday(draw.Day(y-1, 12, draw.Between(r, 14, 24)))}
		g.fillApp(r, u, a, y-1)
		carried = []*app{a}
	}
	for _, a := range carried {
		b := *a
		// Answered in January of this year, as the comment above says: a
		// reply dated before 1 January would not be a carried-in application.
		b.replied = draw.Weekday(draw.AddDays(b.received, draw.Between(r, 8, 13)))
		if b.replied.Year() < y {
			b.replied = draw.Weekday(draw.Day(y, 1, draw.Between(r, 4, 9)))
		}
		b.outcome = outcomeCodes[draw.Weighted(r, outcomeWeights...)]
		out = append(out, &b)
	}
	delete(g.open, u.Idx)

	n := appCount(r, u)
	dates := make([]time.Time, n)
	for i := range dates {
		dates[i] = draw.Weekday(draw.RandDay(r, draw.Day(y, 1, 3), draw.Day(y, 12, 26)))
	}
	slices.SortFunc(dates, func(a, b time.Time) int { return a.Compare(b) })
	lateReply := g.flaw(u, y, "late_reply")
	lateExt := u.Tier >= 2 && g.flaw(u, y, "late_reply_extended")
	var news []*app
	for i, d := range dates {
		a := &app{no: appNo(u, y, i+1), received: d}
		g.fillApp(r, u, a, y)
		start := d
		switch {
		case d.Month() == 12 && d.Day() >= 12 && draw.Chance(r, 0.6):
			// Still open on 31 December: carried to next year.
			news = append(news, a)
			g.open[u.Idx] = append(g.open[u.Idx], a)
			continue
		case d.Month() <= 10 && draw.Chance(r, 0.10):
			a.notice = draw.Weekday(draw.AddDays(d, draw.Between(r, 1, 4)))
			if draw.Chance(r, 0.25) {
				// The applicant never completed the request.
				a.replied = draw.Weekday(draw.AddDays(a.notice, 12))
				a.outcome = "6.1"
				news = append(news, a)
				continue
			}
			a.done = draw.AddDays(a.notice, draw.Between(r, 3, 9))
			start = a.done
		}
		switch {
		case d.Month() <= 10 && draw.Chance(r, 0.05):
			a.consult = draw.Between(r, 5, 15)
			a.replied = replyWithin(r, start, 12+int(math.Ceil(float64(a.consult)*1.4)), 12+int(math.Ceil(float64(a.consult)*1.4)), y)
		case d.Month() <= 10 && draw.Chance(r, 0.08):
			a.extended = true
			a.replied = replyWithin(r, start, 30, 42, y)
		default:
			a.replied = replyWithin(r, start, 2, 12, y)
		}
		a.outcome = outcomeCodes[draw.Weighted(r, outcomeWeights...)]
		news = append(news, a)
	}
	// Planted defects.
	if lateReply {
		if a := pickApp(r, news, func(a *app) bool {
			return a.received.Before(draw.Day(y, 10, 10)) && a.consult == 0 && a.outcome != "6.1"
		}); a != nil {
			a.extended = false
			from := a.received
			if !a.done.IsZero() {
				from = a.done
			}
			a.replied = draw.Weekday(draw.AddDays(from, draw.Between(r, 50, 70)))
			g.note(u, y, "applications", "late_reply", a.no, fmt.Sprintf("收到 %s，答复 %s，未延期", ymd(a.received), ymd(a.replied)))
		}
	}
	if lateExt {
		if a := pickApp(r, news, func(a *app) bool {
			return a.received.Before(draw.Day(y, 9, 10)) && a.consult == 0 && a.outcome != "6.1" && a.done.IsZero() && !isDefect(g, u, y, a.no)
		}); a != nil {
			a.extended = true
			a.replied = draw.Weekday(draw.AddDays(a.received, draw.Between(r, 85, 100)))
			g.note(u, y, "applications", "late_reply_extended", a.no, fmt.Sprintf("收到 %s，延期后答复 %s，超过 40 个工作日", ymd(a.received), ymd(a.replied)))
		}
	}
	out = append(out, news...)
	g.apps[key(u, y)] = out

	s := appYear{ByOutcome: map[string]int{}, ByApplType: map[string]int{}, CarriedIn: len(carried)}
	for _, a := range out {
		if a.received.Year() == y {
			s.Received++
			s.ByApplType[a.typ]++
		}
		if a.replied.IsZero() {
			s.OpenAtEnd++
		} else {
			s.ByOutcome[a.outcome]++
		}
	}
	g.appYear[key(u, y)] = s
	return out
}

func isDefect(g *gen, u *unit, y int, ref string) bool {
	for _, d := range g.defects {
		if d.Unit == u.Name && d.Year == y && d.Ref == ref {
			return true
		}
	}
	return false
}

func pickApp(r *rand.Rand, apps []*app, ok func(*app) bool) *app {
	var c []*app
	for _, a := range apps {
		if !a.replied.IsZero() && ok(a) {
			c = append(c, a)
		}
	}
	if len(c) == 0 {
		return nil
	}
	return c[r.IntN(len(c))]
}

func (g *gen) fillApp(r *rand.Rand, u *unit, a *app, y int) {
	a.typ = applicantTypes[draw.Weighted(r, applicantWeights...)]
	a.applicant = maskedApplicant(r, a.typ)
	a.channel = []string{"网络", "邮寄", "当面", "信函", "传真"}[draw.Weighted(r, 50, 22, 20, 5, 3)]
	a.content = appContent(r, u, y)
}

var typeSpellings = map[string][]string{
	"自然人":    {"自然人", "自然人", "自然人", "个人", "公民"},
	"商业企业":   {"商业企业", "商业企业", "企业", "公司"},
	"法律服务机构": {"法律服务机构", "律师事务所", "律所"},
	"社会公益组织": {"社会公益组织", "公益组织"},
	"科研机构":   {"科研机构"},
	"其他":     {"其他"},
}

var channelSpellings = map[string][]string{
	"网络": {"网络", "网络", "网上申请", "在线"},
	"邮寄": {"邮寄", "邮寄", "挂号信", "邮政"},
	"当面": {"当面", "当面提交", "现场"},
	"信函": {"信函"},
	"传真": {"传真"},
}

func appRecs(r *rand.Rand, apps []*app, y int) []rec {
	var out []rec
	for i, a := range apps {
		x := rec{
			"seq": num(i + 1), "app_no": txt(a.no), "received": dt(a.received), "applicant": txt(a.applicant),
			"applicant_type": txt(draw.Pick(r, typeSpellings[a.typ]...)), "channel": txt(draw.Pick(r, channelSpellings[a.channel]...)),
			"content": txt(a.content), "extended": yes(a.extended), "fee": cell{},
		}
		if !a.notice.IsZero() {
			x["correction_notice"] = dt(a.notice)
		}
		if !a.done.IsZero() {
			x["correction_done"] = dt(a.done)
		}
		if a.consult > 0 {
			x["consult_days"] = num(a.consult)
		}
		if !a.replied.IsZero() {
			x["replied"] = dt(a.replied)
			x["outcome"] = outcome(a.outcome)
		}
		if a.received.Year() < y {
			x["note"] = txt("上年结转")
		}
		out = append(out, x)
	}
	return out
}

// ---- 2. disclosures ----

func (g *gen) disclosures(u *unit, y int) []rec {
	r := newRand("disclosures", u.Name, strconv.Itoa(y))
	n := draw.BySize(r, u.Size, [3][2]int{{12, 18}, {18, 30}, {28, 40}})
	if u == g.c.Gov {
		n = draw.Between(r, 40, 52)
	}
	perMonth := draw.PerMonth(r, n)
	if g.flaw(u, y, "empty_month") {
		var empty []string
		for k := 0; k < 1+r.IntN(2); k++ {
			m := draw.Between(r, 1, 10) // February to November
			if perMonth[m] > 0 {
				perMonth[m] = 0
				empty = append(empty, strconv.Itoa(m+1)+"月")
			}
		}
		g.note(u, y, "disclosures", "empty_month", "", "无发布的月份："+strings.Join(empty, "、"))
	}
	// Three without secrecy review is a veto: only the poorest units get there.
	late, noReview := draw.Flaws(r, perMonth, g.flaw(u, y, "late_publish"), g.flaw(u, y, "no_secrecy_review"), u.Tier == 3, 0.5)
	cats := categoriesFor(u)
	reviewer := person(r)
	usedTitles := map[string]bool{}
	var out []rec
	i := 0
	for m := 1; m <= 12; m++ {
		var days []time.Time
		for k := 0; k < perMonth[m-1]; k++ {
			days = append(days, draw.Weekday(draw.Day(y, m, draw.Between(r, 1, 26))))
		}
		slices.SortFunc(days, func(a, b time.Time) int { return a.Compare(b) })
		for _, pub := range days {
			cat := draw.Pick(r, cats...)
			formed := draw.AddDays(pub, -draw.Between(r, 0, 8))
			if late[i] && pub.After(draw.Day(y, 3, 15)) {
				formed = draw.AddDays(pub, -draw.Between(r, 45, 70))
			}
			title := disclosureTitle(r, u, cat, y, m)
			for tries := 0; usedTitles[title] && tries < 10; tries++ {
				cat = draw.Pick(r, "工作动态", "通知公告", cat)
				title = disclosureTitle(r, u, cat, y, m)
			}
			if usedTitles[title] {
				cat = "工作动态"
				title = fmt.Sprintf("%s工作动态（%d年第%d期）", u.Short, y, i+1)
			}
			usedTitles[title] = true
			x := rec{
				"seq": num(i + 1), "title": txt(title),
				"index_no": txt(fmt.Sprintf("%s/%d-%05d", u.Code[8:17], y, i+1)),
				"category": txt(cat), "formed": dt(formed), "published": dt(pub),
				"channel":        txt(draw.Pick(r, "政府网站", "政府网站", "政府网站、政务新媒体", "政府网站、公开栏")),
				"url":            txt(fmt.Sprintf("https://www.pingan-county.example/zwgk/%s/%s/t%s_%d.html", lower(u.AppPfx), pub.Format("200601"), pub.Format("20060102"), 4000+r.IntN(6000))),
				"reviewer":       txt(reviewer),
				"secrecy_review": yes(!noReview[i]),
			}
			if cat == "政策文件" {
				x["doc_no"] = txt(fmt.Sprintf("%s发〔%d〕%d号", u.Doc, y, draw.Between(r, 1, 40)))
			}
			if late[i] && pub.After(draw.Day(y, 3, 15)) {
				g.note(u, y, "disclosures", "late_publish", title, fmt.Sprintf("形成 %s，发布 %s", ymd(formed), ymd(pub)))
			}
			if noReview[i] {
				g.note(u, y, "disclosures", "no_secrecy_review", title, "保密审查：否")
			}
			out = append(out, x)
			i++
		}
	}
	// The previous year's annual report (年度报告), due by 31 January
	// (31 March for the county government).
	due := draw.Day(y, 1, 31)
	if u.Type == "县级政府" {
		due = draw.Day(y, 3, 31)
	}
	pub := draw.Weekday(draw.Day(y, 1, draw.Between(r, 8, 26)))
	if g.flaw(u, y, "late_annual_report") {
		pub = draw.Weekday(draw.AddDays(due, draw.Between(r, 6, 40)))
		for perMonth[pub.Month()-1] == 0 {
			pub = draw.Weekday(draw.AddDays(pub, 20))
		}
	}
	title := fmt.Sprintf("%s%d年政府信息公开工作年度报告", u.Name, y-1)
	if pub.After(due) {
		g.note(u, y, "disclosures", "late_annual_report", title, "发布 "+ymd(pub)+"，应于 "+ymd(due)+" 前")
	}
	x := rec{"title": txt(title), "index_no": txt(fmt.Sprintf("%s/%d-%05d", u.Code[8:17], y, i+1)), "category": txt("年度报告"),
		"formed": dt(draw.AddDays(pub, -draw.Between(r, 1, 5))), "published": dt(pub), "channel": txt("政府网站"),
		"url": txt(fmt.Sprintf("https://www.pingan-county.example/zwgk/%s/ndbg/%d.html", lower(u.AppPfx), y-1)), "reviewer": txt(reviewer), "secrecy_review": yes(true)}
	at := len(out)
	for k, o := range out {
		if o["published"].t.After(pub) {
			at = k
			break
		}
	}
	out = slices.Insert(out, at, x)
	return out
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

// ---- 3. documents ----

func (g *gen) documents(u *unit, y int) []rec {
	r := newRand("documents", u.Name, strconv.Itoa(y))
	var nNorm, nOther int
	switch {
	case u == g.c.Gov:
		nNorm, nOther = draw.Between(r, 4, 7), draw.Between(r, 2, 4)
	case u == g.c.Office:
		nNorm, nOther = draw.Between(r, 2, 4), draw.Between(r, 2, 3)
	case u.town():
		nNorm, nOther = 0, draw.Between(r, 0, 2)
	case u.Size >= 2:
		nNorm, nOther = draw.Between(r, 0, 3), draw.Between(r, 0, 2)
	default:
		nNorm, nOther = draw.Weighted(r, 3, 1), draw.Weighted(r, 2, 1)
	}
	doc := u.Doc + "发"
	if u == g.c.Gov {
		doc = "平政发"
	}
	missing := g.flaw(u, y, "missing_interp")
	lateI := g.flaw(u, y, "late_interp")
	var out []rec
	seq := draw.Between(r, 1, 5)
	interpreter := u.Short + draw.Pick(r, "主要负责人", "分管负责人", "政策起草科室负责人")
	usedNames := map[string]bool{}
	for i := 0; i < nNorm+nOther; i++ {
		norm := i < nNorm
		issued := draw.Weekday(draw.RandDay(r, draw.Day(y, 1, 10), draw.Day(y, 12, 5)))
		pub := draw.Weekday(draw.AddDays(issued, draw.Between(r, 1, 5)))
		name := docName(r, u, norm)
		for tries := 0; usedNames[name] && tries < 20; tries++ {
			name = docName(r, u, norm)
		}
		usedNames[name] = true
		x := rec{"seq": num(i + 1), "doc_name": txt(name), "doc_no": txt(fmt.Sprintf("%s〔%d〕%d号", doc, y, seq)),
			"issued": dt(issued), "published": dt(pub), "disclosure_attr": txt(draw.Pick(r, "主动公开", "主动公开", "主动公开", "主动"))}
		seq += draw.Between(r, 1, 6)
		if norm {
			x["doc_type"] = txt(draw.Pick(r, "行政规范性文件", "行政规范性文件", "规范性文件"))
		} else {
			x["doc_type"] = txt(draw.Pick(r, "其他政策文件", "其他政策文件", "政策文件"))
		}
		interp := norm || draw.Chance(r, 0.4)
		if norm && missing {
			interp = false
			missing = false
			g.note(u, y, "documents", "missing_interp", name, "行政规范性文件未解读")
		}
		if interp {
			when := pub
			if draw.Chance(r, 0.35) {
				when = draw.AddDays(pub, draw.Between(r, 1, 2))
			}
			if norm && lateI {
				lateI = false
				when = draw.AddDays(pub, draw.Between(r, 15, 30))
				g.note(u, y, "documents", "late_interp", name, fmt.Sprintf("公开 %s，解读 %s", ymd(pub), ymd(when)))
			}
			x["interpreted"] = dt(when)
			x["interp_form"] = txt(draw.Pick(r, "文字", "文字解读", "图解", "文字、图解", "图文", "视频", "文字、问答", "在线访谈"))
			x["interpreter"] = txt(interpreter)
		}
		if !norm && draw.Chance(r, 0.12) {
			if draw.Chance(r, 0.5) {
				x["disclosure_attr"] = txt("不予公开")
				x["nondisclosure_reason"] = txt(draw.Pick(r, "内部管理事项", "涉及工作秘密", "过程性信息"))
			} else {
				x["disclosure_attr"] = txt("依申请公开")
			}
			x["published"] = cell{}
			delete(x, "interpreted")
			delete(x, "interp_form")
			delete(x, "interpreter")
		}
		out = append(out, x)
	}
	slices.SortStableFunc(out, func(a, b rec) int { return a["issued"].t.Compare(b["issued"].t) })
	// An older document repealed this year.
	if (u == g.c.Gov || u == g.c.Office || u.Size >= 2 && !u.town()) && draw.Chance(r, 0.35) {
		old := draw.Weekday(draw.Day(draw.Between(r, 2016, 2021), draw.Between(r, 1, 12), draw.Between(r, 1, 28)))
		out = append(out, rec{"doc_name": txt(docName(r, u, true)), "doc_no": txt(fmt.Sprintf("%s〔%d〕%d号", doc, old.Year(), draw.Between(r, 1, 30))),
			"doc_type": txt("行政规范性文件"), "issued": dt(old), "published": dt(draw.Weekday(draw.AddDays(old, 3))),
			"repealed": dt(draw.Weekday(draw.RandDay(r, draw.Day(y, 2, 1), draw.Day(y, 11, 30)))), "disclosure_attr": txt("主动公开")})
	}
	for i, x := range out {
		x["seq"] = num(i + 1)
	}
	return out
}

// ---- 4. enforcement ----

var enfItems = []struct{ power, name string }{{"许", "行政许可"}, {"处", "行政处罚"}, {"强", "行政强制"}, {"收", "行政事业性收费"}}

func (g *gen) enforcement(u *unit, y int) []rec {
	r := newRand("enforcement", u.Name, strconv.Itoa(y))
	var out []rec
	scale := []float64{0, 0.3, 1, 3}[u.Size]
	if u.AppPfx == "SP" {
		scale = 8
	}
	if u.town() {
		scale = 0.15
	}
	for i, it := range enfItems {
		x := rec{"seq": num(i + 1), "item": txt(draw.Pick(r, it.name, it.name, it.name, []string{"许可", "处罚", "强制", "收费"}[i]))}
		if !u.has(it.power) {
			x["count"] = draw.Pick(r, num(0), txt("/"), cell{})
			x["amount"] = draw.Pick(r, txt("/"), cell{})
			out = append(out, x)
			continue
		}
		base := []int{600, 120, 15, 300}[i]
		c := int(float64(base)*scale*(0.6+0.8*r.Float64())) + r.IntN(3)
		x["count"] = num(c)
		x["amount"] = draw.Pick(r, txt("/"), cell{})
		if it.power == "收" {
			x["amount"] = dec(math.Round(float64(c)*(0.05+0.3*r.Float64())*100) / 100)
		}
		out = append(out, x)
	}
	return out
}

// ---- 5. appeals ----

func (g *gen) appeals(u *unit, y int) []rec {
	r := newRand("appeals", u.Name, strconv.Itoa(y))
	corrected := g.flaw(u, y, "appeal_corrected")
	var out []rec
	n := 0
	for _, a := range g.apps[key(u, y)] {
		if a.replied.IsZero() || a.outcome == "1" {
			continue
		}
		recv, typ, ok := draw.Appeal(r, a.replied, y)
		if !ok {
			continue
		}
		n++
		var no string
		if typ == "行政复议" {
			no = fmt.Sprintf("平政复〔%d〕%d号", y, draw.Between(r, 3, 90))
		} else {
			no = fmt.Sprintf("（%d）平0721行初%d号", y, draw.Between(r, 5, 120))
		}
		res, took := draw.AppealResult(r, recv, y, corrected)
		if took {
			corrected = false
			g.note(u, y, "appeals", "appeal_corrected", no, "关联申请 "+a.no)
		}
		out = append(out, rec{"seq": num(n), "case_no": txt(no), "case_type": txt(typ), "received": dt(recv), "result": txt(res),
			"related_app": txt(a.no), "cause": txt("不服" + u.Short + "政府信息公开答复")})
	}
	return out
}

// ---- 7. media ----

func (g *gen) media(u *unit, y int) []rec {
	r := newRand("media", u.Name, strconv.Itoa(y))
	accts := slices.Clone(u.Accts)
	dup := false
	if len(accts) > 0 && g.flaw(u, y, "duplicate_account") {
		dup = true
		accts = append(accts, account{accts[0].Name + "服务号", "微信公众号"})
		g.note(u, y, "media", "duplicate_account", accts[len(accts)-1].Name, "同一平台开设第二个微信公众号，且更新稀疏")
	}
	gap2 := g.flaw(u, y, "media_gap_2w")
	gaps1 := !gap2 && g.flaw(u, y, "media_gaps_1w")
	var out []rec
	for ai, a := range accts {
		sparse := dup && ai == len(accts)-1
		var days []time.Time
		d := draw.Day(y, 1, draw.Between(r, 1, 4))
		maxStep := 6
		if u.Size == 3 || u == g.c.Office {
			maxStep = 4
		}
		bigGap := -1
		if gap2 && ai == 0 {
			bigGap = draw.Between(r, 15, 35)
		}
		smallGaps := map[int]bool{}
		if gaps1 && ai == 0 {
			for len(smallGaps) < 4 {
				smallGaps[draw.Between(r, 6, 60)] = true
			}
		}
		last := draw.Day(y, 12, draw.Between(r, 27, 31))
		var gapNote []string
		for i := 0; !d.After(last); i++ {
			days = append(days, d)
			step := draw.Between(r, 1, maxStep)
			switch {
			case sparse:
				step = draw.Between(r, 16, 40)
			case i == bigGap:
				step = draw.Between(r, 16, 28)
				gapNote = append(gapNote, fmt.Sprintf("%s 至 %s 间隔 %d 天", ymd(d), ymd(draw.AddDays(d, step)), step))
			case smallGaps[i]:
				step = draw.Between(r, 8, 12)
				gapNote = append(gapNote, fmt.Sprintf("%s 至 %s 间隔 %d 天", ymd(d), ymd(draw.AddDays(d, step)), step))
			}
			next := draw.AddDays(d, step)
			if next.After(last) && !d.Equal(last) && !sparse {
				next = last
			}
			d = next
		}
		if len(gapNote) > 0 {
			name := "media_gap_2w"
			if gaps1 {
				name = "media_gaps_1w"
			}
			g.note(u, y, "media", name, a.Name+"（"+a.Platform+"）", strings.Join(gapNote, "、"))
		}
		for _, d := range days {
			out = append(out, rec{"account": txt(a.Name), "platform": txt(platformSpelling(r, a.Platform)), "posted": dt(d), "title": txt(mediaTitle(r, u, a))})
		}
	}
	return out
}

func platformSpelling(r *rand.Rand, p string) string {
	switch p {
	case "微信公众号":
		return draw.Pick(r, "微信公众号", "微信公众号", "微信公众号", "微信", "公众号")
	case "微博":
		return draw.Pick(r, "微博", "微博", "新浪微博")
	case "今日头条":
		return draw.Pick(r, "今日头条", "头条号")
	case "客户端":
		return draw.Pick(r, "客户端", "APP")
	}
	return p
}

// ---- 8. activities ----

var actTypes = []string{"市民代表列席会议", "政府开放日/公众开放活动", "政务公开专题培训", "主要负责人听取政务公开汇报", "新闻发布会", "政策解读活动", "其他"}

var actSpellings = map[string][]string{
	"市民代表列席会议":      {"市民代表列席会议", "市民代表列席会议", "列席会议"},
	"政府开放日/公众开放活动":  {"政府开放日/公众开放活动", "政府开放日", "公众开放活动", "开放日"},
	"政务公开专题培训":      {"政务公开专题培训", "政务公开专题培训", "专题培训", "培训"},
	"主要负责人听取政务公开汇报": {"主要负责人听取政务公开汇报", "听取政务公开汇报", "听取汇报"},
	"新闻发布会":         {"新闻发布会", "发布会"},
	"政策解读活动":        {"政策解读活动", "解读活动"},
	"其他":            {"其他"},
}

func (g *gen) activities(u *unit, y int) []rec {
	r := newRand("activities", u.Name, strconv.Itoa(y))
	counts := []int{draw.Between(r, 2, 3), draw.Between(r, 1, 2), draw.Between(r, 1, 2), 1, 0, draw.Between(r, 0, 2), draw.Between(r, 0, 1)}
	if u.Size >= 2 || u == g.c.Office {
		counts[4] = draw.Between(r, 0, 2)
	}
	if g.flaw(u, y, "activity_min") {
		i := draw.Weighted(r, 4, 2, 2, 2)
		what := []string{"市民代表列席会议仅 1 次（要求至少 2 次）", "未举办政府开放日/公众开放活动", "未开展政务公开专题培训", "主要负责人未听取政务公开汇报"}[i]
		counts[i] = 0
		if i == 0 {
			counts[0] = 1
		}
		g.note(u, y, "activities", "activity_min", actTypes[i], what)
	}
	var out []rec
	for t, n := range counts {
		for k := 0; k < n; k++ {
			d := draw.Weekday(draw.RandDay(r, draw.Day(y, 2, 20), draw.Day(y, 12, 20)))
			typ := actTypes[t]
			out = append(out, rec{"act_type": txt(draw.Pick(r, actSpellings[typ]...)), "held": dt(d),
				"name": txt(fmt.Sprintf(draw.Pick(r, activityNames[typ]...), u.Short)), "participants": num(draw.Between(r, 8, 120)),
				"evidence": txt(draw.Pick(r, "会议纪要", "签到表、照片", "通知文件及照片", "会议记录", "新闻稿链接"))})
		}
	}
	return inOrderOf(out, "held")
}

// ---- 9. responses ----

func (g *gen) responses(u *unit, y int) []rec {
	r := newRand("responses", u.Name, strconv.Itoa(y))
	n := draw.BySize(r, u.Size, [3][2]int{{3, 6}, {5, 10}, {8, 14}})
	if u == g.c.Office {
		n = draw.Between(r, 10, 16)
	}
	lateIdx, noIdx := -1, -1
	if g.flaw(u, y, "late_response") {
		lateIdx = r.IntN(n)
	}
	if g.flaw(u, y, "no_response") {
		noIdx = r.IntN(n)
	}
	var out []rec
	for i := 0; i < n; i++ {
		src := []string{"12345", "县长信箱", "留言板", "舆情监测", "其他"}[draw.Weighted(r, 60, 14, 10, 12, 4)]
		if src == "留言板" && len(u.Accts) == 0 {
			src = "12345"
		}
		level := "一般"
		if src == "舆情监测" && draw.Chance(r, 0.35) {
			level = draw.Pick(r, "重大", "较大")
		}
		recv := draw.RandDay(r, draw.Day(y, 1, 2), draw.Day(y, 12, 18)).Add(time.Duration(draw.Between(r, 7*60, 22*60)) * time.Minute)
		var resp time.Time
		if level == "一般" {
			resp = recv.Add(time.Duration(draw.Between(r, 30, 46*60)) * time.Minute)
		} else {
			resp = recv.Add(time.Duration(draw.Between(r, 40, 240)) * time.Minute)
		}
		subj := draw.Pick(r, responseSubjects...)
		ref := fmt.Sprintf("%s %s", recv.Format("2006-01-02 15:04"), subj)
		switch i {
		case lateIdx:
			if level == "一般" {
				resp = recv.Add(time.Duration(draw.Between(r, 15, 25)*24) * time.Hour)
			} else {
				resp = recv.Add(time.Duration(draw.Between(r, 30, 50)) * time.Hour)
			}
			g.note(u, y, "responses", "late_response", ref, fmt.Sprintf("%s级，%s 收到，%s 回应", level, recv.Format("2006-01-02 15:04"), resp.Format("2006-01-02 15:04")))
		case noIdx:
			resp = time.Time{}
			g.note(u, y, "responses", "no_response", ref, "回应时间空白")
		}
		x := rec{"seq": num(i + 1), "source": txt(draw.Spelling(r, sourceSpellings, src)), "received_at": dtm(recv), "level": txt(level), "subject": txt(subj)}
		if !resp.IsZero() {
			x["responded_at"] = dtm(resp)
		}
		out = append(out, x)
	}
	return inOrderOf(out, "received_at")
}

// inOrderOf sorts recs by the date in field (stable: records of one day keep
// the order they were drawn in) and numbers them 1, 2, … in seq.
func inOrderOf(recs []rec, field string) []rec {
	slices.SortStableFunc(recs, func(a, b rec) int { return a[field].t.Compare(b[field].t) })
	for i, x := range recs {
		x["seq"] = num(i + 1)
	}
	return recs
}

// sourceSpellings are how offices write each source (12345 twice: the most
// common).
var sourceSpellings = map[string][]string{
	"12345": {"12345", "12345", "12345热线", "县长热线"},
	"县长信箱":  {"县长信箱", "领导信箱"},
	"留言板":   {"留言板", "网上留言"},
	"舆情监测":  {"舆情监测", "舆情"},
}
