package reports

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai"
	"gongkai/ingest"
)

// reviewFolders lays out a county's reports as a reviewer gets them: a
// Word draft, a published PDF and a saved web page of three units, a scan,
// and last year's page of the first unit.
func reviewFolders(t *testing.T) (cur, prev string) {
	t.Helper()
	dir := t.TempDir()
	cur, prev = filepath.Join(dir, "2023"), filepath.Join(dir, "2022")
	os.Mkdir(cur, 0o755)
	os.Mkdir(prev, 0o755)
	copyFile := func(src, dst string) {
		b, err := os.ReadFile("testdata/docs/" + src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	copyFile("word_2023.docx", filepath.Join(cur, "自然资源和规划局.docx"))
	copyFile("review_b_2023.pdf", filepath.Join(cur, "教育局.pdf"))
	copyFile("scan_2023.pdf", filepath.Join(cur, "扫描件.pdf"))
	page, err := os.ReadFile("testdata/docs/plain_2023.html")
	if err != nil {
		t.Fatal(err)
	}
	// A third unit, its text its own and silent on the 信息处理费.
	c := strings.ReplaceAll(string(page), "某县自然资源和规划局", "某县卫生健康委员会")
	c = strings.Replace(c, "一是公开内容不够全面；二是解读形式较为单一。下一步，我局将进一步拓展公开内容。",
		"政策解读的数量偏少，部分解读材料发布不及时；明年将建立解读与文件同步起草、同步审签的机制。", 1)
	c = strings.Replace(c, "本年度未收取信息处理费。", "无。", 1)
	os.WriteFile(filepath.Join(cur, "卫健委.html"), []byte(c), 0o644)
	// Last year's page of the first unit: the same text, another year.
	os.WriteFile(filepath.Join(prev, "自然资源2022.html"), []byte(strings.ReplaceAll(string(page), "2023年", "2022年")), 0o644)
	return cur, prev
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, filepath.Join(dir, e.Name()))
	}
	return out
}

