package province

import (
	"fmt"
	"gongkai/internal/samples/draw"
	"strings"
)

// The fictional province is made of counties shaped like the sample county
// 平安县: a county government (not assessed), its office (县政府办, which
// keeps the tasks and weights ledgers of the county), 15 townships and
// streets (A类 乡镇街道) and 40 departments (B类 县直部门) — 57 units. The
// last county is cut short so that the province has exactly Config.Units
// units. Every name and alias carries the county's name, so none is shared
// by two units of the province. Credit codes use unassigned region codes
// 99xxxx, so none is a real unit's.

const (
	// ProvinceName is the fictional province.
	ProvinceName = "云泽省"
	// GroupA and GroupB are the 考核分组 of the registry and of the schemes
	// (the same names as in the sample schemes).
	GroupA      = "A类 乡镇街道"
	GroupB      = "B类 县直部门"
	unitsPerCty = 57
)

type unitKind int

const (
	kGov    unitKind = iota // 县级政府
	kOffice                 // 县政府办
	kTown                   // 乡镇 / 街道
	kDept                   // 部门
)

// unit is one registry entry plus what the generator needs.
type unit struct {
	Idx     int // 0-based in the registry
	County  int
	Name    string
	Aliases []string
	Short   string // the name written in titles and file names
	Code    string
	Type    string
	Group   string
	Parent  string
	kind    unitKind
	Size    int    // 1 small … 3 large
	Powers  string // 许 处 强 收
	Accts   []account
	Pfx     string // 申请编号 prefix
	Doc     string // 发文代字
	Tier    int    // 0 exemplary … 3 poor
}

type account struct{ Name, Platform string }

func (u *unit) assessed() bool { return u.Group != "" }

type county struct {
	Idx    int
	Name   string // 青川县
	Stem   string // 青川
	Region string // 99xxxx
	Units  []*unit
	Gov    *unit
	Office *unit
}

// County names: two characters from these lists, in a fixed shuffled order.
var (
	cFirst  = []rune("青清白云龙凤金石松柳桃梅兰竹安宁永长新兴平和丰乐福泰华定广临")
	cSecond = []rune("川河山阳江源峰溪林水城原台泉宁州谷岭湖田坪关")
)

// Township stems; a county takes 15 of them (12 towns/乡, 3 streets).
var townStems = []string{"城关", "青石", "白沙", "柳河", "龙泉", "石桥", "枫林", "桃源", "云岭", "双溪", "梨花", "马坪", "黄岗", "杨柳", "新店",
	"高桥", "大河", "三合", "红旗", "花园", "古城", "沙坪", "长岭", "水口", "太平", "仁和", "金竹", "铁山", "观音", "永和"}

var streetStems = []string{"东城", "西城", "南关", "北门", "中山", "文昌", "新华", "城南"}

type deptDef struct {
	name, alias, doc, pfx string
	size                  int
	powers                string
	accts                 []string // platform of each account
	inst                  bool
}

