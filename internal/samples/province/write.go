package province

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/csv"
	"fmt"
	"gongkai/internal/samples/draw"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// kindInfo is how a ledger kind looks in a file: its title, sheet name, the
// label in file names and its columns (canonical header first, then
// synonyms clerks use; see kind.go at the root).
type kindInfo struct {
	name, title, sheet, label string
	cols                      [][]string
}

// Kinds in the order of shared/domain/ledgers.md.
var kindInfos = []kindInfo{
	{"applications", "依申请公开办理台账", "依申请公开", "依申请公开台账", [][]string{{"申请编号", "编号", "登记号"}, {"收到日期", "收件日期", "受理日期"}, {"申请人类型", "申请人类别"},
		{"申请方式", "提交方式"}, {"申请内容", "申请事项"}, {"是否延期", "延期答复"}, {"征求意见天数"}, {"答复日期", "办结日期"}, {"办理结果", "答复类型"}}},
	{"disclosures", "主动公开信息台账", "主动公开", "主动公开信息台账", [][]string{{"标题", "信息标题"}, {"索引号"}, {"文号", "发文字号"}, {"信息类别", "栏目"},
		{"形成日期", "信息形成日期"}, {"发布日期", "公开日期", "上网日期"}, {"公开渠道", "公开方式"}, {"链接", "网址"}, {"审核人"}, {"保密审查", "是否保密审查"}}},
	{"documents", "规范性文件及政策解读台账", "规范性文件", "规范性文件及政策解读台账", [][]string{{"文件名称", "文件标题"}, {"文号"}, {"文件类型", "文件类别"}, {"印发日期", "成文日期"},
		{"公开日期"}, {"废止日期", "失效日期"}, {"公开属性"}, {"不公开理由"}, {"解读日期", "解读发布日期"}, {"解读形式", "解读方式"}, {"解读人"}}},
	{"enforcement", "主动公开统计", "执法统计", "执法及收费统计表", [][]string{{"事项", "统计事项"}, {"数量", "本年处理决定数量"}, {"金额", "本年收费金额（万元）"}}},
	{"appeals", "行政复议、行政诉讼台账", "复议诉讼", "行政复议行政诉讼台账", [][]string{{"案件编号", "案号"}, {"类型", "案件类型"}, {"收到日期", "立案日期"}, {"结果", "审理结果"}, {"关联申请编号"}}},
	{"tasks", "重点任务台账", "重点任务", "重点任务台账", [][]string{{"任务编号"}, {"任务内容", "工作任务"}, {"牵头单位"}, {"配合单位"}, {"完成时限", "时限要求"},
		{"完成日期", "实际完成日期"}, {"完成情况"}, {"佐证材料"}}},
	{"media", "政务新媒体更新台账", "政务新媒体", "政务新媒体更新台账", [][]string{{"账号名称", "账号"}, {"平台", "平台类型"}, {"发布日期", "更新日期"}, {"标题", "内容标题"}}},
	{"activities", "公众参与与工作机制台账", "公众参与", "公众参与台账", [][]string{{"类型", "活动类型"}, {"日期", "活动日期"}, {"名称", "活动名称"}, {"参加人数", "参与人数"}, {"佐证材料"}}},
	{"responses", "回应关切台账", "回应关切", "回应关切台账", [][]string{{"来源", "信息来源"}, {"收到时间", "受理时间"}, {"回应时间", "回复时间"}, {"级别"}, {"事项", "关切事项"}}},
	{"weights", "综合考核权重表", "权重", "综合考核权重表", [][]string{{"被考核单位", "考核对象"}, {"考核项目"}, {"分值"}, {"计入政务公开"}}},
}

func kindInfoOf(name string) *kindInfo {
	for i := range kindInfos {
		if kindInfos[i].name == name {
			return &kindInfos[i]
		}
	}
	panic("kind " + name)
}

// KindNames lists the ledger kinds in order.
func KindNames() []string {
	out := make([]string, len(kindInfos))
	for i, k := range kindInfos {
		out[i] = k.name
	}
	return out
}

// style is how one file writes its cells.
type style struct {
	dates    int // 0 Excel date cells (xlsx) or 2024-03-05; 1 2024/3/5; 2 2024年3月5日; 3 20240305; 4 mixed
	bools    int // 0 是/否, 1 √/×, 2 Y/N
	outcomes int // 0 short, 1 with group, 2 numbered label
	synonyms bool
	title    bool
	unitCol  int // 0 none, 1 short name, 2 full name, 3 credit code
}

