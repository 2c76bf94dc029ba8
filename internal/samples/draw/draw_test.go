package draw

import (
	"math/rand/v2"
	"testing"
	"time"
)

func stream() *rand.Rand { return rand.New(rand.NewPCG(1, 2)) }

// TestBySizeDrawsAllThree: whatever the size, the stream moves on by the
// same three draws, so a unit's size does not reshuffle what follows.
func TestBySizeDrawsAllThree(t *testing.T) {
	ranges := [3][2]int{{1, 5}, {10, 20}, {30, 40}}
	var next []uint64
	for size := 0; size <= 3; size++ {
		r := stream()
		n := BySize(r, size, ranges)
		if size == 0 && n != 0 || size > 0 && (n < ranges[size-1][0] || n > ranges[size-1][1]) {
			t.Errorf("size %d: %d", size, n)
		}
		next = append(next, r.Uint64())
	}
	for _, x := range next[1:] {
		if x != next[0] {
			t.Fatalf("the stream after BySize depends on the size: %v", next)
		}
	}
}

func TestWeekday(t *testing.T) {
	for _, d := range []int{4, 5, 6} { // 2025-10-04 is a Saturday
		if got := Weekday(Day(2025, 10, d)); !got.Equal(Day(2025, 10, 6)) {
			t.Errorf("Weekday(10-%02d) = %s, want the Monday", d, got.Format(time.DateOnly))
		}
	}
}

// TestFlaws: nothing is drawn without a flaw; a poor unit past the veto's
// chance gets three distinct unreviewed publications.
func TestFlaws(t *testing.T) {
	r := stream()
	late, no := Flaws(r, PerMonth(r, 30), false, false, true, 1)
	if len(late) != 0 || len(no) != 0 {
		t.Errorf("no flaw asked: late %v, unreviewed %v", late, no)
	}
	per := []int{2, 0, 3}
	for i := range 50 {
		r := rand.New(rand.NewPCG(uint64(i), 7))
		late, no := Flaws(r, per, true, true, true, 1)
		if len(late) < 1 || len(late) > 3 || len(no) != 3 {
			t.Fatalf("late %v, unreviewed %v", late, no)
		}
		for k := range no {
			if k < 0 || k >= 5 {
				t.Fatalf("index %d beyond the 5 publications", k)
			}
		}
	}
}

func TestSpelling(t *testing.T) {
	table := map[string][]string{"12345": {"12345热线"}}
	r, ref := stream(), stream()
	if got := Spelling(r, table, "其他"); got != "其他" || r.Uint64() != ref.Uint64() {
		t.Errorf("a key the table does not list: %q, and the stream must not move", got)
	}
	if got := Spelling(r, table, "12345"); got != "12345热线" {
		t.Errorf("Spelling = %q", got)
	}
}
