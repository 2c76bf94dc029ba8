package ingest

import (
	"strings"
	"testing"
	"time"

	"gongkai"
)

func TestParseDate(t *testing.T) {
	ok := []struct {
		in      string
		d1904   bool
		y, m, d int
	}{
		{"2024-03-05", false, 2024, 3, 5},
		{"2024/3/5", false, 2024, 3, 5},
		{"2024.3.5", false, 2024, 3, 5},
		{"2024年3月5日", false, 2024, 3, 5},
		{"2024年03月05号", false, 2024, 3, 5},
		{"20240305", false, 2024, 3, 5},
		{" 2024-03-05 ", false, 2024, 3, 5},
		{"2024-03-05 14:30", false, 2024, 3, 5},
		{"2024-03-05T14:30:05", false, 2024, 3, 5},
		{"2024年3月5日 14时30分", false, 2024, 3, 5},
		{"２０２４－０３－０５", false, 2024, 3, 5},
		{"２０２４年３月５日", false, 2024, 3, 5},
		{"2024-02-29", false, 2024, 2, 29},
		{"45356", false, 2024, 3, 5},              // Excel serial
		{"45356.604166666664", false, 2024, 3, 5}, // serial with a time of day, as Excel stores it
		{"45356.99999999", false, 2024, 3, 6},     // rounds to midnight of the next day
		{"43894", true, 2024, 3, 5},               // 1904 date system
		{"36526", false, 2000, 1, 1},
		{"10000", false, 1927, 5, 18}, // smallest serial read as a date
	}
	for _, c := range ok {
		got, err := ParseDate(c.in, c.d1904)
		if err != nil {
			t.Errorf("ParseDate(%q, %v): %v", c.in, c.d1904, err)
			continue
		}
		if want := (Date{c.y, c.m, c.d}); got != want {
			t.Errorf("ParseDate(%q, %v) = %v, want %v", c.in, c.d1904, got, want)
		}
	}
	bad := []struct{ in, reason string }{
		{"2024-02-30", "“2024-02-30”不是有效日期（月或日超出范围）"},
		{"2023-02-29", "“2023-02-29”不是有效日期（月或日超出范围）"},
		{"2024-13-01", "“2024-13-01”不是有效日期（月或日超出范围）"},
		{"20241301", "“20241301”不是有效日期"},
		{"2024年3月", "“2024年3月”不是可识别的日期，请写成 2024-03-05 或 2024年3月5日"},
		{"下周一", "“下周一”不是可识别的日期，请写成 2024-03-05 或 2024年3月5日"},
		{"2024-03-05 25:00", "“2024-03-05 25:00”不是可识别的日期，请写成 2024-03-05 或 2024年3月5日"},
		// A bare year or a small count in a date column is not a day of 1905.
		{"2024", "“2024”不是可识别的日期，请写成 2024-03-05 或 2024年3月5日"},
		{"12", "“12”不是可识别的日期，请写成 2024-03-05 或 2024年3月5日"},
		{"0", "“0”不是可识别的日期，请写成 2024-03-05 或 2024年3月5日"},
		{"-45356", "“-45356”不是可识别的日期，请写成 2024-03-05 或 2024年3月5日"},
		{"1e5", "“1e5”不是可识别的日期，请写成 2024-03-05 或 2024年3月5日"},
		{"99999", "“99999”不是可识别的日期，请写成 2024-03-05 或 2024年3月5日"}, // 2173
		{"1900-01-00", "“1900-01-00”不是有效日期（月或日超出范围）"},
		// The year not first in four digits: month and day are not guessed.
		{"3/5/2024", "“3/5/2024”的年份不在最前或不是四位数，无法确定年、月、日，请写成 2024-03-05"},
		{"24-3-5", "“24-3-5”的年份不在最前或不是四位数，无法确定年、月、日，请写成 2024-03-05"},
		{"05.03.2024", "“05.03.2024”的年份不在最前或不是四位数，无法确定年、月、日，请写成 2024-03-05"},
	}
	for _, c := range bad {
		_, err := ParseDate(c.in, false)
		if err == nil {
			t.Errorf("ParseDate(%q) accepted", c.in)
			continue
		}
		if err.Error() != c.reason {
			t.Errorf("ParseDate(%q) reason %q, want %q", c.in, err, c.reason)
		}
	}
	if _, err := ParseDate("  ", false); err != errBlank {
		t.Errorf("ParseDate(blank) = %v, want errBlank", err)
	}
}

