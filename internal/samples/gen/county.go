package main

import (
	"fmt"
	"slices"
	"strings"

	"gongkai/ingest"
)

// The fictional 平安县: one county government, its office, 15 townships and
// streets and 40 departments. Everything here is invented; the credit codes
// use the unassigned region code 990721 so they cannot be a real unit's.

const (
	countyName = "平安县"
	groupA     = "A类 乡镇街道"
	groupB     = "B类 县直部门"
	regionCode = "990721"
)

// account is one 政务新媒体 account of a unit.
type account struct {
	Name     string
	Platform string
}

// unit is one registry entry plus what the generator needs to invent its
// ledgers.
type unit struct {
	Name    string   // 单位名称
	Aliases []string // 简称/别名
	Code    string   // 统一社会信用代码
	Type    string   // 县级政府 / 乡镇 / 街道 / 部门
	Group   string   // 考核分组
	Parent  string   // 上级单位
	Short   string   // the name clerks write in titles and file names (first alias)
	Doc     string   // 发文代字, for 文号: 平财发〔2024〕3号
	AppPfx  string   // prefix of its 申请编号
	Size    int      // 1 small … 3 large: volume of applications and disclosures
	Powers  string   // enforcement items it reports: 许 处 强 收
	Tier    int      // 0 exemplary … 3 poor: how often its ledgers carry defects
	Inst    bool     // 事业单位 (credit code 12…) rather than 机关 (11…)
	Accts   []account
	Idx     int
}

type unitDef struct {
	name, aliases, doc, app string
	size                    int
	powers                  string
	tier                    int
	inst                    bool
	accts                   []account
}

func acc(pairs ...string) []account {
	var out []account
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, account{pairs[i], pairs[i+1]})
	}
	return out
}

var townDefs = []unitDef{
	{"平安县城关镇人民政府", "城关镇、城关镇政府", "城政", "CG", 3, "许处", 0, false, acc("城关发布", "微信公众号", "城关融媒", "抖音")},
	{"平安县青石镇人民政府", "青石镇、青石镇政府", "青政", "QS", 2, "许处", 1, false, acc("青石发布", "微信公众号")},
	{"平安县白沙镇人民政府", "白沙镇、白沙镇政府", "白政", "BS", 2, "许处", 2, false, acc("白沙发布", "微信公众号")},
	{"平安县柳河镇人民政府", "柳河镇、柳河镇政府", "柳政", "LH", 2, "许处", 1, false, acc("柳河发布", "微信公众号")},
	{"平安县龙泉镇人民政府", "龙泉镇、龙泉镇政府", "龙政", "LQ", 2, "许处", 2, false, acc("龙泉发布", "微信公众号", "龙泉视界", "抖音")},
	{"平安县石桥镇人民政府", "石桥镇、石桥镇政府", "石政", "SQ", 1, "许处", 3, false, acc("石桥发布", "微信公众号")},
	{"平安县枫林乡人民政府", "枫林乡、枫林乡政府", "枫政", "FL", 1, "许处", 1, false, acc("枫林发布", "微信公众号")},
	{"平安县桃源乡人民政府", "桃源乡、桃源乡政府", "桃政", "TY", 1, "许处", 2, false, acc("桃源乡发布", "微信公众号")},
	{"平安县云岭乡人民政府", "云岭乡、云岭乡政府", "云政", "YL", 1, "处", 3, false, acc("云岭发布", "微信公众号")},
	{"平安县双溪乡人民政府", "双溪乡、双溪乡政府", "溪政", "SX", 1, "许处", 1, false, acc("双溪发布", "微信公众号")},
	{"平安县梨花乡人民政府", "梨花乡、梨花乡政府", "梨政", "LHX", 1, "处", 2, false, acc("梨花发布", "微信公众号")},
	{"平安县马坪乡人民政府", "马坪乡、马坪乡政府", "马政", "MP", 1, "处", 3, false, nil},
	{"平安县东城街道办事处", "东城街道、东城街道办", "东办", "DC", 3, "许处", 0, false, acc("东城发布", "微信公众号")},
	{"平安县西城街道办事处", "西城街道、西城街道办", "西办", "XC", 2, "许处", 1, false, acc("西城发布", "微信公众号")},
	{"平安县南关街道办事处", "南关街道、南关街道办", "南办", "NG", 2, "处", 2, false, acc("南关发布", "微信公众号")},
}

