package ingest

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gongkai"
)

// writeTemp writes a file under a fresh temporary directory and returns its path.
func writeTemp(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// When neither a 单位 column, the title nor the file name names the unit,
// the content may: account names of a media ledger (full name or alias),
// the 填报单位 of a footer, a 说明 line above the header. They are taken when
// they name exactly one unit of the registry and refused, naming them, when
// they name several.
func TestUnitFromContent(t *testing.T) {
	e := newEnv(t)
	const media = "序号,账号名称,平台,发布日期,标题\n"
	cases := []struct {
		name, file, text string
		unit             string // the unit found, or "" for a refusal
		reason           string // a phrase of the refusal
	}{
		{"accounts, name and aliases", "xinmeiti.csv", media +
			"1,县财政局,新浪微博,2024/1/3,通知\n2,平安县财政局,微信公众号,2024/1/4,公告\n3,财政局,抖音,2024/1/5,视频\n4,平安发布,抖音,2024/1/6,视频\n",
			"平安县财政局", ""},
		{"accounts of two units", "xinmeiti.csv", media +
			"1,县财政局,新浪微博,2024/1/3,通知\n2,教育局,微信公众号,2024/1/4,公告\n",
			"", "表格内容提到了 2 个单位：账号名称“县财政局”（平安县财政局）、账号名称“教育局”（平安县教育局）"},
		{"footer", "台账2024.csv", "2024年度政府信息公开申请办理台账\n" +
			"申请编号,收到日期,申请人类型,办理结果,答复日期\nA-1,2024-03-05,自然人,予以公开,2024-03-10\n\n" +
			"填报单位：平安县教育局（盖章）,,填表人：王强,,填报日期：2025年1月10日\n,单位负责人（签字）：,,（单位盖章）\n",
			"平安县教育局", ""},
		{"footer label beside its name", "台账2024.csv", "申请编号,收到日期,申请人类型,办理结果,答复日期\n" +
			"A-1,2024-03-05,自然人,予以公开,2024-03-10\n填报单位,城关镇,,审核人：李四\n",
			"平安县城关镇人民政府", ""},
		{"说明 line", "主动公开2024.csv", "2024年主动公开政府信息台账\n说明：本表由平安县数据资源局填报。\n" +
			"标题,发布日期,信息类别\n数据开放目录,2024-03-05,工作动态\n",
			"平安县数据资源局", ""},
		{"说明 line of two units", "主动公开2024.csv", "2024年主动公开政府信息台账\n说明：本表由县财政局和县教育局共同填报。\n" +
			"标题,发布日期,信息类别\n数据开放目录,2024-03-05,工作动态\n",
			"", "表格内容提到了 2 个单位"},
		{"the title comes first", "主动公开2024.csv", "平安县教育局2024年主动公开政府信息台账\n说明：本表由平安县数据资源局代为填报。\n" +
			"标题,发布日期,信息类别\n数据开放目录,2024-03-05,工作动态\n",
			"平安县教育局", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := e.one(writeTemp(t, c.file, c.text), Options{})
			if c.unit != "" {
				if r.Status != StatusLoaded || r.Unit != c.unit {
					t.Errorf("got %s %q (%s), want loaded for %s", r.Status, r.Unit, r.Reason, c.unit)
				}
				return
			}
			if r.Status != StatusRefused || r.Code != gongkai.ENOUNIT || !strings.Contains(r.Reason, c.reason) {
				t.Errorf("got %s %s %q, want ENOUNIT with %q", r.Status, r.Code, r.Reason, c.reason)
			}
		})
	}
}

// Notes under a table (注：…, 填表人/审核人/联系电话/填报日期, a signature block
// with its date) are skipped with one notice, not refused; blank columns
// between data columns and extra columns are ignored, the extra ones listed
// once. A row of more than two cells after the notes is still data.
func TestNotesUnderTheTable(t *testing.T) {
	e := newEnv(t)
	text := "平安县教育局2024年规范性文件及政策解读台账\n" +
		"序号,文件名称,,文号,文件类型,印发日期,经办科室\n" +
		"1,关于印发办法的通知,,平教规〔2024〕1号,规范性文件,2024-02-01,办公室\n" +
		"2,关于加强管理的意见,,平教发〔2024〕2号,其他文件,2024-03-01,办公室\n" +
		",,,,,,\n" +
		"注：1.文件类型填写规章、行政规范性文件或其他政策文件；2.解读形式可多选。,,,,,,\n" +
		"填表人：李娜,,,审核人：王强,,联系电话：0999-6234567,填报日期：2025年1月12日\n" +
		",单位负责人（签字）：,,,分管领导（签字）：,,\n" +
		",,,,,,（单位盖章）\n" +
		",,,,,,2025年1月12日\n"
	r := e.loaded(writeTemp(t, "docs.csv", text), Options{})
	if r.RowsLoaded != 2 || r.RowsSkipped != 6 || r.RowsRefused != 0 {
		t.Errorf("%+v", r)
	}
	want := []string{"未识别的列已忽略：经办科室", "表格下方的注释、签名等 5 行不是数据，已跳过（注：1.文件类型填写规章、行政规…；填表人：李娜；单位负责人（签字）：等）"}
	if strings.Join(r.Warnings, "|") != strings.Join(want, "|") {
		t.Errorf("warnings %q, want %q", r.Warnings, want)
	}
	// A full row after the notes is data, refused when it is bad.
	r = e.one(writeTemp(t, "docs.csv", text+"3,补录的文件,,平教发〔2024〕3号,通知,2024-04-01,办公室\n"), Options{})
	if r.Status != StatusRefused || len(r.Errors) != 1 || r.Errors[0].Row != 11 || r.Errors[0].Column != "文件类型" {
		t.Errorf("a data row after the notes: %+v", r)
	}
	// The notes of several sheets, and the extra columns of several sheets
	// listed once.
	if got := ignoredColumns([]*sheetPlan{
		{sheet: "一季度", lay: &layout{ignored: []string{"办理结果"}}},
		{sheet: "二季度", lay: &layout{ignored: []string{"办理结果", "备注2"}}},
	}); got != "未识别的列已忽略：办理结果、备注2（工作表“一季度”“二季度”）" {
		t.Errorf("ignoredColumns: %q", got)
	}
}

