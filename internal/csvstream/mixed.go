package csvstream

import (
	"bufio"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"gongkai"
)

// lineCheck passes a file's raw bytes through, a line at a time, and stops
// at the first line in the other of the two encodings a Chinese CSV comes
// in: a UTF-8 line in a file read as GB18030 (text pasted in from another
// file), or a GB18030 line in a file read as UTF-8. Decoded as the file's
// encoding, such a line is valid text that reads as garbage (the UTF-8
// bytes of 网络 are three other characters in GB18030) and would be
// stored without a word. The encoding is sniffed from
// the first 64 KB, so only a line-by-line look finds it.
//
// Whether a line is in the other encoding is a guess from its bytes; the
// guesses are narrow so that a file in one encoding is never refused
// (TestMixedFalsePositives measures them on every GB18030 file of the
// repository and on the Chinese of the kinds):
//
//   - in a GB18030 file, a line that is valid UTF-8 whose characters
//     beyond ASCII are all common Chinese characters or punctuation, two
//     Chinese characters at least (GB18030 bytes of Chinese text rarely
//     form even one such character), or one when the line is not
//     GB18030 at all;
//   - in a UTF-8 file, a line that is not valid UTF-8, has more bytes that
//     are no UTF-8 than bytes of UTF-8 characters, and is clean GB18030
//     Chinese. A UTF-8 line with a stray byte is not one: its cell is
//     refused for the bad byte later, with its column (ingest's validText).
type lineCheck struct {
	br   *bufio.Reader
	gb   bool // the file is read as GB18030; else as UTF-8
	sep  byte // '\n', or '\r' for a file with CR line ends
	line int  // lines passed on
	cur  []byte
	long []byte // a line longer than br's buffer
	err  error
}

func newLineCheck(r io.Reader, enc Encoding, cr bool) *lineCheck {
	c := &lineCheck{br: bufio.NewReaderSize(r, 64<<10), gb: enc == GB18030, sep: '\n'}
	if cr {
		c.sep = '\r'
	}
	return c
}

func (c *lineCheck) Read(p []byte) (int, error) {
	for len(c.cur) == 0 {
		if c.err != nil {
			return 0, c.err
		}
		line, err := c.br.ReadSlice(c.sep)
		if err == bufio.ErrBufferFull {
			c.long = append(c.long[:0], line...)
			for err == bufio.ErrBufferFull {
				line, err = c.br.ReadSlice(c.sep)
				c.long = append(c.long, line...)
			}
			line = c.long
		}
		if err != nil {
			c.err = err
		}
		if len(line) == 0 {
			continue
		}
		c.line++
		if m := c.mixed(line); m != nil {
			c.err = m
			return 0, m
		}
		c.cur = line // valid until the next ReadSlice, which waits for it to be used up
	}
	n := copy(p, c.cur)
	c.cur = c.cur[n:]
	return n, nil
}

// MixedEncoding is the refusal of a file with a line in the other
// encoding; Line is its line in the file (1-based), for the caller to
// turn into the row a spreadsheet shows.
type MixedEncoding struct {
	Line int
	gb   bool   // the file is read as GB18030
	as   string // the line as the file's encoding reads it
	is   string // the line as its own encoding reads it
}

func (m *MixedEncoding) Error() string { return m.refusal(m.Line).Error() }

// refusal words it for the clerk, the line given as row.
func (m *MixedEncoding) refusal(row int) *gongkai.Error {
	file, other := "UTF-8 编码", "GBK（GB18030）编码"
	if m.gb {
		file, other = other, file
	}
	return gongkai.Errorf(gongkai.EENCODING, "CSV 第 %d 行是%s，而文件的其他部分是%s：文件中混有两种编码，这一行会读成乱码（“%s”，原文应是“%s”），所以整个文件未导入。请把文件统一另存为 UTF-8 或 GBK 编码后重新上传",
		row, other, file, clip(m.as), clip(m.is))
}

// clip shortens text shown in a refusal to its first 20 characters, a
// byte no encoding reads shown as "?".
func clip(s string) string {
	r := []rune(strings.ReplaceAll(s, "\uFFFD", "?"))
	if len(r) > 20 {
		return string(r[:20]) + "…"
	}
	return string(r)
}

func (c *lineCheck) mixed(line []byte) *MixedEncoding {
	// utf8.Valid runs through ASCII at memory speed: the one pass most
	// lines cost.
	text := trimLineEnd(line)
	if c.gb {
		if !utf8.Valid(text) {
			return nil
		}
		cjk, ok := chineseOnly(string(text))
		if !ok || cjk == 0 {
			return nil
		}
		gb, clean := decodeGB(text)
		if cjk < 2 && clean {
			return nil
		}
		return &MixedEncoding{Line: c.line, gb: true, as: gb, is: string(text)}
	}
	if utf8.Valid(text) {
		return nil
	}
	// GB18030 bytes form a UTF-8 character now and then (the bytes E7 B9
	// AB inside 网络公开 are 繫); a UTF-8 line with a stray byte is mostly
	// UTF-8.
	bad, good := 0, 0
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRune(text[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			bad++
		case n > 1:
			good += n
		}
		i += n
	}
	if bad <= good {
		return nil
	}
	gb, clean := decodeGB(text)
	if cjk, ok := chineseOnly(gb); !clean || !ok || cjk == 0 {
		return nil
	}
	return &MixedEncoding{Line: c.line, as: string(bytesToRunes(text)), is: gb}
}

// bytesToRunes is invalid UTF-8 as a UTF-8 reader shows it: U+FFFD for
// each bad byte.
func bytesToRunes(b []byte) []rune {
	var out []rune
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		out = append(out, r)
		b = b[n:]
	}
	return out
}

// decodeGB decodes b as GB18030; clean is false when a byte sequence is
// not GB18030 (the decoder's U+FFFD, or a control character).
func decodeGB(b []byte) (string, bool) {
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
	if err != nil {
		return "", false
	}
	for _, r := range string(out) {
		if r == utf8.RuneError || r < 0x20 && r != '\t' {
			return string(out), false
		}
	}
	return string(out), true
}

// chineseOnly counts the common Chinese characters of s (U+4E00–U+9FFF);
// ok is false when s has a character beyond ASCII that is neither one of
// them nor Chinese or full-width punctuation: the Latin, Greek, Cyrillic
// and rare characters the bytes of the other encoding turn into.
func chineseOnly(s string) (cjk int, ok bool) {
	for _, r := range s {
		switch {
		case r < 0x80:
		case r >= 0x4E00 && r <= 0x9FFF:
			cjk++
		case r >= 0x3000 && r <= 0x303F, r >= 0xFF00 && r <= 0xFFEF, r >= 0x2010 && r <= 0x2027:
		default:
			return 0, false
		}
	}
	return cjk, true
}
