package golden

import (
	"reflect"
	"testing"
)

// TestMismatches: every differing place, in order, the shorter sequence read
// as padded with zero values; FirstDiff names the first differing line.
func TestMismatches(t *testing.T) {
	got := Mismatches([]string{"a", "b", "c"}, []string{"a", "x", "c", "d"})
	want := []Mismatch[string]{{At: 1, Want: "b", Got: "x"}, {At: 3, Want: "", Got: "d"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Mismatches = %+v, want %+v", got, want)
	}
	if m := Mismatches([]int{1, 2}, []int{1, 2}); len(m) != 0 {
		t.Errorf("equal sequences: %+v", m)
	}
	if s := FirstDiff("a\nb\nc", "a\nx"); s != "line 2:\n want \"b\"\n  got \"x\"" {
		t.Errorf("FirstDiff = %q", s)
	}
	if s := FirstDiff("a", "a"); s != "(no line differs)" {
		t.Errorf("FirstDiff of equal texts = %q", s)
	}
}
