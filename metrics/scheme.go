package metrics

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"gongkai"
	"gongkai/store"
)

// Scheme is a year's assessment scheme (考核细则) as the office writes it.
type Scheme struct {
	Name       string            `yaml:"name" json:"name"`
	Year       int               `yaml:"year" json:"year"`
	Overall    Overall           `yaml:"overall" json:"overall"`
	Grades     []Grade           `yaml:"grades" json:"grades"`
	Groups     []Group           `yaml:"groups" json:"groups"`
	VetoEffect string            `yaml:"veto_effect" json:"veto_effect"` // grade (default) or zero
	BonusCap   float64           `yaml:"bonus_cap" json:"bonus_cap"`
	Settings   map[string]string `yaml:"settings,omitempty" json:"settings,omitempty"`
	Indicators []*Indicator      `yaml:"indicators" json:"indicators"`
	Bonus      []*Indicator      `yaml:"bonus,omitempty" json:"bonus,omitempty"`
	Veto       []*Indicator      `yaml:"veto,omitempty" json:"veto,omitempty"`
}

// Overall is the government's overall performance assessment the
// disclosure score feeds, for the 4% rule.
type Overall struct {
	TotalPoints      float64 `yaml:"total_points" json:"total_points"`
	DisclosurePoints float64 `yaml:"disclosure_points" json:"disclosure_points"`
}

// Grade is a band: the grade for scores at or above Min.
type Grade struct {
	Grade string  `yaml:"grade" json:"grade"`
	Min   float64 `yaml:"min" json:"min"`
}

// Group is a 考核分组; members are the registry units of that 考核分组, or
// the units listed. Owes lists the ledger kinds (name or title) its members
// must keep, OwesByType the list for members of a registry unit type; a
// group that lists none owes every kind kept per unit (gongkai.UnitKinds).
// The reminders (催报) and status pages ask a unit only for what it owes.
type Group struct {
	Name       string              `yaml:"name" json:"name"`
	Units      []string            `yaml:"units,omitempty" json:"units,omitempty"`
	Owes       []string            `yaml:"owes,omitempty" json:"owes,omitempty"`
	OwesByType map[string][]string `yaml:"owes_by_type,omitempty" json:"owes_by_type,omitempty"`
	// OwesDomains lists the domains (gongkai.CatalogDomains) its members'
	// 公开事项目录 must cover, OwesDomainsByType the list for members of a
	// registry unit type; chosen per unit as the kinds are (unit_domains,
	// sql/views/unit_list.sql). None listed, a member owes no domain.
	OwesDomains       []string            `yaml:"owes_domains,omitempty" json:"owes_domains,omitempty"`
	OwesDomainsByType map[string][]string `yaml:"owes_domains_by_type,omitempty" json:"owes_domains_by_type,omitempty"`
}

// Indicator is a node of the indicator tree (一级 → 二级 → 三级).
type Indicator struct {
	Name        string       `yaml:"name" json:"name"`
	Points      float64      `yaml:"points" json:"points"`
	Rule        string       `yaml:"rule,omitempty" json:"rule,omitempty"`
	Measure     string       `yaml:"measure,omitempty" json:"measure,omitempty"`
	Param       string       `yaml:"param,omitempty" json:"param,omitempty"`
	Per         *float64     `yaml:"per,omitempty" json:"per,omitempty"`
	Cap         *float64     `yaml:"cap,omitempty" json:"cap,omitempty"`
	Min         *float64     `yaml:"min,omitempty" json:"min,omitempty"`
	Mode        string       `yaml:"mode,omitempty" json:"mode,omitempty"`
	Bands       []Band       `yaml:"bands,omitempty" json:"bands,omitempty"`
	Groups      []string     `yaml:"groups,omitempty" json:"groups,omitempty"`
	Description string       `yaml:"description,omitempty" json:"description,omitempty"`
	Children    []*Indicator `yaml:"children,omitempty" json:"children,omitempty"`
	// WhenNone is how a unit that declared it had nothing of the kinds the
	// measure reads (零报告) scores here: full, exempt (the points leave
	// the unit's total and maximum) or zero; children inherit it. Unset,
	// the rule scores the empty ledger, as for a unit that uploaded none.
	WhenNone string `yaml:"when_none,omitempty" json:"when_none,omitempty"`
}

