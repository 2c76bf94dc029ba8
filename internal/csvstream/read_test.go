package csvstream

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gongkai/internal/benchdata"
)

// csvCommas are the delimiters SniffComma can pick.
var csvCommas = []rune{',', '\t', ';', '，'}

// excelQuoted is data as Excel reads it, written so that encoding/csv
// reads it alike: a field that does not begin with a quote is text up to
// the next delimiter or line end, quotes and all (encoding/csv refuses a
// quote there: ErrBareQuote), so such a field holding a quote is quoted
// and its quotes doubled. Everything else is left as it is, errors
// included. It walks the whole text at once, character by character,
// independently of csvReader's line-by-line quoteScan; data without such a
// field comes back unchanged.
func excelQuoted(data []byte, comma rune) []byte {
	delim := string(comma)
	s := string(data)
	var out strings.Builder
	for len(s) > 0 {
		// At a field's start.
		if s[0] == '"' {
			// A quoted field: up to its closing quote, then copy whatever
			// follows up to the next delimiter or line end as it is.
			j := 1
			for j < len(s) {
				if s[j] == '"' {
					if j+1 < len(s) && s[j+1] == '"' {
						j += 2
						continue
					}
					break
				}
				j++
			}
			if j >= len(s) { // never closed: encoding/csv's error
				out.WriteString(s)
				return []byte(out.String())
			}
			out.WriteString(s[:j+1])
			s = s[j+1:]
			if !strings.HasPrefix(s, delim) && !strings.HasPrefix(s, "\n") && !strings.HasPrefix(s, "\r\n") && s != "\r" && s != "" {
				// Text after the closing quote: encoding/csv's ErrQuote
				// ends the reading; keep the rest as it is.
				out.WriteString(s)
				return []byte(out.String())
			}
		} else {
			// An unquoted field: up to a delimiter or a line end ("\n",
			// "\r\n", or a "\r" ending the input).
			end := len(s)
			if k := strings.Index(s, delim); k >= 0 {
				end = k
			}
			if k := strings.IndexByte(s, '\n'); k >= 0 && k < end {
				end = k
				if k > 0 && s[k-1] == '\r' {
					end = k - 1
				}
			}
			if end == len(s) && strings.HasSuffix(s, "\r") {
				end--
			}
			f := s[:end]
			if strings.Contains(f, `"`) {
				f = `"` + strings.ReplaceAll(f, `"`, `""`) + `"`
			}
			out.WriteString(f)
			s = s[end:]
		}
		switch {
		case strings.HasPrefix(s, delim):
			out.WriteString(delim)
			s = s[len(delim):]
			if s == "" || s[0] == '\n' || strings.HasPrefix(s, "\r\n") || s == "\r" {
				continue // an empty last field, then the line end below
			}
		}
		for _, end := range []string{"\r\n", "\n", "\r"} {
			if strings.HasPrefix(s, end) && (end != "\r" || s == "\r") {
				out.WriteString(end)
				s = s[len(end):]
				break
			}
		}
	}
	return []byte(out.String())
}

// csvDiff reads data with csvReader (through a bufio.Reader of bufSize
// bytes) and with encoding/csv, and describes the first difference: records,
// their start lines, and the error that ends the reading (its line and
// cause for a ParseError). encoding/csv reads data as Excel does
// (excelQuoted): the same text when no unquoted field holds a quote.
func csvDiff(data []byte, comma rune, bufSize int) string {
	ref := csv.NewReader(bytes.NewReader(excelQuoted(data, comma)))
	ref.Comma = comma
	ref.FieldsPerRecord = -1
	fast := newCSVReader(bufio.NewReaderSize(bytes.NewReader(data), bufSize), comma)
	for n := 1; ; n++ {
		want, werr := ref.Read()
		wline := 0
		if werr == nil {
			wline, _ = ref.FieldPos(0)
		}
		got, gline, gerr := fast.Read()
		if werr != nil || gerr != nil {
			if werr == io.EOF && gerr == io.EOF {
				return ""
			}
			var wpe, gpe *csv.ParseError
			if errors.As(werr, &wpe) && errors.As(gerr, &gpe) &&
				wpe.StartLine == gpe.StartLine && wpe.Line == gpe.Line && errors.Is(gpe.Err, wpe.Err) {
				return ""
			}
			return fmt.Sprintf("record %d: encoding/csv %q, %v; csvReader %q, %v", n, want, werr, got, gerr)
		}
		if !reflect.DeepEqual(got, want) || gline != wline {
			return fmt.Sprintf("record %d: encoding/csv %q at line %d; csvReader %q at line %d", n, want, wline, got, gline)
		}
	}
}

