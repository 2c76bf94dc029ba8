package main

import (
	"fmt"
	"gongkai/internal/samples/draw"
	"math/rand/v2"
	"strconv"
	"strings"
)

// How a clerk lays a ledger out: which columns, under which headers, in
// what order, with what title, blank, total and footer rows.

// fspec is one column a kind's ledger may have. The column is present
// with probability pUsed when some row has a value for it, else pUnused.
type fspec struct {
	field  string
	heads  []string // heads[0] is the template's header; the rest are synonyms seen in practice
	pUsed  float64
	pUnuse float64
	group  string   // upper header when the sheet has a two-row header
	sub    []string // headers under the group
}

func always(field string, heads ...string) fspec {
	return fspec{field: field, heads: heads, pUsed: 1, pUnuse: 1}
}
func opt(field string, p float64, heads ...string) fspec {
	return fspec{field: field, heads: heads, pUsed: p, pUnuse: p}
}
func used(field string, pUnused float64, heads ...string) fspec {
	return fspec{field: field, heads: heads, pUsed: 1, pUnuse: pUnused}
}
func (f fspec) under(group string, sub ...string) fspec { f.group, f.sub = group, sub; return f }

var seqCol = opt("seq", 0.45, "序号")
var noteCol = opt("note", 0.25, "备注")

