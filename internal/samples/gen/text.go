package main

import (
	"fmt"
	"gongkai/internal/samples/draw"
	"math/rand/v2"
	"strings"
)

// Word pools for the invented content. Names of people are common
// surname + given-name pairs; applicants are masked as offices do.

var surnames = []string{"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"}
var givenNames = []string{"建华", "海燕", "志强", "丽娟", "文博", "晓东", "春梅", "国庆", "秀英", "俊杰", "雪莲", "明辉", "红霞", "立新", "玉兰", "振宇", "静怡", "卫东", "桂芳", "学军"}

func person(r *rand.Rand) string { return draw.Pick(r, surnames...) + draw.Pick(r, givenNames...) }

// maskedNames are the masked names of applicants that are not persons, by
// applicant type.
var maskedNames = map[string][]string{
	"商业企业":   {"某建材有限公司", "某房地产开发有限公司", "某农业科技有限公司", "某物流有限公司", "某食品有限公司", "某建筑工程有限公司"},
	"法律服务机构": {"某律师事务所", "某某律师事务所"},
	"科研机构":   {"某大学课题组", "某研究院"},
	"社会公益组织": {"某环保公益组织", "某志愿者协会"},
	"其他":     {"某村民委员会", "某业主委员会"},
}

// maskedApplicant is an applicant of type typ as offices mask it: a
// person's surname and 某, or the kind of body.
func maskedApplicant(r *rand.Rand, typ string) string {
	if names, ok := maskedNames[typ]; ok {
		return draw.Pick(r, names...)
	}
	return draw.Pick(r, surnames...) + draw.Pick(r, "某", "某某", "**")
}

var villages = []string{"柳树湾村", "石门村", "桃花坞村", "新庄村", "上河村", "下河村", "王家湾村", "大兴村", "红星社区", "南关社区", "滨河社区", "青松村", "东岗村", "西岭村", "马家庄村"}
var projects = []string{"城南片区棚户区改造项目", "县城东环路建设项目", "滨河公园提升工程", "工业园区标准厂房项目", "城北污水处理厂扩建工程", "平安大道拓宽工程", "农贸市场改造项目", "高铁站前广场项目"}

// appContent invents what an applicant asked a unit for.
func appContent(r *rand.Rand, u *unit, year int) string {
	v, p := draw.Pick(r, villages...), draw.Pick(r, projects...)
	common := []string{
		fmt.Sprintf("申请公开%d年度部门预算及“三公”经费明细", year-1),
		fmt.Sprintf("申请公开%s关于%s的会议纪要", u.Short, p),
		fmt.Sprintf("申请公开本单位%d年政府采购合同", year-1),
	}
	var specific []string
	switch {
	case u.Type == "县级政府":
		specific = []string{
			fmt.Sprintf("申请公开%s征收土地的批准文件及征地补偿安置方案", v),
			fmt.Sprintf("申请公开%s国有土地上房屋征收决定及补偿方案", p),
			fmt.Sprintf("申请公开%s的立项批复文件", p),
			fmt.Sprintf("申请公开平安县%d年政府工作报告所列重点项目清单", year),
		}
	case u.town():
		specific = []string{
			fmt.Sprintf("申请公开%s集体土地征收补偿款发放明细", v),
			fmt.Sprintf("申请公开%s%d年低保户名单及审批材料", v, year-1),
			fmt.Sprintf("申请公开%s违法建筑拆除决定书", v),
			fmt.Sprintf("申请公开%s耕地地力保护补贴发放情况", v),
		}
	default:
		switch u.AppPfx {
		case "ZR":
			specific = []string{fmt.Sprintf("申请公开%s建设用地规划许可证", p), fmt.Sprintf("申请公开%s土地征收勘测定界图", v), fmt.Sprintf("申请公开%s宅基地审批档案", v)}
		case "ZJ":
			specific = []string{fmt.Sprintf("申请公开%s施工许可证及竣工验收备案材料", p), fmt.Sprintf("申请公开%s房屋安全鉴定报告", v)}
		case "GA":
			specific = []string{"申请公开某交通事故认定相关执法依据", "申请公开户籍迁移政策依据文件", "申请公开辖区电子监控设备设置审批情况"}
		case "HB":
			specific = []string{fmt.Sprintf("申请公开%s环境影响评价报告及批复", p), "申请公开某企业排污许可证及监测数据"}
		case "RS", "YB":
			specific = []string{"申请公开事业单位公开招聘考试成绩及录用依据", "申请公开城乡居民养老保险待遇调整文件", "申请公开工伤认定相关政策依据"}
		case "JY":
			specific = []string{"申请公开义务教育阶段学区划分方案", "申请公开教师招聘面试评分标准", "申请公开校外培训机构审批名单"}
		case "SC":
			specific = []string{"申请公开某食品企业抽检结果", "申请公开某投诉举报案件的处理结果", "申请公开某企业登记注册档案"}
		case "CZ":
			specific = []string{fmt.Sprintf("申请公开平安县%d年政府债务限额及余额", year-1), "申请公开惠民惠农财政补贴资金发放明细"}
		}
	}
	all := append(common, specific...)
	all = append(all, specific...) // unit-specific requests are the common case
	return draw.Pick(r, all...)
}