var csvReaderSeeds = []string{
	"申请编号,收到日期\nA1,2024-03-05\n",
	"a,b\r\nc,d\r\n",
	"a,b\n\n\r\nc\n",
	"a,\"b,c\",d\n",
	"a,\"b\nc\",d\ne,f\n",
	"a,\"b\r\nc\"\r\n",
	"\"a\"\"b\",c\n",
	"a\"b,c\n",
	"\"a\"b,c\n",
	"\"open\nnever closed\n",
	"a,b\r",
	"a\r\r\n\r",
	"\r",
	"a\rb,c\n",
	",,\n,\n",
	"x，y，z\n1，\"2，3\"，4\n",
	"a\tb\t\"c\td\"\n",
	"a;b;\"\";\n",
	"\"\"\n\"\"\"\"\n",
	"one\n\"two\nthree\"\"\nfour\"\nfive",
	"\xff\xfe,\xef\xbc\n",
	"title only\n\n\n",
	"",
}

// FuzzCSVReader holds csvReader to encoding/csv: the same records, start
// lines and errors, for every delimiter and with a buffer too small for
// the lines (the long-line path).
func FuzzCSVReader(f *testing.F) {
	for i, s := range csvReaderSeeds {
		f.Add([]byte(s), uint8(i))
	}
	f.Fuzz(func(t *testing.T, data []byte, sel uint8) {
		comma := csvCommas[int(sel)%len(csvCommas)]
		bufSize := 64 << 10
		if sel&0x80 != 0 {
			bufSize = 16
		}
		if d := csvDiff(data, comma, bufSize); d != "" {
			t.Fatalf("%q with %q, buffer %d: %s", data, comma, bufSize, d)
		}
	})
}

// TestCSVReaderRandom: generated texts made of what breaks CSV readers
// (quotes, doubled quotes, line ends of every kind, empty lines, each
// delimiter, multi-byte text), every one read alike by both readers.
func TestCSVReaderRandom(t *testing.T) {
	parts := []string{"a", "申请", "12", "\"", "\"\"", "\n", "\r\n", "\r", ",", "\t", ";", "，", " ", "\n\n", "\xff"}
	rng := rand.New(rand.NewPCG(7, 11))
	quoted := 0
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for n := rng.IntN(40); n > 0; n-- {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		data := []byte(b.String())
		if bytes.IndexByte(data, '"') >= 0 {
			quoted++
		}
		comma := csvCommas[rng.IntN(len(csvCommas))]
		for _, size := range []int{16, 64 << 10} {
			if d := csvDiff(data, comma, size); d != "" {
				t.Fatalf("%q with %q, buffer %d: %s", data, comma, size, d)
			}
		}
	}
	if quoted < 10000 {
		t.Fatalf("only %d of the texts had a quote", quoted)
	}
}

// TestCSVReaderLedger reads a real ledger CSV of the sample county both
// ways.
func TestCSVReaderLedger(t *testing.T) {
	data := []byte(strings.Repeat("1,\"平安县财政局\",\"2024年3月5日\",\"关于\"\"项目\"\"的\n说明\",是\r\n", 50) +
		strings.Repeat("2,平安县财政局,2024-03-05,关于项目的说明,否\n", 500) + "合计,,,,\n")
	for _, comma := range csvCommas {
		text := data
		if comma != ',' {
			text = bytes.ReplaceAll(data, []byte(","), []byte(string(comma)))
		}
		if d := csvDiff(text, comma, 64<<10); d != "" {
			t.Fatalf("%q: %s", comma, d)
		}
	}
}

