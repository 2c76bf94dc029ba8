package metrics

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"gongkai/store"
)

// ErrNoScheme: no scheme is loaded for the year.
var ErrNoScheme = errors.New("该年度尚未导入考核细则")

// Score recomputes every unit's score for a year: each measure the scheme
// uses runs once over the ledgers, then score.sql turns values into points.
// Results replace the year's earlier results in one transaction. They are
// the year's draft: a published year keeps its published version (Publish)
// until the draft is published as the next one. The batches scored from are
// recorded with them (migration 0015), and, by applyRules, the 零报告
// declarations and the scheme's hash (0020).
func Score(ctx context.Context, db *store.DB, year int) error {
	if err := EnsureCalendar(ctx, db); err != nil {
		return err
	}
	// The year, measure and param are DuckDB variables of the connection:
	// everything runs in one transaction, on one connection.
	return db.InTx(ctx, func(q *store.Queries) error {
		ok, err := q.SchemeExists(ctx, year)
		if err != nil {
			return fmt.Errorf("score: %w", err)
		}
		if !ok {
			return fmt.Errorf("%w：%d", ErrNoScheme, year)
		}
		used, err := q.SchemeMeasures(ctx, year)
		if err != nil {
			return fmt.Errorf("score: %w", err)
		}
		if err := q.SetScoreYear(ctx, year); err != nil {
			return fmt.Errorf("score: %w", err)
		}
		if err := q.ClearMeasureValues(ctx); err != nil {
			return fmt.Errorf("score: %w", err)
		}
		// convert_share reads the matters grouped in Go (textgroup), not SQL
		if err := storeConvert(ctx, q, year, used); err != nil {
			return fmt.Errorf("score: %w", err)
		}
		for _, m := range used {
			if err := q.RunMeasure(ctx, m.Measure, m.Param); err != nil {
				return fmt.Errorf("score: %w", err)
			}
		}
		if err := applyRules(ctx, q, year); err != nil {
			return fmt.Errorf("score: %w", err)
		}
		// The batches the measures read, in their snapshot: what a
		// publication of this draft says it was computed from.
		if err := q.VersionScoredRecord(ctx, year); err != nil {
			return fmt.Errorf("score: %w", err)
		}
		return nil
	})
}

// ApplyRules turns the year's stored measure values into points without
// recomputing the measures: the rule engine alone, for checking a scheme
// against known values. Like Score, it changes the draft only.
func ApplyRules(ctx context.Context, db *store.DB, year int) error {
	return db.InTx(ctx, func(q *store.Queries) error {
		if err := q.SetScoreYear(ctx, year); err != nil {
			return fmt.Errorf("apply rules: %w", err)
		}
		if err := applyRules(ctx, q, year); err != nil {
			return fmt.Errorf("apply rules: %w", err)
		}
		return nil
	})
}

// applyRules turns the measure values of the year set on q into points,
// the same way for Score and ApplyRules: the leaves a 零报告 scores, then
// the rule engine (score.sql); and records the declarations and the scheme
// it applied (migration 0020), which a publication checks.
func applyRules(ctx context.Context, q *store.Queries, year int) error {
	if err := q.ScoreDeclared(ctx); err != nil {
		return err
	}
	if err := q.ApplyScoreRules(ctx); err != nil {
		return err
	}
	return q.ScoreInputsRecord(ctx, year)
}

// UnitScore is one unit's result.
type UnitScore struct {
	Year          int         `json:"year"`
	UnitID        int64       `json:"unit_id"`
	Unit          string      `json:"unit"`
	Group         string      `json:"group"`
	Base          float64     `json:"base"`
	Bonus         float64     `json:"bonus"`
	Total         float64     `json:"total"`
	Max           float64     `json:"max"`
	Normalized    float64     `json:"score"`
	Rank          int         `json:"rank"`
	Grade         string      `json:"grade"`
	Vetoed        bool        `json:"vetoed"`
	OverallPoints float64     `json:"overall_points"`
	Indicators    []ItemScore `json:"indicators"`
	// Change from the previous year, when it was scored.
	PrevScore  *float64 `json:"prev_score,omitempty"`
	PrevRank   *int     `json:"prev_rank,omitempty"`
	ScoreDelta *float64 `json:"score_change,omitempty"`
	RankDelta  *int     `json:"rank_change,omitempty"`
}

// ItemScore is one indicator's points for a unit.
type ItemScore struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Level   int    `json:"level"`
	Section string `json:"section"`
	Rule    string `json:"rule,omitempty"`
	Tally
	Evidence int `json:"evidence_rows"`
}

