package metrics

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"

	sqlfiles "gongkai/sql"
)

// ErrNoScheme: no scheme is loaded for the year.
var ErrNoScheme = errors.New("该年度尚未导入考核细则")

// Score recomputes every unit's score for a year: each measure the scheme
// uses runs once over the ledgers, then score.sql turns values into points.
// Results replace the year's earlier results in one transaction. A
// published year is refused (gongkai.EPUBLISHED) before anything is
// written: every caller (the web's 计算, the CLI) comes through here. The
// check needs no lock of its own: the server runs writes one at a time and
// the CLI holds the database file exclusively.
func Score(ctx context.Context, db *sql.DB, year int) error {
	if err := refusePublished(ctx, db, year); err != nil {
		return err
	}
	if err := EnsureCalendar(ctx, db); err != nil {
		return err
	}
	measures, err := sqlfiles.Measures()
	if err != nil {
		return err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("score: %w", err)
	}
	defer conn.Close()
	var n int
	if err := conn.QueryRowContext(ctx, sqlfiles.Query("scheme_exists"), year).Scan(&n); err != nil {
		return fmt.Errorf("score: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("%w：%d", ErrNoScheme, year)
	}
	rows, err := conn.QueryContext(ctx, sqlfiles.Query("scheme_measures"), year)
	if err != nil {
		return fmt.Errorf("score: %w", err)
	}
	type mp struct{ measure, param string }
	var used []mp
	for rows.Next() {
		var m mp
		if err := rows.Scan(&m.measure, &m.param); err != nil {
			rows.Close()
			return fmt.Errorf("score: %w", err)
		}
		used = append(used, m)
	}
	rows.Close()

	// Variables are per connection, so everything runs on conn.
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("score: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, sqlfiles.Query("measure_year"), year); err != nil {
		return fmt.Errorf("score: %w", err)
	}
	if _, err := tx.ExecContext(ctx, sqlfiles.Query("measure_clear")); err != nil {
		return fmt.Errorf("score: %w", err)
	}
	for _, m := range used {
		def, ok := measures[m.measure]
		if !ok {
			return fmt.Errorf("score: measure %q is not defined", m.measure)
		}
		if _, err := tx.ExecContext(ctx, sqlfiles.Query("measure_name"), m.measure); err != nil {
			return fmt.Errorf("score: %w", err)
		}
		if _, err := tx.ExecContext(ctx, sqlfiles.Query("measure_param"), m.param); err != nil {
			return fmt.Errorf("score: %w", err)
		}
		// The measure file is a SELECT; wrapping it in a temp view keeps the
		// insert in one named file instead of per-measure copies. def.SQL is
		// an embedded file of sql/measures, never input.
		if _, err := tx.ExecContext(ctx, sqlfiles.Fill(sqlfiles.Query("measure_view"), "measure", def.SQL)); err != nil {
			return fmt.Errorf("measure %s: %w", m.measure, err)
		}
		if _, err := tx.ExecContext(ctx, sqlfiles.Query("measure_insert")); err != nil {
			return fmt.Errorf("measure %s(%s): %w", m.measure, m.param, err)
		}
		if _, err := tx.ExecContext(ctx, sqlfiles.Query("measure_unknown_insert")); err != nil {
			return fmt.Errorf("measure %s(%s): %w", m.measure, m.param, err)
		}
	}
	if _, err := tx.ExecContext(ctx, sqlfiles.Query("score")); err != nil {
		return fmt.Errorf("score: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("score: %w", err)
	}
	return nil
}

// ApplyRules turns the year's stored measure values into points without
// recomputing the measures: the rule engine alone, for checking a scheme
// against known values. Like Score, it refuses a published year.
func ApplyRules(ctx context.Context, db *sql.DB, year int) error {
	if err := refusePublished(ctx, db, year); err != nil {
		return err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("apply rules: %w", err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("apply rules: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, sqlfiles.Query("measure_year"), year); err != nil {
		return fmt.Errorf("apply rules: %w", err)
	}
	if _, err := tx.ExecContext(ctx, sqlfiles.Query("score")); err != nil {
		return fmt.Errorf("apply rules: %w", err)
	}
	return tx.Commit()
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
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Level     int      `json:"level"`
	Section   string   `json:"section"`
	Rule      string   `json:"rule,omitempty"`
	Points    float64  `json:"points"`
	Max       float64  `json:"max"`
	Lost      float64  `json:"lost"`
	Value     *float64 `json:"value,omitempty"`
	Total     *float64 `json:"total,omitempty"`
	Triggered bool     `json:"triggered,omitempty"`
	Evidence  int      `json:"evidence_rows"`
}

// Results reads a year's scores, ordered by group and rank; group "" = all.
func Results(ctx context.Context, db *sql.DB, year int, group string) ([]UnitScore, error) {
	rows, err := db.QueryContext(ctx, sqlfiles.Query("score_results_read"), year, group)
	if err != nil {
		return nil, fmt.Errorf("read scores: %w", err)
	}
	defer rows.Close()
	var out []UnitScore
	idx := map[int64]int{}
	for rows.Next() {
		var u UnitScore
		if err := rows.Scan(&u.Year, &u.UnitID, &u.Unit, &u.Group, &u.Base, &u.Bonus, &u.Total, &u.Max, &u.Normalized, &u.Rank, &u.Grade, &u.Vetoed, &u.OverallPoints); err != nil {
			return nil, fmt.Errorf("read scores: %w", err)
		}
		idx[u.UnitID] = len(out)
		u.Indicators = []ItemScore{}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	items, err := db.QueryContext(ctx, sqlfiles.Query("score_items_read"), year)
	if err != nil {
		return nil, fmt.Errorf("read score items: %w", err)
	}
	defer items.Close()
	for items.Next() {
		var (
			unit int64
			it   ItemScore
			rule sql.NullString
			v, t sql.NullFloat64
		)
		if err := items.Scan(&unit, &it.ID, &it.Name, &it.Level, &it.Section, &rule, &it.Points, &it.Max, &v, &t, &it.Triggered, &it.Evidence); err != nil {
			return nil, fmt.Errorf("read score items: %w", err)
		}
		it.Rule = rule.String
		it.Lost = round2(it.Max - it.Points)
		if it.Section != "score" {
			it.Lost = 0
		}
		if v.Valid {
			it.Value = &v.Float64
		}
		if t.Valid {
			it.Total = &t.Float64
		}
		if i, ok := idx[unit]; ok {
			out[i].Indicators = append(out[i].Indicators, it)
		}
	}
	if err := items.Err(); err != nil {
		return nil, err
	}
	// Year over year: the previous year's score and rank, if scored.
	prev, err := db.QueryContext(ctx, sqlfiles.Query("score_results_read"), year-1, group)
	if err != nil {
		return nil, fmt.Errorf("read previous scores: %w", err)
	}
	defer prev.Close()
	for prev.Next() {
		var p UnitScore
		if err := prev.Scan(&p.Year, &p.UnitID, &p.Unit, &p.Group, &p.Base, &p.Bonus, &p.Total, &p.Max, &p.Normalized, &p.Rank, &p.Grade, &p.Vetoed, &p.OverallPoints); err != nil {
			return nil, err
		}
		if i, ok := idx[p.UnitID]; ok && out[i].Group == p.Group {
			ps, pr := p.Normalized, p.Rank
			ds, dr := round2(out[i].Normalized-ps), pr-out[i].Rank
			out[i].PrevScore, out[i].PrevRank, out[i].ScoreDelta, out[i].RankDelta = &ps, &pr, &ds, &dr
		}
	}
	return out, prev.Err()
}

// Years lists the years that have scores.
func Years(ctx context.Context, db *sql.DB) ([]int, error) {
	rows, err := db.QueryContext(ctx, sqlfiles.Query("score_years"))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			return nil, err
		}
		out = append(out, y)
	}
	sort.Ints(out)
	return out, rows.Err()
}

func round2(x float64) float64 {
	if x < 0 {
		return -round2(-x)
	}
	return float64(int64(x*100+0.5)) / 100
}
