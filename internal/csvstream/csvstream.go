// Package csvstream reads a ledger saved as text: it sniffs the encoding
// (a BOM, UTF-8, else GB18030, the superset of GBK that Excel and WPS
// write on Chinese Windows) and the delimiter from the first bytes,
// decodes the file to UTF-8 as a stream and reads its records exactly as
// encoding/csv would, on a goroutine a block of records ahead. A problem
// with the whole file (binary content, an unknown encoding, a line in a
// second encoding, a web page or XML spreadsheet under a CSV's or an .xls's
// name, unbalanced quotes) is a *gongkai.Error whose message is for the
// clerk.
package csvstream

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"gongkai"
)

// Encoding is how a CSV file's bytes become UTF-8.
type Encoding int

// The encodings SniffEncoding tells apart.
const (
	UTF8 Encoding = iota
	UTF8BOM
	GB18030
	UTF16LE
	UTF16BE
)

func (e Encoding) String() string {
	return [...]string{"UTF-8", "UTF-8 (BOM)", "GB18030", "UTF-16LE", "UTF-16BE"}[e]
}

// SniffEncoding decides the encoding of a text file from its first bytes:
// a BOM, else valid UTF-8, else GB18030 (a superset of GBK). Binary content
// (NUL bytes, control characters) is not a CSV. cut tells that the file
// goes on past head.
func SniffEncoding(head []byte, cut bool) (Encoding, error) {
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		return UTF8BOM, nil
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return UTF16LE, nil
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return UTF16BE, nil
	}
	ctrl := 0
	for _, b := range head {
		if b == 0 {
			return 0, gongkai.Errorf(gongkai.EFORMAT, "不是 Excel 或 CSV 文件（内容为二进制数据），请上传 .xlsx 或 .csv")
		}
		if b < 0x20 && b != '\n' && b != '\r' && b != '\t' {
			ctrl++
		}
	}
	if ctrl > len(head)/100+1 {
		return 0, gongkai.Errorf(gongkai.EFORMAT, "不是 Excel 或 CSV 文件（含大量控制字符），请上传 .xlsx 或 .csv")
	}
	// The 64 KB cut may split a UTF-8 character: ignore an incomplete last
	// one. Only where the file was cut, and only that: GB18030 bytes of a
	// last character (氲 = EB B5) can look like a cut UTF-8 character.
	probe := head
	for i := len(probe) - 1; cut && i >= 0 && i >= len(probe)-3; i-- {
		if !utf8.RuneStart(probe[i]) {
			continue
		}
		if !utf8.FullRune(probe[i:]) {
			probe = probe[:i]
		}
		break
	}
	if utf8.Valid(probe) {
		return UTF8, nil
	}
	dec := simplifiedchinese.GB18030.NewDecoder()
	if _, err := dec.Bytes(head); err != nil {
		return 0, gongkai.Errorf(gongkai.EENCODING, "无法识别文件编码（既不是 UTF-8 也不是 GB18030/GBK）")
	}
	return GB18030, nil
}

// SniffComma picks the delimiter: Excel's "Unicode text" export uses tabs,
// some European settings semicolons, a few hand-made files the full-width
// comma. The first records are split as Excel splits them (a quote opens a
// field only at its start, so a delimiter inside quotes is text), and:
//
//   - a candidate that splits a record into two or more known column names
//     (of any kind) is the header's delimiter: the one naming the most wins;
//   - else the candidate whose most common per-record count is shared by
//     the most records wins (then the higher count, then the order below),
//     as a title line above the header and delimiters inside text do not
//     repeat on every line;
//   - the full-width comma is never chosen where the ASCII comma gives a
//     consistent table (政府网站，公开栏 in every row is text, not a
//     column break), unless it alone splits the header into column names.
func SniffComma(head []byte, enc Encoding) rune {
	text, _ := io.ReadAll(Decode(bytes.NewReader(head), enc))
	if crOnly(text) {
		text = bytes.ReplaceAll(text, []byte{'\r'}, []byte{'\n'})
	}
	const maxRecords = 20
	type score struct{ names, lines, n int }
	scores := map[rune]score{}
	for _, c := range commas {
		var sc score
		freq := map[int]int{}
		for _, rec := range sniffRecords(string(text), string(c), maxRecords) {
			if k := knownNames(rec); k >= 2 && k > sc.names {
				sc.names = k
			}
			if n := len(rec) - 1; n > 0 {
				freq[n]++
			}
		}
		for n, f := range freq {
			if f > sc.lines || f == sc.lines && n > sc.n {
				sc.lines, sc.n = f, n
			}
		}
		scores[c] = sc
	}
	comma := scores[',']
	records := len(sniffRecords(string(text), ",", maxRecords))
	if comma.lines >= 2 && 2*comma.lines >= records && scores['，'].names <= comma.names {
		delete(scores, '，')
	}
	best, bestScore := ',', score{}
	for _, c := range commas {
		sc, ok := scores[c]
		if !ok {
			continue
		}
		if sc.names > bestScore.names ||
			sc.names == bestScore.names && (sc.lines > bestScore.lines || sc.lines == bestScore.lines && sc.n > bestScore.n) {
			best, bestScore = c, sc
		}
	}
	return best
}

