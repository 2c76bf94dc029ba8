package gongkai

// The ledger kinds of shared/domain/ledgers.md (and the 公开事项目录 of
// issue 19) as data: the one
// declaration of them. The order of Kinds is the order of that document and
// of the `kind` values in JSON. Every Field here is a column of the kind's
// table in sql/migrations (ingest/schema_test.go checks both ways); the
// kind's cur_<kind> view and its ledger_rows branch are made from this
// declaration each time the database opens (store/kinds.go,
// sql/kinds/views.sql), so no migration restates them.

// ColType says how a cell is normalised and stored.
type ColType int

const (
	TText        ColType = iota // trimmed text (VARCHAR)
	TDate                       // calendar date (DATE)
	TDeadline                   // date or words like 年底前 / 长期坚持 (DATE, NULL for no date)
	TDateTime                   // date and time (TIMESTAMP)
	TInt                        // whole number (BIGINT)
	TDecimal                    // decimal number (DOUBLE)
	TBool                       // 是/否 (BOOLEAN)
	TEnum                       // one of Enum, by label or short form (VARCHAR)
	TMultiEnum                  // several of Enum separated by 、 (VARCHAR, joined by 、)
	TUnit                       // a unit of the registry by name, alias or code (BIGINT unit id)
	TOutcome                    // an outcome row of annual-report table 三 (VARCHAR code)
	TUnitOrGroup                // a unit, or a 考核分组 of the registry (Field_unit_id BIGINT, Field_group VARCHAR)
)

// Column is one column of a ledger kind.
type Column struct {
	Field    string   // column of the ledger table
	Name     string   // canonical Chinese header
	Synonyms []string // other headers seen in practice
	Type     ColType
	Required bool
	// BlankZero: a blank cell means 0 (only for counts where the ledger says so).
	BlankZero bool
	// Enum lists canonical values; Short maps extra spellings to a canonical value.
	Enum  []string
	Short map[string]string
	// Key marks the columns that recognise the kind from a header row.
	Key bool
	// Ident marks an identifier (编号, 文号, 索引号) kept as text: digits a
	// spreadsheet stored as a number are read back as typed (2024013, not
	// 2024013.0).
	Ident bool
}

// Kind is one ledger kind.
type Kind struct {
	Name    string // applications, disclosures, ...
	Title   string // 依申请公开办理台账, ...
	Table   string // ledger table in DuckDB
	Columns []Column
	// CountyWide is the kind's scope. A county-wide ledger belongs to the
	// county as a whole, not to a unit: the office (政务公开科) keeps and
	// uploads it, one per year, and its rows name other units by design
	// (牵头单位, 被考核单位). Its batches are the county's (CountyUnitID),
	// so no registry entry is needed for the county government, and a unit
	// is never asked for it (status pages, 催报). The other kinds are kept
	// per unit.
	CountyWide bool
	// YearField is the date column whose year places a row in a reporting year
	// when neither the file nor the caller states the year.
	YearField string
	// Label names the columns that name a row where evidence lists it (the
	// label of the ledger_rows view, sql/kinds/views.sql): their values as
	// text, each but the last followed by a space when it is not blank.
	Label []string
}

// unitColumn is the optional 单位 column every kind accepts: a file may hold
// one unit's rows (named in the column, the title or the file name).
var unitColumn = Column{Field: "unit_id", Name: "单位", Synonyms: []string{"办理单位", "承办单位", "填报单位", "单位名称", "责任单位"}, Type: TUnit}

