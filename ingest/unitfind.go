package ingest

// Which unit a ledger file is, and what in or under its table is not data:
// the steps of planKind for a kind kept per unit, and the notes under a
// table (注：…, 填表人…, a signature block) that the rows skip.

import (
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"gongkai"
)

// footer tells the notes under a table from its data as the rows stream.
// A row rowSkip calls a note is one; once a note has followed data, so is
// any row of at most two cells (the date under a signature block, a stamp
// on its own): a ledger row holds more. A note above the first data row
// (说明：本年度未收到申请) does not start the footer.
type footer struct {
	data, tail bool
}

// skip reports a row that is not data (rowSkip's, or the footer's).
func (f *footer) skip(row []string) bool {
	skip, note := rowSkip(row)
	switch {
	case note:
		f.tail = f.tail || f.data
	case skip:
	case f.tail && cellsUpTo(row, 2):
		return true
	default:
		f.data = true
	}
	return skip
}

// cellsUpTo: row has at most n non-blank cells.
func cellsUpTo(row []string, n int) bool {
	for _, c := range row {
		if clean(c) != "" {
			if n--; n < 0 {
				return false
			}
		}
	}
	return true
}

// notesSkipped is the notice for the notes under the tables of plans, as
// far as the rows read while sniffing show them; "" when there are none.
func notesSkipped(plans []*sheetPlan) string {
	var notes []string
	n := 0
	for _, p := range plans {
		var f footer
		for _, row := range p.sample {
			if blankRow(row) {
				continue
			}
			if !f.skip(row) || !f.tail {
				continue
			}
			n++
			if len(notes) < 3 {
				notes = append(notes, clipText(firstCell(row), 16))
			}
		}
	}
	if n == 0 {
		return ""
	}
	more := ""
	if n > len(notes) {
		more = "等"
	}
	return fmt.Sprintf("表格下方的注释、签名等 %d 行不是数据，已跳过（%s%s）", n, strings.Join(notes, "；"), more)
}

// firstCell is the first non-blank cell of row.
func firstCell(row []string) string {
	for _, c := range row {
		if c = clean(c); c != "" {
			return c
		}
	}
	return ""
}

