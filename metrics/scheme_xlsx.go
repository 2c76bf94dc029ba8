package metrics

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// The Excel form of a scheme, for offices that write rules in Excel:
//   设置: one setting per row (名称, 年度, 综合考核总分, 政务公开分值, 加分上限,
//         否决效果, and 等次:<name> rows with the minimum score);
//   分组: 分组名称, 成员单位 (、-separated; empty = the registry's 考核分组),
//         须报送台账 (the group's owes:, ledger titles or names separated by
//         "；", which no title contains) and 单位类型 (a row that names a type
//         gives that type's list, owes_by_type:) and 须覆盖目录领域 (the
//         公开事项目录's domains, 、-separated: owes_domains:, and on a
//         type's row owes_domains_by_type:);
//   指标: one row per indicator, the tree given by 编号 (1, 1.1, 1.1.1; B1 for
//         bonus items, V1 for veto items); 无数据时 is when_none.

var indicatorHeader = []string{"编号", "指标名称", "分值", "规则", "度量", "参数", "每次分值", "扣分上限", "最少次数", "方式", "分档", "适用分组", "说明", "无数据时"}

// WriteSchemeXLSX writes the scheme as a workbook.
func WriteSchemeXLSX(s *Scheme, path string) error {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "设置")
	settings := [][]any{
		{"名称", s.Name}, {"年度", s.Year}, {"综合考核总分", s.Overall.TotalPoints}, {"政务公开分值", s.Overall.DisclosurePoints},
		{"加分上限", s.BonusCap}, {"否决效果", s.VetoEffect},
	}
	for _, g := range s.Grades {
		settings = append(settings, []any{"等次:" + g.Grade, g.Min})
	}
	for _, k := range sortedSettingKeys(s.Settings) {
		settings = append(settings, []any{"参数:" + k, s.Settings[k]})
	}
	f.SetSheetRow("设置", "A1", &[]any{"项目", "值"})
	for i, r := range settings {
		f.SetSheetRow("设置", fmt.Sprintf("A%d", i+2), &r)
	}
	f.SetColWidth("设置", "A", "B", 30)
	f.NewSheet("分组")
	f.SetSheetRow("分组", "A1", &[]any{"分组名称", "成员单位", "须报送台账", "单位类型", "须覆盖目录领域"})
	grow := 2
	for _, g := range s.Groups {
		f.SetSheetRow("分组", fmt.Sprintf("A%d", grow), &[]any{g.Name, strings.Join(g.Units, "、"), owesText(g.Owes), "", strings.Join(g.OwesDomains, "、")})
		grow++
		types := typeSet(g.OwesByType)
		for t := range g.OwesDomainsByType {
			types[t] = true
		}
		for _, t := range sortedKeys(types) {
			f.SetSheetRow("分组", fmt.Sprintf("A%d", grow), &[]any{g.Name, "", owesText(g.OwesByType[t]), t, strings.Join(g.OwesDomainsByType[t], "、")})
			grow++
		}
	}
	f.SetColWidth("分组", "A", "B", 30)
	f.SetColWidth("分组", "C", "C", 60)
	f.NewSheet("指标")
	f.SetSheetRow("指标", "A1", &indicatorHeader)
	row := 2
	var write func(ind *Indicator, id string)
	write = func(ind *Indicator, id string) {
		bands := ""
		if len(ind.Bands) > 0 {
			b, _ := json.Marshal(ind.Bands)
			bands = string(b)
		}
		vals := []any{id, ind.Name, ind.Points, ind.Rule, ind.Measure, ind.Param, fptr(ind.Per), fptr(ind.Cap), fptr(ind.Min), ind.Mode, bands, strings.Join(ind.Groups, "、"), ind.Description, ind.WhenNone}
		f.SetSheetRow("指标", fmt.Sprintf("A%d", row), &vals)
		f.SetCellStr("指标", fmt.Sprintf("A%d", row), id)
		row++
		for i, c := range ind.Children {
			write(c, fmt.Sprintf("%s.%d", id, i+1))
		}
	}
	for i, ind := range s.Indicators {
		write(ind, strconv.Itoa(i+1))
	}
	for i, ind := range s.Bonus {
		write(ind, fmt.Sprintf("B%d", i+1))
	}
	for i, ind := range s.Veto {
		write(ind, fmt.Sprintf("V%d", i+1))
	}
	f.SetColWidth("指标", "B", "B", 36)
	f.SetColWidth("指标", "E", "E", 22)
	return f.SaveAs(path)
}