var deptDefs = []unitDef{
	{"平安县发展和改革局", "县发改局、发改局", "平发改", "FG", 2, "许收", 1, false, acc("平安发改", "微信公众号")},
	{"平安县教育局", "县教育局、教育局", "平教", "JY", 2, "许处", 0, false, acc("平安教育", "微信公众号", "平安教育", "抖音")},
	{"平安县科学技术和工业信息化局", "县科工信局、科工信局", "平科工信", "KG", 1, "许", 1, false, nil},
	{"平安县公安局", "县公安局、公安局", "平公", "GA", 3, "许处强收", 1, false, acc("平安公安", "微信公众号", "平安警方", "抖音", "平安公安在线", "微博")},
	{"平安县民政局", "县民政局、民政局", "平民", "MZ", 2, "许处", 2, false, acc("平安民政", "微信公众号")},
	{"平安县司法局", "县司法局、司法局", "平司", "SF", 1, "许", 1, false, acc("平安司法", "微信公众号")},
	{"平安县财政局", "县财政局、财政局", "平财", "CZ", 2, "处收", 0, false, acc("平安财政", "微信公众号")},
	{"平安县人力资源和社会保障局", "县人社局、人社局", "平人社", "RS", 2, "许处收", 1, false, acc("平安人社", "微信公众号")},
	{"平安县自然资源局", "县自然资源局、自然资源局", "平自然资源", "ZR", 3, "许处强收", 2, false, acc("平安自然资源", "微信公众号")},
	{"平安县生态环境局", "县生态环境局、生态环境局", "平环", "HB", 2, "许处强", 1, false, acc("平安生态环境", "微信公众号")},
	{"平安县住房和城乡建设局", "县住建局、住建局", "平建", "ZJ", 3, "许处强收", 2, false, acc("平安住建", "微信公众号")},
	{"平安县交通运输局", "县交通运输局、交通运输局", "平交", "JT", 2, "许处强收", 2, false, acc("平安交通", "微信公众号")},
	{"平安县水利局", "县水利局、水利局", "平水", "SL", 1, "许处收", 1, false, acc("平安水利", "微信公众号")},
	{"平安县农业农村局", "县农业农村局、农业农村局", "平农", "NY", 2, "许处强", 1, false, acc("平安农业农村", "微信公众号")},
	{"平安县商务局", "县商务局、商务局", "平商", "SW", 1, "许处", 2, false, nil},
	{"平安县文化和旅游局", "县文旅局、文旅局", "平文旅", "WL", 1, "许处", 1, false, acc("平安文旅", "微信公众号", "游平安", "抖音")},
	{"平安县卫生健康局", "县卫健局、卫健局", "平卫健", "WJ", 2, "许处收", 0, false, acc("健康平安", "微信公众号")},
	{"平安县退役军人事务局", "县退役军人事务局、县退役军人局", "平退役", "TYJ", 1, "", 2, false, acc("平安退役军人", "微信公众号")},
	{"平安县应急管理局", "县应急管理局、县应急局、应急局", "平应急", "YJ", 2, "许处强", 1, false, acc("平安应急", "微信公众号")},
	{"平安县审计局", "县审计局、审计局", "平审", "SJ", 1, "", 0, false, nil},
	{"平安县市场监督管理局", "县市场监管局、市场监管局", "平市监", "SC", 3, "许处强收", 1, false, acc("平安市场监管", "微信公众号")},
	{"平安县统计局", "县统计局、统计局", "平统", "TJ", 1, "处", 1, false, nil},
	{"平安县医疗保障局", "县医保局、医保局", "平医保", "YB", 2, "处", 1, false, acc("平安医保", "微信公众号")},
	{"平安县林业局", "县林业局、林业局", "平林", "LY", 1, "许处", 3, false, acc("平安林业", "微信公众号")},
	{"平安县行政审批服务局", "县行政审批服务局、县审批局、审批局", "平审批", "SP", 2, "许", 0, false, acc("平安政务服务", "微信公众号")},
	{"平安县综合行政执法局", "县综合行政执法局、县综合执法局、综合执法局", "平综执", "ZF", 2, "处强", 2, false, acc("平安城管", "微信公众号")},
	{"平安县信访局", "县信访局、信访局", "平访", "XF", 1, "", 1, false, nil},
	{"平安县乡村振兴局", "县乡村振兴局、乡村振兴局", "平振兴", "XZ", 1, "", 2, false, nil},
	{"平安县机关事务服务中心", "县机关事务服务中心、县机关事务中心", "平机事", "JG", 1, "", 1, true, nil},
	{"平安县人民防空办公室", "县人防办、人防办", "平人防", "RF", 1, "许处收", 3, false, nil},
	{"平安县档案馆", "县档案馆、档案馆", "平档", "DA", 1, "", 1, true, nil},
	{"平安县融媒体中心", "县融媒体中心、融媒体中心", "平融媒", "RM", 1, "", 1, true, acc("平安融媒", "微信公众号", "爱平安", "客户端", "平安头条", "今日头条")},
	{"平安县供销合作社联合社", "县供销社、供销社", "平供销", "GX", 1, "", 3, true, nil},
	{"平安县粮食和物资储备局", "县粮储局、粮储局", "平粮", "LC", 1, "处", 2, false, nil},
	{"平安县地方金融监督管理局", "县金融局、县地方金融监管局", "平金融", "JR", 1, "", 2, false, nil},
	{"平安县数据资源管理局", "县数据资源管理局、县数据局", "平数据", "SZ", 1, "", 0, false, acc("数字平安", "微信公众号")},
	{"平安县体育事业发展中心", "县体育中心、县体育事业发展中心", "平体", "TYZ", 1, "", 2, true, nil},
	{"平安县民族宗教事务局", "县民宗局、民宗局", "平民宗", "MZZ", 1, "许处", 1, false, nil},
	{"平安县投资促进局", "县投促局、投促局", "平投促", "TC", 1, "", 2, false, nil},
	{"平安县国有资产服务中心", "县国资中心、国资中心", "平国资", "GZ", 1, "", 1, true, nil},
}