var kindSpecs = map[string][]fspec{
	"applications": {
		seqCol,
		always("app_no", "申请编号", "*申请编号", "编号", "登记编号", "登记号"),
		always("received", "收到日期", "收件日期", "收到日期（必填）", "受理日期", "登记日期", "收到申请日期", "*收到日期"),
		opt("applicant", 0.25, "申请人", "申请人姓名/名称"),
		always("applicant_type", "申请人类型", "申请人类别", "申请主体", "*申请人类型"),
		opt("channel", 0.9, "申请方式", "提交方式", "申请渠道"),
		opt("content", 0.95, "申请内容", "申请事项", "内容摘要", "申请信息内容"),
		used("correction_notice", 0.15, "补正告知日期", "补正通知日期").under("补正", "告知日期"),
		used("correction_done", 0.15, "补正完成日期").under("补正", "完成日期"),
		used("extended", 0.7, "是否延期", "延期答复"),
		used("consult_days", 0.2, "征求意见天数", "第三方征求意见天数"),
		always("replied", "答复日期", "办结日期", "答复时间", "办结时间").under("答复情况", "答复日期", "办结日期"),
		always("outcome", "办理结果", "答复类型", "处理结果", "办理结果类型").under("答复情况", "办理结果", "答复类型"),
		opt("fee", 0.12, "信息处理费（元）", "收取信息处理费"),
		used("note", 0.2, "备注"),
	},
	"disclosures": {
		opt("seq", 0.5, "序号"),
		always("title", "标题", "信息标题", "信息名称", "*标题"),
		opt("index_no", 0.7, "索引号"),
		opt("doc_no", 0.55, "文号", "发文字号"),
		opt("category", 0.85, "信息类别", "栏目", "目录分类", "所属栏目"),
		opt("formed", 0.9, "形成日期", "信息形成日期", "生成日期", "形成（变更）日期"),
		always("published", "发布日期", "公开日期", "上网日期", "发布时间", "*发布日期"),
		opt("channel", 0.6, "公开渠道", "公开方式", "载体"),
		opt("url", 0.5, "链接", "网址", "URL", "链接地址"),
		opt("reviewer", 0.5, "审核人"),
		always("secrecy_review", "保密审查", "是否保密审查", "是否经保密审查"),
		noteCol,
	},
	"documents": {
		opt("seq", 0.6, "序号"),
		always("doc_name", "文件名称", "文件标题", "政策文件名称", "*文件名称"),
		opt("doc_no", 0.9, "文号", "发文字号"),
		always("doc_type", "文件类型", "文件类别"),
		always("issued", "印发日期", "成文日期", "发文日期"),
		always("published", "公开日期", "发布日期"),
		used("repealed", 0.2, "废止日期", "失效日期"),
		used("disclosure_attr", 0.6, "公开属性", "公开方式"),
		used("nondisclosure_reason", 0.3, "不公开理由", "不予公开理由"),
		always("interpreted", "解读日期", "解读发布日期").under("政策解读", "解读日期"),
		always("interp_form", "解读形式", "解读方式").under("政策解读", "解读形式", "解读方式"),
		opt("interpreter", 0.7, "解读人").under("政策解读", "解读人"),
		opt("note", 0.2, "备注"),
	},
	"enforcement": {
		opt("seq", 0.5, "序号"),
		always("item", "事项", "统计事项", "项目"),
		always("count", "数量", "本年处理决定数量", "件数", "处理决定数量"),
		always("amount", "金额", "本年收费金额（单位：万元）", "收费金额（万元）", "金额（万元）"),
	},
	"appeals": {
		opt("seq", 0.5, "序号"),
		always("case_no", "案件编号", "案号"),
		opt("cause", 0.4, "案由"),
		always("case_type", "类型", "案件类型"),
		always("received", "收到日期", "立案日期"),
		always("result", "结果", "审理结果", "案件结果"),
		opt("related_app", 0.85, "关联申请编号", "关联申请"),
	},
	"tasks": {
		always("task_no", "任务编号", "序号"),
		always("task", "任务内容", "工作任务", "重点任务"),
		always("lead", "牵头单位", "责任单位（牵头）"),
		opt("partners", 0.7, "配合单位", "协办单位"),
		always("deadline", "完成时限", "时限要求", "完成时间要求"),
		always("done_date", "完成日期", "实际完成日期"),
		always("status", "完成情况", "进展情况"),
		opt("evidence", 0.6, "佐证材料", "佐证材料（链接）", "佐证"),
	},
	"proposals": {
		opt("seq", 0.6, "序号"),
		always("proposal_no", "编号", "建议（提案）编号"),
		always("category", "类别", "建议提案类别"),
		always("title", "标题", "案由", "建议（提案）标题"),
		always("lead", "主办单位"),
		opt("partners", 0.8, "协办单位", "会办单位"),
		always("assigned", "交办日期", "交办时间"),
		always("due", "办结期限", "答复期限"),
		always("done_date", "办结日期", "答复日期"),
		always("reply_class", "答复类别", "答复类型"),
		always("public", "是否公开答复全文", "答复全文是否公开"),
		always("published", "公开日期", "答复全文公开日期"),
		always("satisfaction", "代表委员满意度", "满意度"),
	},
	"media": {
		opt("seq", 0.3, "序号"),
		always("account", "账号名称", "账号", "新媒体名称"),
		always("platform", "平台", "平台类型", "所属平台"),
		always("posted", "发布日期", "更新日期", "发布时间"),
		opt("title", 0.9, "标题", "内容标题"),
	},
	"activities": {
		opt("seq", 0.5, "序号"),
		always("act_type", "类型", "活动类型"),
		always("held", "日期", "活动日期", "举办日期", "时间"),
		always("name", "名称", "活动名称", "会议名称"),
		opt("participants", 0.9, "参加人数", "参与人数", "人数"),
		opt("evidence", 0.7, "佐证材料", "佐证"),
	},
	"responses": {
		opt("seq", 0.5, "序号"),
		always("source", "来源", "信息来源", "渠道来源"),
		always("received_at", "收到时间", "发现时间", "受理时间"),
		always("responded_at", "回应时间", "答复时间", "回复时间"),
		always("level", "级别", "等级", "舆情级别"),
		opt("subject", 0.9, "事项", "关切事项", "内容"),
	},
	"catalog": {
		opt("seq", 0.6, "序号"),
		always("domain", "领域", "所属领域"),
		always("item", "公开事项名称", "公开事项", "事项名称"),
		always("content", "公开内容（要素）", "公开内容"),
		always("basis", "公开依据"),
		always("time_limit", "公开时限"),
		always("subject", "公开主体", "责任主体"),
		always("method", "公开方式"),
		always("channel", "公开渠道", "公开载体"),
		always("audience", "公开对象"),
	},
	"weights": {
		always("assessed", "被考核单位", "考核对象"),
		always("item", "考核项目", "考核内容", "考核指标"),
		always("points", "分值", "分数", "权重分值"),
		always("counts", "计入政务公开", "是否计入政务公开", "属于政务公开"),
	},
}