func fptr(p *float64) any {
	if p == nil {
		return ""
	}
	return *p
}

// ReadSchemeXLSX reads the workbook form back into a Scheme.
func ReadSchemeXLSX(path string) (*Scheme, error) {
	name := filepath.Base(path)
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, &ValidationError{File: name, Problems: []string{
			// excelize's error (a zip or flate error) tells the admin nothing.
			"无法打开 Excel 文件：文件已损坏、不完整或设有打开密码，请用 Excel 或 WPS 打开（取消密码）后另存为 .xlsx 再上传"}}
	}
	defer f.Close()
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	s := &Scheme{Settings: map[string]string{}}
	num := func(sheet string, r int, v string) float64 {
		if strings.TrimSpace(v) == "" {
			return 0
		}
		x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			bad("工作表“%s”第 %d 行：“%s”不是数字", sheet, r, v)
		}
		return x
	}
	rows, err := f.GetRows("设置")
	if err != nil {
		return nil, &ValidationError{File: name, Problems: []string{"缺少“设置”工作表"}}
	}
	for i, r := range rows[min(1, len(rows)):] {
		if len(r) < 2 {
			continue
		}
		k, v := strings.TrimSpace(r[0]), strings.TrimSpace(r[1])
		switch {
		case k == "名称":
			s.Name = v
		case k == "年度":
			s.Year = int(num("设置", i+2, v))
		case k == "综合考核总分":
			s.Overall.TotalPoints = num("设置", i+2, v)
		case k == "政务公开分值":
			s.Overall.DisclosurePoints = num("设置", i+2, v)
		case k == "加分上限":
			s.BonusCap = num("设置", i+2, v)
		case k == "否决效果":
			s.VetoEffect = v
		case strings.HasPrefix(k, "等次:"):
			s.Grades = append(s.Grades, Grade{Grade: strings.TrimPrefix(k, "等次:"), Min: num("设置", i+2, v)})
		case strings.HasPrefix(k, "参数:"):
			s.Settings[strings.TrimPrefix(k, "参数:")] = v
		case k == "":
		default:
			bad("工作表“设置”第 %d 行：未知项目“%s”", i+2, k)
		}
	}
	if len(s.Settings) == 0 {
		s.Settings = nil
	}
	if rows, err := f.GetRows("分组"); err == nil {
		for _, r := range rows[min(1, len(rows)):] {
			if len(r) == 0 || strings.TrimSpace(r[0]) == "" {
				continue
			}
			col := func(c int) string {
				if c < len(r) {
					return strings.TrimSpace(r[c])
				}
				return ""
			}
			name := col(0)
			if t := col(3); t != "" {
				// a type's list belongs to its group's row above
				i := slices.IndexFunc(s.Groups, func(g Group) bool { return g.Name == name })
				if i < 0 {
					s.Groups = append(s.Groups, Group{Name: name})
					i = len(s.Groups) - 1
				}
				// a type row with domains only lists no ledgers for the type
				if col(2) != "" || col(4) == "" {
					if s.Groups[i].OwesByType == nil {
						s.Groups[i].OwesByType = map[string][]string{}
					}
					s.Groups[i].OwesByType[t] = owesList(col(2))
				}
				if d := domainList(col(4)); d != nil {
					if s.Groups[i].OwesDomainsByType == nil {
						s.Groups[i].OwesDomainsByType = map[string][]string{}
					}
					s.Groups[i].OwesDomainsByType[t] = d
				}
				continue
			}
			g := Group{Name: name}
			for _, u := range strings.Split(col(1), "、") {
				if u = strings.TrimSpace(u); u != "" {
					g.Units = append(g.Units, u)
				}
			}
			g.Owes = owesList(col(2))
			g.OwesDomains = domainList(col(4))
			s.Groups = append(s.Groups, g)
		}
	}
	rows, err = f.GetRows("指标")
	if err != nil {
		return nil, &ValidationError{File: name, Problems: []string{"缺少“指标”工作表"}}
	}
	nodes := map[string]*Indicator{}
	for i, r := range rows[min(1, len(rows)):] {
		rn := i + 2
		cell := func(c int) string {
			if c < len(r) {
				return strings.TrimSpace(r[c])
			}
			return ""
		}
		id := cell(0)
		if id == "" {
			continue
		}
		ind := &Indicator{Name: cell(1), Points: num("指标", rn, cell(2)), Rule: cell(3), Measure: cell(4), Param: cell(5), Mode: cell(9), Description: cell(12), WhenNone: cell(13)}
		for c, dst := range map[int]**float64{6: &ind.Per, 7: &ind.Cap, 8: &ind.Min} {
			if v := cell(c); v != "" {
				x := num("指标", rn, v)
				*dst = &x
			}
		}
		if b := cell(10); b != "" {
			if err := json.Unmarshal([]byte(b), &ind.Bands); err != nil {
				bad("工作表“指标”第 %d 行：分档应写成 [{\"min\":0.9,\"points\":10}] 的形式", rn)
			}
		}
		if g := cell(11); g != "" {
			ind.Groups = strings.Split(g, "、")
		}
		nodes[id] = ind
		switch {
		case strings.HasPrefix(id, "B"):
			s.Bonus = append(s.Bonus, ind)
		case strings.HasPrefix(id, "V"):
			s.Veto = append(s.Veto, ind)
		case !strings.Contains(id, "."):
			s.Indicators = append(s.Indicators, ind)
		default:
			parent := id[:strings.LastIndex(id, ".")]
			p, ok := nodes[parent]
			if !ok {
				bad("工作表“指标”第 %d 行：编号 %s 的上级指标 %s 不存在（上级须写在下级之前）", rn, id, parent)
				continue
			}
			p.Children = append(p.Children, ind)
		}
	}
	if len(problems) > 0 {
		return nil, &ValidationError{File: name, Problems: problems}
	}
	return s, nil
}

// owesText writes an owes: list as the workbook shows it: the ledgers'
// titles, separated by "；" (titles contain "、").
func owesText(list []string) string {
	out := make([]string, 0, len(list))
	for _, n := range list {
		if k, err := owedKind(n); err == nil {
			n = k.Title
		}
		out = append(out, n)
	}
	return strings.Join(out, "；")
}

// owesList reads a 须报送台账 cell back into kind names (a name or title
// not known is kept for Validate to name); an empty cell is no list.
func owesList(cell string) []string {
	var out []string
	for _, x := range strings.FieldsFunc(cell, func(r rune) bool { return r == '；' || r == ';' }) {
		if x = strings.TrimSpace(x); x == "" {
			continue
		}
		if k, err := owedKind(x); err == nil {
			x = k.Name
		}
		out = append(out, x)
	}
	return out
}

// domainList reads a 须覆盖目录领域 cell (、-separated); an empty cell is no
// list.
func domainList(cell string) []string {
	var out []string
	for _, d := range strings.FieldsFunc(cell, func(r rune) bool { return r == '、' || r == ',' || r == '，' }) {
		if d = strings.TrimSpace(d); d != "" {
			out = append(out, d)
		}
	}
	return out
}

func sortedSettingKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}
