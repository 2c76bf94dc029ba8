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
	"strings"
	"testing"

	"gongkai/internal/benchdata"
)

// csvCommas are the delimiters SniffComma can pick.
var csvCommas = []rune{',', '\t', ';', '，'}

// csvDiff reads data with csvReader (through a bufio.Reader of bufSize
// bytes) and with encoding/csv, and describes the first difference: records,
// their start lines, and the error that ends the reading (its line and
// cause for a ParseError).
func csvDiff(data []byte, comma rune, bufSize int) string {
	ref := csv.NewReader(bytes.NewReader(data))
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