// Band maps a ratio at or above Min to Points.
type Band struct {
	Min    float64 `yaml:"min" json:"min"`
	Points float64 `yaml:"points" json:"points"`
}

// Rule types.
var ruleTypes = map[string]string{
	"presence":  "有则得分",
	"deduction": "按次扣分（扣完为止）",
	"ratio":     "按比例得分",
	"threshold": "达到次数得分",
	"bonus":     "加分",
	"veto":      "一票否决",
}

// ValidationError lists everything wrong with a scheme file.
type ValidationError struct {
	File     string
	Problems []string
}

func (e *ValidationError) Error() string {
	return fmt.Sprintf("考核细则 %s 有 %d 处错误：\n  - %s", e.File, len(e.Problems), strings.Join(e.Problems, "\n  - "))
}

// ErrUnder4Pct: the scheme gives 政务公开 less than 4% of the overall assessment.
var ErrUnder4Pct = errors.New("政务公开分值权重低于综合考核的 4%")

// ParseSchemeFile reads a scheme from .yaml/.yml or .xlsx.
func ParseSchemeFile(path string) (*Scheme, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx":
		return ReadSchemeXLSX(path)
	default:
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("读取考核细则：%w", err)
		}
		return ParseSchemeYAML(b, filepath.Base(path))
	}
}

// ParseSchemeYAML decodes a YAML scheme; unknown keys are errors, so a
// misspelt "point:" does not silently become zero.
func ParseSchemeYAML(b []byte, name string) (*Scheme, error) {
	var s Scheme
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		return nil, &ValidationError{File: name, Problems: yamlProblems(err)}
	}
	return &s, nil
}

var (
	yamlLine      = regexp.MustCompile(`^yaml: line (\d+): `)
	yamlUnmarshal = regexp.MustCompile(`(?s)^line (\d+): cannot unmarshal !!\w+(?: .*)? into (\S+)$`)
	yamlUnknown   = regexp.MustCompile(`^line (\d+): field (\S+) not found in type \S+$`)
	yamlAnyLine   = regexp.MustCompile(`^line (\d+):`)
	yamlTwice     = regexp.MustCompile(`^line (\d+): (?:field|mapping key) "?([^" ]+)"? already (?:set in type \S+|defined at line (\d+))$`)
)

// yamlProblems words a YAML decoding error for the admin who wrote the
// file: the line and what is wrong, in Chinese. The decoder's own text is
// English and names Go types (metrics.Group), and may quote a value cut in
// the middle of a character, so none of it is passed on.
func yamlProblems(err error) []string {
	const pre = "YAML 格式错误："
	if errors.Is(err, io.EOF) {
		return []string{pre + "文件是空的"}
	}
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			return []string{fmt.Sprintf("%s第 %s 行：语法错误，请检查冒号、缩进以及括号和引号是否成对", pre, m[1])}
		}
		return []string{pre + "不是 UTF-8 编码的 YAML 文本（可能不是考核细则文件，或含有控制字符）"}
	}
	var p []string
	for _, e := range te.Errors {
		if m := yamlUnmarshal.FindStringSubmatch(e); m != nil {
			if m[2] == "metrics.Scheme" {
				p = append(p, pre+"文件内容不是考核细则：应为以 year:、name: 等键开头的键值表")
				continue
			}
			p = append(p, fmt.Sprintf("%s第 %s 行：此处的值应为%s", pre, m[1], yamlWant(m[2])))
			continue
		}
		if m := yamlUnknown.FindStringSubmatch(e); m != nil {
			p = append(p, fmt.Sprintf("%s第 %s 行：未知的键“%s”（可能拼写有误）", pre, m[1], m[2]))
			continue
		}
		if m := yamlTwice.FindStringSubmatch(e); m != nil {
			p = append(p, fmt.Sprintf("%s第 %s 行：键“%s”重复", pre, m[1], m[2]))
			continue
		}
		line := ""
		if m := yamlAnyLine.FindStringSubmatch(e); m != nil {
			line = "第 " + m[1] + " 行："
		}
		p = append(p, pre+line+"写法不符合考核细则的格式")
	}
	return p
}