// disclosure titles by category.
func disclosureTitle(r *rand.Rand, u *unit, cat string, year, month int) string {
	v := draw.Pick(r, villages...)
	switch cat {
	case "工作动态":
		return draw.Pick(r,
			fmt.Sprintf("%s召开%s工作推进会", u.Short, draw.Pick(r, "安全生产", "重点项目", "乡村振兴", "政务公开", "营商环境", "民生实事", "信访维稳", "招商引资", "森林防火", "秸秆禁烧")),
			fmt.Sprintf("%s开展%s专项行动", u.Short, draw.Pick(r, "安全生产大检查", "食品安全", "防汛备汛", "文明城市创建", "矛盾纠纷排查化解", "燃气安全排查", "农民工工资清欠", "消防隐患整治")),
			fmt.Sprintf("%s%d月份工作简报", u.Short, month),
			fmt.Sprintf("%s主要负责同志赴%s调研%s工作", u.Short, v, draw.Pick(r, "乡村振兴", "安全生产", "项目建设", "民生保障", "基层治理")),
			fmt.Sprintf("%s组织开展“%s”主题活动", u.Short, draw.Pick(r, "我为群众办实事", "政务公开日", "安全生产月", "法治宣传进万家", "清廉机关建设")))
	case "通知公告", "公示公告":
		return draw.Pick(r,
			fmt.Sprintf("关于%s%d年%s的公示", v, year, draw.Pick(r, "低保对象", "耕地地力保护补贴", "危房改造对象", "临时救助对象")),
			fmt.Sprintf("%s关于%s的通告", u.Short, draw.Pick(r, "春节期间烟花爆竹禁放", "汛期安全", "道路临时管制", "开展人口抽样调查")),
			fmt.Sprintf("%s%d年公开招聘编外工作人员公告", u.Short, year))
	case "财政信息", "财政预决算":
		return draw.Pick(r,
			fmt.Sprintf("%s%d年部门预算公开", u.Short, year),
			fmt.Sprintf("%s%d年部门决算公开", u.Short, year-1),
			fmt.Sprintf("%s%d年“三公”经费预算情况说明", u.Short, year))
	case "政策文件":
		return fmt.Sprintf("%s关于%s的通知", u.Short, draw.Pick(r, "印发政务公开工作要点", "做好汛期安全工作", "进一步规范公文办理", "开展营商环境评价自查", "加强公共资源交易管理"))
	case "规划计划":
		return fmt.Sprintf("%s%d年工作要点", u.Short, year)
	case "人事信息":
		return fmt.Sprintf("%s领导班子成员分工调整", u.Short)
	case "机构职能":
		return fmt.Sprintf("%s机构职能及内设机构", u.Short)
	case "行政执法", "双随机一公开":
		return fmt.Sprintf("%s%d年第%d批“双随机、一公开”抽查结果", u.Short, year, 1+(month-1)/3)
	case "重点领域":
		return draw.Pick(r,
			fmt.Sprintf("%s%s征地补偿安置公示", u.Short, v),
			fmt.Sprintf("%s%d年社会救助资金发放情况", u.Short, year),
			fmt.Sprintf("%s重大建设项目批准和实施信息", u.Short))
	case "统计信息":
		return fmt.Sprintf("%s%d年%d月主要统计数据", u.Short, year, month)
	}
	return fmt.Sprintf("%s%s", u.Short, cat)
}

