package csvstream

import (
	"os"
	"path/filepath"
	"testing"
)

// open sniffs and opens a file as an upload does.
func open(t *testing.T, path string) *File {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := Open(path, b[:min(len(b), 64<<10)], int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestUndecodableBytes: bytes that are not text in the file's encoding
// (testdata/encoding, written by printf, sed and iconv) reach the caller
// in their field, on their line — as they are in a UTF-8 file, as U+FFFD
// where GB18030 is decoded — the records around them whole: the caller
// refuses the row (ingest's TestTextIntegrity), it is never dropped or cut.
func TestUndecodableBytes(t *testing.T) {
	for _, c := range []struct {
		file    string
		enc     Encoding
		records int
		line    int
		field   string
	}{
		// 0xFF past the 64 KB the encoding is sniffed from.
		{"bad-utf8.csv", UTF8, 905, 903, "关于\xff资金"},
		// 0x81 0x7F: the decoder gives U+FFFD and a stray DEL.
		{"bad-gb18030.csv", GB18030, 5, 4, "政府采购合同\uFFFD\x7f（鄣吴镇）"},
		{"replacement-char.csv", UTF8, 4, 4, "关于\uFFFD资金"},
	} {
		f := open(t, filepath.Join("testdata", "encoding", c.file))
		if f.Encoding() != c.enc || f.Comma() != ',' {
			t.Errorf("%s: %v %q", c.file, f.Encoding(), f.Comma())
		}
		r, err := f.Rows()
		if err != nil {
			t.Fatal(err)
		}
		n, got := 0, ""
		for r.Next() {
			n++
			if row := r.Row(); r.RowNum() == c.line && len(row) > 4 {
				got = row[4]
			}
		}
		if err := r.Err(); err != nil {
			t.Fatal(err)
		}
		r.Close()
		if n != c.records || got != c.field {
			t.Errorf("%s: %d records, line %d field %q; want %d, %q", c.file, n, c.line, got, c.records, c.field)
		}
	}
}

// TestQuotesUnbalanced: a quote left open is the file's refusal, with
// the line it opens on.
func TestQuotesUnbalanced(t *testing.T) {
	path := filepath.Join(t.TempDir(), "q.csv")
	os.WriteFile(path, []byte("a,b\n1,\"2\n3,4\n"), 0o644)
	r, err := open(t, path).Rows()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for r.Next() {
	}
	if err := r.Err(); err == nil || err.Error() != "CSV 第 2 行格式错误：引号不成对，该行有一个单元格以引号开头，但直到文件末尾都没有结束的引号（文件可能不完整），请检查该行的引号" {
		t.Errorf("%v", err)
	}
}