func newStyle(r *rand.Rand, csvFile bool) style {
	s := style{
		bools:    draw.Weighted(r, 7, 2, 1),
		outcomes: r.IntN(3),
		synonyms: draw.Chance(r, 0.3),
		title:    draw.Chance(r, 0.8),
	}
	if draw.Chance(r, 0.15) {
		s.unitCol = 1 + r.IntN(3)
	}
	if csvFile {
		s.dates = draw.Weighted(r, 5, 2, 2, 1, 1)
	} else if draw.Chance(r, 0.15) {
		s.dates = 1 + r.IntN(4)
	}
	return s
}

// sheet is one ledger laid out: a title row, a header row, data rows.
type sheet struct {
	name   string
	title  string
	header []string
	rows   [][]cell // with the unit column when there is one
	st     style
}

func layout(l *ledger, u *unit, y int, st style, r *rand.Rand) *sheet {
	ki := kindInfoOf(l.kind)
	s := &sheet{name: ki.sheet, st: st}
	if st.title {
		s.title = fmt.Sprintf("%s%d年%s", u.Short, y, ki.title)
		if draw.Chance(r, 0.5) {
			s.title = fmt.Sprintf("%s%d年度%s", u.Name, y, ki.title)
		}
	}
	unitCol := st.unitCol > 0 && l.kind != "tasks" && l.kind != "weights"
	if unitCol {
		s.header = append(s.header, draw.Pick(r, "单位", "填报单位", "单位名称"))
	}
	for _, names := range ki.cols {
		h := names[0]
		if st.synonyms && len(names) > 1 {
			h = names[1+r.IntN(len(names)-1)]
		}
		s.header = append(s.header, h)
	}
	unitText := []string{"", u.Short, u.Name, u.Code}[max(st.unitCol, 0)]
	for _, rw := range l.rows {
		cells := rw.cells
		if unitCol {
			c := txt(unitText)
			if rw.skip {
				c = cell{}
			}
			cells = append([]cell{c}, cells...)
		}
		s.rows = append(s.rows, cells)
	}
	return s
}

var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

func serial(t time.Time) float64 { return t.Sub(excelEpoch).Hours() / 24 }

var outcomeForms = map[string][3]string{
	"1": {"予以公开", "（一）予以公开", "（一）予以公开"}, "2": {"部分公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（二）部分公开"},
	"3.1": {"不予公开-国家秘密", "（三）不予公开/1.属于国家秘密", "1.属于国家秘密"}, "3.2": {"不予公开-法律行政法规禁止公开", "（三）不予公开/2.其他法律行政法规禁止公开", "2.其他法律行政法规禁止公开"},
	"3.3": {"不予公开-危及三安全一稳定", "（三）不予公开/3.危及“三安全一稳定”", "3.危及“三安全一稳定”"}, "3.4": {"不予公开-第三方合法权益", "（三）不予公开/4.保护第三方合法权益", "4.保护第三方合法权益"},
	"3.5": {"不予公开-内部事务信息", "（三）不予公开/5.属于三类内部事务信息", "5.属于三类内部事务信息"}, "3.6": {"不予公开-过程性信息", "（三）不予公开/6.属于四类过程性信息", "6.属于四类过程性信息"},
	"3.7": {"不予公开-行政执法案卷", "（三）不予公开/7.属于行政执法案卷", "7.属于行政执法案卷"}, "3.8": {"不予公开-行政查询事项", "（三）不予公开/8.属于行政查询事项", "8.属于行政查询事项"},
	"4.1": {"无法提供-本机关不掌握", "（四）无法提供/1.本机关不掌握相关政府信息", "1.本机关不掌握相关政府信息"}, "4.2": {"无法提供-需要另行制作", "（四）无法提供/2.没有现成信息需要另行制作", "2.没有现成信息需要另行制作"},
	"4.3": {"无法提供-申请内容仍不明确", "（四）无法提供/3.补正后申请内容仍不明确", "3.补正后申请内容仍不明确"}, "5.1": {"不予处理-信访举报投诉类", "（五）不予处理/1.信访举报投诉类申请", "1.信访举报投诉类申请"},
	"5.2": {"不予处理-重复申请", "（五）不予处理/2.重复申请", "2.重复申请"}, "5.3": {"不予处理-公开出版物", "（五）不予处理/3.要求提供公开出版物", "3.要求提供公开出版物"},
	"5.4": {"不予处理-大量反复申请", "（五）不予处理/4.无正当理由大量反复申请", "4.无正当理由大量反复申请"}, "5.5": {"不予处理-确认或重新出具", "（五）不予处理/5.要求行政机关确认或重新出具已获取信息", "5.要求行政机关确认或重新出具已获取信息"},
	"6.2": {"其他处理-未按收费通知要求缴纳费用", "（六）其他处理/2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"},
	"6.3": {"其他处理-其他", "（六）其他处理/3.其他", "3.其他"},
}

