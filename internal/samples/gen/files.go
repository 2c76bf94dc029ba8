package main

import (
	"fmt"
	"gongkai/internal/samples/draw"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

var years = []int{2022, 2023, 2024}

// kindFact is what loading one file should give for one ledger kind.
type kindFact struct {
	Kind    string `json:"kind"`
	Unit    string `json:"unit"`
	Year    int    `json:"year"`
	Rows    int    `json:"rows"`    // data rows in the file
	Stored  int    `json:"stored"`  // rows the ingest stores (a task with two lead units is stored twice)
	Skipped int    `json:"skipped"` // blank, 合计/小计, 填表人 and 说明 rows
}

type fileFact struct {
	Path     string     `json:"path"`
	Format   string     `json:"format"`
	Encoding string     `json:"encoding,omitempty"`
	Kinds    []kindFact `json:"kinds"`
}

func newStyle(r *rand.Rand, csv bool) style {
	st := style{}
	if csv {
		st.dates = []dateStyle{dsISO, dsSlash, dsCN, dsDot, dsCompact, dsMixed}[draw.Weighted(r, 35, 20, 15, 10, 10, 10)]
	} else {
		st.dates = []dateStyle{dsExcel, dsISO, dsSlash, dsCN, dsDot, dsCompact, dsMixed}[draw.Weighted(r, 50, 15, 10, 10, 5, 5, 5)]
		st.numText = draw.Chance(r, 0.1)
	}
	st.bools = boolStyle(draw.Weighted(r, 70, 15, 15))
	st.outcomes = draw.Weighted(r, 40, 25, 20, 15)
	if draw.Chance(r, 0.12) {
		st.fullWidth = 0.4
	}
	return st
}

// fileName: how this unit names its files this year.
func fileName(u *unit, y, pattern int, label, ext string) string {
	var base string
	switch pattern {
	case 0:
		base = fmt.Sprintf("%s-%s-%d", u.Name, label, y)
	case 1:
		base = fmt.Sprintf("%s%d年%s", u.Short, y, label)
	case 2:
		base = fmt.Sprintf("%d年%s%s", y, u.Name, label)
	default:
		base = fmt.Sprintf("%s%s(%d年度)", u.Name, label, y)
	}
	return fmt.Sprintf("%d/%s.%s", y, base, ext)
}

// embeddable reports whether go:embed (and a module zip) accepts a file
// name: letters, digits and a few ASCII marks, so no full-width （） or 、.
func embeddable(name string) bool {
	for _, r := range name {
		if r < utf8.RuneSelf {
			if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || strings.ContainsRune("!#$%&()+,-.=@[]^_{}~ /", r)) {
				return false
			}
		} else if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

func (g *gen) has(u *unit, y int, kind, name string) bool {
	for _, d := range g.defects {
		if d.Unit == u.Name && d.Year == y && d.Kind == kind && d.Defect == name {
			return true
		}
	}
	return false
}

// unitLedgers: every ledger a unit keeps in a year, where it makes sense.
func (g *gen) unitLedgers(u *unit, y int) []ledger {
	r := newRand("ledgers", u.Name, strconv.Itoa(y))
	var out []ledger
	add := func(kind string, recs []rec, keepEmpty float64, emptyNote string) {
		l := ledger{kind: kind, unit: u, year: y, recs: recs}
		if len(recs) == 0 {
			if !draw.Chance(r, keepEmpty) {
				return
			}
			if draw.Chance(r, 0.5) {
				l.empty = emptyNote
			}
		}
		out = append(out, l)
	}
	apps := g.applications(u, y)
	add("applications", appRecs(r, apps, y), 1, "说明：本年度未收到政府信息公开申请。")
	add("disclosures", g.disclosures(u, y), 1, "")
	add("documents", g.documents(u, y), 0.5, "说明：本年度未制发规范性文件和政策文件。")
	if u.Type != "县级政府" {
		if u.Powers != "" {
			add("enforcement", g.enforcement(u, y), 1, "")
		} else if draw.Chance(r, 0.25) {
			add("enforcement", g.enforcement(u, y), 1, "")
		}
	}
	add("appeals", g.appeals(u, y), 0.3, "说明：本年度无政府信息公开行政复议、行政诉讼案件。")
	if len(u.Accts) > 0 {
		add("media", g.media(u, y), 0, "")
	}
	if u.assessed() {
		add("activities", g.activities(u, y), 0, "")
		add("responses", g.responses(u, y), 0, "")
	}
	if _, dept := catalogDepts[u.Short]; y == catalogYear && (u.town() || dept) {
		add("catalog", g.catalog(u, y), 0, "")
	}
	return out
}

func (g *gen) must(l ledger) map[string]bool {
	m := map[string]bool{}
	switch l.kind {
	case "disclosures":
		m["formed"] = g.has(l.unit, l.year, l.kind, "late_publish")
		m["secrecy_review"] = g.has(l.unit, l.year, l.kind, "no_secrecy_review")
	}
	return m
}

// pack puts one unit-year's ledgers into files: one workbook with a sheet
// per kind (a 台账汇编), or a file per kind in assorted formats.
func (g *gen) pack(u *unit, y int, ls []ledger) []*file {
	r := newRand("pack", u.Name, strconv.Itoa(y))
	pattern := r.IntN(4)
	if u != g.c.Office && draw.Chance(r, 0.62) {
		f := &file{path: fileName(u, y, pattern, draw.Pick(r, "政务公开台账汇编", "政务公开工作台账"), "xlsx"), format: "xlsx", st: newStyle(r, false)}
		for _, l := range ls {
			lr := r
			if l.kind == "catalog" {
				// its own stream, so that the workbook's other choices
				// (the 填表说明 sheet) stay as they were before the kind
				lr = newRand("pack", "catalog", u.Name, strconv.Itoa(y))
			}
			f.sheets = append(f.sheets, layout(l, g.must(l), sheetOpts{name: kindNames[l.kind].sheet, twoRowOK: true}, lr))
		}
		if draw.Chance(r, 0.15) {
			// A sheet of filling instructions, which the ingest ignores with a warning.
			f.sheets = append(f.sheets, &sheet{name: "填表说明", cols: []column{{head: "填表说明"}}, rows: []row{
				{kind: rNote, cells: []cell{txt("1. 每项工作一行，日期请填写为“2024-03-05”格式。")}},
				{kind: rNote, cells: []cell{txt("2. 办理结果按政府信息公开工作年度报告表三的口径填写。")}},
				{kind: rNote, cells: []cell{txt("3. 本台账于次年1月10日前报县政府办政务公开股。")}},
			}})
		}
		return []*file{f}
	}
	var files []*file
	for _, l := range ls {
		format, enc := "xlsx", ""
		switch draw.Weighted(r, 55, 15, 15, 15) {
		case 1:
			format, enc = "csv", "utf8"
		case 2:
			format, enc = "csv", "utf8bom"
		case 3:
			format, enc = "csv", "gb18030"
		}
		f := &file{path: fileName(u, y, pattern, kindNames[l.kind].file, format), format: format, enc: enc, st: newStyle(r, format == "csv")}
		sheetName := draw.Pick(r, "Sheet1", kindNames[l.kind].file, "台账")
		split := format == "xlsx" && len(l.recs) >= 10 && draw.Chance(r, 0.25) &&
			(l.kind == "disclosures" || l.kind == "media" || l.kind == "applications")
		if split {
			first, second := l, l
			first.recs, second.recs = nil, nil
			for _, x := range l.recs {
				d := x[map[string]string{"disclosures": "published", "media": "posted", "applications": "received"}[l.kind]].t
				if d.Year() < y || d.Month() <= 6 {
					first.recs = append(first.recs, x)
				} else {
					second.recs = append(second.recs, x)
				}
			}
			// One ledger, one layout: the columns are chosen from all its rows,
			// so that a column used only in one half is in both sheets.
			must := g.must(l)
			whole := layout(l, must, sheetOpts{name: "全年", twoRowOK: true}, r)
			a := layout(first, must, sheetOpts{name: "上半年", period: "上半年"}, r)
			b := layout(second, must, sheetOpts{name: "下半年", period: "下半年"}, r)
			a.cols, a.twoRow = whole.cols, whole.twoRow
			b.cols, b.twoRow = whole.cols, whole.twoRow
			if len(b.titles) > 0 && len(a.titles) == 0 {
				b.titles = nil
			}
			f.sheets = []*sheet{a, b}
		} else {
			f.sheets = []*sheet{layout(l, g.must(l), sheetOpts{name: sheetName, csv: format == "csv", twoRowOK: format == "xlsx" || draw.Chance(r, 0.3)}, r)}
		}
		files = append(files, f)
	}
	return files
}

// officeFiles: the tasks, weights and 建议提案 kept by 县政府办 for all units.
func (g *gen) officeFiles(y int) ([]*file, []share) {
	r := newRand("office", strconv.Itoa(y))
	o := g.c.Office
	t := g.tasks(y)
	tf := &file{path: fileName(o, y, 0, kindNames["tasks"].file, "xlsx"), format: "xlsx", st: newStyle(r, false)}
	tf.sheets = []*sheet{layout(t, nil, sheetOpts{name: "重点任务"}, r)}

	group, depts, shares := g.weights(y)
	wf := &file{path: fileName(o, y, 0, kindNames["weights"].file, "xlsx"), format: "xlsx", st: newStyle(r, false)}
	a := layout(ledger{kind: "weights", unit: o, year: y, recs: group}, nil, sheetOpts{name: "乡镇街道"}, r)
	a.cols[0].head = draw.Pick(r, "考核分组", "被考核单位", "考核对象")
	b := layout(ledger{kind: "weights", unit: o, year: y, recs: depts}, nil, sheetOpts{name: "县直部门"}, r)
	wf.sheets = []*sheet{a, b}
	// The register of 建议提案 has a stream of its own: the other files
	// stay as they were before it was added.
	pr := newRand("office-proposals", strconv.Itoa(y))
	pf := &file{path: fileName(o, y, 0, kindNames["proposals"].file, "xlsx"), format: "xlsx", st: newStyle(pr, false)}
	pf.sheets = []*sheet{layout(g.proposals(y), nil, sheetOpts{name: "建议提案"}, pr)}
	return []*file{tf, wf, pf}, shares
}

// registry writes 单位名录.xlsx.
func registry(c *county) ([]byte, error) {
	x := excelize.NewFile()
	defer x.Close()
	if err := x.SetDocProps(&excelize.DocProperties{Created: fixedTime, Modified: fixedTime, Creator: "平安县政务公开办",
		LastModifiedBy: "平安县政务公开办", Title: "单位名录"}); err != nil {
		return nil, err
	}
	const sh = "单位名录"
	x.SetSheetName("Sheet1", sh)
	textFmt := "@"
	textID, _ := x.NewStyle(&excelize.Style{CustomNumFmt: &textFmt})
	titleID, _ := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, Alignment: &excelize.Alignment{Horizontal: "center"}})
	heads := []string{"序号", "单位名称", "简称/别名", "统一社会信用代码", "单位类型", "考核分组", "上级单位"}
	x.SetCellStr(sh, "A1", "平安县政务公开工作单位名录（2024年12月更新）")
	x.MergeCell(sh, "A1", ref(len(heads)-1, 1))
	x.SetCellStyle(sh, "A1", "A1", titleID)
	for i, h := range heads {
		x.SetCellStr(sh, ref(i, 2), h)
	}
	for i, u := range c.Units {
		n := i + 3
		x.SetCellInt(sh, ref(0, n), int64(i+1))
		x.SetCellStr(sh, ref(1, n), u.Name)
		x.SetCellStr(sh, ref(2, n), strings.Join(u.Aliases, "、"))
		x.SetCellStr(sh, ref(3, n), u.Code)
		x.SetCellStyle(sh, ref(3, n), ref(3, n), textID)
		x.SetCellStr(sh, ref(4, n), u.Type)
		if u.Group != "" {
			x.SetCellStr(sh, ref(5, n), u.Group)
		}
		if u.Parent != "" {
			x.SetCellStr(sh, ref(6, n), u.Parent)
		}
	}
	for i, w := range []float64{6, 34, 40, 24, 10, 16, 22} {
		x.SetColWidth(sh, colName(i), colName(i), w)
	}
	buf, err := x.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// facts of a file: per kind, rows and skipped rows as the ingest counts them.
func (f *file) facts() fileFact {
	ff := fileFact{Path: f.path, Format: f.format, Encoding: map[string]string{"utf8": "UTF-8", "utf8bom": "UTF-8 (BOM)", "gb18030": "GB18030"}[f.enc]}
	for _, s := range f.sheets {
		if s.kind == "" {
			continue // instructions
		}
		var k *kindFact
		for i := range ff.Kinds {
			if ff.Kinds[i].Kind == s.kind {
				k = &ff.Kinds[i]
			}
		}
		if k == nil {
			ff.Kinds = append(ff.Kinds, kindFact{Kind: s.kind, Unit: s.unit.Name, Year: s.year})
			k = &ff.Kinds[len(ff.Kinds)-1]
		}
		k.Rows += s.dataRows()
		k.Stored += s.dataRows() + s.extraStored
		k.Skipped += s.skippedRows()
	}
	return ff
}

// features counts the realism features of the files, so that a change to
// the generator that drops one shows in the summary.
func features(files []*file) map[string]int {
	m := map[string]int{}
	for _, f := range files {
		switch {
		case f.format == "xlsx":
			m["file_xlsx"]++
		default:
			m["file_csv_"+f.enc]++
		}
		if f.format == "xlsx" && f.st.dates == dsExcel {
			m["excel_date_cells"]++
		}
		if f.st.fullWidth > 0 {
			m["full_width_digits"]++
		}
		m[[]string{"yes_no_是否", "yes_no_√×", "yes_no_YN"}[f.st.bools]]++
		kinds := map[string]int{}
		for _, s := range f.sheets {
			if s.kind == "" {
				m["instructions_sheet"]++
				continue
			}
			kinds[s.kind]++
			if kinds[s.kind] == 2 {
				m["two_sheets_one_kind"]++
			}
			if s.twoRow {
				var groups []string
				for _, c := range s.cols {
					if c.group != "" && !slices.Contains(groups, c.group) {
						groups = append(groups, c.group)
					}
				}
				m["two_row_header_"+strings.Join(groups, "+")]++
			}
			if len(s.titles) > 0 {
				m["title_row"]++
			}
			if len(s.titles) > 1 {
				m["second_title_row"]++
			}
			if s.mergeTitle {
				m["merged_title"]++
			}
			if s.colIndex("unit") >= 0 {
				m["unit_column"]++
			}
			if s.dataRows() == 0 {
				m["empty_ledger"]++
			}
			for _, rw := range s.rows {
				switch rw.kind {
				case rBlank:
					m["blank_row"]++
				case rTotal:
					m["total_row"]++
				case rFooter:
					m["footer_row"]++
				case rNote:
					m["note_row"]++
				}
			}
		}
		if len(f.sheets) > 2 {
			m["multi_kind_workbook"]++
		}
	}
	return m
}