// Tally is an indicator's points for a unit, as a score (ItemScore) and an
// explanation (Loss) both show them: the points earned of Max, the points
// Lost (in the score section), the measure's Value of Total and whether
// its rule fired (a veto, a threshold).
type Tally struct {
	Points    float64  `json:"points"`
	Max       float64  `json:"max"`
	Lost      float64  `json:"lost"`
	Value     *float64 `json:"value,omitempty"`
	Total     *float64 `json:"total,omitempty"`
	Triggered bool     `json:"triggered,omitempty"`
}

// Results reads a year's draft scores, ordered by group and rank; group
// "" = all.
func Results(ctx context.Context, db *store.DB, year int, group string) ([]UnitScore, error) {
	return ResultsOf(ctx, db, year, Draft, group)
}

// ResultsOf reads version n of a year's scores (Draft: the live score
// tables), ordered by group and rank; group "" = all. The previous year's
// score and rank come from the same kind of source (Beside): the draft
// beside a draft; beside a version, the previous year's publication in
// force when the version was published, so that a version's year-over-year
// figures never change after it is published.
func ResultsOf(ctx context.Context, db *store.DB, year, n int, group string) ([]UnitScore, error) {
	rows, err := db.ScoreResults(ctx, year, n, group)
	if err != nil {
		return nil, fmt.Errorf("read scores: %w", err)
	}
	var out []UnitScore
	idx := map[int64]int{}
	for _, r := range rows {
		idx[r.UnitID] = len(out)
		out = append(out, UnitScore{Year: r.Year, UnitID: r.UnitID, Unit: r.Unit, Group: r.Group, Base: r.Base,
			Bonus: r.Bonus, Total: r.Total, Max: r.Max, Normalized: r.Normalized, Rank: r.Rank, Grade: r.Grade,
			Vetoed: r.Vetoed, OverallPoints: r.OverallPoints, Indicators: []ItemScore{}})
	}
	items, err := db.ScoreItems(ctx, year, n)
	if err != nil {
		return nil, fmt.Errorf("read score items: %w", err)
	}
	for _, r := range items {
		it := ItemScore{ID: r.ID, Name: r.Name, Level: r.Level, Section: r.Section, Rule: r.Rule,
			Tally: Tally{Points: r.Points, Max: r.Max, Value: r.Value, Total: r.Total, Triggered: r.Triggered}, Evidence: r.Evidence}
		if it.Section == "score" {
			it.Lost = round2(it.Max - it.Points)
		}
		if i, ok := idx[r.UnitID]; ok {
			out[i].Indicators = append(out[i].Indicators, it)
		}
	}
	// Year over year: the previous year's score and rank, if scored.
	var prev []store.ScoreResult
	pn, ok, err := Beside(ctx, db, year, n, year-1)
	if err == nil && ok {
		prev, err = db.ScoreResults(ctx, year-1, pn, group)
	}
	if err != nil {
		return nil, fmt.Errorf("read previous scores: %w", err)
	}
	for _, p := range prev {
		if i, ok := idx[p.UnitID]; ok && out[i].Group == p.Group {
			ps, pr := p.Normalized, p.Rank
			ds, dr := round2(out[i].Normalized-ps), pr-out[i].Rank
			out[i].PrevScore, out[i].PrevRank, out[i].ScoreDelta, out[i].RankDelta = &ps, &pr, &ds, &dr
		}
	}
	return out, nil
}

// Beside is the version of another year, other, shown beside version n
// of a year, so that both come from the same kind of source: its draft
// beside the draft. Beside a version, an earlier year shows the
// publication that was in force when the version was published (recorded
// then, store.VersionBeside): a later publication or withdrawal of that
// year changes nothing of the version. A later year (a unit's trend) shows
// its own shown publication (Published), which the version never
// contained. ok is false when there is none to show.
func Beside(ctx context.Context, db *store.DB, year, n, other int) (int, bool, error) {
	switch {
	case n == Draft:
		return Draft, true, nil
	case other < year:
		v, ok, err := db.VersionBeside(ctx, year, n, other)
		if err != nil {
			return 0, false, fmt.Errorf("versions: %w", err)
		}
		return v, ok, nil
	}
	v, ok, _, err := Published(ctx, db, other)
	return v.Version, ok, err
}

// Years lists the years that have scores.
func Years(ctx context.Context, db *store.DB) ([]int, error) {
	out, err := db.ScoreYears(ctx)
	if err != nil {
		return nil, err
	}
	sort.Ints(out)
	return out, nil
}

func round2(x float64) float64 {
	if x < 0 {
		return -round2(-x)
	}
	return float64(int64(x*100+0.5)) / 100
}