func categoriesFor(u *unit) []string {
	if u.town() {
		return []string{"工作动态", "工作动态", "通知公告", "财政信息", "重点领域", "重点领域", "政策文件", "规划计划"}
	}
	cats := []string{"工作动态", "工作动态", "工作动态", "通知公告", "财政预决算", "政策文件", "规划计划", "人事信息", "机构职能"}
	if u.Powers != "" {
		cats = append(cats, "行政执法", "双随机一公开")
	}
	if u.AppPfx == "TJ" {
		cats = append(cats, "统计信息", "统计信息")
	}
	if u.Type == "县级政府" {
		cats = append(cats, "重点领域", "重点领域", "政策文件")
	}
	return cats
}

// policy document names.
func docName(r *rand.Rand, u *unit, normative bool) string {
	if normative {
		return fmt.Sprintf("%s关于印发《平安县%s》的通知", u.Name, draw.Pick(r,
			"城乡居民最低生活保障实施细则", "政府投资项目管理办法", "国有土地上房屋征收与补偿实施办法", "农村宅基地管理办法",
			"公共租赁住房管理办法", "政府采购内部控制管理办法", "安全生产约谈办法", "行政规范性文件管理办法",
			"促进民营经济高质量发展若干措施", "城市道路挖掘管理办法", "困难群众临时救助实施办法", "农村集体“三资”管理办法",
			"养犬管理规定", "建筑垃圾管理办法", "重大行政决策程序规定"))
	}
	return fmt.Sprintf("%s关于%s的%s", u.Name, draw.Pick(r,
		"印发政务公开工作要点", "开展安全生产大检查", "做好防汛抗旱工作", "推进营商环境优化提升", "印发重点工作任务分解方案",
		"加强基层政务公开标准化规范化建设", "开展“我为群众办实事”实践活动", "做好农民工工资支付工作"), draw.Pick(r, "通知", "实施方案", "意见"))
}

var mediaTopics = []string{"政策解读", "工作动态", "便民提示", "图说", "视频", "通知公告", "典型案例", "权威发布", "一图读懂", "民生实事"}

func mediaTitle(r *rand.Rand, u *unit, a account) string {
	topic := draw.Pick(r, mediaTopics...)
	body := draw.Pick(r,
		"这些惠民政策请收好", "最新进展来了", "一起来看", "温馨提示：注意防范", "全力保障群众出行", "服务再升级",
		"办事指南更新", "这项工作取得新成效", "走进基层一线", "安全生产无小事", "守护舌尖上的安全", "政策问答")
	return fmt.Sprintf("【%s】%s%s", topic, strings.TrimPrefix(u.Short, "县"), body)
}

var activityNames = map[string][]string{
	"市民代表列席会议":      {"邀请市民代表列席%s办公会议", "邀请利益相关方代表列席%s专题会议", "市民代表列席%s重点工作推进会"},
	"政府开放日/公众开放活动":  {"%s政府开放日活动", "%s“走进政务服务”公众开放活动", "%s政务公开日活动"},
	"政务公开专题培训":      {"%s政务公开业务专题培训", "%s政府信息公开条例专题学习", "%s政务公开工作人员轮训"},
	"主要负责人听取政务公开汇报": {"%s主要负责人听取政务公开工作汇报", "%s党组会议专题研究政务公开工作"},
	"新闻发布会":         {"%s重点工作新闻发布会", "%s政策解读新闻发布会"},
	"政策解读活动":        {"%s政策进社区宣讲活动", "%s惠企政策解读会"},
	"其他":            {"%s政务公开专区开放", "%s政务公开观摩交流"},
}

var responseSubjects = []string{
	"反映小区供暖温度不达标", "咨询城乡居民医保缴费政策", "反映道路破损影响通行", "反映农贸市场占道经营", "咨询义务教育入学政策",
	"反映工地夜间施工噪音扰民", "咨询公积金提取条件", "反映农民工工资拖欠", "网传某路段塌陷视频", "反映自来水水质浑浊",
	"咨询残疾人补贴申领", "反映景区收费不规范", "网络反映某学校食堂食品安全问题", "反映村集体账目不公开", "咨询营业执照办理流程",
	"网传暴雨致部分村组受灾", "反映宠物扰民", "咨询创业担保贷款政策"}
