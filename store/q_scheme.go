package store

import "context"

// The assessment scheme (考核细则) as metrics.LoadScheme writes it, in the
// scheme_* tables of migration 0002, and what scoring reads back.

// SchemeHeader is a scheme's row of schemes.
type SchemeHeader struct {
	Year             int
	Name             string
	SourceFile       string
	SourceText       string // the scheme as YAML
	TotalPoints      float64
	DisclosurePoints float64
	AllowUnder4Pct   bool
	BonusCap         float64
	VetoEffect       string
}

// SchemeIndicator is one node of a scheme's indicator tree. Empty text
// and nil numbers are stored as NULL, except Param, which is ” when unset.
type SchemeIndicator struct {
	Year        int
	ID          string
	ParentID    string
	Level       int
	Ord         int
	Name        string
	Points      float64
	Section     string // score, bonus or veto
	Rule        string
	Measure     string
	Param       string
	Per         *float64
	Cap         *float64
	Min         *float64
	Mode        string
	Bands       string // JSON
	Groups      string // JSON
	Description string
}

// DeleteScheme removes a year's scheme, before its replacement is written.
func (q *Queries) DeleteScheme(ctx context.Context, year int) error {
	return execStatements(ctx, q.q, "scheme_delete", year)
}

// InsertCatalogDomain writes a domain a group's members must cover in their
// 公开事项目录 (unitType "" for every type the scheme does not name).
func (q *Queries) InsertCatalogDomain(ctx context.Context, year int, group, unitType, domain string) error {
	return execNamed(ctx, q.q, "catalog_domain_insert", year, group, unitType, domain)
}

// InsertScheme writes a scheme's header.
func (q *Queries) InsertScheme(ctx context.Context, h SchemeHeader) error {
	return execNamed(ctx, q.q, "scheme_insert", h.Year, h.Name, h.SourceFile, h.SourceText, h.TotalPoints,
		h.DisclosurePoints, h.AllowUnder4Pct, h.BonusCap, h.VetoEffect)
}

// InsertSchemeSetting writes one of a scheme's settings.
func (q *Queries) InsertSchemeSetting(ctx context.Context, year int, key, value string) error {
	return execNamed(ctx, q.q, "scheme_setting_insert", year, key, value)
}

// InsertSchemeGrade writes one grade band; ord orders them, best first.
func (q *Queries) InsertSchemeGrade(ctx context.Context, year int, grade string, min float64, ord int) error {
	return execNamed(ctx, q.q, "scheme_grade_insert", year, grade, min, ord)
}

// InsertSchemeGroupFromRegistry makes the registry units of the 考核分组
// group the members of the scheme's group.
func (q *Queries) InsertSchemeGroupFromRegistry(ctx context.Context, year int, group string) error {
	return execNamed(ctx, q.q, "scheme_group_from_registry", year, group)
}

// InsertSchemeGroupMember makes a unit a member of the scheme's group.
func (q *Queries) InsertSchemeGroupMember(ctx context.Context, year int, group string, unitID int64) error {
	return execNamed(ctx, q.q, "scheme_group_insert", year, group, unitID)
}

// InsertSchemeIndicator writes one node of the indicator tree.
func (q *Queries) InsertSchemeIndicator(ctx context.Context, ind SchemeIndicator) error {
	return execNamed(ctx, q.q, "scheme_indicator_insert", ind.Year, ind.ID, nullIfEmpty(ind.ParentID), ind.Level, ind.Ord,
		ind.Name, ind.Points, ind.Section, nullIfEmpty(ind.Rule), nullIfEmpty(ind.Measure), ind.Param,
		nullIfNil(ind.Per), nullIfNil(ind.Cap), nullIfNil(ind.Min), nullIfEmpty(ind.Mode),
		nullIfEmpty(ind.Bands), nullIfEmpty(ind.Groups), nullIfEmpty(ind.Description))
}

// SchemeExists reports whether a scheme is loaded for the year.
func (q *Queries) SchemeExists(ctx context.Context, year int) (bool, error) {
	n, err := one(ctx, q.q, "scheme_exists", scalar[int], year)
	return n > 0, err
}

// MeasureUse is a measure a scheme uses, with its parameter.
type MeasureUse struct {
	Measure string
	Param   string
}

// SchemeMeasures lists the distinct measures (with parameters) of a year's
// scheme, in name order.
func (q *Queries) SchemeMeasures(ctx context.Context, year int) ([]MeasureUse, error) {
	return list(ctx, q.q, "scheme_measures", fields(func(m *MeasureUse) []any {
		return []any{&m.Measure, &m.Param}
	}), year)
}