// commas are the delimiters SniffComma tells apart, in order of preference.
var commas = []rune{',', '\t', ';', '，'}

// sniffRecords splits text into at most max records of fields as Excel
// does: a field beginning with a quote runs to its closing quote (two
// quotes are one), line ends and delimiters inside it included; a quote
// elsewhere is text. Empty lines are skipped.
func sniffRecords(text, delim string, max int) [][]string {
	var out [][]string
	var rec []string
	var f strings.Builder
	end := func() {
		rec = append(rec, f.String())
		f.Reset()
	}
	for i := 0; i < len(text) && len(out) < max; {
		if f.Len() == 0 && text[i] == '"' {
			// A quoted field.
			j := i + 1
			for j < len(text) {
				if text[j] == '"' {
					if j+1 < len(text) && text[j+1] == '"' {
						f.WriteByte('"')
						j += 2
						continue
					}
					j++
					break
				}
				f.WriteByte(text[j])
				j++
			}
			i = j
			continue
		}
		switch {
		case strings.HasPrefix(text[i:], delim):
			end()
			i += len(delim)
		case text[i] == '\n' || strings.HasPrefix(text[i:], "\r\n"):
			end()
			if len(rec) > 1 || rec[0] != "" {
				out = append(out, rec)
			}
			rec = nil
			i++
			if text[i-1] == '\r' {
				i++
			}
		default:
			f.WriteByte(text[i])
			i++
		}
	}
	if f.Len() > 0 || len(rec) > 0 {
		end()
		if len(out) < max && (len(rec) > 1 || rec[0] != "") {
			out = append(out, rec)
		}
	}
	return out
}

// columnNames are the header names of every kind, canonical and synonyms.
var columnNames = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range gongkai.Kinds {
		for _, c := range k.Columns {
			m[c.Name] = true
			for _, s := range c.Synonyms {
				m[s] = true
			}
		}
	}
	return m
}()

// knownNames counts the fields of rec that are a column name of a kind.
func knownNames(rec []string) int {
	n := 0
	for _, f := range rec {
		if columnNames[strings.TrimSpace(f)] {
			n++
		}
	}
	return n
}

