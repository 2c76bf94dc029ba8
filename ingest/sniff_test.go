package ingest

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
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
		want textEncoding
	}{
		{"utf8", []byte("申请编号,收到日期\n"), encUTF8},
		{"utf8 bom", []byte("\xef\xbb\xbf申请编号"), encUTF8BOM},
		{"utf16le", []byte("\xff\xfe\x33\x75"), encUTF16LE},
		{"utf16be", []byte("\xfe\xff\x75\x33"), encUTF16BE},
		{"gb18030", gb(t, "申请编号,收到日期\n"), encGB18030},
		{"gb18030, Chinese only in the last character", gb(t, "A-1,2024-03-05,张"), encGB18030},
		{"gb18030 ending in bytes that look like a cut UTF-8 character", gb(t, "A,氲"), encGB18030},
		{"ascii", []byte("a,b\n1,2\n"), encUTF8},
	}
	for _, c := range cases {
		got, err := sniffText(c.head, false)
		if err != nil || got != c.want {
			t.Errorf("%s: %v, %v; want %v", c.name, got, err, c.want)
		}
	}
	// The first 64 KB of a longer file.
	cut := []struct {
		name string
		head []byte
		want textEncoding
	}{
		{"utf8 cut inside a character", []byte("申请编号")[:10], encUTF8},
		{"gb18030 cut inside a character", gb(t, "申请编号")[:7], encGB18030},
	}
	for _, c := range cut {
		got, err := sniffText(c.head, true)
		if err != nil || got != c.want {
			t.Errorf("%s: %v, %v; want %v", c.name, got, err, c.want)
		}
	}
	for _, b := range [][]byte{{0x89, 'P', 'N', 'G', 0, 0}, bytes.Repeat([]byte{1, 2, 3, 'a'}, 50)} {
		if _, err := sniffText(b, false); err == nil {
			t.Errorf("sniffText(%q) accepted binary", b)
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
	}
	for _, c := range cases {
		if got := sniffComma([]byte(c.text), encUTF8); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	if got := sniffComma(gb(t, "平安县台账\n申请编号\t收到日期\nA\t2024\n"), encGB18030); got != '\t' {
		t.Errorf("gb18030 tab: %q", got)
	}
	out, _ := io.ReadAll(decodeReader(bytes.NewReader([]byte("\xef\xbb\xbfA,B")), encUTF8BOM))
	if string(out) != "A,B" {
		t.Errorf("BOM not dropped: %q", out)
	}
}

// Excel's "Unicode text" export: UTF-16LE with a BOM, tab-separated.
func TestUTF16TabExport(t *testing.T) {
	text := "平安县财政局2024年依申请公开办理台账\t\t\r\n申请编号\t收到日期\t申请人类型\r\nU16-1\t2024-03-05\t自然人\r\nU16-2\t2024/3/6\t个人\r\n"
	b, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "export.txt")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t)
	r := e.loaded(path, Options{})
	if r.Encoding != "UTF-16LE" || r.RowsLoaded != 2 || r.Unit != "平安县财政局" {
		t.Errorf("%+v", r)
	}
	e.wantRows(`SELECT src_row, app_no, received, applicant_type FROM cur_applications ORDER BY 1`,
		"3|U16-1|2024-03-05|自然人", "4|U16-2|2024-03-06|自然人")
}
