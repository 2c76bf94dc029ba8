package ingest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"gongkai"
)

// findInLinear is FindIn as it was: every name and alias, longest first.
func findInLinear(r *Registry, text string) *gongkai.Unit {
	k := unitKey(text)
	for _, n := range r.needles {
		if strings.Contains(k, n.key) {
			return &r.Units[n.unit]
		}
	}
	return nil
}

// The indexed FindIn picks the same unit as a scan of every name, longest
// first, on titles made of overlapping names, one-rune aliases, full-width
// and ASCII text.
func TestFindInMatchesLinearScan(t *testing.T) {
	parts := []string{"平安县", "财政局", "县", "教育", "局", "城关镇", "人民政府", "办公室", "街道", "ＡＢ", "A", "1", "卫健委", "平安"}
	rng := rand.New(rand.NewPCG(7, 7))
	word := func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		return b.String()
	}
	var units []gongkai.Unit
	seen := map[string]bool{}
	for id := int64(1); len(units) < 300; id++ {
		name := word(1 + rng.IntN(3))
		if seen[unitKey(name)] {
			continue
		}
		seen[unitKey(name)] = true
		u := gongkai.Unit{ID: id, Name: name}
		if a := word(1); rng.IntN(3) == 0 && !seen[unitKey(a)] {
			seen[unitKey(a)] = true
			u.Aliases = []string{a}
		}
		units = append(units, u)
	}
	r := NewRegistry(units)
	found := 0
	for i := 0; i < 20000; i++ {
		text := word(rng.IntN(6)) + []string{"", "2024年", "（", " ", "—"}[rng.IntN(5)] + word(rng.IntN(4))
		want, got := findInLinear(r, text), r.FindIn(text)
		if want != got {
			t.Fatalf("FindIn(%q) = %v, want %v", text, name(got), name(want))
		}
		if got != nil {
			found++
		}
	}
	if found < 10000 {
		t.Errorf("only %d titles named a unit: the test is too easy", found)
	}
}

func name(u *gongkai.Unit) string {
	if u == nil {
		return "nil"
	}
	return fmt.Sprintf("%d %s", u.ID, u.Name)
}