// Decode turns r, in enc, into UTF-8 (a BOM dropped).
func Decode(r io.Reader, enc Encoding) io.Reader {
	switch enc {
	case UTF8BOM:
		return &skipReader{r: r, n: 3}
	case GB18030:
		return transform.NewReader(r, simplifiedchinese.GB18030.NewDecoder())
	case UTF16LE:
		return transform.NewReader(r, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
	case UTF16BE:
		return transform.NewReader(r, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder())
	}
	return r
}

// crOnly tells text whose lines end in a lone CR (classic Mac OS, and
// some Mac exports still): no LF anywhere in it. encoding/csv sees one
// long line there; Excel and WPS see the rows.
func crOnly(text []byte) bool {
	return bytes.IndexByte(text, '\n') < 0 && bytes.IndexByte(text, '\r') >= 0
}

// crReader turns the line ends of text with CR line ends into LF, as
// Excel reads them: a lone CR is a line end (inside a quoted cell, a line
// break in the cell), and a CR LF, should one come after the part sniffed,
// one line end rather than two.
type crReader struct {
	r       io.Reader
	afterCR bool // the last byte given was a CR turned into LF
}

func (c *crReader) Read(p []byte) (int, error) {
	for {
		n, err := c.r.Read(p)
		k := 0
		for _, b := range p[:n] {
			if b == '\n' && c.afterCR {
				c.afterCR = false
				continue
			}
			c.afterCR = b == '\r'
			if c.afterCR {
				b = '\n'
			}
			p[k] = b
			k++
		}
		if k > 0 || err != nil || n == 0 {
			return k, err
		}
	}
}

// skipReader drops the first n bytes of r (a BOM).
type skipReader struct {
	r io.Reader
	n int64
}

func (s *skipReader) Read(p []byte) (int, error) {
	if s.n > 0 {
		n, err := io.CopyN(io.Discard, s.r, s.n)
		if s.n -= n; err != nil {
			return 0, err
		}
	}
	return s.r.Read(p)
}

// File is a text file sniffed as a CSV: one sheet, without a name.
type File struct {
	path  string
	size  int64
	enc   Encoding
	comma rune
	cr    bool // lines end in a lone CR (crOnly)
}

// Open sniffs the file at path of size bytes from its first bytes, head.
func Open(path string, head []byte, size int64) (*File, error) {
	if bytes.HasPrefix(head, []byte("%PDF-")) {
		// Before the binary check: a PDF's streams are binary, but its
		// first bytes say what it is.
		return nil, pdfRefusal()
	}
	enc, err := SniffEncoding(head, int64(len(head)) < size)
	if err != nil {
		return nil, err
	}
	if err := markupRefusal(head, enc); err != nil {
		return nil, err
	}
	text, _ := io.ReadAll(Decode(bytes.NewReader(head), enc))
	return &File{path: path, size: size, enc: enc, comma: SniffComma(head, enc), cr: crOnly(text)}, nil
}

// Encoding is the file's sniffed encoding.
func (f *File) Encoding() Encoding { return f.enc }

// Comma is the file's sniffed delimiter.
func (f *File) Comma() rune { return f.comma }

// EstimateRows estimates the file's records from its size, on the low
// side: a ledger row takes ~150-250 bytes.
func (f *File) EstimateRows() int64 { return f.size / 150 }

// Rows opens the file's records, read ahead on a goroutine of their own.
func (f *File) Rows() (*Rows, error) {
	fh, err := os.Open(f.path)
	if err != nil {
		return nil, gongkai.ReadError(err)
	}
	// A buffer of 64 KB, or the file's size when smaller (most ledgers are
	// a few KB; a decoded file may be longer, and a longer line is only
	// read in more than one piece).
	size := int(min(max(f.size+1, 4<<10), 64<<10))
	var raw io.Reader = fh
	if f.enc != UTF16LE && f.enc != UTF16BE {
		raw = newLineCheck(fh, f.enc, f.cr)
	}
	text := Decode(raw, f.enc)
	if f.cr {
		text = &crReader{r: text}
	}
	r := newCSVReader(bufio.NewReaderSize(text, size), f.comma)
	return newRows(&records{f: fh, r: r}), nil
}

// records reads the records of an opened file synchronously.
type records struct {
	f    *os.File
	r    *csvReader
	row  []string
	line int
	// folded counts the line breaks inside quoted cells of the records
	// read so far: a spreadsheet opening the file shows such a record as one
	// row, so the row a clerk sees is the record's first line less these.
	folded int
	err    error
}

func (c *records) Next() bool {
	if c.err != nil {
		return false
	}
	rec, line, err := c.r.Read()
	if err == io.EOF {
		return false
	}
	if err != nil {
		var pe *csv.ParseError
		var ge *gongkai.Error
		var me *MixedEncoding
		switch {
		case errors.As(err, &pe):
			c.err = c.parseRefusal(pe)
		case errors.As(err, &me):
			// The row a spreadsheet shows: the line less the line breaks
			// inside quoted cells before it.
			c.err = me.refusal(me.Line - c.folded)
		case errors.As(err, &ge):
			c.err = ge
		default:
			c.err = &gongkai.Error{Code: gongkai.EREAD, Message: "读取 CSV 文件时出错（文件无法完整读出），请重新保存后上传", Detail: err}
		}
		return false
	}
	c.row, c.line = rec, line-c.folded
	c.folded += c.r.line - line // the record's lines after its first
	return true
}

// parseRefusal words encoding/csv's error for the clerk, in Chinese (its
// own text is English). The line is where the record begins: the clerk
// looks for the opening quote there.
func (c *records) parseRefusal(pe *csv.ParseError) error {
	line := pe.StartLine
	switch {
	case errors.Is(pe.Err, csv.ErrQuote) && c.r.unclosed && pe.Line >= c.r.line:
		return gongkai.Errorf(gongkai.EDAMAGED, "CSV 第 %d 行格式错误：引号不成对，该行有一个单元格以引号开头，但直到文件末尾都没有结束的引号（文件可能不完整），请检查该行的引号", line)
	case errors.Is(pe.Err, csv.ErrQuote):
		return gongkai.Errorf(gongkai.EDAMAGED, "CSV 第 %d 行格式错误：字段中间出现引号，以引号开头的单元格在结束引号之后还有文字（单元格中的引号应写成两个连续的引号），请检查该行的引号", line)
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return gongkai.Errorf(gongkai.EDAMAGED, "CSV 第 %d 行格式错误：字段中间出现引号，请检查该行的引号", line)
	}
	return gongkai.Errorf(gongkai.EDAMAGED, "CSV 第 %d 行格式错误，请检查该行的引号是否成对", line)
}

func (c *records) Row() []string { return c.row }
func (c *records) RowNum() int   { return c.line } // the row a spreadsheet shows
func (c *records) Err() error    { return c.err }
func (c *records) Close() error  { return c.f.Close() }