// yamlWant is what a value of the Go type t is written as in the file.
func yamlWant(t string) string {
	switch t = strings.TrimPrefix(t, "*"); {
	case strings.HasPrefix(t, "[]"):
		return "列表（每项一行，以“- ”开头）"
	case strings.HasPrefix(t, "map["), strings.HasPrefix(t, "metrics."):
		return "键值表（每项一行，写作“键: 值”）"
	case t == "string":
		return "文字"
	case t == "bool":
		return " true 或 false"
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "uint"), strings.HasPrefix(t, "float"):
		return "数字"
	}
	return "其他写法"
}

// Validate checks a scheme against the measures and the registry's groups.
// unitGroups maps each registry unit name (and alias) to its 考核分组.
func (s *Scheme) Validate(name string, measures map[string]bool, registryGroups map[string]int, unitKnown func(string) bool) error {
	var p []string
	add := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }
	if !gongkai.Year(s.Year).Valid() {
		add("year（年度）缺失或无效：%d", s.Year)
	}
	if strings.TrimSpace(s.Name) == "" {
		add("name（细则名称）不能为空")
	}
	switch s.VetoEffect {
	case "", "grade", "zero":
	default:
		add("veto_effect 应为 grade（等次定为不合格）或 zero（总分记 0），而不是“%s”", s.VetoEffect)
	}
	if s.Overall.TotalPoints <= 0 {
		add("overall.total_points（综合考核总分）必须大于 0")
	}
	if s.Overall.DisclosurePoints <= 0 || s.Overall.DisclosurePoints > s.Overall.TotalPoints {
		add("overall.disclosure_points（政务公开在综合考核中的分值）必须大于 0 且不超过总分")
	}
	if len(s.Grades) == 0 {
		add("grades（等次）不能为空")
	}
	seenGrade := map[string]bool{}
	for _, g := range s.Grades {
		if g.Grade == "" || seenGrade[g.Grade] {
			add("等次名称为空或重复：“%s”", g.Grade)
		}
		seenGrade[g.Grade] = true
	}
	if len(s.Groups) == 0 {
		add("groups（考核分组）不能为空")
	}
	groupNames := map[string]bool{}
	for _, g := range s.Groups {
		if g.Name == "" {
			add("考核分组名称不能为空")
			continue
		}
		groupNames[g.Name] = true
		if len(g.Units) == 0 && registryGroups[g.Name] == 0 {
			add("考核分组“%s”没有成员：单位名录中没有该考核分组的单位，也未列出 units", g.Name)
		}
		for _, u := range g.Units {
			if !unitKnown(u) {
				add("考核分组“%s”中的单位“%s”不在单位名录中", g.Name, u)
			}
		}
		owes := func(where string, list []string) {
			if len(list) == 0 {
				add("考核分组“%s”的%s没有列出台账", g.Name, where)
			}
			for _, k := range list {
				if _, err := owedKind(k); err != nil {
					add("考核分组“%s”的%s：%v", g.Name, where, err)
				}
			}
		}
		if g.Owes != nil {
			owes("owes（须报送的台账）", g.Owes)
		}
		for _, t := range sortedKeys(typeSet(g.OwesByType)) {
			owes("owes_by_type（“"+t+"”类单位须报送的台账）", g.OwesByType[t])
		}
		domains := func(where string, list []string) {
			if len(list) == 0 {
				add("考核分组“%s”的%s没有列出领域", g.Name, where)
			}
			for _, d := range list {
				if !slices.Contains(gongkai.CatalogDomains, d) {
					add("考核分组“%s”的%s：未知的领域“%s”（应为基层政务公开标准目录的 26 个领域之一）", g.Name, where, d)
				}
			}
		}
		if g.OwesDomains != nil {
			domains("owes_domains（公开事项目录须覆盖的领域）", g.OwesDomains)
		}
		for _, t := range sortedKeys(typeSet(g.OwesDomainsByType)) {
			domains("owes_domains_by_type（“"+t+"”类单位公开事项目录须覆盖的领域）", g.OwesDomainsByType[t])
		}
	}
	measureKinds, err := store.MeasureKinds()
	if err != nil {
		add("读取度量：%v", err)
	}
	if len(s.Indicators) == 0 {
		add("indicators（指标）不能为空")
	}
	var walk func(ind *Indicator, path string, level int, parent *Indicator, section string)
	walk = func(ind *Indicator, path string, level int, parent *Indicator, section string) {
		label := path + "“" + ind.Name + "”"
		switch ind.WhenNone {
		case "":
		case "full", "exempt", "zero":
			if section != "score" {
				add("%s：when_none（声明无数据时的计分）只用于计分指标，加分项和否决项不设", label)
			} else if len(ind.Children) == 0 && measures[ind.Measure] && len(unitKinds(measureKinds[ind.Measure])) == 0 {
				add("%s：when_none 无效：度量“%s”不读取单位报送的台账，单位无法声明无数据", label, ind.Measure)
			}
		default:
			add("%s：when_none 应为 full（得满分）、exempt（不计入满分）或 zero（记 0 分），而不是“%s”", label, ind.WhenNone)
		}
		if strings.TrimSpace(ind.Name) == "" {
			add("%s指标名称不能为空", path)
		}
		if level > 3 {
			add("%s超过三级指标", label)
		}
		if ind.Points < 0 || math.IsNaN(ind.Points) {
			add("%s分值不能为负", label)
		}
		if ind.Points == 0 && section != "veto" {
			add("%s缺少分值（points）", label)
		}
		if parent != nil && ind.Points > parent.Points+1e-9 {
			add("%s分值 %g 超过上级指标“%s”的分值 %g", label, ind.Points, parent.Name, parent.Points)
		}
		for _, g := range ind.Groups {
			if !groupNames[g] {
				add("%s适用分组“%s”不在 groups 中", label, g)
			}
		}
		if len(ind.Children) > 0 {
			if ind.Rule != "" || ind.Measure != "" {
				add("%s有下级指标，不能同时设置规则", label)
			}
			sum := 0.0
			for i, c := range ind.Children {
				walk(c, fmt.Sprintf("%s%d.", path, i+1), level+1, ind, section)
				sum += c.Points
			}
			if sum+1e-9 < ind.Points {
				add("%s的下级指标分值合计 %g 小于其分值 %g", label, sum, ind.Points)
			}
			return
		}
		if _, ok := ruleTypes[ind.Rule]; !ok {
			if ind.Rule == "" {
				add("%s缺少规则类型（rule）", label)
			} else {
				add("%s规则类型“%s”未知，应为：presence、deduction、ratio、threshold、bonus、veto", label, ind.Rule)
			}
			return
		}
		if !measures[ind.Measure] {
			add("%s度量“%s”不存在，可用的度量：%s", label, ind.Measure, strings.Join(sortedKeys(measures), "、"))
		}
		switch ind.Rule {
		case "deduction":
			if ind.Per == nil || *ind.Per <= 0 {
				add("%s按次扣分规则需要 per（每次扣分）大于 0", label)
			}
		case "bonus":
			if section != "bonus" {
				add("%s加分规则只能放在 bonus 中", label)
			}
			if ind.Per == nil || *ind.Per <= 0 {
				add("%s加分规则需要 per（每次加分）大于 0", label)
			}
		case "threshold":
			if ind.Min == nil || *ind.Min <= 0 {
				add("%s次数规则需要 min（最少次数）大于 0", label)
			}
			if ind.Mode != "" && ind.Mode != "all" && ind.Mode != "proportional" {
				add("%s次数规则的 mode 应为 all 或 proportional", label)
			}
		case "ratio":
			switch ind.Mode {
			case "", "linear":
			case "bands":
				if len(ind.Bands) == 0 {
					add("%s分档规则需要 bands", label)
				}
				for _, b := range ind.Bands {
					if b.Points > ind.Points+1e-9 || b.Points < 0 {
						add("%s分档得分 %g 超出 0–%g", label, b.Points, ind.Points)
					}
				}
			default:
				add("%s比例规则的 mode 应为 linear 或 bands", label)
			}
		case "veto":
			if section != "veto" {
				add("%s一票否决规则只能放在 veto 中", label)
			}
		}
		if section == "veto" && ind.Rule != "veto" {
			add("%s在 veto 中必须使用 veto 规则", label)
		}
		if section == "bonus" && ind.Rule != "bonus" {
			add("%s在 bonus 中必须使用 bonus 规则", label)
		}
	}
	// Two top-level indicators of one name: scores, rankings and the
	// explanation of lost points are shown by top-level name, and the two
	// would read as one.
	for _, list := range []struct {
		prefix string
		inds   []*Indicator
	}{{"指标", s.Indicators}, {"加分项", s.Bonus}, {"否决项", s.Veto}} {
		first := map[string]int{}
		for i, ind := range list.inds {
			n := strings.TrimSpace(ind.Name)
			if n == "" {
				continue
			}
			if j, ok := first[n]; ok {
				add("%s%d.“%s”与%s%d.同名：一级指标名称不能重复，请改名或合并为一项", list.prefix, i+1, n, list.prefix, j+1)
				continue
			}
			first[n] = i
		}
	}
	for i, ind := range s.Indicators {
		walk(ind, fmt.Sprintf("指标%d.", i+1), 1, nil, "score")
	}
	for i, ind := range s.Bonus {
		walk(ind, fmt.Sprintf("加分项%d.", i+1), 1, nil, "bonus")
	}
	for i, ind := range s.Veto {
		walk(ind, fmt.Sprintf("否决项%d.", i+1), 1, nil, "veto")
	}
	if len(p) > 0 {
		return &ValidationError{File: name, Problems: p}
	}
	return nil
}