func findingsOf(it ReviewItem, rule string) []Finding {
	var out []Finding
	for _, f := range it.Findings {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

func TestReview(t *testing.T) {
	cur, prev := reviewFolders(t)
	res := Review(listDir(t, cur), ReviewOptions{Previous: listDir(t, prev), Rules: TextRules{MaxChars: map[string]int{"总体情况": 60}}})
	items := map[string]ReviewItem{}
	for _, it := range res.Items {
		items[filepath.Base(it.File)] = it
	}
	if len(items) != 4 || len(res.PreviousUnread) != 0 {
		t.Fatalf("%d items, previous unread %v", len(items), res.PreviousUnread)
	}

	scan := items["扫描件.pdf"]
	if scan.Report != nil || len(scan.Findings) != 1 || scan.Findings[0].Rule != "READ" || !strings.Contains(scan.Findings[0].Message, "没有可提取的文字") {
		t.Errorf("scan: %+v", scan.Findings)
	}

	a := items["自然资源和规划局.docx"]
	if a.Unit != "某县自然资源和规划局" || a.Year != 2023 || filepath.Base(a.PrevFile) != "自然资源2022.html" {
		t.Errorf("a: %q %d %q", a.Unit, a.Year, a.PrevFile)
	}
	// Last year's 结转下年度 (5 in total) against this year's 上年结转 (4).
	if x1 := findingsOf(a, "X1"); len(x1) == 0 {
		t.Errorf("a: no X1")
	}
	if cp := findingsOf(a, "COPY"); len(cp) != 1 || !strings.HasPrefix(cp[0].Cells[0], "五、存在的主要问题及改进情况第1段") || cp[0].Found != 1 {
		t.Errorf("a COPY: %+v", cp)
	}
	if len(findingsOf(a, "LABEL")) == 0 || len(findingsOf(a, "CELL")) == 0 {
		t.Errorf("a: deviations or blank cells not listed")
	}

	b := items["教育局.pdf"]
	if b.Unit != "某县教育局" || b.PrevFile != "" {
		t.Errorf("b: %q %q", b.Unit, b.PrevFile)
	}
	narr := findingsOf(b, "NARR")
	if len(narr) != 1 || narr[0].Found != 17 || narr[0].Expected != 66 || narr[0].Severity != SeverityError ||
		narr[0].Cells[0] != "一、总体情况：“全年共受理政府信息公开申请17件，均在法定期限内答复”" {
		t.Errorf("b NARR: %+v", narr)
	}
	if len(findingsOf(b, "FEE")) != 0 {
		t.Errorf("b FEE: %+v", findingsOf(b, "FEE"))
	}
	// The one paragraph b shares with a, named on both sides.
	for _, tc := range []struct {
		it    ReviewItem
		other string
	}{{a, "某县教育局"}, {b, "某县自然资源和规划局"}} {
		same := findingsOf(tc.it, "SAME")
		if len(same) != 1 || !strings.Contains(same[0].Message, tc.other) || !strings.HasPrefix(same[0].Cells[1], tc.other+"/五、") {
			t.Errorf("%s SAME: %+v", tc.it.Unit, same)
		}
	}

	c := items["卫健委.html"]
	// Silent on the fee, though table 三 has an application ended for an
	// unpaid fee notice.
	if fee := findingsOf(c, "FEE"); len(fee) != 2 || fee[0].Cells[0] != "六、其他需要报告的事项" || fee[1].Found != 1 {
		t.Errorf("c FEE: %+v", fee)
	}
	if len(findingsOf(c, "SAME")) != 0 || len(findingsOf(c, "COPY")) != 0 {
		t.Errorf("c copied: %+v", c.Findings)
	}
	// 总体情况 of the source runs to 96 characters over three paragraphs.
	if l := findingsOf(c, "LEN"); len(l) != 1 || l[0].Expected != 60 || l[0].Found != 96 {
		t.Errorf("c LEN: %+v", l)
	}

	// Ranking: most errors first, then most warnings.
	ranked := res.Ranked()
	for i := 1; i < len(ranked); i++ {
		p, q := ranked[i-1], ranked[i]
		if p.Errors() < q.Errors() || (p.Errors() == q.Errors() && p.Warnings() < q.Warnings()) {
			t.Errorf("ranking: %s (%d/%d) before %s (%d/%d)", p.File, p.Errors(), p.Warnings(), q.File, q.Errors(), q.Warnings())
		}
	}

	var buf bytes.Buffer
	if err := WriteReviewXLSX(&buf, res); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	want := []string{"问题清单", "汇总", "1.某县卫生健康委员会表格", "1.某县卫生健康委员会文字", "2.某县教育局表格", "2.某县教育局文字", "3.某县自然资源和规划局表格", "3.某县自然资源和规划局文字"}
	if strings.Join(sheets, ",") != strings.Join(want, ",") {
		t.Errorf("sheets %v", sheets)
	}
	rows, _ := f.GetRows("问题清单")
	total := 0
	for _, it := range res.Items {
		total += len(it.Findings)
	}
	if len(rows) != total+1 || strings.Join(rows[0], ",") != "序号,单位,文件,规则,严重程度,位置,发现,应为,说明" {
		t.Errorf("问题清单: %d rows for %d findings; header %v", len(rows), total, rows[0])
	}
	if af := f.GetDefinedName(); len(af) == 0 {
		t.Errorf("no print titles or filter defined")
	}
	panes, _ := f.GetPanes("问题清单")
	if !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header not frozen: %+v", panes)
	}
	sum, _ := f.GetRows("汇总")
	if len(sum) != 5 || sum[1][0] != "1" || sum[1][2] != filepath.Base(ranked[0].File) {
		t.Errorf("汇总: %v", sum)
	}
	// The tables written back are the ones read: the official layout's
	// reader gives the same cells.
	var out bytes.Buffer
	if err := WriteXLSX(&out, a.Report); err != nil {
		t.Fatal(err)
	}
	back, err := ReadXLSXFrom(&out, "back.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	compareToTruth(t, "a written back", back, loadTruth(t))
}

func TestCheckTextNumbers(t *testing.T) {
	for s, want := range map[string]float64{"17": 17, "1,234": 1234, "十七": 17, "二十": 20, "一百零五": 105, "两千三百": 2300, "三万五千": 35000, "十": 10} {
		if v, ok := parseNum(s); !ok || v != want {
			t.Errorf("parseNum(%q) = %v %v, want %v", s, v, ok, want)
		}
	}
	r := NewReport("某局", 2023)
	r.Table3.Cell("new", ColTOT).Set(20)
	r.Table3.Cell("carried_in", ColTOT).Set(3)
	r.Table4.Cell("review", "total").Set(2)
	r.Sections.Overview = "全年共收到政府信息公开申请二十三件（含上年结转3件）。办理政府信息公开申请的平均时间为5个工作日。本年度发生政府信息公开行政复议案件3件，未发生行政诉讼。"
	r.Sections.Problems = "问题。"
	r.Sections.Other = "本年度收取信息处理费0.5万元。经核查，本年度未收取信息处理费。"
	var got []string
	for _, f := range CheckText(r, nil, TextRules{}) {
		got = append(got, f.Rule+" "+f.Severity+" "+formatNumber(f.Found)+"/"+formatNumber(f.Expected))
	}
	// 23 = 20 new + 3 carried in is accepted; 5 working days is no count;
	// 行政复议 3 is not 2; no 诉讼 is right; the fee is both charged and not.
	if strings.Join(got, "; ") != "FEE error 0/0; NARR error 3/2" {
		t.Errorf("findings: %v", got)
	}
}

// TestCheckTextFeeAmount: a fee whose amount ends in 0 (120 元) is a fee
// charged, not "信息处理费…0元"; 0 元 and 零元 are none.
func TestCheckTextFeeAmount(t *testing.T) {
	for text, want := range map[string]string{
		"本年度收取信息处理费120元。本年度未收取信息处理费。": "FEE error",
		"本年度收取信息处理费120元。":             "",
		"本年度信息处理费为0元。":                "",
		"本年度信息处理费零元。":                 "",
	} {
		r := NewReport("某局", 2023)
		r.Sections.Overview, r.Sections.Problems, r.Sections.Other = "概况。", "问题。", text
		var got []string
		for _, f := range checkFee(r) {
			got = append(got, f.Rule+" "+f.Severity)
		}
		if strings.Join(got, "; ") != want {
			t.Errorf("%s: %v, want %q", text, got, want)
		}
	}
}

// TestCovers: a unit covers the units under it at any depth (a department
// with its 下属单位), a unit with none under it only itself, and a cycle in
// 上级单位 ends the walk.
func TestCovers(t *testing.T) {
	reg := ingest.NewRegistry([]gongkai.Unit{
		{ID: 1, Name: "某县人民政府"},
		{ID: 2, Name: "某县教育局", ParentID: 1},
		{ID: 3, Name: "某县第一中学", ParentID: 2},
		{ID: 4, Name: "某县第一中学分校", ParentID: 3},
		{ID: 5, Name: "某县财政局", ParentID: 1},
		{ID: 6, Name: "甲", ParentID: 7},
		{ID: 7, Name: "乙", ParentID: 6},
	})
	for id, want := range map[int64]string{1: "[1 2 5 3 4]", 2: "[2 3 4]", 5: "[5]", 4: "[4]", 6: "[6 7]"} {
		if got := fmt.Sprint(Covers(reg, id)); got != want {
			t.Errorf("Covers(%d) = %s, want %s", id, got, want)
		}
	}
}
