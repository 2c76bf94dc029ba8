package metrics

import (
	"context"
	"fmt"

	"gongkai"
	"gongkai/store"
)

// PublishedAt reports whether a year's results are published, and when.
// Scoring and publishing both ask here, so the rule "a published year's
// results do not change" has one source (issue 15; frozen versions will
// build on it).
func PublishedAt(ctx context.Context, q *store.Queries, year int) (store.Publication, bool, error) {
	p, err := q.PublishedYear(ctx, year)
	if store.NotFound(err) {
		return store.Publication{}, false, nil
	}
	if err != nil {
		return store.Publication{}, false, fmt.Errorf("published: %w", err)
	}
	return p, true, nil
}

// refusePublished refuses to change a year whose results are published
// (gongkai.EPUBLISHED): the clerks and leaders already saw them, and a
// silent change moved units' ranks (issue 15).
func refusePublished(ctx context.Context, q *store.Queries, year int) error {
	_, pub, err := PublishedAt(ctx, q, year)
	if err != nil {
		return err
	}
	if pub {
		return gongkai.Errorf(gongkai.EPUBLISHED, "%d年的考核结果已发布，重新计算会改变已发布的结果。如需重新计算，请先撤回发布（撤回和重新发布都会记入操作日志）", year)
	}
	return nil
}