func numText(n float64) string { return strconv.FormatFloat(n, 'f', -1, 64) }

// text renders a cell as text (CSV, and text cells of a workbook).
func text(c cell, st style, r *rand.Rand) string {
	switch c.k {
	case cText:
		return c.s
	case cNum:
		return numText(c.n)
	case cDate, cDateTime:
		ds := st.dates
		if ds == 4 {
			ds = r.IntN(4)
		}
		clock := ""
		if c.k == cDateTime {
			clock = " 15:04"
			if ds == 3 {
				ds = 0
			}
		}
		switch ds {
		case 1:
			return c.t.Format("2006/1/2" + clock)
		case 2:
			if clock != "" {
				return c.t.Format("2006年1月2日 15时04分")
			}
			return c.t.Format("2006年1月2日")
		case 3:
			return c.t.Format("20060102")
		}
		return c.t.Format("2006-01-02" + clock)
	case cBool:
		v := [3][2]string{{"否", "是"}, {"×", "√"}, {"N", "Y"}}[st.bools]
		if c.b {
			return v[1]
		}
		return v[0]
	case cOutcome:
		return outcomeForms[c.s][st.outcomes]
	}
	return ""
}

// ---- CSV ----

func writeCSV(w io.Writer, s *sheet, enc string, r *rand.Rand) error {
	var buf bytes.Buffer
	if enc == "utf8bom" {
		buf.WriteString("\uFEFF")
	}
	cw := csv.NewWriter(&buf)
	cw.UseCRLF = true
	width := len(s.header)
	if s.title != "" {
		rec := make([]string, width)
		rec[0] = s.title
		cw.Write(rec)
	}
	cw.Write(s.header)
	rec := make([]string, width)
	for _, rw := range s.rows {
		for i := range rec {
			rec[i] = ""
			if i < len(rw) {
				rec[i] = text(rw[i], s.st, r)
			}
		}
		cw.Write(rec)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	b := buf.Bytes()
	if enc == "gb18030" {
		var err error
		if b, err = simplifiedchinese.GB18030.NewEncoder().Bytes(b); err != nil {
			return err
		}
	}
	_, err := w.Write(b)
	return err
}

// ---- xlsx ----

// The workbook is written by hand as Excel writes one: a shared-string
// table, dates as numbers with a date style (numFmt 14, 22 with time),
// the title merged across the header width. Deflated at BestSpeed: the
// generator must be fast, and reading inflates either way.

const (
	nsMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPkg  = "http://schemas.openxmlformats.org/package/2006/relationships"
)

var fixedTime = time.Date(2025, 1, 15, 9, 0, 0, 0, time.UTC)

type sst struct {
	idx  map[string]int
	list []string
	refs int
}

func (t *sst) id(s string) int {
	t.refs++
	if i, ok := t.idx[s]; ok {
		return i
	}
	i := len(t.list)
	t.idx[s] = i
	t.list = append(t.list, s)
	return i
}

var xmlEsc = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\"", "&quot;")

func colName(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// A flate.Writer holds about a megabyte of state: reuse them, one per part
// would make the generator spend its time allocating.
var flatePool sync.Pool

type pooledFlate struct{ *flate.Writer }

func (p pooledFlate) Close() error {
	err := p.Writer.Close()
	flatePool.Put(p.Writer)
	return err
}

func pooledDeflate(w io.Writer) (io.WriteCloser, error) {
	if fw, ok := flatePool.Get().(*flate.Writer); ok {
		fw.Reset(w)
		return pooledFlate{fw}, nil
	}
	fw, err := flate.NewWriter(w, flate.BestSpeed)
	return pooledFlate{fw}, err
}

type zipw struct {
	z *zip.Writer
}

func (w zipw) part(name string, body []byte) error {
	f, err := w.z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: fixedTime})
	if err != nil {
		return err
	}
	_, err = f.Write(body)
	return err
}

