package main

import (
	"strings"
	"testing"

	"gongkai"
)

// Every code has the CLI's words, and no word is kept for a code that is
// not one.
func TestCLIWordsEveryCode(t *testing.T) {
	for _, c := range gongkai.Codes {
		if _, ok := cliHints[c]; !ok {
			t.Errorf("%s: no CLI words", c)
		}
		if got := cliReason(c, "原因"); !strings.HasPrefix(got, "原因") {
			t.Errorf("%s: sentence %q", c, got)
		}
	}
	if len(cliHints) != len(gongkai.Codes) {
		t.Errorf("%d codes worded, %d codes", len(cliHints), len(gongkai.Codes))
	}
}
