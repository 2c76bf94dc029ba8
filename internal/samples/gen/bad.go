package main

import (
	"fmt"
)

// Files with deliberately bad rows, in bad/. Each has one to three bad rows
// among good ones, so the ingest refuses the whole file (without --partial)
// and names every bad cell. Rows are counted as the clerk sees them: in a
// workbook the sheet row, in a CSV the line.

type badRow struct {
	Row    int    `json:"row"`
	Column string `json:"column"` // header as written in the file ("" for the whole row)
	Value  string `json:"value"`
	Why    string `json:"why"`    // what is wrong, in words
	Reason string `json:"reason"` // a part of the ingest's message
}

type badFact struct {
	Path string   `json:"path"`
	Kind string   `json:"kind"`
	Unit string   `json:"unit"`
	Year int      `json:"year"`
	Rows []badRow `json:"rows"`
}

// badCase is one bad file: good rows with a few bad ones. bad maps the
// index of a data row to what is wrong with it.
type badCase struct {
	path   string
	format string
	enc    string
	kind   string
	unit   string
	year   int
	title  string // "" for no title row
	cols   []column
	rows   []rec
	bad    []badRow // Row holds the index into rows until written
}

func col(field, head string) column { return column{field: field, head: head} }

func badFiles(c *county, out string) ([]badFact, error) {
	cases := []badCase{
		{
			path: "bad/平安县民政局-依申请公开台账-2024-日期错误.csv", format: "csv", enc: "utf8", kind: "applications", unit: "县民政局", year: 2024,
			cols: []column{col("app_no", "申请编号"), col("received", "收到日期"), col("applicant_type", "申请人类型"), col("replied", "答复日期"), col("outcome", "办理结果")},
			rows: []rec{
				badApp("MZ2024-001", "2024-01-15", "自然人", "2024-01-24", "予以公开"),
				badApp("MZ2024-002", "2024-02-30", "自然人", "2024-03-08", "予以公开"),
				badApp("MZ2024-003", "2024-04-02", "商业企业", "2024-04-11", "无法提供-本机关不掌握"),
				badApp("MZ2024-004", "2024-06-18", "自然人", "2024-06-27", "部分公开"),
			},
			bad: []badRow{{Row: 1, Column: "收到日期", Value: "2024-02-30", Why: "2 月没有 30 日", Reason: "不是有效日期（月或日超出范围）"}},
		},
		{
			path: "bad/平安县司法局-依申请公开台账-2023-答复早于收到.xlsx", format: "xlsx", kind: "applications", unit: "县司法局", year: 2023,
			title: "平安县司法局2023年依申请公开办理台账",
			cols:  []column{col("app_no", "*申请编号"), col("received", "收件日期"), col("applicant_type", "申请人类型"), col("replied", "办结日期"), col("outcome", "答复类型")},
			rows: []rec{
				badApp("SF2023-001", "2023-03-06", "自然人", "2023-03-14", "予以公开"),
				badApp("SF2023-002", "2023-05-22", "法律服务机构", "2023-05-12", "（三）不予公开/4.保护第三方合法权益"),
				badApp("SF2023-003", "2023-09-11", "自然人", "2023-09-19", "1.本机关不掌握相关政府信息"),
			},
			bad: []badRow{{Row: 1, Column: "办结日期", Value: "2023-05-12", Why: "答复日期（5 月 12 日）早于收到日期（5 月 22 日），应是录入时把日期写错", Reason: "答复日期早于收到日期"}},
		},
		{
			path: "bad/城关镇2024年依申请公开台账-编号重复.xlsx", format: "xlsx", kind: "applications", unit: "城关镇", year: 2024,
			title: "城关镇2024年依申请公开办理台账",
			cols:  []column{col("app_no", "编号"), col("received", "收到日期（必填）"), col("applicant_type", "申请人类别"), col("replied", "答复日期"), col("outcome", "办理结果")},
			rows: []rec{
				badApp("CG2024-001", "2024-02-19", "自然人", "2024-02-27", "予以公开"),
				badApp("CG2024-002", "2024-03-04", "自然人", "2024-03-12", "不予处理-重复申请"),
				badApp("CG2024-003", "2024-05-20", "其他", "2024-05-29", "予以公开"),
				badApp("CG2024-002", "2024-07-08", "自然人", "2024-07-16", "部分公开"),
			},
			bad: []badRow{{Row: 3, Column: "编号", Value: "CG2024-002", Why: "申请编号与上面第 2 条重复（同一单位同一年度编号必须唯一）", Reason: "与第 4 行重复"}},
		},
		{
			path: "bad/平安县自然资源局-依申请公开台账-2024-办理结果.xlsx", format: "xlsx", kind: "applications", unit: "县自然资源局", year: 2024,
			title: "平安县自然资源局2024年依申请公开办理台账",
			cols:  []column{col("app_no", "申请编号"), col("received", "收到日期"), col("applicant_type", "申请人类型"), col("content", "申请内容"), col("replied", "答复日期"), col("outcome", "办理结果")},
			rows: []rec{
				appC("ZR2024-001", "2024-01-22", "自然人", "申请公开柳树湾村征收土地批准文件", "2024-01-30", "予以公开"),
				appC("ZR2024-002", "2024-03-11", "自然人", "申请公开石门村宅基地审批档案", "2024-03-19", "已答复"),
				appC("ZR2024-003", "2024-04-15", "商业企业", "申请公开城南片区棚户区改造项目建设用地规划许可证", "2024-04-24", "部分公开"),
				appC("ZR2024-004", "2024-06-03", "自然人", "申请公开新庄村土地征收勘测定界图", "2024-06-12", "不予公开"),
			},
			bad: []badRow{
				{Row: 1, Column: "办理结果", Value: "已答复", Why: "“已答复”是办理状态，不是年度报告表三的办理结果", Reason: "不是年度报告表三的办理结果"},
				{Row: 3, Column: "办理结果", Value: "不予公开", Why: "只写了“不予公开”，没有写明八种情形中的哪一种", Reason: "需写明具体情形"},
			},
		},
		{
			path: "bad/平安县教育局-依申请公开台账-2022-缺必填项.csv", format: "csv", enc: "gb18030", kind: "applications", unit: "县教育局", year: 2022,
			title: "平安县教育局2022年依申请公开办理台账",
			cols:  []column{col("app_no", "申请编号"), col("received", "收到日期"), col("applicant_type", "*申请人类型"), col("channel", "申请方式"), col("replied", "答复日期"), col("outcome", "办理结果")},
			rows: []rec{
				appCh("JY2022-001", "2022-03-01", "自然人", "网络", "2022-03-09", "予以公开"),
				appCh("JY2022-002", "2022-04-12", "", "邮寄", "2022-04-20", "予以公开"),
				appCh("JY2022-003", "2022-06-20", "自然人", "当面", "2022-06-28", ""),
				appCh("JY2022-004", "2022-08-29", "自然人", "网络", "2022-09-06", "无法提供-本机关不掌握"),
			},
			bad: []badRow{
				{Row: 1, Column: "*申请人类型", Value: "", Why: "必填的申请人类型空白", Reason: "为必填项，不能为空"},
				{Row: 2, Column: "办理结果", Value: "", Why: "已填答复日期，却没有填办理结果", Reason: "已填写答复日期，必须填写办理结果"},
			},
		},
		{
			path: "bad/平安县人民政府办公室-重点任务台账-2024-未知单位.xlsx", format: "xlsx", kind: "tasks", unit: "县政府办", year: 2024,
			title: "平安县人民政府办公室2024年政务公开重点任务落实台账",
			cols:  []column{col("task_no", "序号"), col("task", "任务内容"), col("lead", "牵头单位"), col("deadline", "完成时限"), col("done_date", "完成日期"), col("status", "完成情况")},
			rows: []rec{
				task("1", "部门预决算批复后20日内公开", "县财政局", "年底前", "2024-11-20", "已完成"),
				task("2", "公开城市管理执法事项清单", "县城市管理局", "6月底前", "2024-06-14", "已完成"),
				task("3", "开展政务新媒体清理整顿", "县政府办、县融媒体中心", "尽快", "", "推进中"),
				task("4", "公开义务教育招生入学政策", "县教育局", "7月底前", "2024-07-10", "已完成"),
			},
			bad: []badRow{
				{Row: 1, Column: "牵头单位", Value: "县城市管理局", Why: "平安县没有“城市管理局”（城管职责在县综合行政执法局），单位不在名录中", Reason: "不在单位名录中"},
				{Row: 2, Column: "完成时限", Value: "尽快", Why: "“尽快”不是时限", Reason: "不是可识别的完成时限"},
			},
		},
		{
			path: "bad/平安县人民政府办公室-综合考核权重表-2023-未知分组.xlsx", format: "xlsx", kind: "weights", unit: "县政府办", year: 2023,
			title: "平安县2023年度综合考核指标分值权重表（县政府办制）",
			cols:  []column{col("assessed", "被考核单位"), col("item", "考核项目"), col("points", "分值"), col("counts", "计入政务公开")},
			rows: []rec{
				weight("A类 乡镇街道", "经济发展", 30, false),
				weight("A类 乡镇街道", "政务公开", 5, true),
				weight("C类 事业单位", "政务公开", 4, true),
				weight("县财政局", "政务公开", 5, true),
			},
			bad: []badRow{{Row: 2, Column: "被考核单位", Value: "C类 事业单位", Why: "名录中只有 A类 乡镇街道、B类 县直部门 两个考核分组", Reason: "既不是单位名录中的单位，也不是考核分组"}},
		},
		{
			path: "bad/平安县卫生健康局-政务新媒体更新台账-2024.csv", format: "csv", enc: "utf8bom", kind: "media", unit: "县卫健局", year: 2024,
			cols: []column{col("account", "账号名称"), col("platform", "平台"), col("posted", "发布日期"), col("title", "标题")},
			rows: []rec{
				post3("健康平安", "微信公众号", "2024/1/3", "【便民提示】流感季就医指南"),
				post3("健康平安", "微信公众号", "2024/13/01", "【权威发布】家庭医生签约服务"),
				post3("健康平安", "小红书", "2024/1/9", "【图说】健康生活方式"),
				post3("健康平安", "微信公众号", "2024/1/12", "【政策解读】城乡居民医保缴费"),
			},
			bad: []badRow{
				{Row: 1, Column: "发布日期", Value: "2024/13/01", Why: "没有 13 月", Reason: "不是有效日期（月或日超出范围）"},
				{Row: 2, Column: "平台", Value: "小红书", Why: "平台不在可选值中（应填“其他”）", Reason: "不是可选值"},
			},
		},
		{
			path: "bad/东城街道-回应关切台账-2023.xlsx", format: "xlsx", kind: "responses", unit: "东城街道", year: 2023,
			title: "东城街道2023年回应关切台账",
			cols:  []column{col("source", "来源"), col("received_at", "收到时间"), col("responded_at", "回应时间"), col("level", "级别"), col("subject", "事项")},
			rows: []rec{
				resp("12345", "2023-03-06 09:12", "2023-03-06 16:40", "一般", "反映小区供暖温度不达标"),
				resp("舆情监测", "2023-07-21 20:05", "2023-07-21 18:30", "重大", "网传暴雨致部分村组受灾"),
				resp("县长信箱", "2023-10-09 10:00", "2023-10-10 11:20", "一般", "反映道路破损影响通行"),
			},
			bad: []badRow{{Row: 1, Column: "回应时间", Value: "2023-07-21 18:30", Why: "回应时间比收到时间早一个半小时", Reason: "回应时间早于收到时间"}},
		},
		{
			path: "bad/平安县公安局-主动公开信息台账-2024-单位列.csv", format: "csv", enc: "utf8", kind: "disclosures", unit: "县公安局", year: 2024,
			cols: []column{col("unit", "填报单位"), col("title", "标题"), col("published", "发布日期"), col("secrecy_review", "保密审查")},
			rows: []rec{
				disc("县公安局", "县公安局关于春节期间烟花爆竹禁放的通告", "2024-01-25"),
				disc("县公安局", "县公安局2024年部门预算公开", "2024-02-06"),
				disc("县交通运输局", "县交通运输局2024年部门预算公开", "2024-02-07"),
				disc("1.19907E+17", "县公安局机构职能及内设机构", "2024-03-01"),
				disc("县公安局", "县公安局2024年第1批“双随机、一公开”抽查结果", "2024-03-20"),
			},
			bad: []badRow{
				{Row: 2, Column: "填报单位", Value: "县交通运输局", Why: "县公安局的台账里混入了县交通运输局的一行", Reason: "一个文件只能包含一个单位的数据"},
				{Row: 3, Column: "填报单位", Value: "1.19907E+17", Why: "统一社会信用代码被 Excel 存成了数字，末几位已丢失", Reason: "像是被 Excel 存成数字的统一社会信用代码"},
			},
		},
		{
			path: "bad/平安县财政局-规范性文件及政策解读台账-2024.xlsx", format: "xlsx", kind: "documents", unit: "县财政局", year: 2024,
			title: "平安县财政局2024年规范性文件及政策解读台账",
			cols: []column{col("doc_name", "文件名称"), col("doc_no", "文号"), col("doc_type", "文件类型"), col("issued", "印发日期"), col("published", "公开日期"),
				col("disclosure_attr", "公开属性"), col("nondisclosure_reason", "不公开理由"), col("interpreted", "解读日期"), col("interp_form", "解读形式")},
			rows: []rec{
				doc("平安县财政局关于印发《平安县政府采购内部控制管理办法》的通知", "平财发〔2024〕3号", "行政规范性文件", "2024-03-04", "2024-03-06", "主动公开", "", "2024-03-06", "文字、图解"),
				doc("平安县财政局关于做好农民工工资支付工作的通知", "平财发〔2024〕9号", "其他政策文件", "2024-05-13", "", "不予公开", "", "", ""),
				doc("平安县财政局关于印发《平安县困难群众临时救助实施办法》的通知", "平财发〔2024〕15号", "行政规范性文件", "2024-08-19", "2024-08-21", "主动公开", "", "2024-08-21", "微电影"),
			},
			bad: []badRow{
				{Row: 1, Column: "不公开理由", Value: "", Why: "不予公开的文件没有写不公开理由", Reason: "必须填写不公开理由"},
				{Row: 2, Column: "解读形式", Value: "微电影", Why: "解读形式不在可选值中（文字、图解、视频、新闻发布会、在线访谈、问答）", Reason: "不是可选值"},
			},
		},
		{
			path: "bad/平安县市场监督管理局-执法及收费统计表-2024.csv", format: "csv", enc: "gb18030", kind: "enforcement", unit: "县市场监管局", year: 2024,
			title: "平安县市场监督管理局2024年行政许可、处罚、强制及收费情况统计表",
			cols:  []column{col("item", "事项"), col("count", "数量"), col("amount", "金额（万元）")},
			rows: []rec{
				enf("行政许可", "1862", ""),
				enf("行政处罚", "-5", ""),
				enf("行政检查", "312", ""),
				enf("行政事业性收费", "140", "23.5"),
			},
			bad: []badRow{
				{Row: 1, Column: "数量", Value: "-5", Why: "数量不能为负", Reason: "不能为负数"},
				{Row: 2, Column: "事项", Value: "行政检查", Why: "统计事项只有行政许可、行政处罚、行政强制、行政事业性收费", Reason: "不是可选值"},
			},
		},
	}
	var facts []badFact
	for _, bc := range cases {
		u := c.byName(bc.unit)
		s := &sheet{name: "Sheet1", kind: bc.kind, unit: u, year: bc.year, cols: bc.cols}
		if bc.title != "" {
			s.titles = []string{bc.title}
			s.mergeTitle = bc.format == "xlsx"
		}
		for _, x := range bc.rows {
			s.rows = append(s.rows, row{kind: rData, rec: x})
		}
		f := &file{path: bc.path, format: bc.format, enc: bc.enc, st: style{dates: dsISO}, sheets: []*sheet{s}}
		if _, err := f.write(out); err != nil {
			return nil, err
		}
		bf := badFact{Path: bc.path, Kind: bc.kind, Unit: u.Name, Year: bc.year}
		first := len(s.titles) + 2 // the sheet row or CSV line of the first data row
		for _, b := range bc.bad {
			if b.Row >= len(bc.rows) {
				return nil, fmt.Errorf("%s: bad row %d out of range", bc.path, b.Row)
			}
			b.Row += first
			bf.Rows = append(bf.Rows, b)
		}
		facts = append(facts, bf)
	}
	return facts, nil
}