// An extra sub-column under a group cell of a two-row header is named in
// the notice with its group (申请人情况／姓名), a group cell's blank
// continuation read as the group, as when the file was written with the
// group cell merged.
func TestIgnoredSubColumnNamedWithGroup(t *testing.T) {
	e := newEnv(t)
	text := "平安县财政局2024年依申请公开办理台账\n" +
		"申请编号,收到日期,申请人情况,,,申请方式\n" +
		",,申请人类型,姓名,联系电话,\n" +
		"YS-001,2024-03-05,自然人,张敏,0999-6231000,网络\n"
	r := e.loaded(writeTemp(t, "apps.csv", text), Options{})
	if r.RowsLoaded != 1 || len(r.Warnings) != 1 || r.Warnings[0] != "未识别的列已忽略：申请人情况／姓名、申请人情况／联系电话" {
		t.Errorf("loaded %d, warnings %q", r.RowsLoaded, r.Warnings)
	}
}

func TestNoteRows(t *testing.T) {
	notes := [][]string{
		{"注：金额单位为万元"}, {"注1：见说明"}, {"注:"}, {"填报单位：平安县财政局（盖章）", "", "填表人：王强"},
		{"", "单位负责人（签字）：", "", "（单位盖章）"}, {"联系电话：0999-1234567"}, {"分管领导（签字）："}, {"经办人签字："},
	}
	for _, r := range notes {
		if skip, note := rowSkip(r); !skip || !note {
			t.Errorf("rowSkip(%q) = %v, %v; want a note", r, skip, note)
		}
	}
	data := [][]string{
		{"1", "注册登记公告", "2024-03-05"}, {"1", "关于签字仪式的通知", "2024-03-05"}, {"注销公告", "2024-03-05"},
		{"1", "盖章服务指南", "2024-03-05"},
	}
	for _, r := range data {
		if skip, _ := rowSkip(r); skip {
			t.Errorf("rowSkip(%q) skips data", r)
		}
	}
	for _, r := range [][]string{{"合计", "12"}, {"汇总", "6", "30"}, {"小计（件）", "3"}} {
		if skip, note := rowSkip(r); !skip || note {
			t.Errorf("rowSkip(%q): a total row is skipped, and no note", r)
		}
	}
	if skip, _ := rowSkip([]string{"汇总表编制说明的通知", "2024-03-05"}); skip {
		t.Errorf("a title starting with 汇总 is data")
	}
}

// An Excel table's totals row, labelled 汇总 by Chinese Excel, as
// LibreOffice saves it (testdata/foreign/gen-table-totals.sh): skipped as a
// total, not refused for its blank 收到日期.
func TestTableTotalsRow(t *testing.T) {
	e := newEnv(t)
	r := e.loaded(td("foreign/lo-table-totals.xlsx"), Options{Unit: "财政局", Year: 2024})
	if r.RowsLoaded != 3 || r.RowsSkipped != 1 {
		t.Errorf("loaded %d, skipped %d; want 3 and the 汇总 row skipped", r.RowsLoaded, r.RowsSkipped)
	}
	e.wantRows("SELECT app_no, received, consult_days, fee FROM ledger_applications ORDER BY src_row",
		"T01|2024-03-01|1|10", "T02|2024-03-02|2|10", "T03|2024-03-03|3|10")
}

