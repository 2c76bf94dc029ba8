package metrics

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"gongkai/store"
)

// loadSample loads the sample scheme (internal/samples/scheme-2024.yaml)
// as the scheme of year, with the tests' own groups (withGroups).
func loadSample(t testing.TB, db *store.DB, year int, groups ...Group) {
	t.Helper()
	s, err := ParseSchemeFile("../internal/samples/scheme-2024.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s.Year = year
	withGroups(s, groups...)
	if err := LoadScheme(context.Background(), db, s, fmt.Sprintf("scheme-%d.yaml", year), LoadOptions{}); err != nil {
		t.Fatal(err)
	}
}

// scoreSample loads the sample scheme as loadSample does and scores year.
func scoreSample(t testing.TB, db *store.DB, year int, groups ...Group) {
	t.Helper()
	loadSample(t, db, year, groups...)
	if err := Score(context.Background(), db, year); err != nil {
		t.Fatal(err)
	}
}

// withGroups gives the sample scheme the tests' own groups and drops the
// indicators it restricts to groups not among them (the sample scheme's
// township-only 转化 leaf names "A类 乡镇街道"), so that it loads.
func withGroups(s *Scheme, groups ...Group) {
	s.Groups = groups
	names := make([]string, len(groups))
	for i, g := range groups {
		names[i] = g.Name
	}
	var prune func([]*Indicator) []*Indicator
	prune = func(inds []*Indicator) []*Indicator {
		inds = slices.DeleteFunc(inds, func(c *Indicator) bool {
			return slices.ContainsFunc(c.Groups, func(g string) bool { return !slices.Contains(names, g) })
		})
		for _, c := range inds {
			c.Children = prune(c.Children)
		}
		return inds
	}
	s.Indicators = prune(s.Indicators)
}
