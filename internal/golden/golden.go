// Package golden compares test output with committed golden files; the
// packages with goldens (charts, reports) share it, and tests that compare
// two sequences element by element use its Mismatches.
package golden

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Check compares got with the file at path, or rewrites the file when update
// is set (go test … -update).
func Check(t testing.TB, path string, got []byte, update bool) {
	t.Helper()
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden %s missing (run the test with -update): %v", path, err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden (run with -update if the change is intended):\n%s", path, FirstDiff(string(want), string(got)))
	}
}

// FirstDiff describes the first line where got differs from want.
func FirstDiff(want, got string) string {
	if m := Mismatches(strings.Split(want, "\n"), strings.Split(got, "\n")); len(m) > 0 {
		return fmt.Sprintf("line %d:\n want %q\n  got %q", m[0].At+1, m[0].Want, m[0].Got)
	}
	return "(no line differs)"
}

// A Mismatch is a place where two sequences differ: At is its index.
type Mismatch[T any] struct {
	At        int
	Want, Got T
}

// Mismatches lists, in order, where want and got differ element by element,
// the shorter read as padded with zero values.
func Mismatches[T comparable](want, got []T) []Mismatch[T] {
	var out []Mismatch[T]
	for i := 0; i < len(want) || i < len(got); i++ {
		var m Mismatch[T]
		m.At = i
		if i < len(want) {
			m.Want = want[i]
		}
		if i < len(got) {
			m.Got = got[i]
		}
		if m.Want != m.Got {
			out = append(out, m)
		}
	}
	return out
}
