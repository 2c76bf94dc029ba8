package gongkai

import (
	"flag"
	"testing"
)

// A year typed in a flag or a form: a number in MinYear–MaxYear, spaces
// around it allowed; anything else an EINVALID error whose message says
// what is wrong in Chinese.
func TestParseYear(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Year
		msg  string
	}{
		{"2024", 2024, ""},
		{" 2000 ", 2000, ""},
		{"2100", 2100, ""},
		{"1999", 0, "应在 2000 到 2100 之间"},
		{"2101", 0, "应在 2000 到 2100 之间"},
		{"0", 0, "应在 2000 到 2100 之间"},
		{"abc", 0, "应为数字"},
		{"2024年", 0, "应为数字"},
		{"", 0, "应为数字"},
	} {
		y, err := ParseYear(tc.in)
		if y != tc.want || ErrorMessage(err) != tc.msg || (err != nil) != (ErrorCode(err) == EINVALID) {
			t.Errorf("ParseYear(%q) = %v, %v; want %v, %q", tc.in, y, err, tc.want, tc.msg)
		}
	}
	if s := Year(2024).String(); s != "2024" {
		t.Errorf("String: %q", s)
	}
	// *Year is a flag.Value.
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	var y Year
	fs.Var(&y, "year", "")
	if err := fs.Parse([]string{"--year", "2023"}); err != nil || y != 2023 {
		t.Errorf("flag: %v, %v", y, err)
	}
}
