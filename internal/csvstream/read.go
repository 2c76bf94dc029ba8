package csvstream

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unsafe"
)

// csvReader reads CSV records exactly as encoding/csv does (FieldsPerRecord
// -1, no comments, no lazy quotes, no space trimming), at a third of its
// cost on what ledgers hold. A line without a quote character — nearly
// every line of a ledger — is one record split at the delimiter: no copy
// into a record buffer, no per-field state machine. A record with a quote
// is handed, whole, to encoding/csv: it ends at the first line end where
// the quotes seen so far are even (inside a quoted field they are odd, an
// escaped quote counts two), so its text is known before parsing it.
// FuzzCSVReader holds it to encoding/csv record by record, line numbers and
// errors included.
type csvReader struct {
	br    *bufio.Reader
	comma rune
	delim string // comma, UTF-8 encoded
	line  int    // lines consumed
	long  []byte // a line longer than br's buffer
	// A record with a quote: its lines go to chunk, and quoted reads them
	// from there with one encoding/csv reader for the whole file (a reader
	// a record would cost its 4 KB buffer each time). qLines is how many
	// lines that reader has been given, to turn its line numbers into the
	// file's.
	chunk  []byte
	fixed  []byte // chunk with its bare quotes quoted (quoted)
	qsrc   bytes.Reader
	qr     *csv.Reader
	qLines int
	// unclosed: the last record read ended inside a quoted field at the
	// end of the input, for the refusal to say so.
	unclosed bool
	// Records are cut from shared blocks, their text from text and their
	// fields from slab, rather than two allocations a record: a million
	// small objects are a million mallocs and as many for the GC to track.
	// A block lives while any of its records does (rows are short-lived;
	// whatever keeps a cell for long, the memo and the duplicate index,
	// copies it).
	text []byte
	slab []string
}

func newCSVReader(br *bufio.Reader, comma rune) *csvReader {
	return &csvReader{br: br, comma: comma, delim: string(comma)}
}

// readLine returns the next line with its line end, valid until the next
// call; at the end of the input it returns io.EOF with no bytes.
func (c *csvReader) readLine() ([]byte, error) {
	line, err := c.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		c.long = append(c.long[:0], line...)
		for err == bufio.ErrBufferFull {
			line, err = c.br.ReadSlice('\n')
			c.long = append(c.long, line...)
		}
		line = c.long
	}
	if len(line) > 0 && err == io.EOF {
		err = nil
	}
	if err != nil {
		return nil, err
	}
	c.line++
	return line, nil
}

// Read returns the next record and the line it starts on.
func (c *csvReader) Read() ([]string, int, error) {
	for {
		line, err := c.readLine()
		if err != nil {
			return nil, 0, err
		}
		if bytes.IndexByte(line, '"') >= 0 {
			return c.quoted(line)
		}
		text := trimLineEnd(line)
		if len(text) == 0 {
			continue // encoding/csv skips empty lines
		}
		return c.split(text), c.line, nil
	}
}

// trimLineEnd drops "\r\n" or "\n", or a final "\r" at the end of the input,
// as encoding/csv does with the last field of a record.
func trimLineEnd(line []byte) []byte {
	n := len(line)
	switch {
	case n >= 2 && line[n-2] == '\r' && line[n-1] == '\n':
		return line[:n-2]
	case n >= 1 && line[n-1] == '\n':
		return line[:n-1]
	case n >= 1 && line[n-1] == '\r': // no line end: the input's last line
		return line[:n-1]
	}
	return line
}

func (c *csvReader) split(line []byte) []string {
	n := bytes.Count(line, []byte(c.delim)) + 1
	if cap(c.slab)-len(c.slab) < n {
		c.slab = make([]string, 0, max(n, min(4096, c.br.Size()/4)))
	}
	k := len(c.slab)
	c.slab = c.slab[:k+n]
	rec := c.slab[k : k+n : k+n]
	s := c.str(line)
	for i := range n - 1 {
		j := strings.Index(s, c.delim)
		rec[i] = s[:j]
		s = s[j+len(c.delim):]
	}
	rec[n-1] = s
	return rec
}

func (c *csvReader) str(b []byte) string {
	if len(b) > 4<<10 {
		return string(b)
	}
	if cap(c.text)-len(c.text) < len(b) {
		// Blocks of 64 KB, or of the read buffer's size when smaller:
		// the text of a small file fits in one.
		c.text = make([]byte, 0, max(min(c.br.Size(), 64<<10), 4<<10))
	}
	k := len(c.text)
	c.text = append(c.text, b...)
	return unsafe.String(&c.text[k], len(b))
}