// DisclosureShare is the scheme's own 政务公开 share of the overall assessment.
func (s *Scheme) DisclosureShare() float64 {
	if s.Overall.TotalPoints == 0 {
		return 0
	}
	return s.Overall.DisclosurePoints / s.Overall.TotalPoints
}

// meets4Pct compares exactly: disclosure × 25 ≥ total, with no float division.
func meets4Pct(disclosure, total float64) bool { return disclosure*25 >= total-1e-9 }

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// MaxPoints is the sum of the 一级 indicators' points applicable to a group.
func (s *Scheme) MaxPoints(group string) float64 {
	sum := 0.0
	for _, ind := range s.Indicators {
		if appliesTo(ind.Groups, group) {
			sum += ind.Points
		}
	}
	return sum
}

// owedKind is the kind a scheme's owes: names, by name or title: one a
// unit keeps, never a county-wide one.
func owedKind(s string) (*gongkai.Kind, error) {
	k := gongkai.KindByName(s)
	if k == nil {
		for _, x := range gongkai.Kinds {
			if x.Title == s {
				k = x
			}
		}
	}
	if k == nil {
		return nil, fmt.Errorf("未知的台账“%s”", s)
	}
	if k.CountyWide {
		return nil, fmt.Errorf("“%s”是全县的台账，由政务公开科统一上传，不由单位报送", k.Title)
	}
	return k, nil
}

