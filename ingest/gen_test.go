package ingest

// The generator of the committed files in testdata/. The tests read the
// committed files; run this only to change them:
//
//	go test ./ingest -run TestGenerateTestdata -gen
//
// and commit what changed. Every file is small and shows one thing a
// county office sends.

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

var genFlag = flag.Bool("gen", false, "regenerate the files in testdata/")

// The registry every ledger test loads (testdata/units.xlsx).
const (
	codeGov       = "11341234003020000H" // 平安县人民政府
	codeFinance   = "11341234003020011M" // 平安县财政局 (check char computed below)
	codeEducation = "11341234003020020K"
	codeTown      = "11341234003020038D"
)

func TestGenerateTestdata(t *testing.T) {
	if !*genFlag {
		t.Skip("run with -gen to regenerate testdata/")
	}
	for _, c := range []string{codeGov, codeFinance, codeEducation, codeTown} {
		if err := ValidCreditCode(c); err != nil {
			t.Fatalf("registry code %s: %v (want check char %c)", c, err, CreditCheckChar(c[:17]))
		}
	}
	g := gen{t: t, dir: "testdata"}
	os.MkdirAll(filepath.Join(g.dir, "kinds"), 0o755)

	// The unit registry, and one with bad 统一社会信用代码.
	regHead := []any{"单位名称", "简称/别名", "统一社会信用代码", "单位类型", "考核分组", "上级单位"}
	g.xlsx("units.xlsx", func(f *excelize.File) {
		s := g.sheet(f, "单位名录")
		g.rows(f, s, 1, [][]any{
			regHead,
			{"平安县人民政府", "县政府", codeGov, "县级政府", "", ""},
			{"平安县财政局", "县财政局、财政局", codeFinance, "部门", "B类 县直部门", "平安县人民政府"},
			{"平安县教育局", "县教育局、教育局", codeEducation, "部门", "B类 县直部门", "平安县人民政府"},
			{"平安县城关镇人民政府", "城关镇", codeTown, "乡镇", "A类 乡镇街道", "平安县人民政府"},
			{"平安县数据资源局", "数据局", "", "部门", "B类 县直部门", "县政府"},
		})
	})
	g.xlsx("units-bad.xlsx", func(f *excelize.File) {
		s := g.sheet(f, "单位名录")
		g.rows(f, s, 1, [][]any{
			regHead,
			{"平安县人民政府", "县政府", codeGov, "县级政府", "", ""},
			{"平安县财政局", "财政局", codeFinance[:17] + "X", "部门", "B类 县直部门", "平安县人民政府"}, // wrong check char
			{"平安县教育局", "教育局", "11341234I03020020K", "部门", "B类 县直部门", "平安县人民政府"},   // I is not used
			{"平安县城关镇人民政府", "城关镇", "", "乡镇", "A类 乡镇街道", "平安县人民政府"},                 // code as a float below
			{"平安县数据资源局", "数据局", "1134123400302", "部门", "B类 县直部门", "平安县人民政府"},      // too short
		})
		// LibreOffice stores an 18-digit code typed into a General cell as a number.
		f.SetCellDefault(s, "C5", "1.13352318001776E+17")
	})

	appHead := []any{"申请编号", "收到日期", "申请人类型", "申请方式", "申请内容", "补正告知日期", "补正完成日期", "是否延期", "征求意见天数", "答复日期", "办理结果", "信息处理费"}

	// Two-row header: a merged group cell 补正 over 告知日期 / 完成日期,
	// the other headers merged vertically, and a merged title above.
	g.xlsx("app-double-header.xlsx", func(f *excelize.File) {
		s := g.sheet(f, "台账")
		f.SetCellValue(s, "A1", "平安县财政局2024年依申请公开办理台账")
		f.MergeCell(s, "A1", "L1")
		up := []any{"申请编号", "收到日期", "申请人类型", "申请方式", "申请内容", "补正", "", "是否延期", "征求意见天数", "答复日期", "办理结果", "信息处理费"}
		g.rows(f, s, 2, [][]any{up, {"", "", "", "", "", "告知日期", "完成日期"}})
		for i := range up {
			col := colLetters(i)
			if i == 5 || i == 6 {
				continue
			}
			f.MergeCell(s, col+"2", col+"3")
		}
		f.MergeCell(s, "F2", "G2")
		g.rows(f, s, 4, [][]any{
			{"YS2024-001", "2024-03-05", "自然人", "网络", "财政预算", "", "", "否", "", "2024-03-20", "予以公开", ""},
			{"YS2024-002", "2024-04-01", "商业企业", "邮寄", "采购合同", "2024-04-03", "2024-04-10", "是", "5", "2024-05-20", "部分公开", "0"},
			{"YS2024-003", "2024-05-06", "自然人", "当面", "补助名单", "", "", "否", "", "", "", ""},
		})
	})

	// A merged title row, a 填报单位 line, gaps between data rows (rows 6 and
	// 7 do not exist in the sheet), a 合计 row and a signature footer.
	g.xlsx("app-title-sparse.xlsx", func(f *excelize.File) {
		s := g.sheet(f, "Sheet1")
		f.SetCellValue(s, "A1", "平安县教育局2024年依申请公开办理台账")
		f.MergeCell(s, "A1", "L1")
		f.SetCellValue(s, "A2", "填报单位：平安县教育局（盖章）        填报日期：2025年1月10日")
		f.MergeCell(s, "A2", "L2")
		g.rows(f, s, 3, [][]any{appHead})
		g.rows(f, s, 4, [][]any{
			{"JY-001", "2024-01-08", "自然人", "网络", "招生计划", "", "", "否", "", "2024-01-20", "予以公开", ""},
			{"JY-002", "2024-02-19", "法律服务机构", "信函", "学校名单", "", "", "否", "", "2024-03-01", "（三）不予公开/1.属于国家秘密", ""},
		})
		g.rows(f, s, 8, [][]any{
			{"JY-003", "2024-06-03", "其他", "传真", "经费", "", "", "否", "", "2024-06-18", "1.本机关不掌握相关政府信息", ""},
			{"合计", "3件"},
			{"填表人：张三", "", "", "", "审核人：李四"},
		})
	})

	// Excel date cells (serials with a date format), text dates in every
	// style offices use, and a serial typed into a text cell.
	g.xlsx("app-dates.xlsx", func(f *excelize.File) {
		s := g.sheet(f, "Sheet1")
		g.rows(f, s, 1, [][]any{append([]any{"单位"}, appHead...)})
		dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		textStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 49})
		d := func(y, m, dd int) time.Time { return time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC) }
		rows := [][]any{
			{"平安县财政局", "D-1", d(2024, 3, 5), "自然人", "", "", "", "", "", "", d(2024, 3, 20), "予以公开", ""},
			{"平安县财政局", "D-2", "2024/3/6", "自然人", "", "", "", "", "", "", "2024-03-21", "予以公开", ""},
			{"平安县财政局", "D-3", "2024.3.7", "自然人", "", "", "", "", "", "", "2024年3月22日", "予以公开", ""},
			{"平安县财政局", "D-4", "2024年3月8日", "自然人", "", "", "", "", "", "", "20240325", "予以公开", ""},
			{"平安县财政局", "D-5", "20240311", "自然人", "", "", "", "", "", "", "2024-03-26 16:30", "予以公开", ""},
			{"平安县财政局", "D-6", "45363", "自然人", "", "", "", "", "", "", "45378", "予以公开", ""},
		}
		g.rows(f, s, 2, rows)
		f.SetCellStyle(s, "C2", "C2", dateStyle)
		f.SetCellStyle(s, "K2", "K2", dateStyle)
		// Serials typed into text cells (the cells are strings, not numbers).
		f.SetCellStyle(s, "C7", "C7", textStyle)
		f.SetCellStr(s, "C7", "45363")
		f.SetCellStr(s, "K7", "45378")
	})

	// A 1904-date-system workbook (old Mac Excel): serials count from 1904-01-01.
	g.xlsx("app-1904.xlsx", func(f *excelize.File) {
		yes := true
		f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes})
		s := g.sheet(f, "Sheet1")
		f.SetCellValue(s, "A1", "平安县财政局2024年依申请公开办理台账")
		g.rows(f, s, 2, [][]any{appHead})
		dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		g.rows(f, s, 3, [][]any{{"M-1", nil, "自然人", "", "", "", "", "", "", nil, "予以公开", ""}})
		f.SetCellFloat(s, "B3", 43894, -1, 64) // 2024-03-05 in the 1904 system
		f.SetCellFloat(s, "J3", 43909, -1, 64) // 2024-03-20
		f.SetCellStyle(s, "B3", "B3", dateStyle)
		f.SetCellStyle(s, "J3", "J3", dateStyle)
	})

	// Several bad rows, to check every reported row, column and reason.
	badRows := [][]any{
		{"B-001", "2024-03-05", "自然人", "网络", "", "", "", "否", "", "2024-03-20", "予以公开", ""},       // 3 good
		{"B-002", "2024-02-30", "自然人", "网络", "", "", "", "否", "", "", "", ""},                     // 4 bad date
		{"B-003", "2024-03-06", "外星人", "网络", "", "", "", "否", "", "", "", ""},                     // 5 bad enum
		{"", "2024-03-07", "自然人", "网络", "", "", "", "否", "", "", "", ""},                          // 6 no 申请编号
		{"B-005", "2024-03-08", "自然人", "网络", "", "", "", "否", "", "2024-03-20", "", ""},           // 7 replied, no outcome
		{"B-001", "2024-03-09", "自然人", "网络", "", "", "", "否", "", "", "", ""},                     // 8 duplicate of row 3
		{"B-007", "2024-03-10", "自然人", "网络", "", "", "", "否", "", "2024-03-01", "予以公开", ""},       // 9 replied before received
		{"B-008", "2024-03-11", "自然人", "网络", "", "", "", "也许", "", "2024-03-20", "不予公开", ""},      // 10 bad bool and outcome
		{"B-009", "2024-03-12", "商业企业", "网络", "", "", "", "否", "-3", "2024-03-20", "部分公开", ""},    // 11 negative days
		{"B-010", "2024-03-13", "商业企业", "网络", "", "", "", "否", "", "2024-03-25", "不予公开-国家秘密", ""}, // 12 good
		{"合计", "", "", "", "", "", "", "", "", "", "", ""},                                        // 13 skipped
	}
	g.xlsx("app-bad-rows.xlsx", func(f *excelize.File) {
		s := g.sheet(f, "办理台账")
		f.SetCellValue(s, "A1", "平安县财政局2024年依申请公开办理台账")
		f.MergeCell(s, "A1", "L1")
		g.rows(f, s, 2, append([][]any{appHead}, badRows...))
	})
	// The same as CSV, with a quoted field spanning two lines before the
	// bad rows: the reported line is the line a text editor shows.
	{
		var b strings.Builder
		b.WriteString("平安县财政局2024年依申请公开办理台账,,,,,,,,,,,\n")
		writeCSV(&b, appHead)
		writeCSV(&b, []any{"C-001", "2024-03-05", "自然人", "网络", "第一行\n第二行", "", "", "否", "", "2024-03-20", "予以公开", ""}) // lines 3-4
		writeCSV(&b, []any{"C-002", "2024-13-01", "自然人", "网络", "", "", "", "否", "", "", "", ""})                       // line 5
		writeCSV(&b, []any{"C-003", "2024-03-06", "自然人", "飞鸽传书", "", "", "", "否", "", "", "", ""})                     // line 6
		g.file("app-bad-rows.csv", []byte(b.String()))
	}

	// GB18030 CSV as Excel on a Chinese Windows saves "CSV (逗号分隔)".
	{
		var b strings.Builder
		b.WriteString("平安县财政局2024年依申请公开办理台账,,,,,,,,,,,\r\n")
		writeCSV(&b, appHead)
		writeCSV(&b, []any{"GB-001", "2024/3/5", "自然人", "网络", "关于乡村振兴补助资金的发放情况", "", "", "否", "", "2024/3/20", "予以公开", ""})
		writeCSV(&b, []any{"GB-002", "2024/4/5", "商业企业", "信函", "政府采购合同（鄣吴镇）", "", "", "是", "3", "2024/5/20", "不予公开-属于国家秘密", ""})
		writeCSV(&b, []any{"GB-003", "2024/5/5", "科研机构", "网络", "统计数据", "", "", "否", "", "", "", ""})
		enc, err := simplifiedchinese.GB18030.NewEncoder().String(strings.ReplaceAll(b.String(), "\n", "\r\n"))
		if err != nil {
			t.Fatal(err)
		}
		g.file("app-gb18030.csv", []byte(strings.ReplaceAll(enc, "\r\r\n", "\r\n")))
	}
	// UTF-8 with a BOM, header on the first line.
	{
		var b strings.Builder
		b.WriteString("\uFEFF")
		writeCSV(&b, append([]any{"单位"}, appHead...))
		writeCSV(&b, []any{"平安县财政局", "BOM-001", "2024-03-05", "自然人", "网络", "", "", "", "否", "", "2024-03-20", "予以公开", ""})
		writeCSV(&b, []any{"县财政局", "BOM-002", "2024-03-06", "公司", "网上", "", "", "", "N", "", "2024-03-21", "（二）部分公开", ""})
		g.file("app-bom.csv", []byte(b.String()))
	}
	// Full-width digits and punctuation as Chinese IMEs type them.
	{
		var b strings.Builder
		b.WriteString("平安县财政局2024年依申请公开办理台账\n")
		writeCSV(&b, appHead)
		writeCSV(&b, []any{"ＦＷ－００１", "２０２４－０３－０５", "自然人", "网络", "", "", "", "是", "１２", "２０２４年４月３０日", "予以公开", "１，２００．５"})
		writeCSV(&b, []any{"ＦＷ－００２", "２０２４／３／６", "自然人", "网络", "", "", "", "×", "", "", "", "／"})
		g.file("app-fullwidth.csv", []byte(b.String()))
	}
	// Semicolon- and tab-separated exports; the tab one has a title line
	// without any tab.
	{
		var b strings.Builder
		b.WriteString(joinAny(appHead, ";") + "\n")
		b.WriteString("SC-001;2024-03-05;自然人;网络;;;;否;;2024-03-20;予以公开;\n")
		b.WriteString("SC-002;2024-03-06;自然人;网络;;;;否;;;;\n")
		g.file("app-semicolon.csv", []byte("平安县财政局2024年依申请公开办理台账;;;;;;;;;;;\n"+b.String()))
		b.Reset()
		b.WriteString("平安县财政局2024年依申请公开办理台账\n")
		b.WriteString(joinAny(appHead, "\t") + "\n")
		b.WriteString("TAB-001\t2024-03-05\t自然人\t网络\t甲, 乙, 丙, 丁\t\t\t否\t\t2024-03-20\t予以公开\t\n")
		b.WriteString("TAB-002\t2024-03-06\t自然人\t网络\t\t\t\t否\t\t\t\t\n")
		g.file("app-tab.csv", []byte(b.String()))
	}
	// Rows with fewer fields than the header (trailing optional cells left off).
	g.file("app-short-rows.csv", []byte("平安县财政局2024年依申请公开办理台账\n"+
		joinAny(appHead, ",")+"\n"+
		"SR-001,2024-03-05,自然人\n"+
		"SR-002,2024-03-06,自然人,网络,内容\n"+
		"SR-003,2024-03-07,其他,当面\n"))
	// A 单位 column: full name, short name, credit code; one unknown unit
	// and one other unit.
	{
		var b strings.Builder
		writeCSV(&b, append([]any{"办理单位"}, appHead...))
		writeCSV(&b, []any{"平安县财政局", "U-001", "2024-03-05", "自然人", "", "", "", "", "", "", "", "", ""})
		writeCSV(&b, []any{"财政局", "U-002", "2024-03-06", "自然人", "", "", "", "", "", "", "", "", ""})
		writeCSV(&b, []any{codeFinance, "U-003", "2024-03-07", "自然人", "", "", "", "", "", "", "", "", ""})
		writeCSV(&b, []any{"平安县不存在局", "U-004", "2024-03-08", "自然人", "", "", "", "", "", "", "", "", ""})
		writeCSV(&b, []any{"教育局", "U-005", "2024-03-09", "自然人", "", "", "", "", "", "", "", "", ""})
		writeCSV(&b, []any{"1.13352318001776E+17", "U-006", "2024-03-10", "自然人", "", "", "", "", "", "", "", "", ""})
		g.file("app-unit-column.csv", []byte(b.String()))
		b.Reset()
		writeCSV(&b, append([]any{"办理单位"}, appHead...))
		writeCSV(&b, []any{"平安县不存在局", "X-001", "2024-03-05", "自然人", "", "", "", "", "", "", "", "", ""})
		g.file("app-unknown-unit.csv", []byte(b.String()))
	}

	// Two sheets of the same kind (上半年 / 下半年) and an instructions sheet.
	g.xlsx("app-two-sheets.xlsx", func(f *excelize.File) {
		for i, name := range []string{"上半年", "下半年"} {
			s := g.sheet(f, name)
			f.SetCellValue(s, "A1", "平安县财政局2024年依申请公开办理台账（"+name+"）")
			f.MergeCell(s, "A1", "L1")
			g.rows(f, s, 2, [][]any{appHead,
				{fmt.Sprintf("H%d-001", i+1), fmt.Sprintf("2024-%02d-05", 3+i*6), "自然人", "网络", "", "", "", "否", "", "", "", ""},
				{fmt.Sprintf("H%d-002", i+1), fmt.Sprintf("2024-%02d-06", 3+i*6), "自然人", "网络", "", "", "", "否", "", "", "", ""},
			})
		}
		s := g.sheet(f, "填写说明")
		f.SetCellValue(s, "A1", "本表按半年分两个工作表填写。")
	})

	// Broken and hostile files.
	good, err := os.ReadFile(filepath.Join(g.dir, "app-bad-rows.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	g.file("truncated.xlsx", good[:len(good)/2])
	g.file("zipbomb.xlsx", xlsxZip(t, strings.Repeat(" ", 8<<20), 0))
	g.file("zipbomb-declared.xlsx", xlsxZip(t, "", 6<<30))
	{
		img := image.NewRGBA(image.Rect(0, 0, 16, 16))
		for i := range 16 {
			img.Set(i, i, color.RGBA{200, 0, 0, 255})
		}
		var b bytes.Buffer
		png.Encode(&b, img)
		g.file("picture.xlsx", b.Bytes())
	}
	{
		r := rand.New(rand.NewSource(1))
		b := make([]byte, 4096)
		r.Read(b)
		g.file("random.xlsx", b)
	}
	{
		b := make([]byte, 1024)
		copy(b, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
		g.file("encrypted.xlsx", b)
	}

	// One small file per ledger kind, with synonym headers.
	g.xlsx("kinds/applications.xlsx", func(f *excelize.File) {
		s := g.sheet(f, "Sheet1")
		f.SetCellValue(s, "A1", "平安县财政局2024年政府信息公开申请登记表")
		g.rows(f, s, 2, [][]any{
			{"登记号", "受理日期", "申请人类别", "渠道", "内容摘要", "补正通知日期", "补正日期", "延期答复", "第三方征求意见天数", "办结日期", "答复类型", "收费金额（元）"},
			{"K-001", "2024-03-05", "个人", "网上申请", "预算", "", "", "否", "0", "2024-03-19", "予以公开", "0"},
			{"K-002", "2024-03-06", "律所", "挂号信", "合同", "2024-03-08", "2024-03-12", "是", "3", "2024-04-30", "不予公开-属于国家秘密", "10"},
		})
	})
	g.csv("kinds/disclosures.csv", "平安县财政局2024年主动公开信息台账", [][]any{
		{"信息标题", "索引号", "发文字号", "目录分类", "信息形成日期", "上网日期", "载体", "网址", "审核人", "是否保密审查"},
		{"2024年部门预算", "001-2024-0001", "平财〔2024〕1号", "财政信息", "2024-02-01", "2024-02-05", "政府网站", "http://example.gov.cn/1", "王五", "是"},
		{"2023年部门决算", "001-2024-0002", "", "财政信息", "2024-07-01", "2024-08-20", "政府网站", "", "王五", "否"},
	})
	g.csv("kinds/documents.csv", "平安县人民政府2024年规范性文件及政策解读台账", [][]any{
		{"文件标题", "发文字号", "文件类别", "成文日期", "发布日期", "失效日期", "公开方式", "不予公开理由", "解读发布日期", "解读方式", "解读人"},
		{"平安县农村建房管理办法", "平政规〔2024〕1号", "规范性文件", "2024-03-01", "2024-03-05", "", "主动公开", "", "2024-03-05", "文字解读、图解", "李四"},
		{"平安县内部管理规定", "平政办〔2024〕9号", "其他政策文件", "2024-05-01", "", "", "不予公开", "内部事务", "", "", ""},
	})
	g.csv("kinds/enforcement.csv", "平安县财政局2024年主动公开统计", [][]any{
		{"统计事项", "本年处理决定数量", "本年收费金额（单位：万元）"},
		{"许可", "12", ""},
		{"行政处罚", "3", ""},
		{"收费", "", "1,234.5"},
	})
	g.csv("kinds/appeals.csv", "平安县财政局2024年行政复议、行政诉讼台账", [][]any{
		{"案号", "案件类型", "立案日期", "审理结果", "关联申请"},
		{"(2024)复001", "复议", "2024-04-01", "维持", "K-002"},
		{"(2024)诉002", "直接起诉", "2024-06-01", "审理中", ""},
	})
	g.csv("kinds/tasks.csv", "平安县人民政府2024年政务公开重点任务台账", [][]any{
		{"序号", "工作任务", "责任单位（牵头）", "协办单位", "时限要求", "实际完成日期", "进展情况", "佐证"},
		{"1", "制定年度工作方案", "财政局、教育局", "数据局", "2024年10月底前", "2024-09-30", "已完成", "http://example.gov.cn/t1"},
		{"2", "公开预算", "平安县财政局", "", "6月底前", "", "推进中", ""},
		{"3", "更新目录", "数据局", "", "年底前", "", "未完成", ""},
		{"4", "政策解读", "县政府", "", "长期坚持", "", "持续推进", ""},
	})
	g.csv("kinds/catalog.csv", "平安县财政局2024年公开事项目录", [][]any{
		{"所属领域", "公开事项", "公开内容", "依据", "时限", "责任主体", "公开形式", "公开载体", "对象"},
		{"财政预算决算", "部门预算", "预算表及说明", "《预算法》", "每年3月底前", "青石镇人民政府", "主动公开", "政府网站", "全社会"},
		{"社会救助", "低保对象", "姓名、金额", "《社会救助暂行办法》", "信息形成之日起20个工作日内", "青石镇人民政府", "主动公开", "公开栏", ""},
	})
	g.csv("kinds/proposals.csv", "平安县人民政府2024年人大代表建议和政协提案办理台账", [][]any{
		{"建议（提案）编号", "建议提案类别", "案由", "主办部门", "会办单位", "交办时间", "答复期限", "答复日期", "答复类型", "答复全文是否公开", "答复全文公开日期", "满意度"},
		{"建议第1号", "人大代表建议", "关于加大教育投入的建议", "财政局、教育局", "数据局", "2024-03-10", "2024-06-10", "2024-06-05", "A类", "是", "2024-06-12", "满意"},
		{"提案第2号", "政协提案", "关于加强校园安全的提案", "教育局", "", "2024-03-12", "2024-06-12", "", "", "", "", ""},
	})
	g.csv("kinds/media.csv", "平安县教育局2024年政务新媒体更新台账", [][]any{
		{"账号", "所属平台", "更新日期", "内容标题"},
		{"平安教育", "微信", "2024-01-03", "开学通知"},
		{"平安教育", "头条号", "2024-01-20", "招生"},
	})
	g.csv("kinds/activities.csv", "平安县人民政府2024年公众参与与工作机制台账", [][]any{
		{"活动类型", "活动日期", "活动名称", "参与人数", "佐证"},
		{"列席会议", "2024-03-15", "县政府常务会议", "3", ""},
		{"开放日", "2024-05-15", "政府开放日", "１２０", ""},
		{"专题培训", "2024-06-15", "政务公开培训", "80人", ""},
	})
	g.xlsx("kinds/responses.xlsx", func(f *excelize.File) {
		s := g.sheet(f, "Sheet1")
		f.SetCellValue(s, "A1", "平安县城关镇人民政府2024年回应关切台账")
		g.rows(f, s, 2, [][]any{
			{"信息来源", "发现时间", "回复时间", "舆情级别", "关切事项"},
			{"12345热线", time.Date(2024, 3, 5, 9, 30, 0, 0, time.UTC), time.Date(2024, 3, 5, 14, 0, 0, 0, time.UTC), "一般", "道路维修"},
			{"网上留言", "2024-03-06 08:15", "2024/3/7 10:00:30", "较大", "供水"},
		})
		st, _ := f.NewStyle(&excelize.Style{NumFmt: 22})
		f.SetCellStyle(s, "B3", "C3", st)
	})
	g.csv("kinds/weights.csv", "平安县人民政府2024年综合考核权重表", [][]any{
		{"考核对象", "考核指标", "分数", "属于政务公开"},
		{"B类 县直部门", "政务公开", "4.5", "是"},
		{"B类 县直部门", "经济发展", "95.5", "否"},
		{"平安县财政局", "预算公开", "2", "√"},
	})
	// A disclosures ledger without its required 发布日期 column.
	g.csv("disclosures-no-published.csv", "平安县财政局2024年主动公开信息台账", [][]any{
		{"信息标题", "索引号", "目录分类", "信息形成日期"},
		{"2024年部门预算", "001-2024-0001", "财政信息", "2024-02-01"},
	})
}

type gen struct {
	t   *testing.T
	dir string
}

func (g gen) file(name string, b []byte) {
	if err := os.WriteFile(filepath.Join(g.dir, name), b, 0o644); err != nil {
		g.t.Fatal(err)
	}
}

func (g gen) xlsx(name string, fill func(f *excelize.File)) {
	f := excelize.NewFile()
	defer f.Close()
	fill(f)
	if idx, _ := f.GetSheetIndex("Sheet1"); idx >= 0 && len(f.GetSheetList()) > 1 {
		if rows, _ := f.GetRows("Sheet1"); len(rows) == 0 {
			f.DeleteSheet("Sheet1")
		}
	}
	f.SetActiveSheet(0)
	if err := f.SaveAs(filepath.Join(g.dir, name)); err != nil {
		g.t.Fatal(err)
	}
	os.Chmod(filepath.Join(g.dir, name), 0o644)
}

// sheet returns a sheet called name, renaming the default Sheet1 first.
func (g gen) sheet(f *excelize.File, name string) string {
	if name == "Sheet1" {
		return name
	}
	if idx, _ := f.GetSheetIndex("Sheet1"); idx >= 0 {
		if rows, _ := f.GetRows("Sheet1"); len(rows) == 0 {
			f.SetSheetName("Sheet1", name)
			return name
		}
	}
	if _, err := f.NewSheet(name); err != nil {
		g.t.Fatal(err)
	}
	return name
}

// rows writes rows from Excel row first; nil leaves a cell empty.
func (g gen) rows(f *excelize.File, sheet string, first int, rows [][]any) {
	for i, r := range rows {
		for j, v := range r {
			if v == nil || v == "" {
				continue
			}
			cell := colLetters(j) + fmt.Sprint(first+i)
			if err := f.SetCellValue(sheet, cell, v); err != nil {
				g.t.Fatal(err)
			}
		}
	}
}

func (g gen) csv(name, title string, rows [][]any) {
	var b strings.Builder
	if title != "" {
		b.WriteString(title + "\n")
	}
	for _, r := range rows {
		writeCSV(&b, r)
	}
	g.file(name, []byte(b.String()))
}

func writeCSV(b *strings.Builder, row []any) {
	for i, v := range row {
		if i > 0 {
			b.WriteByte(',')
		}
		s := fmt.Sprint(v)
		if strings.ContainsAny(s, ",\"\n") {
			s = `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
		}
		b.WriteString(s)
	}
	b.WriteByte('\n')
}

func joinAny(row []any, sep string) string {
	s := make([]string, len(row))
	for i, v := range row {
		s[i] = fmt.Sprint(v)
	}
	return strings.Join(s, sep)
}

// xlsxZip builds a minimal workbook whose sheet XML holds pad inside
// sheetData. With declare > 0 the sheet part claims to decompress to
// declare bytes (a zip bomb's header) while holding almost nothing.
func xlsxZip(t *testing.T, pad string, declare uint64) []byte {
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
		{"xl/worksheets/sheet1.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + pad + `<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>`},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestCompression) })
	for _, p := range parts {
		if declare > 0 && strings.HasPrefix(p.name, "xl/worksheets/") {
			var comp bytes.Buffer
			fw, _ := flate.NewWriter(&comp, flate.BestCompression)
			fw.Write([]byte(p.body))
			fw.Close()
			w, err := zw.CreateRaw(&zip.FileHeader{Name: p.name, Method: zip.Deflate, CompressedSize64: uint64(comp.Len()), UncompressedSize64: declare, CRC32: 0})
			if err != nil {
				t.Fatal(err)
			}
			w.Write(comp.Bytes())
			continue
		}
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(p.body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