func TestParseDateTime(t *testing.T) {
	at := func(y, m, d, h, mi, s int) time.Time { return time.Date(y, time.Month(m), d, h, mi, s, 0, time.UTC) }
	ok := []struct {
		in    string
		d1904 bool
		want  time.Time
	}{
		{"2024-03-05 14:30", false, at(2024, 3, 5, 14, 30, 0)},
		{"2024-03-05 14:30:05", false, at(2024, 3, 5, 14, 30, 5)},
		{"2024/3/5 9:05", false, at(2024, 3, 5, 9, 5, 0)},
		{"2024-03-05T08:00:00", false, at(2024, 3, 5, 8, 0, 0)},
		{"2024年3月5日14时30分", false, at(2024, 3, 5, 14, 30, 0)},
		{"2024年3月5日 14点30分", false, at(2024, 3, 5, 14, 30, 0)},
		{"2024-03-05", false, at(2024, 3, 5, 0, 0, 0)},
		{"20240305", false, at(2024, 3, 5, 0, 0, 0)},
		{"２０２４－０３－０５　１４：３０", false, at(2024, 3, 5, 14, 30, 0)},
		{"45356.604166666664", false, at(2024, 3, 5, 14, 30, 0)},
		{"45356.5", false, at(2024, 3, 5, 12, 0, 0)},
		{"45356", false, at(2024, 3, 5, 0, 0, 0)},
		{"43894.25", true, at(2024, 3, 5, 6, 0, 0)},
	}
	for _, c := range ok {
		got, err := ParseDateTime(c.in, c.d1904)
		if err != nil {
			t.Errorf("ParseDateTime(%q): %v", c.in, err)
			continue
		}
		if !got.Equal(c.want) {
			t.Errorf("ParseDateTime(%q) = %v, want %v", c.in, got, c.want)
		}
	}
	for _, in := range []string{"2024-03-05 24:00", "2024-03-05 14:60", "2024-02-30 10:00", "昨天下午", "2024", "14:30", "2024-03-05 14:30 左右"} {
		if got, err := ParseDateTime(in, false); err == nil {
			t.Errorf("ParseDateTime(%q) = %v, want an error", in, got)
		} else if !strings.Contains(err.Error(), "“"+in+"”") {
			t.Errorf("ParseDateTime(%q): reason %q does not quote the value", in, err)
		}
	}
}

func TestParseDeadline(t *testing.T) {
	ok := []struct {
		in    string
		year  int
		want  Date
		open  bool
		label string
	}{
		{"2024年10月底前", 0, Date{2024, 10, 31}, false, "2024年10月底前"},
		{"2024年10月底前", 2023, Date{2024, 10, 31}, false, "2024年10月底前"},
		{"6月底前", 2024, Date{2024, 6, 30}, false, "6月底前"},
		{"2月底前", 2024, Date{2024, 2, 29}, false, "2月底前"},
		{"2月底前", 2023, Date{2023, 2, 28}, false, "2月底前"},
		{"年底前", 2024, Date{2024, 12, 31}, false, "年底前"},
		{"年内", 2024, Date{2024, 12, 31}, false, "年内"},
		{"2025年底前", 2024, Date{2025, 12, 31}, false, "2025年底前"},
		{"年底之前", 2024, Date{2024, 12, 31}, false, "年底之前"},
		{"2024年10月底以前", 0, Date{2024, 10, 31}, false, "2024年10月底以前"},
		{"上半年", 2024, Date{2024, 6, 30}, false, "上半年"},
		{"三季度", 2024, Date{2024, 9, 30}, false, "三季度"},
		{"9月中旬", 2024, Date{2024, 9, 20}, false, "9月中旬"},
		{"9月上旬", 2024, Date{2024, 9, 10}, false, "9月上旬"},
		{"11月15日前", 2024, Date{2024, 11, 15}, false, "11月15日前"},
		{"２０２４年１０月底前", 0, Date{2024, 10, 31}, false, "２０２４年１０月底前"},
		{"2024-10-31", 0, Date{2024, 10, 31}, false, "2024-10-31"},
		{"长期坚持", 2024, Date{}, true, "长期坚持"},
		{"持续推进", 0, Date{}, true, "持续推进"},
		{" 长期坚持 ", 2024, Date{}, true, "长期坚持"},
	}
	for _, c := range ok {
		got, err := ParseDeadline(c.in, c.year)
		if err != nil {
			t.Errorf("ParseDeadline(%q, %d): %v", c.in, c.year, err)
			continue
		}
		if got.Date != c.want || got.Open != c.open || got.Label != c.label {
			t.Errorf("ParseDeadline(%q, %d) = %+v, want {%v open=%v %q}", c.in, c.year, got, c.want, c.open, c.label)
		}
	}
	bad := []struct {
		in     string
		year   int
		reason string
	}{
		{"6月底前", 0, "“6月底前”没有写年份，且无法从文件确定年度"},
		{"13月底前", 2024, "“13月底前”不是可识别的完成时限，请写成 2024年10月底前、年底前、2024-10-31 或 长期坚持"},
		{"尽快", 2024, "“尽快”不是可识别的完成时限，请写成 2024年10月底前、年底前、2024-10-31 或 长期坚持"},
		{"2月30日前", 2024, "“2月30日前”不是可识别的完成时限，请写成 2024年10月底前、年底前、2024-10-31 或 长期坚持"},
	}
	for _, c := range bad {
		_, err := ParseDeadline(c.in, c.year)
		if err == nil || err.Error() != c.reason {
			t.Errorf("ParseDeadline(%q, %d) error %v, want %q", c.in, c.year, err, c.reason)
		}
	}
}