// The 40 departments of a county, after the sample county's (samples/gen).
var deptDefs = []deptDef{
	{"发展和改革局", "发改局", "发改", "FG", 2, "许收", []string{"微信公众号"}, false},
	{"教育局", "教育局", "教", "JY", 2, "许处", []string{"微信公众号", "抖音"}, false},
	{"科学技术和工业信息化局", "科工信局", "科工信", "KG", 1, "许", nil, false},
	{"公安局", "公安局", "公", "GA", 3, "许处强收", []string{"微信公众号", "抖音", "微博"}, false},
	{"民政局", "民政局", "民", "MZ", 2, "许处", []string{"微信公众号"}, false},
	{"司法局", "司法局", "司", "SF", 1, "许", []string{"微信公众号"}, false},
	{"财政局", "财政局", "财", "CZ", 2, "处收", []string{"微信公众号"}, false},
	{"人力资源和社会保障局", "人社局", "人社", "RS", 2, "许处收", []string{"微信公众号"}, false},
	{"自然资源局", "自然资源局", "自然资源", "ZR", 3, "许处强收", []string{"微信公众号"}, false},
	{"生态环境局", "生态环境局", "环", "HB", 2, "许处强", []string{"微信公众号"}, false},
	{"住房和城乡建设局", "住建局", "建", "ZJ", 3, "许处强收", []string{"微信公众号"}, false},
	{"交通运输局", "交通运输局", "交", "JT", 2, "许处强收", []string{"微信公众号"}, false},
	{"水利局", "水利局", "水", "SL", 1, "许处收", []string{"微信公众号"}, false},
	{"农业农村局", "农业农村局", "农", "NY", 2, "许处强", []string{"微信公众号"}, false},
	{"商务局", "商务局", "商", "SW", 1, "许处", nil, false},
	{"文化和旅游局", "文旅局", "文旅", "WL", 1, "许处", []string{"微信公众号", "抖音"}, false},
	{"卫生健康局", "卫健局", "卫健", "WJ", 2, "许处收", []string{"微信公众号"}, false},
	{"退役军人事务局", "退役军人局", "退役", "TY", 1, "", []string{"微信公众号"}, false},
	{"应急管理局", "应急局", "应急", "YJ", 2, "许处强", []string{"微信公众号"}, false},
	{"审计局", "审计局", "审", "SJ", 1, "", nil, false},
	{"市场监督管理局", "市场监管局", "市监", "SC", 3, "许处强收", []string{"微信公众号"}, false},
	{"统计局", "统计局", "统", "TJ", 1, "处", nil, false},
	{"医疗保障局", "医保局", "医保", "YB", 2, "处", []string{"微信公众号"}, false},
	{"林业局", "林业局", "林", "LY", 1, "许处", []string{"微信公众号"}, false},
	{"行政审批服务局", "审批局", "审批", "SP", 2, "许", []string{"微信公众号"}, false},
	{"综合行政执法局", "综合执法局", "综执", "ZF", 2, "处强", []string{"微信公众号"}, false},
	{"信访局", "信访局", "访", "XF", 1, "", nil, false},
	{"乡村振兴局", "乡村振兴局", "振兴", "XZ", 1, "", nil, false},
	{"机关事务服务中心", "机关事务中心", "机事", "JG", 1, "", nil, true},
	{"人民防空办公室", "人防办", "人防", "RF", 1, "许处收", nil, false},
	{"档案馆", "档案馆", "档", "DA", 1, "", nil, true},
	{"融媒体中心", "融媒体中心", "融媒", "RM", 1, "", []string{"微信公众号", "客户端", "今日头条"}, true},
	{"供销合作社联合社", "供销社", "供销", "GX", 1, "", nil, true},
	{"粮食和物资储备局", "粮储局", "粮", "LC", 1, "处", nil, false},
	{"地方金融监督管理局", "金融局", "金融", "JR", 1, "", nil, false},
	{"数据资源管理局", "数据局", "数据", "SZ", 1, "", []string{"微信公众号"}, false},
	{"体育事业发展中心", "体育中心", "体", "TYZ", 1, "", nil, true},
	{"民族宗教事务局", "民宗局", "民宗", "MZZ", 1, "许处", nil, false},
	{"投资促进局", "投促局", "投促", "TC", 1, "", nil, false},
	{"国有资产服务中心", "国资中心", "国资", "GZ", 1, "", nil, true},
}

// creditAlphabet and creditWeights are GB 32100-2015's.
const creditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

func creditCheck(first17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(creditAlphabet, first17[i]) * creditWeights[i]
	}
	return creditAlphabet[(31-sum%31)%31]
}

