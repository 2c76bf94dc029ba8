package server

import (
	"strings"
	"testing"

	"gongkai"
)

// Every code has the web's words, and they name no CLI flag or API
// parameter: no ASCII word at all (year, kind, unit, partial, …).
func TestWebWordsEveryCode(t *testing.T) {
	for _, c := range gongkai.Codes {
		hint, ok := webHints[c]
		if !ok {
			t.Errorf("%s: no web words", c)
		}
		got := webReason(c, "原因")
		if !strings.HasPrefix(got, "原因") || strings.Contains(got, "--") || strings.ContainsFunc(hint, func(r rune) bool { return r < 0x80 }) {
			t.Errorf("%s: sentence %q", c, got)
		}
	}
	if len(webHints) != len(gongkai.Codes) {
		t.Errorf("%d codes worded, %d codes", len(webHints), len(gongkai.Codes))
	}
}