func writeXLSX(out io.Writer, sheets []*sheet, r *rand.Rand) error {
	z := zip.NewWriter(out)
	z.RegisterCompressor(zip.Deflate, pooledDeflate)
	w := zipw{z}
	strs := &sst{idx: map[string]int{}}
	var ct, wb, rels bytes.Buffer
	ct.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`)
	wb.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="12300"/></bookViews><sheets>`)
	rels.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<Relationships xmlns="` + nsPkg + `">`)
	var sb bytes.Buffer
	for i, s := range sheets {
		n := i + 1
		fmt.Fprintf(&ct, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, n)
		fmt.Fprintf(&wb, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, xmlEsc.Replace(s.name), n, n)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>`, n, nsRel, n)
		sb.Reset()
		sheetXML(&sb, s, strs, r)
		if err := w.part(fmt.Sprintf("xl/worksheets/sheet%d.xml", n), sb.Bytes()); err != nil {
			return err
		}
	}
	n := len(sheets)
	ct.WriteString(`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`)
	wb.WriteString(`</sheets><calcPr calcId="191029"/></workbook>`)
	fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="%s/styles" Target="styles.xml"/><Relationship Id="rId%d" Type="%s/sharedStrings" Target="sharedStrings.xml"/></Relationships>`, n+1, nsRel, n+2, nsRel)
	var ss bytes.Buffer
	fmt.Fprintf(&ss, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+`<sst xmlns="%s" count="%d" uniqueCount="%d">`, nsMain, strs.refs, len(strs.list))
	for _, s := range strs.list {
		ss.WriteString("<si><t>")
		ss.WriteString(xmlEsc.Replace(s))
		ss.WriteString("</t></si>")
	}
	ss.WriteString("</sst>")
	parts := []struct {
		name string
		body []byte
	}{
		{"xl/sharedStrings.xml", ss.Bytes()},
		{"xl/styles.xml", []byte(stylesXML)},
		{"xl/workbook.xml", wb.Bytes()},
		{"xl/_rels/workbook.xml.rels", rels.Bytes()},
		{"_rels/.rels", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<Relationships xmlns="` + nsPkg + `"><Relationship Id="rId1" Type="` + nsRel + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`)},
		{"[Content_Types].xml", ct.Bytes()},
	}
	for _, p := range parts {
		if err := w.part(p.name, p.body); err != nil {
			return err
		}
	}
	return z.Close()
}

const stylesXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="` + nsMain + `"><fonts count="2"><font><sz val="11"/><color theme="1"/><name val="等线"/><family val="2"/><charset val="134"/><scheme val="minor"/></font><font><b/><sz val="14"/><name val="宋体"/><family val="3"/><charset val="134"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"><alignment vertical="center"/></xf></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"><alignment vertical="center"/></xf><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><alignment vertical="center"/></xf><xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><alignment vertical="center"/></xf><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf></cellXfs><cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>`

func sheetXML(b *bytes.Buffer, s *sheet, strs *sst, r *rand.Rand) {
	width := len(s.header)
	nrows := len(s.rows) + 1
	if s.title != "" {
		nrows++
	}
	fmt.Fprintf(b, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+`<worksheet xmlns="%s" xmlns:r="%s"><dimension ref="A1:%s%d"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="14.25"/><sheetData>`, nsMain, nsRel, colName(width-1), nrows)
	rn := 0
	// cell writes <c> of row rn; typ is its type attribute (t="s": v is a
	// shared string's index), empty for a number.
	cell := func(col int, typ, v string, style int) {
		b.WriteString(`<c r="`)
		b.WriteString(colName(col))
		b.WriteString(strconv.Itoa(rn))
		if style > 0 {
			b.WriteString(`" s="`)
			b.WriteString(strconv.Itoa(style))
		}
		b.WriteString(`"`)
		b.WriteString(typ)
		b.WriteString(`><v>`)
		b.WriteString(v)
		b.WriteString(`</v></c>`)
	}
	strCell := func(col int, v string, style int) { cell(col, ` t="s"`, strconv.Itoa(strs.id(v)), style) }
	numCell := func(col int, v string, style int) { cell(col, "", v, style) }
	startRow := func() {
		rn++
		b.WriteString(`<row r="`)
		b.WriteString(strconv.Itoa(rn))
		b.WriteString(`">`)
	}
	if s.title != "" {
		startRow()
		strCell(0, s.title, 3)
		b.WriteString("</row>")
	}
	startRow()
	for i, h := range s.header {
		strCell(i, h, 0)
	}
	b.WriteString("</row>")
	for _, rw := range s.rows {
		startRow()
		for i, c := range rw {
			switch {
			case c.k == cEmpty:
			case c.k == cNum:
				numCell(i, numText(c.n), 0)
			case c.k == cDate && s.st.dates == 0:
				numCell(i, numText(serial(c.t)), 1)
			case c.k == cDateTime && s.st.dates == 0:
				numCell(i, numText(serial(c.t)), 2)
			default:
				strCell(i, text(c, s.st, r), 0)
			}
		}
		b.WriteString("</row>")
	}
	b.WriteString("</sheetData>")
	if s.title != "" && width > 1 {
		fmt.Fprintf(b, `<mergeCells count="1"><mergeCell ref="A1:%s1"/></mergeCells>`, colName(width-1))
	}
	b.WriteString(`<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`)
}
