package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	sqlfiles "gongkai/sql"
)

// Scoring: the measures of sql/measures and score.sql run here, inside the
// transaction metrics.Score opens with InTx; the year, measure and param
// are DuckDB variables, which live on the transaction's connection.

// measures are the files of sql/measures, read once: they are embedded.
var measures = sync.OnceValues(sqlfiles.Measures)

// MeasureNames is the set of measures a scheme may name.
func MeasureNames() (map[string]bool, error) {
	ms, err := measures()
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(ms))
	for n := range ms {
		out[n] = true
	}
	return out, nil
}

// SetScoreYear sets the year the measures, ClearMeasureValues and
// ApplyScoreRules read (getvariable('year')).
func (q *Queries) SetScoreYear(ctx context.Context, year int) error {
	return execNamed(ctx, q.q, "measure_year", year)
}

// ClearMeasureValues drops the measure values and unjudged rows of the
// year of SetScoreYear before they are computed again.
func (q *Queries) ClearMeasureValues(ctx context.Context) error {
	return execNamed(ctx, q.q, "measure_clear")
}

// RunMeasure runs one measure with param for the year of SetScoreYear and
// stores its values (measure_values) and the rows it could not judge
// (measure_unknown).
func (q *Queries) RunMeasure(ctx context.Context, name, param string) error {
	ms, err := measures()
	if err != nil {
		return err
	}
	def, ok := ms[name]
	if !ok {
		return fmt.Errorf("measure %q is not defined", name)
	}
	if err := execNamed(ctx, q.q, "measure_name", name); err != nil {
		return err
	}
	if err := execNamed(ctx, q.q, "measure_param", param); err != nil {
		return err
	}
	// The measure file is a SELECT; wrapping it in a temp view keeps the
	// insert in one named file instead of per-measure copies. def.SQL is
	// an embedded file of sql/measures, never input.
	if _, err := q.q.ExecContext(ctx, sqlfiles.Fill(sqlfiles.Query("measure_view"), "measure", def.SQL)); err != nil {
		return fmt.Errorf("measure %s: %w", name, err)
	}
	if err := execNamed(ctx, q.q, "measure_insert"); err != nil {
		return fmt.Errorf("measure %s(%s): %w", name, param, err)
	}
	if err := execNamed(ctx, q.q, "measure_unknown_insert"); err != nil {
		return fmt.Errorf("measure %s(%s): %w", name, param, err)
	}
	return nil
}

// ApplyScoreRules runs the rule engine (score.sql) for the year of
// SetScoreYear: measure values become score_items and score_results.
func (q *Queries) ApplyScoreRules(ctx context.Context) error {
	return execNamed(ctx, q.q, "score")
}

// ScoreResult is one unit's result of a year (score_results).
type ScoreResult struct {
	Year          int
	UnitID        int64
	Unit          string
	Group         string
	Base          float64
	Bonus         float64
	Total         float64
	Max           float64
	Normalized    float64
	Rank          int
	Grade         string
	Vetoed        bool
	OverallPoints float64
}

// ScoreResults lists version n of a year's results (Draft: the draft's), by
// group and rank; group "" = all.
func (q *Queries) ScoreResults(ctx context.Context, year, n int, group string) ([]ScoreResult, error) {
	return versioned(ctx, q.q, "score_results_read", "version_results", scanScoreResult, year, n, group)
}

// scanScoreResult scans a row of score_results_read.sql or version_results.sql.
var scanScoreResult = fields(func(u *ScoreResult) []any {
	return []any{&u.Year, &u.UnitID, &u.Unit, &u.Group, &u.Base, &u.Bonus, &u.Total, &u.Max, &u.Normalized,
		&u.Rank, &u.Grade, &u.Vetoed, &u.OverallPoints}
})

// ScoreItem is one indicator's points for a unit (score_items).
type ScoreItem struct {
	UnitID    int64
	ID        string
	Name      string
	Level     int
	Section   string
	Rule      string // "" for an inner node
	Points    float64
	Max       float64
	Value     *float64
	Total     *float64
	Triggered bool
	Evidence  int // evidence rows
}

// ScoreItems lists every indicator's points per unit of version n of a
// year (Draft: the draft's), by unit in tree order.
func (q *Queries) ScoreItems(ctx context.Context, year, n int) ([]ScoreItem, error) {
	return versioned(ctx, q.q, "score_items_read", "version_items", scanScoreItem, year, n)
}

