package csvstream

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func gb(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSniffText(t *testing.T) {
	cases := []struct {
		name string
		head []byte
		want Encoding
	}{
		{"utf8", []byte("申请编号,收到日期\n"), UTF8},
		{"utf8 bom", []byte("\xef\xbb\xbf申请编号"), UTF8BOM},
		{"utf16le", []byte("\xff\xfe\x33\x75"), UTF16LE},
		{"utf16be", []byte("\xfe\xff\x75\x33"), UTF16BE},
		{"gb18030", gb(t, "申请编号,收到日期\n"), GB18030},
		{"gb18030, Chinese only in the last character", gb(t, "A-1,2024-03-05,张"), GB18030},
		{"gb18030 ending in bytes that look like a cut UTF-8 character", gb(t, "A,氲"), GB18030},
		{"ascii", []byte("a,b\n1,2\n"), UTF8},
	}
	for _, c := range cases {
		got, err := SniffEncoding(c.head, false)
		if err != nil || got != c.want {
			t.Errorf("%s: %v, %v; want %v", c.name, got, err, c.want)
		}
	}
	// The first 64 KB of a longer file.
	cut := []struct {
		name string
		head []byte
		want Encoding
	}{
		{"utf8 cut inside a character", []byte("申请编号")[:10], UTF8},
		{"gb18030 cut inside a character", gb(t, "申请编号")[:7], GB18030},
	}
	for _, c := range cut {
		got, err := SniffEncoding(c.head, true)
		if err != nil || got != c.want {
			t.Errorf("%s: %v, %v; want %v", c.name, got, err, c.want)
		}
	}
	for _, b := range [][]byte{{0x89, 'P', 'N', 'G', 0, 0}, bytes.Repeat([]byte{1, 2, 3, 'a'}, 50)} {
		if _, err := SniffEncoding(b, false); err == nil {
			t.Errorf("SniffEncoding(%q) accepted binary", b)
		}
	}
}

func TestSniffComma(t *testing.T) {
	cases := []struct {
		name string
		text string
		want rune
	}{
		{"comma", "申请编号,收到日期,申请人类型\nA,2024-03-05,自然人\n", ','},
		{"excel title row", "平安县台账,,\n申请编号,收到日期,申请人类型\nA,2024-03-05,自然人\n", ','},
		{"semicolon", "申请编号;收到日期;申请人类型\nA;2024-03-05;自然人\n", ';'},
		{"tab under a title without tabs", "平安县台账\n申请编号\t收到日期\t申请人类型\nA\t2024-03-05\t自然人\n", '\t'},
		{"tab with commas in text", "申请编号\t内容\nA\t甲,乙,丙,丁,戊\nB\t无\n", '\t'},
		{"comma with Chinese commas in text", "申请编号,内容,结果\nA,关于甲，乙，丙，丁，戊的信息,予以公开\nB,无,予以公开\n", ','},
		{"full-width comma", "申请编号，收到日期，申请人类型\nA，2024-03-05，自然人\n", '，'},
		{"one column", "申请编号\nA\n", ','},
		// Every row's 公开渠道 holds one full-width comma, two titles are
		// quoted for their ASCII commas (Python's csv module wrote it).
		{"full-width comma in every row, ASCII commas in quotes", "标题,索引号,发布日期,公开渠道,保密审查\r\n" +
			"关于第0批项目的公示,,2024-03-01,政府网站，公开栏,是\r\n" +
			"\"关于A,B两个项目的公示\",,2024-03-03,政府网站，公开栏,是\r\n" +
			"关于第3批项目的公示,,2024-03-04,政府网站，公开栏,是\r\n" +
			"\"关于C,D,E三个项目的公示\",,2024-03-06,政府网站，公开栏,是\r\n", ','},
		{"the header's names split by commas", "标题,公开渠道\r\n甲，乙，丙，丁,网站，公开栏\r\n", ','},
		{"the header's names split by full-width commas", "平安县台账,2024\n标题，公开渠道，发布日期\n甲,乙，网站，2024-01-01\n", '，'},
		{"tab in quotes is text", "申请编号,内容\nA,\"甲\t乙\t丙\"\nB,\"丁\t戊\t己\"\n", ','},
		{"CR line ends", "申请编号;收到日期\rA;2024-03-05\rB;2024-03-06\r", ';'},
	}
	for _, c := range cases {
		if got := SniffComma([]byte(c.text), UTF8); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	if got := SniffComma(gb(t, "平安县台账\n申请编号\t收到日期\nA\t2024\n"), GB18030); got != '\t' {
		t.Errorf("gb18030 tab: %q", got)
	}
	out, _ := io.ReadAll(Decode(bytes.NewReader([]byte("\xef\xbb\xbfA,B")), UTF8BOM))
	if string(out) != "A,B" {
		t.Errorf("BOM not dropped: %q", out)
	}
}

// TestCROnly: a file whose lines end in a lone CR is read as Excel reads
// it, a line per CR (a CR inside a quoted cell is a line break in it).
func TestCROnly(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"a,b\rc,\"d\re\"\r", "a,b\nc,\"d\ne\"\n"},
		{"a\rb\r\nc\r\r\n", "a\nb\nc\n\n"},
		{"\r\n\n", "\n\n"},
	} {
		// One byte at a time too: a CR and its LF in different reads.
		for _, r := range []io.Reader{strings.NewReader(c.in), iotest.OneByteReader(strings.NewReader(c.in))} {
			got, err := io.ReadAll(&crReader{r: r})
			if err != nil || string(got) != c.want {
				t.Errorf("%q: %q, %v; want %q", c.in, got, err, c.want)
			}
		}
	}
	if !crOnly([]byte("a\rb\r")) || crOnly([]byte("a\r\nb")) || crOnly([]byte("a,b")) {
		t.Error("crOnly")
	}
}
