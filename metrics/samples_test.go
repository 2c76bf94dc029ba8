package metrics

import (
	"io/fs"
	"math"
	"testing"

	"gongkai/internal/samples"
)

// TestSampleSchemesTotal100: every sample scheme gives every group 100
// points: its 一级 indicators' points (MaxPoints, the unit's maximum) and
// what the leaves that apply to the group can earn, each node counting at
// most its own points, agree and total 100.
func TestSampleSchemesTotal100(t *testing.T) {
	files, err := fs.Glob(samples.FS, "scheme-*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 3 {
		t.Fatalf("sample schemes %v, want the three of 2022–2024", files)
	}
	// earnable is what a unit of group g can earn under ind: a leaf its
	// points, a node the sum of its children that apply, at most its points.
	var earnable func(ind *Indicator, g string) float64
	earnable = func(ind *Indicator, g string) float64 {
		if len(ind.Children) == 0 {
			return ind.Points
		}
		sum := 0.0
		for _, c := range ind.Children {
			if appliesTo(c.Groups, g) {
				sum += earnable(c, g)
			}
		}
		return math.Min(sum, ind.Points)
	}
	for _, f := range files {
		b, err := fs.ReadFile(samples.FS, f)
		if err != nil {
			t.Fatal(err)
		}
		s, err := ParseSchemeYAML(b, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range s.Groups {
			if got := s.MaxPoints(g.Name); math.Abs(got-100) > 1e-9 {
				t.Errorf("%s, %s: the 一级 indicators total %g, want 100", f, g.Name, got)
			}
			sum := 0.0
			for _, ind := range s.Indicators {
				if appliesTo(ind.Groups, g.Name) {
					sum += earnable(ind, g.Name)
				}
			}
			if math.Abs(sum-100) > 1e-9 {
				t.Errorf("%s, %s: the leaves can earn %g, want 100", f, g.Name, sum)
			}
		}
	}
}