// scanScoreItem scans a row of score_items_read.sql or version_items.sql.
func scanScoreItem(s scanner) (it ScoreItem, err error) {
	// Value and Total are pointers: NULL scans as nil.
	var rule sql.NullString
	err = s.Scan(&it.UnitID, &it.ID, &it.Name, &it.Level, &it.Section, &rule, &it.Points, &it.Max, &it.Value, &it.Total,
		&it.Triggered, &it.Evidence)
	it.Rule = rule.String
	return it, err
}

// ScoreYears lists the years that have results, in no order.
func (q *Queries) ScoreYears(ctx context.Context) ([]int, error) {
	return list(ctx, q.q, "score_years", scalar[int])
}

// UnknownRowCount counts the ledger rows of a year that the working-day
// measures could not judge (a date outside the known calendar).
func (q *Queries) UnknownRowCount(ctx context.Context, year int) (int, error) {
	return one(ctx, q.q, "measure_unknown_count", scalar[int], year)
}

// ExplainRow is one row of explain_all.sql: an indicator where a unit
// lost points, and one ledger row behind it when HasRow.
type ExplainRow struct {
	UnitID    int64
	ID        string
	Name      string
	Rule      string
	Measure   string
	Param     string
	Points    float64
	Max       float64
	Value     *float64
	Total     *float64
	Triggered bool
	// The ledger row, when HasRow; Unknown marks a row the measure could
	// not judge rather than one that cost points.
	HasRow  bool
	RowID   int64
	Kind    string
	File    string
	Sheet   string
	Row     int
	Label   string
	Unknown bool
	// GapFrom is set on a new-media post that ended a gap in its account's
	// updates: the date of the post before it, GapTo its own (yyyy-mm-dd),
	// with the account's Platform and Account.
	GapFrom, GapTo, Platform, Account string
	// WhenNone is set when a 零报告 of the unit scored the leaf (full,
	// exempt, zero).
	WhenNone string
}

// scanExplain scans the columns of explain_all.sql (and version_explain.sql).
func scanExplain(s scanner) (r ExplainRow, err error) {
	var (
		param             sql.NullString
		rowID, srcRow     sql.NullInt64
		kind, file, sheet sql.NullString
		label             sql.NullString
		unknown           sql.NullBool
		gapFrom, gapTo    sql.NullTime
		platform, account sql.NullString
		whenNone          sql.NullString
	)
	err = s.Scan(&r.UnitID, &r.ID, &r.Name, &r.Rule, &r.Measure, &param, &r.Points, &r.Max, &r.Value, &r.Total, &r.Triggered,
		&rowID, &kind, &file, &sheet, &srcRow, &label, &unknown, &gapFrom, &gapTo, &platform, &account, &whenNone)
	r.Param = param.String
	r.HasRow = rowID.Valid && kind.Valid
	r.RowID, r.Kind, r.File, r.Sheet, r.Row, r.Label = rowID.Int64, kind.String, file.String, sheet.String, int(srcRow.Int64), label.String
	r.Unknown = unknown.Bool
	if gapFrom.Valid && gapTo.Valid {
		r.GapFrom, r.GapTo = gapFrom.Time.Format("2006-01-02"), gapTo.Time.Format("2006-01-02")
	}
	r.Platform, r.Account, r.WhenNone = platform.String, account.String, whenNone.String
	return r, err
}

// Explain lists the lost points of a unit (unitID 0: of every unit) in
// version n of a year (Draft: the draft) with their ledger rows, by unit
// and indicator.
func (q *Queries) Explain(ctx context.Context, year, n int, unitID int64) ([]ExplainRow, error) {
	return versioned(ctx, q.q, explainAll, "version_explain", scanExplain, year, n, unitID)
}

// explainAll names explain_all.sql once: Explain reads it and VersionCopy
// freezes its rows into a version, so a version holds exactly what the
// draft's explanations showed.
const explainAll = "explain_all"

// WeightRow is the 4% rule's input for one assessed unit of a year.
type WeightRow struct {
	UnitID           int64
	UnitName         string
	TotalPoints      float64
	DisclosurePoints float64
	Source           string   // ledger or scheme
	Items            []string // item:points:counts
}

// Weights lists the 4% rule's inputs for every assessed unit of a year.
func (q *Queries) Weights(ctx context.Context, year int) ([]WeightRow, error) {
	return list(ctx, q.q, "weights", func(s scanner) (w WeightRow, err error) {
		var items []any
		err = s.Scan(&w.UnitID, &w.UnitName, &w.TotalPoints, &w.DisclosurePoints, &w.Source, &items)
		w.Items = stringsOf(items)
		return w, err
	}, year)
}

// stringsOf keeps the strings of a DuckDB list.
func stringsOf(l []any) []string {
	var out []string
	for _, v := range l {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
