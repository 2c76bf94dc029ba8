package store

import "context"

// What a year's draft is scored from besides its batches (migration 0020):
// the 零报告 declarations in force and the scheme. One method per query
// file.

// ScoreInputsRecord remembers the declarations in force and the scheme's
// hash as those the year's draft is scored from: run in the transaction
// that scores it.
func (q *Queries) ScoreInputsRecord(ctx context.Context, year int) error {
	return execStatements(ctx, q.q, "s15_score_inputs_record", year)
}

// ScoreDeclarationsChanged lists the declarations of a year changed since
// its draft was scored, of the kinds its scheme scores by when_none:
// Scored is the declaration in force then, Now the one in force now.
func (q *Queries) ScoreDeclarationsChanged(ctx context.Context, year int) ([]Changed, error) {
	return changedSince(ctx, q.q, "s15_score_declarations_changed", year)
}

// ScoreSchemeChanged reports whether the year's scheme differs from the
// one its draft was scored with.
func (q *Queries) ScoreSchemeChanged(ctx context.Context, year int) (bool, error) {
	return one(ctx, q.q, "s15_score_scheme_changed", scalar[bool], year)
}

// VersionDeclarations lists the declarations version n of a year was
// published from; n 0 those its draft was scored from.
func (q *Queries) VersionDeclarations(ctx context.Context, year, n int) ([]ScoredFrom, error) {
	return list(ctx, q.q, "s15_version_declarations", scanScoredFrom, year, n)
}

// VersionSchemeHash is the hash of the scheme version n of a year was
// published with; n 0 the draft's; "" when there is none.
func (q *Queries) VersionSchemeHash(ctx context.Context, year, n int) (string, error) {
	return one(ctx, q.q, "s15_version_scheme_hash", scalar[string], year, n)
}