// BenchmarkCSVRead and BenchmarkCSVReadEncoding read the 1M-row UTF-8
// ledger of the ingest benchmarks, records only: csvReader against
// encoding/csv, as the CSV path used it before.
func BenchmarkCSVRead(b *testing.B) {
	benchCSVRead(b, func(r *bufio.Reader) func() ([]string, error) {
		c := newCSVReader(r, ',')
		return func() ([]string, error) { rec, _, err := c.Read(); return rec, err }
	})
}

func BenchmarkCSVReadEncoding(b *testing.B) {
	benchCSVRead(b, func(r *bufio.Reader) func() ([]string, error) {
		c := csv.NewReader(r)
		c.FieldsPerRecord = -1
		return c.Read
	})
}

func benchCSVRead(b *testing.B, open func(*bufio.Reader) func() ([]string, error)) {
	path := benchdata.Get(b).CSV
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		read := open(bufio.NewReaderSize(bytes.NewReader(data), 64<<10))
		n := 0
		for {
			_, err := read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n < benchdata.Rows() {
			b.Fatalf("%d records", n)
		}
	}
}

// BenchmarkCSVReadQuoted reads a ledger whose every field is quoted, as
// some systems export them: every record takes the encoding/csv path.
func BenchmarkCSVReadQuoted(b *testing.B) {
	line := `"YS2024-0000001","2024-02-09","科研机构","信函","申请公开关于城区道路改造的相关文件及批复","","否","1","2024年2月19日","不予处理/2.重复申请",""` + "\r\n"
	data := []byte(strings.Repeat(line, 100_000))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		c := newCSVReader(bufio.NewReaderSize(bytes.NewReader(data), 64<<10), ',')
		n := 0
		for {
			_, _, err := c.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 100_000 {
			b.Fatalf("%d records", n)
		}
	}
}

// TestBareQuotes: a quote inside a field that does not begin with one is
// text, as Excel and WPS show it (关于"双减"政策 in one cell); a quoted
// field with text after its closing quote is still refused, in Chinese.
func TestBareQuotes(t *testing.T) {
	read := func(text string) ([][]string, error) {
		dir := t.TempDir()
		p := dir + "/a.csv"
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := Open(p, []byte(text), int64(len(text)))
		if err != nil {
			return nil, err
		}
		rs, err := f.Rows()
		if err != nil {
			return nil, err
		}
		defer rs.Close()
		var out [][]string
		for rs.Next() {
			out = append(out, slices.Clone(rs.Row()))
		}
		return out, rs.Err()
	}
	ok := []struct {
		text string
		want [][]string
	}{
		{"编号,内容\r\nQ01,关于\"双减\"政策\r\n", [][]string{{"编号", "内容"}, {"Q01", `关于"双减"政策`}}},
		{"a\"b\nc,d\"\n", [][]string{{`a"b`}, {"c", `d"`}}},
		{"x,5\"寸,\"多\n行\",y\n", [][]string{{"x", `5"寸`, "多\n行", "y"}}},
		{"x，关于\"甲\"，\"乙，丙\"\n", [][]string{{"x", `关于"甲"`, "乙，丙"}}},
	}
	for _, c := range ok {
		got, err := read(c.text)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: %q, %v; want %q", c.text, got, err, c.want)
		}
	}
	refused := []struct{ text, want string }{
		{"编号,内容\n\"a\"b,c\n", "CSV 第 2 行格式错误：字段中间出现引号"},
		{"编号,内容\nA,\"未闭合\nB,c\n", "CSV 第 2 行格式错误：引号不成对"},
	}
	for _, c := range refused {
		_, err := read(c.text)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) || hasLatin(err.Error()) {
			t.Errorf("%q: %v; want %s…", c.text, err, c.want)
		}
	}
}

// hasLatin: a refusal has an English word in it (encoding/csv's text).
func hasLatin(s string) bool {
	n := 0
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			if n++; n >= 4 { // "CSV" is the clerk's word too
				return true
			}
		} else {
			n = 0
		}
	}
	return false
}
