package csvstream

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// readChecked reads data through lineCheck as enc and gives its error.
func readChecked(data []byte, enc Encoding) error {
	_, err := io.Copy(io.Discard, newLineCheck(bytes.NewReader(data), enc, false))
	return err
}

// TestMixedLines: a UTF-8 line in a GB18030 file, and a GB18030 line in a
// UTF-8 file, are found with their line; text in one encoding passes.
func TestMixedLines(t *testing.T) {
	gbText := gb(t, "标题,发布日期\r\n平安县财政局通知,2024-03-05\r\n")
	cases := []struct {
		name string
		data []byte
		enc  Encoding
		line int // 0: passes
	}{
		{"UTF-8 line in GB18030", append(append([]byte{}, gbText...), "网络,2024-03-06\r\n"...), GB18030, 3},
		{"one UTF-8 character that is no GB18030", append(append([]byte{}, gbText...), "是\r\n"...), GB18030, 3},
		{"GB18030 line in UTF-8", append([]byte("标题,发布日期\n平安县财政局通知,2024-03-05\n"), gb(t, "网络公开,2024-03-06\n")...), UTF8, 3},
		{"GB18030 only", gbText, GB18030, 0},
		{"UTF-8 only", []byte("标题,发布日期\n网络,2024-03-06\n"), UTF8, 0},
		// A stray byte in a UTF-8 line is the cell's problem (validText),
		// not a second encoding.
		{"UTF-8 with a bad byte", []byte("标题\n关于\xff资金\n"), UTF8, 0},
		// GB18030 of 目录 is valid UTF-8 (Ŀ¼), but not Chinese.
		{"GB18030 that is Latin as UTF-8", gb(t, "目录,平台\n"), GB18030, 0},
	}
	for _, c := range cases {
		err := readChecked(c.data, c.enc)
		var m *MixedEncoding
		if c.line == 0 && err != nil || c.line != 0 && (!errors.As(err, &m) || m.Line != c.line) {
			t.Errorf("%s: %v; want line %d", c.name, err, c.line)
		}
	}
	// A line longer than the buffer, and CR line ends.
	long := append(gb(t, strings.Repeat("中文内容", 40000)+"\r"), "网络\r"...)
	var m *MixedEncoding
	if _, err := io.Copy(io.Discard, newLineCheck(bytes.NewReader(long), GB18030, true)); !errors.As(err, &m) || m.Line != 2 {
		t.Errorf("long CR lines: %v", err)
	}
}

// TestMixedFalsePositives: no GB18030 file of the repository (the sample
// county's ledgers, the tests' files) is taken for a mixed one, nor is any
// Chinese text of the repository (its sources, documents and UTF-8
// ledgers, cut at ASCII and Chinese punctuation, and whole lines) once
// saved as GB18030: 22,000 texts when written. The files made mixed on
// purpose are the exceptions.
func TestMixedFalsePositives(t *testing.T) {
	root := filepath.Join("..", "..")
	files, texts := 0, 0
	seen := map[string]bool{}
	enc := simplifiedchinese.GB18030.NewEncoder()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			if d != nil && d.IsDir() && d.Name() == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.Contains(filepath.ToSlash(p), "testdata/formats/csv_mixed") {
			return nil
		}
		info, err := d.Info()
		if err != nil || info.Size() > 20<<20 {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		if e, err := SniffEncoding(b[:min(len(b), 64<<10)], len(b) > 64<<10); err == nil && e == GB18030 {
			files++
			if err := readChecked(b, GB18030); err != nil {
				t.Errorf("%s: %v", p, err)
			}
			return nil
		}
		if !utf8.Valid(b) {
			return nil
		}
		for _, line := range strings.Split(string(b), "\n") {
			parts := strings.FieldsFunc(line, func(r rune) bool { return r < 0x80 || r == '，' || r == '。' || r == '、' })
			for _, s := range append(parts, line) {
				// 缃戠粶 is quoted by tests as what GB18030 makes of 网络's
				// UTF-8 bytes: a mixed line by construction.
				if seen[s] || utf8.RuneCountInString(s) == len(s) || strings.Contains(s, "缃戠粶") {
					continue
				}
				seen[s] = true
				g, err := enc.Bytes([]byte(s + "\n"))
				if err != nil {
					continue
				}
				texts++
				if err := readChecked(g, GB18030); err != nil {
					t.Errorf("%q as GB18030: %v", s, err)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 60 || texts < 10000 {
		t.Fatalf("only %d GB18030 files and %d texts", files, texts)
	}
	t.Logf("%d GB18030 files, %d texts", files, texts)
}