// province builds the registry of n units.
func newProvince(n int, seed uint64) []*county {
	names := countyNames()
	var cs []*county
	idx := 0
	for ci := 0; idx < n; ci++ {
		stem := names[ci%len(names)]
		if ci >= len(names) {
			stem = fmt.Sprintf("%s%d", stem, ci/len(names)+1)
		}
		c := &county{Idx: ci, Stem: stem, Name: stem + "县", Region: fmt.Sprintf("99%04d", 1000+ci)}
		r := newRand(seed, "county", ci)
		tstems := shuffled(r, townStems)[:12]
		sstems := shuffled(r, streetStems)[:3]
		add := func(u *unit) bool {
			if idx >= n {
				return false
			}
			u.Idx, u.County = idx, ci
			idx++
			ur := newRand(seed, "unit", u.Idx)
			u.Tier = draw.Weighted(ur, 15, 45, 28, 12)
			if u.kind == kOffice {
				u.Tier = 0
			}
			if u.kind != kGov {
				u.Parent = c.Gov.Name
			}
			c.Units = append(c.Units, u)
			return true
		}
		c.Gov = &unit{Name: c.Name + "人民政府", Aliases: []string{c.Name + "政府"}, Type: "县级政府", kind: kGov, Size: 3, Pfx: "ZF", Doc: c.Stem + "政"}
		add(c.Gov)
		c.Office = &unit{Name: c.Name + "人民政府办公室", Aliases: []string{c.Name + "政府办", c.Name + "政府办公室"}, Type: "部门", Group: GroupB, kind: kOffice,
			Size: 1, Pfx: "ZFB", Doc: c.Stem + "政办", Accts: []account{{c.Stem + "发布", "微信公众号"}, {c.Stem + "发布", "微博"}, {c.Stem + "发布", "抖音"}}}
		add(c.Office)
		for i := 0; i < 15; i++ {
			var u *unit
			if i < 12 {
				suffix := "镇"
				if i >= 8 {
					suffix = "乡"
				}
				t := tstems[i] + suffix
				u = &unit{Name: c.Name + t + "人民政府", Aliases: []string{c.Name + t, c.Name + t + "政府"}, Type: "乡镇", Size: []int{3, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1}[i]}
			} else {
				t := sstems[i-12] + "街道"
				u = &unit{Name: c.Name + t + "办事处", Aliases: []string{c.Name + t, c.Name + t + "办"}, Type: "街道", Size: []int{3, 2, 2}[i-12]}
			}
			u.Group, u.kind, u.Powers = GroupA, kTown, "许处"
			u.Pfx = fmt.Sprintf("T%02d", i+1)
			u.Doc = c.Stem + []string{"城", "镇", "乡", "街"}[i%4] + fmt.Sprint(i+1)
			u.Accts = []account{{strings.TrimPrefix(u.Aliases[0], c.Name) + "发布", "微信公众号"}}
			if u.Size == 3 {
				u.Accts = append(u.Accts, account{strings.TrimPrefix(u.Aliases[0], c.Name) + "融媒", "抖音"})
			}
			if !add(u) {
				break
			}
		}
		for _, d := range deptDefs {
			u := &unit{Name: c.Name + d.name, Aliases: []string{c.Name + d.alias}, Type: "部门", Group: GroupB, kind: kDept,
				Size: d.size, Powers: d.powers, Pfx: d.pfx, Doc: c.Stem + d.doc}
			if d.alias != d.name {
				u.Aliases = append(u.Aliases, c.Stem+d.alias)
			} else {
				u.Aliases = []string{c.Stem + d.alias}
			}
			for i, p := range d.accts {
				u.Accts = append(u.Accts, account{c.Stem + strings.TrimSuffix(d.alias, "局") + []string{"发布", "在线", "之声"}[i%3], p})
			}
			if !add(u) {
				break
			}
			if d.inst {
				u.Code = "inst"
			}
		}
		cs = append(cs, c)
	}
	for _, c := range cs {
		for pos, u := range c.Units {
			u.Short = u.Aliases[0]
			kind := "11"
			if u.Code == "inst" {
				kind = "12" // 事业单位
			}
			// Organisation code: 8 digits from the county and the unit's
			// place in it (unique in the province), and a ninth digit.
			first17 := kind + c.Region + fmt.Sprintf("%08d%d", 10000000+c.Idx*100+pos, (c.Idx+pos)%10)
			u.Code = first17 + string(creditCheck(first17))
		}
	}
	return cs
}

func countyNames() []string {
	var out []string
	for _, a := range cFirst {
		for _, b := range cSecond {
			if a != b {
				out = append(out, string(a)+string(b))
			}
		}
	}
	// A fixed shuffle, so neighbouring counties do not all share a first character.
	r := newRand(0x9e3779b9, "county-names", 0)
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

func shuffled(r interface{ Shuffle(int, func(int, int)) }, xs []string) []string {
	out := append([]string(nil), xs...)
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// Entry is one unit of the registry.
type Entry struct {
	Name, Code, Type, Group, Parent string
	Aliases                         []string
}

// Registry lists the units of the province of cfg in registry order (what
// 单位名录.xlsx holds), without writing anything.
func Registry(cfg Config) []Entry {
	cfg = cfg.withDefaults()
	var out []Entry
	for _, c := range newProvince(cfg.Units, cfg.Seed) {
		for _, u := range c.Units {
			out = append(out, Entry{Name: u.Name, Code: u.Code, Type: u.Type, Group: u.Group, Parent: u.Parent, Aliases: u.Aliases})
		}
	}
	return out
}