// Kinds in the order of domain/ledgers.md.
var Kinds = []*Kind{
	{
		Name: "applications", Title: "依申请公开办理台账", Table: "ledger_applications", YearField: "received",
		Label: []string{"app_no"},
		Columns: []Column{
			unitColumn,
			{Field: "app_no", Name: "申请编号", Synonyms: []string{"编号", "登记号", "申请序号", "登记编号"}, Type: TText, Ident: true, Required: true, Key: true},
			{Field: "received", Name: "收到日期", Synonyms: []string{"收件日期", "申请日期", "受理日期", "登记日期", "收到申请日期"}, Type: TDate, Required: true, Key: true},
			{Field: "applicant_type", Name: "申请人类型", Synonyms: []string{"申请人类别", "申请主体", "申请人性质"}, Type: TEnum, Required: true, Key: true,
				Enum:  []string{"自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"},
				Short: map[string]string{"个人": "自然人", "公民": "自然人", "企业": "商业企业", "公司": "商业企业", "律师事务所": "法律服务机构", "律所": "法律服务机构", "公益组织": "社会公益组织", "科研院所": "科研机构"}},
			{Field: "channel", Name: "申请方式", Synonyms: []string{"提交方式", "渠道", "申请渠道"}, Type: TEnum,
				Enum:  []string{"当面", "邮寄", "网络", "传真", "信函", "其他"},
				Short: map[string]string{"当面提交": "当面", "现场": "当面", "网上": "网络", "网上申请": "网络", "在线": "网络", "邮件": "网络", "电子邮件": "网络", "挂号信": "邮寄", "邮政": "邮寄"}},
			{Field: "content", Name: "申请内容", Synonyms: []string{"申请事项", "内容摘要", "申请信息内容"}, Type: TText},
			{Field: "correction_notice", Name: "补正告知日期", Synonyms: []string{"补正通知日期"}, Type: TDate},
			{Field: "correction_done", Name: "补正完成日期", Synonyms: []string{"补正日期"}, Type: TDate},
			{Field: "extended", Name: "是否延期", Synonyms: []string{"延期答复", "延期"}, Type: TBool},
			{Field: "consult_days", Name: "征求意见天数", Synonyms: []string{"第三方征求意见天数"}, Type: TInt, BlankZero: true},
			{Field: "replied", Name: "答复日期", Synonyms: []string{"办结日期", "答复时间", "办结时间"}, Type: TDate, Key: true},
			{Field: "outcome", Name: "办理结果", Synonyms: []string{"答复类型", "处理结果", "办理结果类型"}, Type: TOutcome, Key: true},
			{Field: "fee", Name: "信息处理费", Synonyms: []string{"收取信息处理费", "信息处理费（元）", "收费金额（元）"}, Type: TDecimal, BlankZero: true},
		},
	},
	{
		Name: "disclosures", Title: "主动公开信息台账", Table: "ledger_disclosures", YearField: "published",
		Label: []string{"title"},
		Columns: []Column{
			unitColumn,
			{Field: "title", Name: "标题", Synonyms: []string{"信息标题", "名称", "信息名称"}, Type: TText, Required: true, Key: true},
			{Field: "index_no", Name: "索引号", Type: TText, Ident: true, Key: true},
			{Field: "doc_no", Name: "文号", Synonyms: []string{"发文字号"}, Type: TText, Ident: true},
			{Field: "category", Name: "信息类别", Synonyms: []string{"栏目", "目录分类", "所属栏目"}, Type: TText, Key: true},
			{Field: "formed", Name: "形成日期", Synonyms: []string{"信息形成日期", "生成日期", "变更日期", "形成（变更）日期"}, Type: TDate, Key: true},
			{Field: "published", Name: "发布日期", Synonyms: []string{"公开日期", "上网日期", "发布时间"}, Type: TDate, Required: true, Key: true},
			{Field: "channel", Name: "公开渠道", Synonyms: []string{"公开方式", "载体"}, Type: TText},
			{Field: "url", Name: "链接", Synonyms: []string{"网址", "URL", "链接地址"}, Type: TText},
			{Field: "reviewer", Name: "审核人", Type: TText},
			{Field: "secrecy_review", Name: "保密审查", Synonyms: []string{"是否保密审查", "是否经保密审查"}, Type: TBool, Key: true},
		},
	},
	{
		Name: "documents", Title: "规范性文件及政策解读台账", Table: "ledger_documents", YearField: "issued",
		Label: []string{"doc_name"},
		Columns: []Column{
			unitColumn,
			{Field: "doc_name", Name: "文件名称", Synonyms: []string{"文件标题", "政策文件名称"}, Type: TText, Required: true, Key: true},
			{Field: "doc_no", Name: "文号", Synonyms: []string{"发文字号"}, Type: TText, Ident: true},
			{Field: "doc_type", Name: "文件类型", Synonyms: []string{"文件类别"}, Type: TEnum, Key: true,
				Enum:  []string{"规章", "行政规范性文件", "其他政策文件"},
				Short: map[string]string{"规范性文件": "行政规范性文件", "其他文件": "其他政策文件", "政策文件": "其他政策文件"}},
			{Field: "issued", Name: "印发日期", Synonyms: []string{"成文日期", "发文日期"}, Type: TDate, Key: true},
			{Field: "published", Name: "公开日期", Synonyms: []string{"发布日期"}, Type: TDate},
			{Field: "repealed", Name: "废止日期", Synonyms: []string{"失效日期"}, Type: TDate},
			{Field: "disclosure_attr", Name: "公开属性", Synonyms: []string{"公开方式"}, Type: TEnum,
				Enum:  []string{"主动公开", "依申请公开", "不予公开"},
				Short: map[string]string{"主动": "主动公开", "依申请": "依申请公开", "不公开": "不予公开"}},
			{Field: "nondisclosure_reason", Name: "不公开理由", Synonyms: []string{"不予公开理由"}, Type: TText},
			{Field: "interpreted", Name: "解读日期", Synonyms: []string{"解读发布日期"}, Type: TDate, Key: true},
			{Field: "interp_form", Name: "解读形式", Synonyms: []string{"解读方式"}, Type: TMultiEnum, Key: true,
				Enum:  []string{"文字", "图解", "视频", "新闻发布会", "在线访谈", "问答"},
				Short: map[string]string{"文字解读": "文字", "图文": "图解", "图解解读": "图解", "视频解读": "视频", "发布会": "新闻发布会", "访谈": "在线访谈", "问答解读": "问答"}},
			{Field: "interpreter", Name: "解读人", Type: TText},
		},
	},
	{
		Name: "enforcement", Title: "主动公开统计", Table: "ledger_enforcement",
		Label: []string{"item"},
		Columns: []Column{
			unitColumn,
			{Field: "item", Name: "事项", Synonyms: []string{"统计事项", "项目"}, Type: TEnum, Required: true, Key: true,
				Enum:  []string{"行政许可", "行政处罚", "行政强制", "行政事业性收费"},
				Short: map[string]string{"许可": "行政许可", "处罚": "行政处罚", "强制": "行政强制", "收费": "行政事业性收费", "行政收费": "行政事业性收费"}},
			{Field: "count", Name: "数量", Synonyms: []string{"本年处理决定数量", "件数", "处理决定数量"}, Type: TInt, BlankZero: true, Key: true},
			{Field: "amount", Name: "金额", Synonyms: []string{"本年收费金额", "收费金额（万元）", "本年收费金额（单位：万元）", "金额（万元）"}, Type: TDecimal, BlankZero: true, Key: true},
		},
	},
	{
		Name: "appeals", Title: "行政复议、行政诉讼台账", Table: "ledger_appeals", YearField: "received",
		Label: []string{"case_no"},
		Columns: []Column{
			unitColumn,
			{Field: "case_no", Name: "案件编号", Synonyms: []string{"案号"}, Type: TText, Ident: true, Required: true, Key: true},
			{Field: "case_type", Name: "类型", Synonyms: []string{"案件类型"}, Type: TEnum, Required: true, Key: true,
				Enum:  []string{"行政复议", "未经复议直接起诉", "复议后起诉"},
				Short: map[string]string{"复议": "行政复议", "直接起诉": "未经复议直接起诉", "行政诉讼": "未经复议直接起诉", "诉讼": "未经复议直接起诉"}},
			{Field: "received", Name: "收到日期", Synonyms: []string{"立案日期"}, Type: TDate, Required: true},
			{Field: "result", Name: "结果", Synonyms: []string{"审理结果", "案件结果"}, Type: TEnum, Required: true, Key: true,
				Enum:  []string{"结果维持", "结果纠正", "其他结果", "尚未审结"},
				Short: map[string]string{"维持": "结果维持", "纠正": "结果纠正", "撤销": "结果纠正", "确认违法": "结果纠正", "其他": "其他结果", "未审结": "尚未审结", "审理中": "尚未审结"}},
			{Field: "related_app", Name: "关联申请编号", Synonyms: []string{"关联申请"}, Type: TText, Ident: true, Key: true},
		},
	},
	{
		Name: "tasks", Title: "重点任务台账", Table: "ledger_tasks", YearField: "deadline", CountyWide: true,
		Label: []string{"task_no", "task"},
		Columns: []Column{
			unitColumn,
			{Field: "task_no", Name: "任务编号", Synonyms: []string{"序号"}, Type: TText, Ident: true, Key: true},
			{Field: "task", Name: "任务内容", Synonyms: []string{"工作任务", "具体要求", "重点任务"}, Type: TText, Required: true, Key: true},
			{Field: "lead_unit_id", Name: "牵头单位", Synonyms: []string{"责任单位（牵头）"}, Type: TUnit, Required: true, Key: true},
			{Field: "partners", Name: "配合单位", Synonyms: []string{"协办单位"}, Type: TText},
			{Field: "deadline", Name: "完成时限", Synonyms: []string{"时限要求", "完成时间要求"}, Type: TDeadline, Key: true},
			{Field: "done_date", Name: "完成日期", Synonyms: []string{"实际完成日期"}, Type: TDate},
			{Field: "status", Name: "完成情况", Synonyms: []string{"进展情况"}, Type: TEnum, Required: true, Key: true,
				Enum:  []string{"已完成", "推进中", "未完成"},
				Short: map[string]string{"完成": "已完成", "正在推进": "推进中", "进行中": "推进中", "持续推进": "推进中"}},
			{Field: "evidence", Name: "佐证材料", Synonyms: []string{"佐证", "佐证材料（链接）"}, Type: TText},
		},
	},
	{
		// 人大代表建议和政协提案: the county's register of the proposals it
		// assigned (交办) to units, kept by the office like the key tasks and
		// measured per 主办单位 (several may be named: each is scored on it).
		// 协办单位 are listed as written, not resolved and not scored.
		Name: "proposals", Title: "人大代表建议和政协提案办理台账", Table: "ledger_proposals", YearField: "assigned", CountyWide: true,
		Label: []string{"proposal_no", "title"},
		Columns: []Column{
			unitColumn,
			{Field: "proposal_no", Name: "编号", Synonyms: []string{"建议编号", "提案编号", "建议（提案）编号", "建议提案编号"}, Type: TText, Ident: true, Required: true, Key: true},
			{Field: "category", Name: "类别", Synonyms: []string{"建议提案类别", "类型"}, Type: TEnum, Required: true, Key: true,
				Enum:  []string{"建议", "提案"},
				Short: map[string]string{"人大代表建议": "建议", "代表建议": "建议", "人大建议": "建议", "政协提案": "提案", "委员提案": "提案", "政协委员提案": "提案"}},
			{Field: "title", Name: "标题", Synonyms: []string{"建议（提案）标题", "建议标题", "提案标题", "案由", "题目"}, Type: TText, Required: true, Key: true},
			{Field: "lead_unit_id", Name: "主办单位", Synonyms: []string{"主办部门", "承办单位（主办）"}, Type: TUnit, Required: true, Key: true},
			{Field: "partners", Name: "协办单位", Synonyms: []string{"会办单位", "协办部门"}, Type: TText},
			{Field: "assigned", Name: "交办日期", Synonyms: []string{"交办时间"}, Type: TDate, Required: true, Key: true},
			{Field: "due", Name: "办结期限", Synonyms: []string{"办理期限", "答复期限", "办结时限"}, Type: TDate, Required: true, Key: true},
			{Field: "done_date", Name: "办结日期", Synonyms: []string{"答复日期", "办结时间"}, Type: TDate, Key: true},
			{Field: "reply_class", Name: "答复类别", Synonyms: []string{"答复类型", "办理结果类别"}, Type: TEnum, Key: true,
				Enum:  []string{"A", "B", "C"},
				Short: map[string]string{"A类": "A", "B类": "B", "C类": "C", "a": "A", "b": "B", "c": "C"}},
			{Field: "full_text_public", Name: "是否公开答复全文", Synonyms: []string{"答复全文是否公开", "公开答复全文"}, Type: TBool, Key: true},
			{Field: "published", Name: "公开日期", Synonyms: []string{"答复全文公开日期", "公开时间"}, Type: TDate},
			{Field: "satisfaction", Name: "代表委员满意度", Synonyms: []string{"满意度", "代表满意度", "委员满意度", "满意度测评"}, Type: TEnum, Key: true,
				Enum:  []string{"满意", "基本满意", "不满意"},
				Short: map[string]string{"比较满意": "基本满意"}},
		},
	},
	{
		Name: "media", Title: "政务新媒体更新台账", Table: "ledger_media", YearField: "posted",
		Label: []string{"account", "posted"},
		Columns: []Column{
			unitColumn,
			{Field: "account", Name: "账号名称", Synonyms: []string{"账号", "新媒体名称"}, Type: TText, Required: true, Key: true},
			{Field: "platform", Name: "平台", Synonyms: []string{"平台类型", "所属平台"}, Type: TEnum, Required: true, Key: true,
				Enum:  []string{"微信公众号", "微博", "抖音", "今日头条", "客户端", "其他"},
				Short: map[string]string{"微信": "微信公众号", "公众号": "微信公众号", "新浪微博": "微博", "头条": "今日头条", "头条号": "今日头条", "APP": "客户端", "App": "客户端"}},
			{Field: "posted", Name: "发布日期", Synonyms: []string{"更新日期", "发布时间"}, Type: TDate, Required: true, Key: true},
			{Field: "title", Name: "标题", Synonyms: []string{"内容标题"}, Type: TText},
		},
	},
	{
		Name: "activities", Title: "公众参与与工作机制台账", Table: "ledger_activities", YearField: "held",
		Label: []string{"act_type", "name"},
		Columns: []Column{
			unitColumn,
			{Field: "act_type", Name: "类型", Synonyms: []string{"活动类型"}, Type: TEnum, Required: true, Key: true,
				Enum: []string{"市民代表列席会议", "政府开放日/公众开放活动", "政务公开专题培训", "主要负责人听取政务公开汇报", "新闻发布会", "政策解读活动", "其他"},
				Short: map[string]string{"列席会议": "市民代表列席会议", "列席": "市民代表列席会议", "政府开放日": "政府开放日/公众开放活动", "开放日": "政府开放日/公众开放活动", "公众开放活动": "政府开放日/公众开放活动",
					"培训": "政务公开专题培训", "专题培训": "政务公开专题培训", "听取汇报": "主要负责人听取政务公开汇报", "听取政务公开汇报": "主要负责人听取政务公开汇报", "发布会": "新闻发布会", "解读活动": "政策解读活动"}},
			{Field: "held", Name: "日期", Synonyms: []string{"活动日期", "举办日期", "时间"}, Type: TDate, Required: true, Key: true},
			{Field: "name", Name: "名称", Synonyms: []string{"活动名称", "会议名称"}, Type: TText, Key: true},
			{Field: "participants", Name: "参加人数", Synonyms: []string{"参与人数", "人数"}, Type: TInt, Key: true},
			{Field: "evidence", Name: "佐证材料", Synonyms: []string{"佐证"}, Type: TText},
		},
	},
	{
		Name: "responses", Title: "回应关切台账", Table: "ledger_responses", YearField: "received_at",
		Label: []string{"subject"},
		Columns: []Column{
			unitColumn,
			{Field: "source", Name: "来源", Synonyms: []string{"信息来源", "渠道来源"}, Type: TEnum, Required: true, Key: true,
				Enum:  []string{"12345", "县长信箱", "留言板", "舆情监测", "其他"},
				Short: map[string]string{"12345热线": "12345", "市长热线": "12345", "县长热线": "12345", "领导信箱": "县长信箱", "网上留言": "留言板", "舆情": "舆情监测"}},
			{Field: "received_at", Name: "收到时间", Synonyms: []string{"发现时间", "受理时间"}, Type: TDateTime, Required: true, Key: true},
			{Field: "responded_at", Name: "回应时间", Synonyms: []string{"答复时间", "回复时间"}, Type: TDateTime, Key: true},
			{Field: "level", Name: "级别", Synonyms: []string{"等级", "舆情级别"}, Type: TEnum, Required: true, Key: true,
				Enum:  []string{"特别重大", "重大", "一般"},
				Short: map[string]string{"较大": "重大"}},
			{Field: "subject", Name: "事项", Synonyms: []string{"关切事项", "内容"}, Type: TText},
		},
	},
	{
		Name: "weights", Title: "综合考核权重表", Table: "ledger_weights", CountyWide: true,
		Label: []string{"item"},
		Columns: []Column{
			unitColumn,
			{Field: "assessed", Name: "被考核单位", Synonyms: []string{"考核分组", "考核对象"}, Type: TUnitOrGroup, Required: true, Key: true},
			{Field: "item", Name: "考核项目", Synonyms: []string{"考核内容", "考核指标"}, Type: TText, Required: true, Key: true},
			{Field: "points", Name: "分值", Synonyms: []string{"分数", "权重分值"}, Type: TDecimal, Required: true, Key: true},
			{Field: "counts_disclosure", Name: "计入政务公开", Synonyms: []string{"是否计入政务公开", "属于政务公开"}, Type: TBool, Required: true, Key: true},
		},
	},
	{
		// 基层政务公开标准目录 (issue 19): what a township or department
		// says it publishes, item by item, per the national guidelines of
		// the 26 domains. Only the domain is required: an item lacking one
		// of its eight elements loads and is scored (catalog_complete), not
		// refused. No date column: the year is the file's.
		Name: "catalog", Title: "公开事项目录", Table: "ledger_catalog",
		Label: []string{"domain", "item"},
		Columns: []Column{
			unitColumn,
			{Field: "domain", Name: "领域", Synonyms: []string{"所属领域", "公开领域", "目录领域"}, Type: TEnum, Required: true, Key: true,
				Enum: CatalogDomains, Short: map[string]string{"财政预算决算": "财政预决算", "国有土地上房屋征收与补偿": "国有土地上房屋征收", "脱贫攻坚": "扶贫", "食品药品监督管理": "食品药品监管"}},
			{Field: "item", Name: "公开事项名称", Synonyms: []string{"公开事项", "事项名称"}, Type: TText, Key: true},
			{Field: "content", Name: "公开内容（要素）", Synonyms: []string{"公开内容", "公开内容(要素)", "公开要素"}, Type: TText, Key: true},
			{Field: "basis", Name: "公开依据", Synonyms: []string{"依据"}, Type: TText, Key: true},
			{Field: "time_limit", Name: "公开时限", Synonyms: []string{"时限", "公开时间"}, Type: TText, Key: true},
			{Field: "subject", Name: "公开主体", Synonyms: []string{"责任主体", "公开责任主体"}, Type: TText, Key: true},
			{Field: "method", Name: "公开方式", Synonyms: []string{"公开形式"}, Type: TText},
			{Field: "channel", Name: "公开渠道", Synonyms: []string{"公开载体", "渠道"}, Type: TText},
			{Field: "audience", Name: "公开对象", Synonyms: []string{"对象"}, Type: TText, Key: true},
		},
	},
}