// Rows of the bad files, written as text exactly as given.

func badApp(no, recv, typ, replied, out string) rec {
	return rec{"app_no": txt(no), "received": txt(recv), "applicant_type": txt(typ), "replied": txt(replied), "outcome": txt(out)}
}

func appC(no, recv, typ, content, replied, out string) rec {
	x := badApp(no, recv, typ, replied, out)
	x["content"] = txt(content)
	return x
}

func appCh(no, recv, typ, channel, replied, out string) rec {
	x := badApp(no, recv, typ, replied, out)
	x["channel"] = txt(channel)
	return x
}

func task(no, text, lead, deadline, done, status string) rec {
	return rec{"task_no": txt(no), "task": txt(text), "lead": txt(lead), "deadline": txt(deadline), "done_date": txt(done), "status": txt(status)}
}

func weight(who, item string, points float64, counts bool) rec {
	return rec{"assessed": txt(who), "item": txt(item), "points": dec(points), "counts": yes(counts)}
}

func post3(acct, platform, d, title string) rec {
	return rec{"account": txt(acct), "platform": txt(platform), "posted": txt(d), "title": txt(title)}
}

func resp(src, recv, responded, level, subj string) rec {
	return rec{"source": txt(src), "received_at": txt(recv), "responded_at": txt(responded), "level": txt(level), "subject": txt(subj)}
}

func disc(unit, title, published string) rec {
	return rec{"unit": txt(unit), "title": txt(title), "published": txt(published), "secrecy_review": yes(true)}
}

func doc(name, no, typ, issued, published, attr, reason, interpreted, form string) rec {
	return rec{"doc_name": txt(name), "doc_no": txt(no), "doc_type": txt(typ), "issued": txt(issued), "published": txt(published),
		"disclosure_attr": txt(attr), "nondisclosure_reason": txt(reason), "interpreted": txt(interpreted), "interp_form": txt(form)}
}

func enf(item, count, amount string) rec {
	return rec{"item": txt(item), "count": txt(count), "amount": txt(amount)}
}
