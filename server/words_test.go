package server

import (
	"slices"
	"strings"
	"testing"

	"gongkai"
)

// The web adds words for exactly the codes a control of the upload page
// settles (the CLI names a flag for the same ones), and they name no CLI
// flag or API parameter: no ASCII at all (year, kind, unit, partial, …).
func TestWebWords(t *testing.T) {
	want := []string{gongkai.ENOKIND, gongkai.ENOUNIT, gongkai.ENOYEAR, gongkai.EROWSREFUSED}
	for c, hint := range webHints {
		if !slices.Contains(want, c) || hint == "" || strings.ContainsFunc(hint, func(r rune) bool { return r < 0x80 }) {
			t.Errorf("%s: hint %q", c, hint)
		}
	}
	for _, c := range gongkai.Codes {
		if got := webHints.Sentence(c, "原因"); !strings.HasPrefix(got, "原因") || (slices.Contains(want, c) && got == "原因") {
			t.Errorf("%s: sentence %q", c, got)
		}
	}
}