// county is the registry in file order: the government, its office, the
// townships and streets, the departments.
type county struct {
	Units  []*unit
	Gov    *unit // 平安县人民政府
	Office *unit // 平安县人民政府办公室 (县政府办): keeps tasks and weights
}

func newCounty() *county {
	c := &county{}
	add := func(d unitDef, typ, group, parent string) *unit {
		u := &unit{Name: d.name, Aliases: strings.Split(d.aliases, "、"), Type: typ, Group: group, Parent: parent,
			Doc: d.doc, AppPfx: d.app, Size: d.size, Powers: d.powers, Tier: d.tier, Inst: d.inst, Accts: d.accts, Idx: len(c.Units)}
		u.Short = u.Aliases[0]
		c.Units = append(c.Units, u)
		return u
	}
	c.Gov = add(unitDef{"平安县人民政府", "县政府、县人民政府", "平政", "XZF", 3, "", 1, false, nil}, "县级政府", "", "")
	c.Office = add(unitDef{"平安县人民政府办公室", "县政府办、县政府办公室", "平政办", "ZFB", 1, "", 0, false,
		acc("平安发布", "微信公众号", "平安发布", "微博", "平安发布", "抖音")}, "部门", groupB, c.Gov.Name)
	for _, d := range townDefs {
		typ := "乡镇"
		if strings.HasSuffix(d.name, "办事处") {
			typ = "街道"
		}
		add(d, typ, groupA, c.Gov.Name)
	}
	for _, d := range deptDefs {
		add(d, "部门", groupB, c.Gov.Name)
	}
	r := newRand("credit-codes")
	for _, u := range c.Units {
		kind, body := "11", "0"
		if u.Inst {
			kind, body = "12", "MB"
		}
		for len(body) < 8 {
			body += string(rune('0' + r.IntN(10)))
		}
		last := "0123456789X"[r.IntN(11)]
		first17 := kind + regionCode + body + string(last)
		u.Code = first17 + string(ingest.CreditCheckChar(first17))
		if err := ingest.ValidCreditCode(u.Code); err != nil {
			panic(fmt.Sprintf("credit code of %s: %v", u.Name, err))
		}
	}
	return c
}

func (c *county) byName(name string) *unit {
	for _, u := range c.Units {
		if u.Name == name || slices.Contains(u.Aliases, name) {
			return u
		}
	}
	panic("no unit " + name)
}

// assessed reports whether a unit is in the year-end assessment (has a group).
func (u *unit) assessed() bool { return u.Group != "" }

func (u *unit) town() bool { return u.Group == groupA }

func (u *unit) has(power string) bool { return strings.Contains(u.Powers, power) }
