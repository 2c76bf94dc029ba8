package main

import (
	"gongkai/internal/samples/draw"
	"slices"
	"strconv"
)

// catalogItem is one item of the county's model 公开事项目录: the
// catalogue each township drew up from the national guidelines, which a
// department keeps for its own domains. Item names are chosen to be found
// in the titles the disclosures generator writes (部门预算公开, 低保对象的
// 公示, …), so that the measures find their publications; some are never
// published (高龄津贴, 救灾) and some are published less often than their
// 公开时限 asks (社会救助资金发放情况, every quarter).
type catalogItem struct {
	domain, item, content, basis, limit, method, channel, audience string
}

var catalogItems = []catalogItem{
	{"财政预决算", "部门预算", "部门预算收支总表、“三公”经费预算及说明", "《中华人民共和国预算法》第十四条", "每年3月底前", "主动公开", "政府网站", "全社会"},
	{"财政预决算", "部门决算", "部门决算收支总表、“三公”经费决算及说明", "《中华人民共和国预算法》第十四条", "每年9月底前", "主动公开", "政府网站", "全社会"},
	{"社会救助", "低保对象", "低保对象姓名、保障人数、保障金额", "《社会救助暂行办法》", "信息形成之日起20个工作日内", "主动公开", "政府网站、村务公开栏", "全社会"},
	{"社会救助", "临时救助对象", "救助对象、救助事由、救助金额", "《社会救助暂行办法》", "信息形成之日起20个工作日内", "主动公开", "政府网站、村务公开栏", "全社会"},
	{"社会救助", "社会救助资金发放情况", "发放对象类别、人数、金额", "《社会救助暂行办法》", "每季度", "主动公开", "政府网站", "全社会"},
	{"养老服务", "高龄津贴发放情况", "发放对象、标准、金额", "省高龄津贴制度实施办法", "每季度末", "主动公开", "村务公开栏", "全社会"},
	{"涉农补贴", "耕地地力保护补贴", "补贴对象、面积、标准、金额", "财政部 农业农村部关于耕地地力保护补贴的通知", "信息形成之日起20个工作日内", "主动公开", "政府网站、村务公开栏", "全社会"},
	{"农村危房改造", "危房改造对象", "改造对象、补助标准、改造方式", "《农村危房改造基本安全技术导则》", "信息形成之日起20个工作日内", "主动公开", "村务公开栏", "全社会"},
	{"征地补偿", "征地补偿安置公示", "征收范围、补偿标准、安置方式", "《中华人民共和国土地管理法》第四十七条", "信息形成之日起20个工作日内", "主动公开", "政府网站", "全社会"},
	{"重大建设项目", "重大建设项目批准和实施信息", "批准服务信息、批准结果信息、招标投标信息", "《国务院办公厅关于推进重大建设项目批准和实施领域政府信息公开的意见》", "信息形成之日起20个工作日内", "主动公开", "政府网站", "全社会"},
	{"就业", "公开招聘", "招聘岗位、条件、程序", "《中华人民共和国就业促进法》", "实时", "主动公开", "政府网站", "全社会"},
	{"救灾", "救灾资金物资发放情况", "资金物资来源、数量、发放对象", "《自然灾害救助条例》", "常态化", "主动公开", "政府网站、村务公开栏", "全社会"},
	{"环境保护", "秸秆禁烧", "禁烧区域、时段、举报方式", "《中华人民共和国大气污染防治法》", "常态化", "主动公开", "政府网站", "全社会"},
	{"公共文化服务", "公共文化活动安排", "活动时间、地点、内容", "《中华人民共和国公共文化服务保障法》", "按上级要求公开", "主动公开", "政府网站", "全社会"},
}

// catalogDepts are the departments that keep a 公开事项目录 in the
// samples, with the domains of theirs.
var catalogDepts = map[string][]string{
	"县民政局": {"社会救助", "养老服务", "救灾"},
	"县财政局": {"财政预决算"},
	"县人社局": {"财政预决算", "就业"},
}

// catalogYear is the one year the samples carry the 公开事项目录: the
// year whose scheme scores it.
const catalogYear = 2024

// catalog: a township's items (a street has no 涉农补贴, 危房改造 or 征地),
// or a department's in its domains; by tier, an item lacking elements
// (catalog_missing_element) or a domain left out (catalog_domain_gap).
func (g *gen) catalog(u *unit, y int) []rec {
	r := newRand("catalog", u.Name, strconv.Itoa(y))
	domains, dept := catalogDepts[u.Short]
	var items []catalogItem
	for _, it := range catalogItems {
		switch {
		case dept && !slices.Contains(domains, it.domain):
		case !dept && u.Type == "街道" && (it.domain == "涉农补贴" || it.domain == "农村危房改造" || it.domain == "征地补偿"):
		default:
			items = append(items, it)
		}
	}
	if !dept && g.flaw(u, y, "catalog_domain_gap") {
		gap := draw.Pick(r, "养老服务", "救灾", "环境保护")
		items = slices.DeleteFunc(items, func(it catalogItem) bool { return it.domain == gap })
		g.note(u, y, "catalog", "catalog_domain_gap", gap, "目录未列入“"+gap+"”领域")
	}
	blank := map[int]string{}
	if g.flaw(u, y, "catalog_missing_element") {
		for n := 1 + r.IntN(2); len(blank) < n; {
			i := r.IntN(len(items))
			if _, ok := blank[i]; ok {
				continue
			}
			blank[i] = draw.Pick(r, "basis", "channel", "audience")
			g.note(u, y, "catalog", "catalog_missing_element", items[i].item, "缺少"+map[string]string{"basis": "公开依据", "channel": "公开渠道", "audience": "公开对象"}[blank[i]])
		}
	}
	var out []rec
	for i, it := range items {
		x := rec{"domain": txt(it.domain), "item": txt(it.item), "content": txt(it.content), "basis": txt(it.basis),
			"time_limit": txt(it.limit), "subject": txt(u.Name), "method": txt(it.method), "channel": txt(it.channel), "audience": txt(it.audience)}
		if f, ok := blank[i]; ok {
			delete(x, f)
		}
		out = append(out, x)
	}
	return out
}
