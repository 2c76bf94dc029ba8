package main

import (
	"slices"
	"strings"
	"testing"

	"gongkai"
)

// The CLI names a flag for exactly the codes a flag settles (the web names
// its page's control for the same ones); every other reason is the sentence.
func TestCLIWords(t *testing.T) {
	want := []string{gongkai.ENOKIND, gongkai.ENOUNIT, gongkai.ENOYEAR, gongkai.EROWSREFUSED}
	for c, hint := range cliHints {
		if !slices.Contains(want, c) || !strings.Contains(hint, "--") {
			t.Errorf("%s: hint %q", c, hint)
		}
	}
	for _, c := range gongkai.Codes {
		if got := cliHints.Sentence(c, "原因"); !strings.HasPrefix(got, "原因") || (slices.Contains(want, c) && got == "原因") {
			t.Errorf("%s: sentence %q", c, got)
		}
	}
}