// kindNames: how each kind is named in file names (file) and sheet names
// (sheet), and the titles clerks put above its header ({U} unit, {Y} year).
var kindNames = map[string]struct {
	file, sheet string
	titles      []string
}{
	"applications": {"依申请公开台账", "依申请公开", []string{"{U}{Y}年依申请公开办理台账", "{U}{Y}年度政府信息公开申请办理情况登记表"}},
	"disclosures":  {"主动公开信息台账", "主动公开", []string{"{U}{Y}年主动公开信息台账", "{U}{Y}年政府信息主动公开登记表"}},
	"documents":    {"规范性文件及政策解读台账", "规范性文件", []string{"{U}{Y}年规范性文件及政策解读台账", "{U}{Y}年政策文件发布及解读情况登记表"}},
	"enforcement":  {"执法及收费统计表", "执法统计", []string{"{U}{Y}年行政许可、处罚、强制及收费情况统计表", "{U}{Y}年度主动公开统计（行政执法及收费）"}},
	"appeals":      {"行政复议诉讼台账", "复议诉讼", []string{"{U}{Y}年政府信息公开行政复议、行政诉讼情况台账"}},
	"media":        {"政务新媒体更新台账", "新媒体", []string{"{U}{Y}年政务新媒体更新台账", "{U}{Y}年政务新媒体信息发布登记表"}},
	"activities":   {"公众参与台账", "公众参与", []string{"{U}{Y}年公众参与及政务公开工作机制台账", "{U}{Y}年政务公开活动开展情况登记表"}},
	"responses":    {"回应关切台账", "回应关切", []string{"{U}{Y}年回应关切台账", "{U}{Y}年政务舆情及群众关切回应登记表"}},
	"tasks":        {"重点任务台账", "重点任务", []string{"{U}{Y}年政务公开重点任务落实台账"}},
	"proposals":    {"建议提案办理台账", "建议提案", []string{"{U}{Y}年人大代表建议和政协提案办理台账"}},
	"weights":      {"综合考核权重表", "权重", []string{"平安县{Y}年度综合考核指标分值权重表（{U}制）"}},
	"catalog":      {"公开事项目录", "公开目录", []string{"{U}{Y}年基层政务公开标准目录", "{U}{Y}年公开事项目录"}},
}

func fill(tmpl string, u *unit, y int, r *rand.Rand) string {
	name := u.Name
	if draw.Chance(r, 0.4) {
		name = u.Short
	}
	return strings.NewReplacer("{U}", name, "{Y}", strconv.Itoa(y)).Replace(tmpl)
}

// sheetOpts are the per-sheet choices of the file that holds it.
type sheetOpts struct {
	csv      bool
	name     string
	twoRowOK bool
	period   string // 上半年 / 下半年 for a split ledger
}

