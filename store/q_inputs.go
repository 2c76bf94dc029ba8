package store

import (
	"context"
)

// What a year's draft is scored from besides its batches (migration 0020):
// the 零报告 declarations in force and the scheme. One method per query
// file.

// ScoreInputsRecord remembers the declarations in force and the scheme's
// hash as those the year's draft is scored from: run in the transaction
// that scores it.
func (q *Queries) ScoreInputsRecord(ctx context.Context, year int) error {
	return execStatements(ctx, q.q, "s15_score_inputs_record", year)
}

// ChangedDeclaration is a unit's 零报告 of a kind that changed since the
// year's draft was scored: Scored is the declaration in force then, Now the
// one in force now; either is 0 when there was none.
type ChangedDeclaration struct {
	UnitID int64
	Unit   string
	Kind   string
	Scored int64
	Now    int64
}

// ScoreDeclarationsChanged lists the declarations of a year changed since
// its draft was scored, of the kinds its scheme scores by when_none.
func (q *Queries) ScoreDeclarationsChanged(ctx context.Context, year int) ([]ChangedDeclaration, error) {
	return changedSince(ctx, q.q, "s15_score_declarations_changed", func(unitID int64, unit, kind string, scored, now int64) ChangedDeclaration {
		return ChangedDeclaration{UnitID: unitID, Unit: unit, Kind: kind, Scored: scored, Now: now}
	}, year)
}

// ScoreSchemeChanged reports whether the year's scheme differs from the
// one its draft was scored with.
func (q *Queries) ScoreSchemeChanged(ctx context.Context, year int) (bool, error) {
	return one(ctx, q.q, "s15_score_scheme_changed", scalar[bool], year)
}

// VersionDeclaration is a 零报告 declaration a version was published from.
type VersionDeclaration struct {
	UnitID int64
	Kind   string
	DeclID int64
}

// VersionDeclarations lists the declarations version n of a year was
// published from; n 0 those its draft was scored from.
func (q *Queries) VersionDeclarations(ctx context.Context, year, n int) ([]VersionDeclaration, error) {
	return list(ctx, q.q, "s15_version_declarations", fields(func(d *VersionDeclaration) []any {
		return []any{&d.UnitID, &d.Kind, &d.DeclID}
	}), year, n)
}

// VersionSchemeHash is the hash of the scheme version n of a year was
// published with; n 0 the draft's; "" when there is none.
func (q *Queries) VersionSchemeHash(ctx context.Context, year, n int) (string, error) {
	return one(ctx, q.q, "s15_version_scheme_hash", scalar[string], year, n)
}