// Values as other programs and clerks write them: 3月5日 takes the ledger's
// year, a 文号 or 索引号 is kept as the CSV writes it (202400003.0 is
// text a clerk typed, not a number), a leading apostrophe (as a CSV keeps
// it) is dropped, a line break inside a cell is kept.
func TestValuesOfOtherWriters(t *testing.T) {
	e := newEnv(t)
	text := "平安县教育局2024年主动公开信息台账\n" +
		"序号,标题,索引号,文号,发布日期,保密审查\n" +
		"1,'消费投诉信息公示,202400003.0,'2024013,4月17日,是\n" +
		"2,\"行政处罚\n决定书公示\",202400010,2024019.0,2024.3.5,√\n" +
		"3,食品安全抽检,'00012,安教发〔2024〕8号,2024年3月5日,1\n" +
		"4,计量检定,202400004,,45356,Y\n"
	r := e.loaded(writeTemp(t, "disc.csv", text), Options{})
	if r.RowsLoaded != 4 {
		t.Errorf("%+v", r)
	}
	e.wantRows(`SELECT title, index_no, coalesce(doc_no, '∅'), published FROM cur_disclosures ORDER BY src_row`,
		"消费投诉信息公示|202400003.0|2024013|2024-04-17",
		"行政处罚\n决定书公示|202400010|2024019.0|2024-03-05",
		"食品安全抽检|00012|安教发〔2024〕8号|2024-03-05",
		"计量检定|202400004|∅|2024-03-05")
	if r := e.one(writeTemp(t, "disc.csv", strings.Replace(text, "4月17日", "2月30日", 1)), Options{}); r.Status != StatusRefused ||
		len(r.Errors) != 1 || r.Errors[0].Reason != "“2月30日”不是有效日期（月或日超出范围）" {
		t.Errorf("2月30日: %+v", r)
	}
}

func TestParseDateIn(t *testing.T) {
	for _, c := range []struct {
		raw  string
		year int
		want string
	}{
		{"3月5日", 2024, "2024-03-05"}, {"10月1号", 2024, "2024-10-01"}, {"１２月３１日", 2023, "2023-12-31"},
		{"2023年3月5日", 2024, "2023-03-05"}, {"3月5日", 0, ""}, {"3.5", 2024, ""}, {"3月5日上午", 2024, ""}, {"2月29日", 2023, ""},
	} {
		d, err := ParseDateIn(c.raw, c.year, false)
		if got := map[bool]string{true: d.String()}[err == nil]; got != c.want {
			t.Errorf("ParseDateIn(%q, %d) = %q (%v), want %q", c.raw, c.year, got, err, c.want)
		}
	}
	if tm, err := ParseDateTimeIn("4月8日 9时30分", 2024, false); err != nil || tm.Format("2006-01-02 15:04") != "2024-04-08 09:30" {
		t.Errorf("ParseDateTimeIn: %v %v", tm, err)
	}
	for raw, want := range map[string]string{"2024013.0": "2024013", "2.024013E+06": "2024013", "00012": "00012", "1.5": "1.5",
		"1.19907E+17": "1.19907E+17", "安教发〔2024〕8号": "安教发〔2024〕8号", "2024-013": "2024-013",
		"2024E001": "2024E001", "12E3": "12E3", "2024e05": "2024e05", "+2024001": "+2024001", "2024001.": "2024001.", "1.0": "1", "2.024013e+06": "2024013"} {
		if got := identText(raw); got != want {
			t.Errorf("identText(%q) = %q, want %q", raw, got, want)
		}
	}
}

// A workbook's hidden and very hidden sheets (openpyxl,
// testdata/foreign/gen-hidden.py) are read as any other sheet, so nothing
// is dropped, and each is named in a warning: the clerk does not see them
// in Excel.
func TestHiddenSheetsSaid(t *testing.T) {
	e := newEnv(t)
	rs := e.file(td("foreign/hidden-sheet.xlsx"), Options{Unit: "财政局", Year: 2024})
	kinds := map[string]int64{}
	for _, r := range rs {
		if r.Status != StatusLoaded {
			t.Fatalf("%s: %s (%s)", r.Kind, r.Status, r.Reason)
		}
		kinds[r.Kind] = r.RowsLoaded
		want := []string{
			"工作表“备份”是隐藏的工作表，其中的台账也已读取；如不应上报，请删除该工作表后重新上传",
			"工作表“旧表”是隐藏的工作表，其中的台账也已读取；如不应上报，请删除该工作表后重新上传",
		}
		for _, w := range want {
			if !slices.Contains(r.Warnings, w) {
				t.Errorf("%s: warnings %q lack %q", r.Kind, r.Warnings, w)
			}
		}
		for _, w := range r.Warnings {
			if strings.Contains(w, "“台账”是隐藏") {
				t.Errorf("%s: the visible sheet is called hidden: %q", r.Kind, w)
			}
		}
	}
	if want := map[string]int64{"applications": 2, "disclosures": 1, "media": 1}; !reflect.DeepEqual(kinds, want) {
		t.Errorf("loaded %v, want %v", kinds, want)
	}
	e.wantRows("SELECT title FROM ledger_disclosures", "看不见的信息")
}