// unitKinds keeps the kinds a unit keeps (not county-wide) of names.
func unitKinds(names []string) []string {
	var out []string
	for _, n := range names {
		if k := gongkai.KindByName(n); k != nil && !k.CountyWide {
			out = append(out, n)
		}
	}
	return out
}

func typeSet(m map[string][]string) map[string]bool {
	out := map[string]bool{}
	for t := range m {
		out[t] = true
	}
	return out
}

func appliesTo(groups []string, g string) bool {
	if len(groups) == 0 {
		return true
	}
	for _, x := range groups {
		if x == g {
			return true
		}
	}
	return false
}

// LoadOptions for LoadScheme.
type LoadOptions struct {
	AllowUnder4Pct bool
}

// LoadScheme validates a scheme and stores it as the scheme of its year,
// replacing an earlier one, in one transaction.
func LoadScheme(ctx context.Context, db *store.DB, s *Scheme, file string, opt LoadOptions) error {
	measures, err := store.MeasureNames()
	if err != nil {
		return err
	}
	reg, err := registryInfo(ctx, db)
	if err != nil {
		return err
	}
	if err := s.Validate(filepath.Base(file), measures, reg.groupCount, reg.known); err != nil {
		return err
	}
	// An owes_by_type: type no registry unit has is no error: it applies
	// to none until the registry has such units.
	measureKinds, err := store.MeasureKinds()
	if err != nil {
		return err
	}
	if !meets4Pct(s.Overall.DisclosurePoints, s.Overall.TotalPoints) && !opt.AllowUnder4Pct {
		return fmt.Errorf("%w：综合考核总分 %g 中政务公开只占 %g 分（%.2f%%），至少应为 %g 分。确需导入请加 --allow-under-4pct，之后所有报告都会显示警告",
			ErrUnder4Pct, s.Overall.TotalPoints, s.Overall.DisclosurePoints, s.DisclosureShare()*100, s.Overall.TotalPoints*0.04)
	}
	if s.VetoEffect == "" {
		s.VetoEffect = "grade"
	}
	src, err := yaml.Marshal(s)
	if err != nil {
		return fmt.Errorf("scheme: %w", err)
	}
	err = db.InTx(ctx, func(q *store.Queries) error {
		if err := q.DeleteScheme(ctx, s.Year); err != nil {
			return err
		}
		if err := q.InsertScheme(ctx, store.SchemeHeader{Year: s.Year, Name: s.Name, SourceFile: filepath.Base(file),
			SourceText: string(src), TotalPoints: s.Overall.TotalPoints, DisclosurePoints: s.Overall.DisclosurePoints,
			AllowUnder4Pct: opt.AllowUnder4Pct, BonusCap: s.BonusCap, VetoEffect: s.VetoEffect}); err != nil {
			return err
		}
		for k, v := range s.Settings {
			if err := q.InsertSchemeSetting(ctx, s.Year, k, v); err != nil {
				return err
			}
		}
		for i, g := range s.Grades {
			if err := q.InsertSchemeGrade(ctx, s.Year, g.Grade, g.Min, i); err != nil {
				return err
			}
		}
		for _, g := range s.Groups {
			if len(g.Units) == 0 {
				if err := q.InsertSchemeGroupFromRegistry(ctx, s.Year, g.Name); err != nil {
					return err
				}
				continue
			}
			for _, u := range g.Units {
				if err := q.InsertSchemeGroupMember(ctx, s.Year, g.Name, reg.ids[u]); err != nil {
					return err
				}
			}
		}
		for _, ind := range s.indicatorRows() {
			if err := q.InsertSchemeIndicator(ctx, ind); err != nil {
				return err
			}
		}
		for _, o := range s.owedRows() {
			if err := q.InsertOwed(ctx, s.Year, o.group, o.unitType, o.kind); err != nil {
				return err
			}
		}
		for _, o := range s.domainRows() {
			if err := q.InsertCatalogDomain(ctx, s.Year, o.group, o.unitType, o.kind); err != nil {
				return err
			}
		}
		for _, n := range s.whenNoneRows() {
			for _, k := range unitKinds(measureKinds[n.measure]) {
				if err := q.InsertDeclareRule(ctx, s.Year, n.id, n.whenNone, k); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("保存考核细则：%w", err)
	}
	return nil
}

// indicatorRows flattens the indicator tree into the rows of
// scheme_indicators, parents first: ids 1, 1.2, … for the score section,
// B1 … for bonus and V1 … for veto items.
func (s *Scheme) indicatorRows() []store.SchemeIndicator {
	var out []store.SchemeIndicator
	var add func(ind *Indicator, id, parent string, level, ord int, section string)
	add = func(ind *Indicator, id, parent string, level, ord int, section string) {
		row := store.SchemeIndicator{Year: s.Year, ID: id, ParentID: parent, Level: level, Ord: ord, Name: ind.Name,
			Points: ind.Points, Section: section, Rule: ind.Rule, Measure: ind.Measure, Param: ind.Param,
			Per: ind.Per, Cap: ind.Cap, Min: ind.Min, Mode: ind.Mode, Description: ind.Description}
		if len(ind.Bands) > 0 {
			b, _ := json.Marshal(ind.Bands)
			row.Bands = string(b)
		}
		if len(ind.Groups) > 0 {
			b, _ := json.Marshal(ind.Groups)
			row.Groups = string(b)
		}
		out = append(out, row)
		for i, c := range ind.Children {
			add(c, fmt.Sprintf("%s.%d", id, i+1), id, level+1, i+1, section)
		}
	}
	for i, ind := range s.Indicators {
		add(ind, fmt.Sprint(i+1), "", 1, i+1, "score")
	}
	for i, ind := range s.Bonus {
		add(ind, fmt.Sprintf("B%d", i+1), "", 1, i+1, "bonus")
	}
	for i, ind := range s.Veto {
		add(ind, fmt.Sprintf("V%d", i+1), "", 1, i+1, "veto")
	}
	return out
}

// owedRow is one row of scheme_owes.
type owedRow struct{ group, unitType, kind string }

// owedRows lists what each group owes: its owes: for every type ("") and
// its owes_by_type: per type; a group with owes_by_type but no owes: owes
// every unit kind for the types not named, so that a unit's list is always
// its type's or its group's.
func (s *Scheme) owedRows() []owedRow {
	var out []owedRow
	kindsOf := func(list []string) []string {
		var ks []string
		for _, n := range list {
			if k, err := owedKind(n); err == nil {
				ks = append(ks, k.Name)
			}
		}
		return ks
	}
	for _, g := range s.Groups {
		if g.Owes == nil && len(g.OwesByType) == 0 {
			continue
		}
		all := kindsOf(g.Owes)
		if g.Owes == nil {
			for _, k := range gongkai.UnitKinds() {
				all = append(all, k.Name)
			}
		}
		for _, k := range all {
			out = append(out, owedRow{g.Name, "", k})
		}
		for _, t := range sortedKeys(typeSet(g.OwesByType)) {
			for _, k := range kindsOf(g.OwesByType[t]) {
				out = append(out, owedRow{g.Name, t, k})
			}
		}
	}
	return out
}

// domainRows lists the domains each group's members must cover, as
// owedRows lists the kinds (kind holds the domain): its owes_domains: for
// every type ("") and its owes_domains_by_type: per type.
func (s *Scheme) domainRows() []owedRow {
	var out []owedRow
	for _, g := range s.Groups {
		for _, d := range g.OwesDomains {
			out = append(out, owedRow{g.Name, "", d})
		}
		for _, t := range sortedKeys(typeSet(g.OwesDomainsByType)) {
			for _, d := range g.OwesDomainsByType[t] {
				out = append(out, owedRow{g.Name, t, d})
			}
		}
	}
	return out
}

// whenNoneRow is a leaf with the when_none it has or inherits.
type whenNoneRow struct{ id, measure, whenNone string }

// whenNoneRows lists the score section's leaves whose when_none is set on
// them or on an ancestor (the nearest wins), with the ids of indicatorRows.
func (s *Scheme) whenNoneRows() []whenNoneRow {
	var out []whenNoneRow
	var walk func(ind *Indicator, id, inherited string)
	walk = func(ind *Indicator, id, inherited string) {
		w := inherited
		if ind.WhenNone != "" {
			w = ind.WhenNone
		}
		if len(ind.Children) == 0 {
			if w != "" {
				out = append(out, whenNoneRow{id, ind.Measure, w})
			}
			return
		}
		for i, c := range ind.Children {
			walk(c, fmt.Sprintf("%s.%d", id, i+1), w)
		}
	}
	for i, ind := range s.Indicators {
		walk(ind, fmt.Sprint(i+1), "")
	}
	return out
}

type regInfo struct {
	groupCount map[string]int
	ids        map[string]int64
}

func (r regInfo) known(name string) bool { _, ok := r.ids[name]; return ok }

// registryInfo maps every registry name and alias to its unit and counts
// the units of each 考核分组.
func registryInfo(ctx context.Context, db *store.DB) (regInfo, error) {
	r := regInfo{groupCount: map[string]int{}, ids: map[string]int64{}}
	units, err := db.Units(ctx)
	if err != nil {
		return r, err
	}
	for _, u := range units {
		r.ids[u.Name] = u.ID
		for _, a := range u.Aliases {
			r.ids[a] = u.ID
		}
		if u.Group != "" {
			r.groupCount[u.Group]++
		}
	}
	return r, nil
}