// quoted reads the rest of a record that has a quote in its first line and
// parses it with encoding/csv. The record ends at the first line end outside
// a quoted field (quoteScan), so the reader takes all of chunk and none is
// left in its buffer for the next record.
//
// A quote inside a field that does not begin with one (关于"双减"政策) is
// text, as Excel and WPS read it; encoding/csv refuses it (ErrBareQuote).
// Such a field is handed to encoding/csv quoted, its quotes doubled: the
// same line, so every line number stays the file's. A quoted field with a
// stray quote inside ("a"b") is still encoding/csv's error: Excel reads
// it in a way nobody meant, so the clerk is asked to fix it.
func (c *csvReader) quoted(first []byte) ([]string, int, error) {
	start, lines := c.line, 1
	c.chunk = append(c.chunk[:0], first...)
	st, bare := quoteScan(first, c.delim, fieldStart, nil)
	for st == inQuoted {
		line, err := c.readLine()
		if err == io.EOF {
			c.unclosed = true // encoding/csv reports the open quote
			break
		}
		if err != nil {
			return nil, 0, err
		}
		c.chunk = append(c.chunk, line...)
		lines++
		var b bool
		st, b = quoteScan(line, c.delim, inQuoted, nil)
		bare = bare || b
	}
	src := c.chunk
	if bare {
		c.fixed = c.fixed[:0]
		st := fieldStart
		for rest := c.chunk; len(rest) > 0; {
			i := bytes.IndexByte(rest, '\n') + 1
			if i == 0 {
				i = len(rest)
			}
			var out []byte
			st, _ = quoteScan(rest[:i], c.delim, st, &out)
			c.fixed = append(c.fixed, out...)
			rest = rest[i:]
		}
		src = c.fixed
	}
	if c.qr == nil {
		c.qr = csv.NewReader(&c.qsrc)
		c.qr.Comma = c.comma
		c.qr.FieldsPerRecord = -1
	}
	c.qsrc.Reset(src)
	shift := start - 1 - c.qLines
	c.qLines += lines
	rec, err := c.qr.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			pe.StartLine += shift
			pe.Line += shift
		}
		return nil, 0, err
	}
	return rec, start, nil
}

// The states of quoteScan: where a line leaves the record.
const (
	fieldStart = iota // at the start of a field
	inUnquoted        // in a field that did not begin with a quote
	inQuoted          // inside a quoted field: the record goes on past a line end
	afterQuote        // just after a quoted field's closing quote
	broken            // text after a closing quote: encoding/csv's ErrQuote
)

// quoteScan reads one line (its line end included) of a record from state
// st, as Excel does: a quote opens a quoted field only at the field's
// start; inside one, two quotes are one quote and a single quote closes
// it. It returns the state at the line's end (inQuoted: the record goes on)
// and whether a field that did not begin with a quote holds one. With out
// set, the line is written there with each such field quoted and its
// quotes doubled, which encoding/csv reads as that text.
func quoteScan(line []byte, delim string, st int, out *[]byte) (int, bool) {
	text := trimLineEnd(line)
	bare := false
	fieldAt := 0 // where the current unquoted field began
	flush := func(end int) {
		// The unquoted field text[fieldAt:end], quoted if it holds a quote.
		f := text[fieldAt:end]
		if bytes.IndexByte(f, '"') < 0 {
			*out = append(*out, f...)
			return
		}
		*out = append(*out, '"')
		*out = append(*out, bytes.ReplaceAll(f, []byte{'"'}, []byte{'"', '"'})...)
		*out = append(*out, '"')
	}
	i := 0
	for i < len(text) {
		switch st {
		case fieldStart:
			if text[i] == '"' {
				st = inQuoted
				if out != nil {
					*out = append(*out, '"')
				}
				i++
				continue
			}
			st, fieldAt = inUnquoted, i
		case inUnquoted:
			if bytes.HasPrefix(text[i:], []byte(delim)) {
				if out != nil {
					flush(i)
					*out = append(*out, delim...)
				}
				st, i = fieldStart, i+len(delim)
				continue
			}
			if text[i] == '"' {
				bare = true
			}
			i++
		case inQuoted:
			if text[i] == '"' {
				if i+1 < len(text) && text[i+1] == '"' {
					if out != nil {
						*out = append(*out, '"', '"')
					}
					i += 2
					continue
				}
				st = afterQuote
			}
			if out != nil {
				*out = append(*out, text[i])
			}
			i++
		case afterQuote:
			if bytes.HasPrefix(text[i:], []byte(delim)) {
				if out != nil {
					*out = append(*out, delim...)
				}
				st, i = fieldStart, i+len(delim)
				continue
			}
			st = broken
		case broken:
			// encoding/csv stops here; the rest goes as it is.
			if out != nil {
				*out = append(*out, text[i:]...)
			}
			i = len(text)
		}
	}
	if st == inUnquoted && out != nil {
		flush(len(text))
	}
	if out != nil {
		*out = append(*out, line[len(text):]...)
	}
	if st == inQuoted {
		return inQuoted, bare
	}
	return fieldStart, bare
}
