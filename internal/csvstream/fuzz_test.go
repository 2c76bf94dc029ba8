package csvstream

// Fuzz tests of the sniffing. `go test` runs the seeds below and the
// corpus in testdata/fuzz/; to search further:
//
//	go test ./internal/csvstream -run '^$' -fuzz '^FuzzSniffText$' -fuzztime 20s
//
// and copy interesting new entries from $(go env GOCACHE)/fuzz/gongkai/internal/csvstream/
// into testdata/fuzz/.

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// FuzzSniffText: sniffing never panics, valid UTF-8 text is read as UTF-8
// and what is decoded is what the file holds.
func FuzzSniffText(f *testing.F) {
	f.Add([]byte("申请编号,收到日期\nA1,2024-03-05\n"))
	f.Add([]byte("\xef\xbb\xbf申请编号;收到日期\r\nA1;2024-03-05\r\n"))
	f.Add([]byte("title\n申请编号\t收到日期\nA\t2024\n"))
	f.Add([]byte("\xff\xfe\x33\x75"))
	f.Add([]byte("\xfe\xff\x75\x33"))
	f.Add([]byte("\x89PNG\r\n\x1a\n\x00\x00"))
	f.Add([]byte{0xD0, 0xCF, 0x11, 0xE0})
	f.Add([]byte("\xc9\xea\xc7\xeb\xb1\xe0\xba\xc5,\xca\xd5\xb5\xbd\xc8\xd5\xc6\xda\n"))
	f.Add([]byte("a，b，c\n1，2，3\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		enc, err := SniffEncoding(data, false)
		if enc2, err2 := SniffEncoding(data, true); (err == nil) != (err2 == nil) || err == nil && enc2 != enc && !(enc == GB18030 && enc2 == UTF8) {
			t.Fatalf("%q: sniffed %v, %v whole and %v, %v cut", data, enc, err, enc2, err2)
		}
		ctrl, nul := 0, false
		for _, b := range data {
			nul = nul || b == 0
			if b < 0x20 && b != '\n' && b != '\r' && b != '\t' {
				ctrl++
			}
		}
		plain := !nul && ctrl <= len(data)/100+1
		if utf8.Valid(data) && plain && (err != nil || (enc != UTF8 && enc != UTF8BOM)) {
			t.Fatalf("valid UTF-8 %q sniffed as %v, %v", data, enc, err)
		}
		if err != nil {
			return
		}
		SniffComma(data, enc)
		out, err := io.ReadAll(Decode(bytes.NewReader(data), enc))
		if err != nil && enc != UTF16LE && enc != UTF16BE {
			t.Fatalf("decode %v: %v", enc, err)
		}
		switch enc {
		case UTF8:
			if !bytes.Equal(out, data) {
				t.Fatalf("UTF-8 decoded to %q", out)
			}
		case UTF8BOM:
			if !bytes.Equal(out, data[3:]) {
				t.Fatalf("UTF-8 with BOM decoded to %q", out)
			}
		}
	})
}

// FuzzSniffGB18030: Chinese text saved as GB18030 (or GBK) is sniffed as
// GB18030 and decodes back to the same text, unless its bytes happen to be
// valid UTF-8 too, where UTF-8 wins by rule.
func FuzzSniffGB18030(f *testing.F) {
	for _, s := range []string{"申请编号,收到日期\n", "平安县财政局2024年依申请公开办理台账", "鄣吴镇", "摩", "Ω€", "a,b\n1,2\n", "𠀀"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || strings.HasPrefix(s, "\uFEFF") {
			return
		}
		for _, r := range s {
			if r < 0x20 && r != '\n' && r != '\r' && r != '\t' {
				return
			}
			// Private-use characters do not round-trip through x/text's
			// GB18030 tables (U+E34B comes back as U+F35F); ledgers have none.
			if unicode.Is(unicode.Co, r) {
				return
			}
		}
		enc, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatalf("encode %q: %v", s, err)
		}
		got, err := SniffEncoding(enc, false)
		if err != nil {
			t.Fatalf("sniff GB18030 of %q: %v", s, err)
		}
		if utf8.Valid(enc) {
			if got != UTF8 {
				t.Fatalf("GB18030 bytes of %q are valid UTF-8 but sniffed as %v", s, got)
			}
			return
		}
		if got != GB18030 {
			t.Fatalf("GB18030 of %q sniffed as %v", s, got)
		}
		SniffComma(enc, got)
		out, err := io.ReadAll(Decode(bytes.NewReader(enc), got))
		if err != nil || string(out) != s {
			t.Fatalf("GB18030 round trip of %q = %q, %v", s, out, err)
		}
	})
}