// layout turns a ledger into a sheet.
func layout(l ledger, must map[string]bool, o sheetOpts, r *rand.Rand) *sheet {
	s := &sheet{name: o.name, kind: l.kind, unit: l.unit, year: l.year, extraStored: l.extra}
	// Columns.
	specs := kindSpecs[l.kind]
	twoRow := false
	groups := map[string]bool{}
	if o.twoRowOK {
		switch l.kind {
		case "applications":
			// A merged 补正 cell over 告知日期/完成日期, a merged 答复情况 over
			// the reply columns, or both.
			twoRow = draw.Chance(r, 0.35)
			switch draw.Weighted(r, 2, 1, 2) {
			case 0:
				groups["补正"] = true
			case 1:
				groups["答复情况"] = true
			default:
				groups["补正"], groups["答复情况"] = true, true
			}
		case "documents":
			twoRow = draw.Chance(r, 0.3)
			groups["政策解读"] = true
		}
	}
	if draw.Chance(r, 0.15) && l.kind != "tasks" && l.kind != "weights" && l.kind != "proposals" {
		heads := []string{"单位", "填报单位", "单位名称"}
		if l.kind == "applications" {
			heads = append(heads, "办理单位", "承办单位")
		}
		s.cols = append(s.cols, column{field: "unit", head: draw.Pick(r, heads...)})
	}
	for _, f := range specs {
		isUsed := must[f.field]
		for _, x := range l.recs {
			if c := x[f.field]; c.k != cEmpty && !(c.k == cBool && !c.b) {
				isUsed = true
				break
			}
		}
		p := f.pUnuse
		if isUsed {
			p = f.pUsed
		}
		if !must[f.field] && !draw.Chance(r, p) {
			continue
		}
		head := f.heads[0]
		if len(f.heads) > 1 && draw.Chance(r, 0.45) {
			head = draw.Pick(r, f.heads[1:]...)
		}
		c := column{field: f.field, head: head}
		if twoRow && groups[f.group] {
			c.group, c.head = f.group, draw.Pick(r, f.sub...)
		}
		if l.kind == "applications" && f.group == "补正" && !twoRow && head == "补正完成日期" && draw.Chance(r, 0.3) {
			c.head = "补正日期"
		}
		s.cols = append(s.cols, c)
	}
	// A two-row header needs at least one grouped column.
	if twoRow {
		any := false
		for _, c := range s.cols {
			any = any || c.group != ""
		}
		twoRow = any
	}
	s.twoRow = twoRow
	// Titles.
	if o.csv && draw.Chance(r, 0.35) || !o.csv && draw.Chance(r, 0.8) {
		t := fill(draw.Pick(r, kindNames[l.kind].titles...), l.unit, l.year, r)
		if o.period != "" {
			t = fill("{U}{Y}年"+o.period, l.unit, l.year, r) + kindNames[l.kind].file
		}
		s.titles = append(s.titles, t)
		s.mergeTitle = !o.csv && draw.Chance(r, 0.65)
		if draw.Chance(r, 0.2) {
			s.titles = append(s.titles, fmt.Sprintf("填报单位：%s（盖章）    统计时段：%d年1月1日至%d年12月31日", l.unit.Name, l.year, l.year))
		}
	}
	// Rows.
	unitVal := txt(draw.Pick(r, l.unit.Short, l.unit.Name, l.unit.Short, l.unit.Code))
	for _, x := range l.recs {
		if _, ok := x["subtotal"]; ok {
			cells := make([]cell, len(s.cols))
			cells[0] = txt("小计")
			if i := s.colIndex("points"); i >= 0 {
				cells[i] = x["points"]
			}
			s.rows = append(s.rows, row{kind: rTotal, cells: cells})
			continue
		}
		x["unit"] = unitVal
		x["seq"] = num(s.dataRows() + 1)
		s.rows = append(s.rows, row{kind: rData, rec: x})
	}
	if len(l.recs) == 0 && l.empty != "" {
		s.rows = append(s.rows, row{kind: rNote, cells: []cell{txt(l.empty)}})
	}
	if len(s.rows) > 4 && draw.Chance(r, 0.2) {
		for k := 0; k < 1+r.IntN(2); k++ {
			at := 1 + r.IntN(len(s.rows)-1)
			s.rows = append(s.rows[:at], append([]row{{kind: rBlank}}, s.rows[at:]...)...)
		}
	}
	if l.kind == "enforcement" && len(l.recs) > 0 && draw.Chance(r, 0.7) {
		s.rows = append(s.rows, totalRow(s))
	}
	if draw.Chance(r, 0.3) {
		s.rows = append(s.rows, row{kind: rFooter, cells: []cell{txt(fmt.Sprintf("填表人：%s  审核人：%s", person(r), person(r)))}})
		if draw.Chance(r, 0.3) {
			s.rows = append(s.rows, row{kind: rFooter, cells: []cell{txt(fmt.Sprintf("填报日期：%d年1月%d日", l.year+1, draw.Between(r, 5, 20)))}})
		}
	}
	return s
}

func totalRow(s *sheet) row {
	cells := make([]cell, len(s.cols))
	cells[0] = txt("合计")
	for _, f := range []string{"count", "amount"} {
		i := s.colIndex(f)
		if i < 0 {
			continue
		}
		sum, any := 0.0, false
		for _, rw := range s.rows {
			if rw.kind == rData {
				if c := rw.rec[f]; c.k == cInt || c.k == cDec {
					sum += c.n
					any = true
				}
			}
		}
		if any {
			if f == "amount" {
				cells[i] = dec(float64(int64(sum*100+0.5)) / 100)
			} else {
				cells[i] = num(int(sum))
			}
		}
	}
	return row{kind: rTotal, cells: cells}
}