// clipText shortens s to n runes with an ellipsis.
func clipText(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// ignoredColumns is the one notice for the header cells of plans that name
// no column of the kind, "" when there are none: each name once, with the
// sheets it was in when a workbook has several.
func ignoredColumns(plans []*sheetPlan) string {
	var names, sheets []string
	seen := map[string]bool{}
	for _, p := range plans {
		if len(p.lay.ignored) == 0 {
			continue
		}
		sheets = append(sheets, p.sheet)
		for _, n := range p.lay.ignored {
			if !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
	}
	switch {
	case len(names) == 0:
		return ""
	case len(plans) == 1:
		return fmt.Sprintf("%s未识别的列已忽略：%s", sheetLabel(plans[0].sheet), strings.Join(names, "、"))
	}
	return fmt.Sprintf("未识别的列已忽略：%s（工作表“%s”）", strings.Join(names, "、"), strings.Join(sheets, "”“"))
}

// unitOf settles the unit of a kind kept per unit: the unit given
// (Options.Unit), else the 单位 column, else a title row or the sheet name,
// else the file name, else the content (unitFromContent). A unit given is
// refused when the file names another.
func (in *Ingester) unitOf(src source, name string, k *gongkai.Kind, plans []*sheetPlan, opt Options) (*gongkai.Unit, error) {
	var unit *gongkai.Unit
	if opt.Unit != "" {
		u, err := in.Reg.Resolve(opt.Unit)
		if err != nil {
			return nil, &gongkai.Error{Code: gongkai.EUNKNOWNUNIT, Message: err.Error()}
		}
		unit = u
	}
	var unitErr error
	if unit == nil {
		unit, unitErr = in.unitFromColumn(k, plans)
	}
	if unit == nil {
		for _, p := range plans {
			if unit = in.Reg.FindIn(titleProper(p) + " " + p.sheet); unit != nil {
				break
			}
		}
	}
	if unit == nil {
		unit = in.Reg.FindIn(strings.TrimSuffix(name, filepath.Ext(name)))
	}
	if unit == nil && unitErr != nil {
		return nil, gongkai.Errorf(gongkai.EUNKNOWNUNIT, "无法确定填报单位：%v", unitErr)
	}
	if unit == nil {
		u, err := in.unitFromContent(src, k, plans)
		if err != nil {
			return nil, err
		}
		unit = u
	}
	if unit == nil {
		return nil, gongkai.Errorf(gongkai.ENOUNIT, "无法确定填报单位：文件中没有“单位”列，标题、文件名和表格内容中也没有单位名录里的单位名称。请在标题或文件名中写明单位")
	}
	if opt.Unit != "" {
		return unit, in.checkOwner(unit, name, plans)
	}
	return unit, nil
}

// checkOwner: a forced unit (a clerk's own, or one given) would file
// whatever the file holds under it: a colleague's ledger picked by mistake
// would replace the unit's own. The file's title, sheet names and file name
// must not name another unit unless they name this one too.
func (in *Ingester) checkOwner(unit *gongkai.Unit, name string, plans []*sheetPlan) error {
	// texts: each sheet's title and name, then the file name.
	texts := make([]string, 0, 2*len(plans)+1)
	for _, p := range plans {
		texts = append(texts, p.title, p.sheet)
	}
	texts = append(texts, strings.TrimSuffix(name, filepath.Ext(name)))
	o, i := in.Reg.OtherUnitIn(unit, texts...)
	switch {
	case o == nil:
		return nil
	case i == len(texts)-1:
		return gongkai.Errorf(gongkai.EOTHERUNIT, "文件名表明这是“%s”的台账，不能作为“%s”的台账导入。如确为本单位台账，请修改文件名后重新上传", o.Name, unit.Name)
	case i%2 == 1:
		return gongkai.Errorf(gongkai.EOTHERUNIT, "工作表名称“%s”表明这是“%s”的台账，不能作为“%s”的台账导入。如确为本单位台账，请修改工作表名称后重新上传", texts[i], o.Name, unit.Name)
	}
	return gongkai.Errorf(gongkai.EOTHERUNIT, "%s标题表明这是“%s”的台账，不能作为“%s”的台账导入。如确为本单位台账，请修改标题后重新上传", sheetLabel(plans[i/2].sheet), o.Name, unit.Name)
}

// titleProper is the text above a sheet's header without its note lines
// (说明：…, 填报单位：…), which are content (unitFromContent).
func titleProper(p *sheetPlan) string {
	var out []string
	for _, t := range p.titles {
		if _, note := rowSkip([]string{t}); !note {
			out = append(out, t)
		}
	}
	return strings.Join(out, " ")
}

// unitMention is a unit named in a file's content, and where.
type unitMention struct {
	unit  int // index in Registry.Units
	where string
}

// unitFromContent looks for the unit in the content when nothing else named
// it: a 说明/备注/填报单位 line above the header, the 填报单位 of a footer under
// the table, the account names of a media ledger (安宁县卫生健康局, or an
// alias such as 安宁卫健). It is nil when they name no unit of the registry
// and an ENOUNIT refusal when they name several.
func (in *Ingester) unitFromContent(src source, k *gongkai.Kind, plans []*sheetPlan) (*gongkai.Unit, error) {
	var found []unitMention
	add := func(text, where string) {
		for _, u := range in.Reg.namedIn(text) {
			found = append(found, unitMention{u, where})
		}
	}
	for _, p := range plans {
		for _, t := range p.titles {
			if _, note := rowSkip([]string{t}); note {
				add(t, "“"+clipText(t, 24)+"”")
			}
		}
		in.footerUnits(src, p, add)
		if k.Name == "media" {
			accounts := map[string]bool{}
			for fi, ci := range p.lay.cols {
				if ci < 0 || k.Columns[ci].Field != "account" {
					continue
				}
				var f footer
				for _, row := range p.sample {
					if fi < len(row) && !f.skip(row) {
						if a := clean(row[fi]); a != "" && !accounts[a] {
							accounts[a] = true
							add(a, "账号名称“"+a+"”")
						}
					}
				}
			}
		}
	}
	if len(found) == 0 {
		return nil, nil
	}
	var units []string
	var where []string
	seen := map[int]bool{}
	for _, m := range found {
		if !seen[m.unit] {
			seen[m.unit] = true
			units = append(units, in.Reg.Units[m.unit].Name)
			where = append(where, fmt.Sprintf("%s（%s）", m.where, in.Reg.Units[m.unit].Name))
		}
	}
	if len(units) > 1 {
		return nil, gongkai.Errorf(gongkai.ENOUNIT, "无法确定填报单位：标题和文件名中没有单位名称，表格内容提到了 %d 个单位：%s。请在标题或文件名中写明填报单位",
			len(units), strings.Join(where, "、"))
	}
	return &in.Reg.Units[found[0].unit], nil
}

// unitLabels start a cell naming the unit that filled the ledger in.
var unitLabels = []string{"填报单位", "填表单位", "报送单位", "单位名称", "单位"}

// footerUnits hands add the text of each cell of the notes of a sheet that
// names its unit (填报单位：安宁县财政局（盖章）, or 填报单位 with the name in the
// next cell). The rows read while sniffing usually reach the footer; when
// they may not, the sheet is read again to its end.
func (in *Ingester) footerUnits(src source, p *sheetPlan, add func(text, where string)) {
	look := func(row []string) {
		if _, note := rowSkip(row); !note {
			return
		}
		for i, c := range row {
			c = clean(c)
			k := headerKey(c)
			for _, l := range unitLabels {
				rest, ok := strings.CutPrefix(k, l)
				if !ok || rest != "" && !strings.ContainsAny(c, ":：") {
					continue
				}
				if rest == "" { // the name in the next cell
					for _, n := range row[i+1:] {
						if rest = clean(n); rest != "" {
							break
						}
					}
				}
				if rest != "" {
					add(rest, "“"+clipText(c, 24)+"”")
				}
				break
			}
		}
	}
	for _, row := range p.sample {
		look(row)
	}
	if len(p.sample) < lookahead {
		return
	}
	rr, err := src.Open(p.sheet)
	if err != nil {
		return
	}
	defer rr.Close()
	for i := 0; i <= p.lay.headerRow+len(p.sample) && rr.Next(); i++ {
	}
	for rr.Next() {
		look(rr.Row())
	}
}