func TestParseInt(t *testing.T) {
	ok := []struct {
		in   string
		want int64
	}{
		{"12", 12}, {"１２", 12}, {" 7 ", 7}, {"1,234", 1234}, {"１，２３４", 1234}, {"12件", 12}, {"80人", 80},
		{"3次", 3}, {"5天", 5}, {"12.0", 12}, {"0", 0}, {"-3", -3}, {"1e3", 1000}, {"3 人次", 3},
	}
	for _, c := range ok {
		got, err := ParseInt(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseInt(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
	for _, in := range []string{"12.5", "十二", "abc", "1.2.3", "Inf", "NaN", "1e20", "12元件"} {
		if got, err := ParseInt(in); err == nil {
			t.Errorf("ParseInt(%q) = %d, want an error", in, got)
		} else if err.Error() != "“"+in+"”不是整数" {
			t.Errorf("ParseInt(%q) reason %q", in, err)
		}
	}
	if _, err := ParseInt(""); err != errBlank {
		t.Errorf("ParseInt(blank) = %v, want errBlank", err)
	}
}

func TestParseDecimal(t *testing.T) {
	ok := []struct {
		in   string
		want float64
	}{
		{"1234.5", 1234.5}, {"1,234.5", 1234.5}, {"１，２００．５", 1200.5}, {"12万元", 12}, {"300元", 300},
		{"0.30000000000000004", 0.30000000000000004}, {"-1.5", -1.5}, {"4.5", 4.5},
	}
	for _, c := range ok {
		got, err := ParseDecimal(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseDecimal(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	for _, in := range []string{"Inf", "-Inf", "NaN", "1e999", "十", "1.2.3", "12%"} {
		if got, err := ParseDecimal(in); err == nil {
			t.Errorf("ParseDecimal(%q) = %v, want an error", in, got)
		} else if err.Error() != "“"+in+"”不是数字" {
			t.Errorf("ParseDecimal(%q) reason %q", in, err)
		}
	}
}

func TestParseBool(t *testing.T) {
	for _, in := range []string{"是", "Y", "y", "Yes", "√", "1", "１", "TRUE", "true", " 是 "} {
		if v, err := ParseBool(in); err != nil || !v {
			t.Errorf("ParseBool(%q) = %v, %v; want true", in, v, err)
		}
	}
	for _, in := range []string{"否", "N", "n", "no", "×", "x", "0", "FALSE", "不是"} {
		if v, err := ParseBool(in); err != nil || v {
			t.Errorf("ParseBool(%q) = %v, %v; want false", in, v, err)
		}
	}
	if _, err := ParseBool("也许"); err == nil || err.Error() != "“也许”应填写 是 或 否" {
		t.Errorf("ParseBool(也许) = %v", err)
	}
}

func column(t *testing.T, kind, field string) *gongkai.Column {
	t.Helper()
	k := gongkai.KindByName(kind)
	for i := range k.Columns {
		if k.Columns[i].Field == field {
			return &k.Columns[i]
		}
	}
	t.Fatalf("no column %s.%s", kind, field)
	return nil
}

func TestParseEnum(t *testing.T) {
	cases := []struct {
		kind, field, in, want string
	}{
		{"applications", "applicant_type", "自然人", "自然人"},
		{"applications", "applicant_type", "个人", "自然人"},
		{"applications", "applicant_type", "公民", "自然人"},
		{"applications", "applicant_type", "公司", "商业企业"},
		{"applications", "applicant_type", "律所", "法律服务机构"},
		{"applications", "applicant_type", "1.自然人", "自然人"},
		{"applications", "applicant_type", "（一）自然人", "自然人"},
		{"applications", "applicant_type", " 商业 企业 ", "商业企业"},
		{"applications", "channel", "网上申请", "网络"},
		{"applications", "channel", "挂号信", "邮寄"},
		{"documents", "doc_type", "规范性文件", "行政规范性文件"},
		{"appeals", "result", "维持", "结果维持"},
		{"appeals", "result", "撤销", "结果纠正"},
		{"appeals", "case_type", "直接起诉", "未经复议直接起诉"},
		{"tasks", "status", "持续推进", "推进中"},
		{"media", "platform", "微信", "微信公众号"},
		{"media", "platform", "ＡＰＰ", "客户端"},
		{"activities", "act_type", "开放日", "政府开放日/公众开放活动"},
		{"activities", "act_type", "政府开放日／公众开放活动", "政府开放日/公众开放活动"},
		{"responses", "source", "12345热线", "12345"},
		{"responses", "source", "１２３４５", "12345"},
		{"responses", "level", "较大", "重大"},
		{"enforcement", "item", "许可", "行政许可"},
	}
	for _, c := range cases {
		got, err := ParseEnum(column(t, c.kind, c.field), c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseEnum(%s.%s, %q) = %q, %v; want %q", c.kind, c.field, c.in, got, err, c.want)
		}
	}
	_, err := ParseEnum(column(t, "applications", "applicant_type"), "外星人")
	if want := "“外星人”不是可选值，应为：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他"; err == nil || err.Error() != want {
		t.Errorf("ParseEnum(外星人) = %v, want %q", err, want)
	}
}

func TestParseMultiEnum(t *testing.T) {
	c := column(t, "documents", "interp_form")
	cases := []struct{ in, want string }{
		{"文字", "文字"},
		{"文字解读、图解", "文字、图解"},
		{"图解,视频，问答", "图解、视频、问答"},
		{"文字/文字解读", "文字"},
		{"发布会+访谈", "新闻发布会、在线访谈"},
		{"视频 图解", "视频、图解"},
	}
	for _, x := range cases {
		got, err := ParseMultiEnum(c, x.in)
		if err != nil || got != x.want {
			t.Errorf("ParseMultiEnum(%q) = %q, %v; want %q", x.in, got, err, x.want)
		}
	}
	_, err := ParseMultiEnum(c, "文字、广播")
	if want := "“文字、广播”中的“广播”不是可选值，应为：文字、图解、视频、新闻发布会、在线访谈、问答"; err == nil || err.Error() != want {
		t.Errorf("ParseMultiEnum(文字、广播) = %v, want %q", err, want)
	}
	// One value is named once, not "“微电影”中的“微电影”".
	_, err = ParseMultiEnum(c, "微电影")
	if want := "“微电影”不是可选值，应为：文字、图解、视频、新闻发布会、在线访谈、问答"; err == nil || err.Error() != want {
		t.Errorf("ParseMultiEnum(微电影) = %v, want %q", err, want)
	}
}

func TestParseOutcome(t *testing.T) {
	ok := []struct{ in, want string }{
		{"1.属于国家秘密", "3.1"},
		{"（三）不予公开/1.属于国家秘密", "3.1"},
		{"(三)不予公开/1.属于国家秘密", "3.1"},
		{"（三）不予公开1.属于国家秘密", "3.1"},
		{"不予公开-属于国家秘密", "3.1"},
		{"不予公开-国家秘密", "3.1"},
		{"不予公开—国家秘密", "3.1"},
		{"不予公开：国家秘密", "3.1"},
		{"予以公开", "1"},
		{"（一）予以公开", "1"},
		{"部分公开", "2"},
		{"（二）部分公开", "2"},
		{"（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "2"},
		{"3.危及“三安全一稳定”", "3.3"},
		{"不予公开/危及三安全一稳定", "3.3"},
		{"4.保护第三方合法权益", "3.4"},
		{"不予公开-过程性信息", "3.6"},
		{"（四）无法提供/1.本机关不掌握相关政府信息", "4.1"},
		{"无法提供-本机关不掌握相关政府信息", "4.1"},
		{"1.本机关不掌握相关政府信息", "4.1"},
		{"（五）不予处理/2.重复申请", "5.2"},
		{"不予处理-重复申请", "5.2"},
		{"重复申请", "5.2"},
		{"信访举报投诉类申请", "5.1"},
		{"（六）其他处理/3.其他", "6.3"},
		{"3.1", "3.1"},
		{"6.2", "6.2"},
	}
	for _, c := range ok {
		got, err := ParseOutcome(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseOutcome(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	// Every official label, with and without its group, reads back as its code.
	for _, o := range Outcomes {
		for _, in := range []string{o.Label, o.Group + "/" + o.Label, o.Group + o.Label} {
			if got, err := ParseOutcome(in); err != nil || got != o.Code {
				t.Errorf("ParseOutcome(%q) = %q, %v; want %q", in, got, err, o.Code)
			}
		}
	}
	bad := []struct{ in, reason string }{
		{"不予公开", "“不予公开”需写明具体情形，如“不予公开/1.…”"},
		{"（三）不予公开", "“（三）不予公开”需写明具体情形，如“不予公开/1.…”"},
		{"无法提供", "“无法提供”需写明具体情形，如“无法提供/1.…”"},
		{"不予处理-申请", "“不予处理-申请”可对应多种情形（（五）不予处理1.信访举报投诉类申请；（五）不予处理2.重复申请；（五）不予处理4.无正当理由大量反复申请），请写明具体情形"},
		{"已答复", "“已答复”不是年度报告表三的办理结果，应为“予以公开”“部分公开”或“不予公开/1.属于国家秘密”等"},
		{"（七）总计", "“（七）总计”不是年度报告表三的办理结果，应为“予以公开”“部分公开”或“不予公开/1.属于国家秘密”等"},
		{"7.1", "“7.1”不是年度报告表三的办理结果，应为“予以公开”“部分公开”或“不予公开/1.属于国家秘密”等"},
	}
	for _, c := range bad {
		got, err := ParseOutcome(c.in)
		if err == nil {
			t.Errorf("ParseOutcome(%q) = %q, want an error", c.in, got)
			continue
		}
		if err.Error() != c.reason {
			t.Errorf("ParseOutcome(%q) reason\n got %q\nwant %q", c.in, err, c.reason)
		}
	}
}

func TestValidCreditCode(t *testing.T) {
	// Published codes of real organisations, and the test registry's.
	for _, c := range []string{"914403001922038216", "9144030071526726XG", "91330100716105852F", "91110000101690725E", "11100000000013127D", codeGov, codeFinance} {
		if err := ValidCreditCode(c); err != nil {
			t.Errorf("ValidCreditCode(%s): %v", c, err)
		}
		if got := CreditCheckChar(c[:17]); got != c[17] {
			t.Errorf("CreditCheckChar(%s) = %c, want %c", c[:17], got, c[17])
		}
	}
	bad := []struct{ in, reason string }{
		{"914403001922038217", "统一社会信用代码“914403001922038217”校验位错误（应为 6），请核对"},
		{"9144030071526726XA", "统一社会信用代码“9144030071526726XA”校验位错误（应为 G），请核对"},
		{"91440300I92203821X", "统一社会信用代码“91440300I92203821X”第 9 位“I”不是有效字符（不使用 I、O、S、V、Z）"},
		{"9144030O1922038216", "统一社会信用代码“9144030O1922038216”第 8 位“O”不是有效字符（不使用 I、O、S、V、Z）"},
		{"S14403001922038216", "统一社会信用代码“S14403001922038216”第 1 位“S”不是有效字符（不使用 I、O、S、V、Z）"},
		{"91V403001922038216", "统一社会信用代码“91V403001922038216”第 3 位“V”不是有效字符（不使用 I、O、S、V、Z）"},
		{"914Z03001922038216", "统一社会信用代码“914Z03001922038216”第 4 位“Z”不是有效字符（不使用 I、O、S、V、Z）"},
		{"91440300192203821", "统一社会信用代码应为 18 位，“91440300192203821”为 17 位"},
		{"1.13352318001776E+17", "“1.13352318001776E+17”被存成了数字，末尾几位已丢失：请把该列设为文本后重新填写"},
		{"1.13352318001776e+17", "“1.13352318001776e+17”被存成了数字，末尾几位已丢失：请把该列设为文本后重新填写"},
		{"91440300192203821６", "统一社会信用代码应为 18 位，“91440300192203821６”为 18 位"},
	}
	for _, c := range bad {
		err := ValidCreditCode(c.in)
		if err == nil || err.Error() != c.reason {
			t.Errorf("ValidCreditCode(%q) = %v\n want %q", c.in, err, c.reason)
		}
	}
}

func TestHeaderKey(t *testing.T) {
	cases := []struct{ in, want string }{
		{"收到日期（必填）", "收到日期"},
		{"收到日期(必填)", "收到日期"},
		{"*申请编号", "申请编号"},
		{"※申请编号", "申请编号"},
		{"申请编号*", "申请编号"},
		{"收到\n日期", "收到日期"},
		{"收到\r\n日期", "收到日期"},
		{" 收 到 日 期 ", "收到日期"},
		{"收到　日期", "收到日期"},
		{"ＵＲＬ", "URL"},
		{"信息处理费（元）", "信息处理费(元)"},
		{"申请编号：", "申请编号"},
		{"完成时限（选填）", "完成时限"},
	}
	for _, c := range cases {
		if got := headerKey(c.in); got != c.want {
			t.Errorf("headerKey(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	// matchHeader finds the canonical column through all of these.
	apps := kindIndex(gongkai.KindByName("applications"))
	match := []struct{ in, field string }{
		{"收到日期（必填）", "received"},
		{"*申请编号", "app_no"},
		{"收件\n日期", "received"},
		{"受理日期(年月日)", "received"},
		{"信息处理费（元）", "fee"},
		{"ＵＲＬ", ""},
		{"办理结果*", "outcome"},
		{"答复\r\n时间", "replied"},
	}
	for _, c := range match {
		ci, ok := matchHeader(apps, c.in)
		got := ""
		if ok {
			got = gongkai.Kinds[apps].Columns[ci].Field
		}
		if got != c.field {
			t.Errorf("matchHeader(applications, %q) = %q, want %q", c.in, got, c.field)
		}
	}
	disc := kindIndex(gongkai.KindByName("disclosures"))
	if ci, ok := matchHeader(disc, "ＵＲＬ"); !ok || gongkai.Kinds[disc].Columns[ci].Field != "url" {
		t.Errorf("matchHeader(disclosures, ＵＲＬ) = %d, %v", ci, ok)
	}
}

func TestSkipRow(t *testing.T) {
	skip := [][]string{
		nil, {}, {"", " ", "\u3000"}, {"合计", "12"}, {"合  计"}, {"", "小计：", "3"}, {"总计"},
		{"填表人：张三", "", "审核人：李四"}, {"填报日期：2025-01-10"}, {"审核人"},
		{"1", "合计", "3", "4"}, {"合计（件）", "15"}, {"合计:", "15", "1234.5"},
	}
	for _, r := range skip {
		if !skipRow(r) {
			t.Errorf("skipRow(%q) = false", r)
		}
	}
	keep := [][]string{
		{"YS-001", "2024-03-05", "自然人"}, {"合计发放补助", "2024-03-05", "自然人"}, {"说明书", "x"},
	}
	for _, r := range keep {
		if skipRow(r) {
			t.Errorf("skipRow(%q) = true", r)
		}
	}
}