// CatalogDomains are the 26 domains of the national standard guidelines for
// 基层政务公开 (国办 2019), the pick list of the 公开事项目录's 领域.
var CatalogDomains = []string{
	"重大建设项目", "公共资源交易", "财政预决算", "安全生产", "税收管理", "征地补偿", "国有土地上房屋征收",
	"农村危房改造", "地理信息", "社会救助", "养老服务", "公共法律服务", "扶贫", "救灾", "食品药品监管",
	"城市综合执法", "义务教育", "环境保护", "就业", "社会保险", "户籍管理", "涉农补贴", "医疗卫生", "市政服务",
	"公共文化服务", "保障性住房",
}

// CountyUnitID is the unit of a county-wide ledger's batches and rows: the
// county itself, which is not in the registry (registry ids start at 1).
const CountyUnitID int64 = 0

// CountyName is how the county is named where a unit's name would stand
// (the batch history, an upload's result).
const CountyName = "全县"

// UnitKinds lists the kinds kept per unit, in the order of Kinds: what a
// unit's status page lists and what a unit is reminded (催报) of.
func UnitKinds() []*Kind {
	var out []*Kind
	for _, k := range Kinds {
		if !k.CountyWide {
			out = append(out, k)
		}
	}
	return out
}

// KindByName returns the kind called name, or nil.
func KindByName(name string) *Kind {
	for _, k := range Kinds {
		if k.Name == name {
			return k
		}
	}
	return nil
}

// KindTitle is the Chinese name of the kind called name, or name itself
// when no kind is (a refused file's kind may be unknown: "").
func KindTitle(name string) string {
	if k := KindByName(name); k != nil {
		return k.Title
	}
	return name
}

// KindNames lists the kind names in order.
func KindNames() []string {
	out := make([]string, len(Kinds))
	for i, k := range Kinds {
		out[i] = k.Name
	}
	return out
}
