package store

import (
	"context"
	sqlfiles "gongkai/sql"
	"regexp"
	"sort"
	"strings"
)

// 零报告 (a unit's declaration that it had nothing of a ledger kind in a
// year) and the kinds a unit owes (the scheme's owes:), migration 0011. One
// method per query file.

// DeclareInsert records a declaration act ("declare" or "withdraw") and
// returns its id.
func (q *Queries) DeclareInsert(ctx context.Context, unitID int64, kind string, year int, act, note, account string) (int64, error) {
	return one(ctx, q.q, "declare_insert", scalar[int64], unitID, kind, year, act, note, account)
}

// Declaration is one 零报告 act of a unit, with what became of it.
type Declaration struct {
	ID      int64  `json:"id"`
	Kind    string `json:"kind"`
	Title   string `json:"kind_title,omitempty"` // the caller's to fill
	Year    int    `json:"year"`
	Act     string `json:"act"` // declare, withdraw
	Note    string `json:"note,omitempty"`
	Account string `json:"account"`
	At      string `json:"at"`
	// State of a declaration: in_force, withdrawn, uploaded (ended by the
	// active batch BatchID), later (another declaration followed); "" for a
	// withdrawal.
	State   string `json:"state,omitempty"`
	BatchID int64  `json:"batch_id,omitempty"`
}

// DeclareHistory lists a unit's 零报告 acts, newest first.
func (q *Queries) DeclareHistory(ctx context.Context, unitID int64) ([]Declaration, error) {
	return list(ctx, q.q, "declare_history", func(s scanner) (d Declaration, err error) {
		err = s.Scan(&d.ID, &d.Kind, &d.Year, &d.Act, &d.Note, &d.Account, &d.At, &d.State, &d.BatchID)
		return d, err
	}, unitID)
}

// DeclareInForce lists a unit's declarations in force for a year, by kind
// (State in_force).
func (q *Queries) DeclareInForce(ctx context.Context, unitID int64, year int) ([]Declaration, error) {
	return list(ctx, q.q, "declare_in_force", func(s scanner) (d Declaration, err error) {
		err = s.Scan(&d.Kind, &d.ID, &d.Note, &d.Account, &d.At)
		d.Year, d.Act, d.State = year, "declare", "in_force"
		return d, err
	}, unitID, year)
}

// InsertDeclareRule stores how a leaf indicator scores a declared 零报告 for
// one kind its measure reads.
func (q *Queries) InsertDeclareRule(ctx context.Context, year int, id, whenNone, kind string) error {
	return execNamed(ctx, q.q, "declare_rule_insert", year, id, whenNone, kind)
}

// ScoreDeclared writes, for the year of SetScoreYear, the leaves the rule
// engine scores by their when_none (score_none); run it before
// ApplyScoreRules.
func (q *Queries) ScoreDeclared(ctx context.Context) error {
	return execStatements(ctx, q.q, "declare_score_none")
}

// InsertOwed stores a kind the members of a group (of one unit type, or ""
// for the others) owe in a year.
func (q *Queries) InsertOwed(ctx context.Context, year int, group, unitType, kind string) error {
	return execNamed(ctx, q.q, "owed_insert", year, group, unitType, kind)
}

// OwedKinds lists the kinds a unit owes in a year; none when the year's
// scheme says nothing for it (it then owes every kind kept per unit).
func (q *Queries) OwedKinds(ctx context.Context, unitID int64, year int) ([]string, error) {
	return list(ctx, q.q, "owed_kinds", scalar[string], unitID, year)
}

var curView = regexp.MustCompile(`\bcur_(\w+)`)

// MeasureKinds maps each measure to the ledger kinds whose cur_<kind> view
// its SELECT reads (its header comment aside), sorted: the kinds a 零报告
// must cover for the measure to count as having nothing to read.
func MeasureKinds() (map[string][]string, error) {
	ms, err := measures()
	if err != nil {
		return nil, err
	}
	out := make(map[string][]string, len(ms))
	for name, m := range ms {
		seen := map[string]bool{}
		readKinds(m.SQL, seen)
		// A view derived from the ledgers (migration 0013's
		// application_deadlines) reads the kinds its definition reads.
		for _, v := range derivedViews {
			if regexp.MustCompile(`\b` + v + `\b`).MatchString(stripComments(m.SQL)) {
				readKinds(sqlfiles.CreateTable(v), seen)
			}
		}
		kinds := make([]string, 0, len(seen))
		for k := range seen {
			kinds = append(kinds, k)
		}
		sort.Strings(kinds)
		out[name] = kinds
	}
	return out, nil
}

// derivedViews are the views over the ledgers' cur_ views that measures
// read instead of a cur_ view.
var derivedViews = []string{"application_deadlines", "proposal_checks", "catalog_deadlines"}

// readKinds adds the kinds whose cur_ view sql reads (comments aside).
func readKinds(sql string, seen map[string]bool) {
	for _, x := range curView.FindAllStringSubmatch(stripComments(sql), -1) {
		seen[x[1]] = true
	}
}

// stripComments drops the -- comments of sql, line by line.
func stripComments(sql string) string {
	var b strings.Builder
	for _, line := range strings.Split(sql, "\n") {
		code, _, _ := strings.Cut(line, "--")
		b.WriteString(code)
		b.WriteByte('\n')
	}
	return b.String()
}
