package xlsxstream

// The hand-written scanner of the fast xlsx reader (fast.go): sheet
// rows and shared strings. Each element is parsed from a slice that holds
// it whole; when the slice ends first the parse reports stMore, the buffer
// is refilled and the element parsed again from its start.

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"
)

type scanStatus int

const (
	stOK scanStatus = iota
	stMore
	stDecline
	// stSuspect: something bounds.go may refuse (a row number past
	// Excel's, markup nested too deep); the part's verdict decides.
	stSuspect
)

const (
	scanBufSize = 256 << 10
	// maxElement: one row or string larger than this is declined. A row
	// over maxRowBytes is refused by bounds.go, so a worksheet's element
	// this large is suspect (fastRows.suspect); the shared strings are
	// checked whole before (checkPackage).
	maxElement = maxRowBytes
	maxPrefix  = 4 << 20   // the bytes before <sheetData> / <sst>
	maxRowNum  = excelRows // excelize.TotalRows
	maxColNum  = excelCols
)

// xbuf is a refillable window on a part's bytes.
type xbuf struct {
	r        io.Reader
	buf      []byte
	pos, end int
	eof      bool
	err      error
	head     []byte // the part up to the start tag prefix found, for checkTail
	// shape, for a worksheet, bounds the bytes given to encoding/xml
	// outside sheetData (the prefix and the tail): nesting, long text or
	// tags there is what the decoder would hold in memory.
	shape *partScanner
	// merges, for a worksheet, is given the bytes checkTail reads: the
	// sheet's <mergeCells> come after its data, so the single pass finds
	// them at its end (merges.go).
	merges *mergeFeed
}

// errTooLong is more's decline of an element over maxElement.
var errTooLong = decline("element over %d bytes", maxElement)

// errShape: the shape scanner found the prefix or tail suspect.
var errShape = decline("implausible outside sheetData")

// more reads more bytes, keeping buf[pos:end]; false at the end of input.
func (b *xbuf) more() bool {
	if b.eof || b.err != nil {
		return false
	}
	if b.pos > 0 {
		n := copy(b.buf, b.buf[b.pos:b.end])
		b.pos, b.end = 0, n
	}
	if b.end == len(b.buf) {
		if len(b.buf) >= maxElement {
			b.err = errTooLong
			return false
		}
		nb := make([]byte, 2*len(b.buf))
		copy(nb, b.buf[:b.end])
		b.buf = nb
	}
	// The buffer is filled, not given one Read's worth (flate gives 32 KB
	// or less): an element is parsed again from its start after each
	// refill, and refills of a few KB made a 16 MB row cost seconds.
	got := 0
	for b.end < len(b.buf) {
		n, err := b.r.Read(b.buf[b.end:])
		b.end += n
		got += n
		if err == io.EOF {
			b.eof = true
			return got > 0
		}
		if err != nil {
			b.err = decline("read: %v", err)
			return got > 0
		}
	}
	return true
}

// countingReader stops at the limit on decompressed bytes.
type countingReader struct {
	r     io.Reader
	n, at int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.n > c.at {
		return n, decline("decompressed past the limit")
	}
	return n, err
}

// openPart opens part zf for a scan, from kept when the part's bytes are
// in memory already (fastSource.keep), else inflating it.
func openPart(zf *zip.File, opt Options, kept []byte) (io.ReadCloser, *xbuf, error) {
	var rc io.ReadCloser
	if kept != nil {
		rc = io.NopCloser(bytes.NewReader(kept))
	} else {
		var err error
		if rc, err = zf.Open(); err != nil {
			return nil, nil, decline("open part: %v", err)
		}
	}
	size := int(min(max(zf.UncompressedSize64+1, 4<<10), scanBufSize))
	return rc, &xbuf{r: &countingReader{r: rc, at: opt.MaxUnzipBytes}, buf: make([]byte, size)}, nil
}

// prefix reads the part up to and including the start tag <name ...> of
// its first element of that (unprefixed) name, checks everything before it
// with encoding/xml (as excelize's decoder sees it) and returns the start
// element. selfClose tells <name .../>.
func (b *xbuf) prefix(name string, check func(t xml.Token) bool) (se xml.StartElement, selfClose bool, err error) {
	pat := []byte("<" + name)
	from := 0
	for {
		i := bytes.Index(b.buf[from:b.end], pat)
		if i >= 0 {
			i += from
			j := i + len(pat)
			if j >= b.end {
				if !b.more() {
					return se, false, decline("no <%s>", name)
				}
				continue
			}
			if c := b.buf[j]; c == '>' || c == '/' || isSpace(c) {
				k, st := tagEnd(b.buf[:b.end], j)
				if st == stMore {
					if !b.more() {
						return se, false, decline("no <%s>", name)
					}
					continue
				}
				if st != stOK {
					return se, false, decline("<%s> tag", name)
				}
				return b.prefixDecode(name, k, check)
			}
			from = j
			continue
		}
		if b.end > maxPrefix {
			return se, false, decline("no <%s> in the first %d bytes", name, maxPrefix)
		}
		from = max(0, b.end-len(pat))
		if !b.more() {
			return se, false, decline("no <%s>", name)
		}
	}
}

func (b *xbuf) prefixDecode(name string, k int, check func(t xml.Token) bool) (se xml.StartElement, selfClose bool, err error) {
	if b.shape != nil {
		if b.shape.feed(b.buf[:k]) != nil {
			return se, false, errShape
		}
	}
	d := xml.NewDecoder(bytes.NewReader(b.buf[:k]))
	for {
		t, terr := d.Token()
		if terr != nil {
			return se, false, decline("before <%s>: %v", name, terr)
		}
		if s, ok := t.(xml.StartElement); ok && d.InputOffset() == int64(k) {
			if s.Name.Local != name {
				return se, false, decline("<%s> not where expected", name)
			}
			b.pos = k
			b.head = bytes.Clone(b.buf[:k])
			return s, b.buf[k-2] == '/', nil
		}
		if !check(t) {
			return se, false, decline("before <%s>: %v", name, t)
		}
	}
}

// tagEnd finds the '>' closing the tag whose attributes start at b[i],
// skipping quoted values; it returns the index after it.
func tagEnd(b []byte, i int) (int, scanStatus) {
	for i < len(b) {
		switch c := b[i]; c {
		case '>':
			return i + 1, stOK
		case '"', '\'':
			k := bytes.IndexByte(b[i+1:], c)
			if k < 0 {
				return 0, stMore
			}
			i += k + 2
		case '<':
			return 0, stDecline
		default:
			i++
		}
	}
	return 0, stMore
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// ---- text ----

// textOK checks raw character data or an attribute value (inAttr) as
// encoding/xml would: valid UTF-8, XML characters only, no "]]>" outside
// attributes. plain tells that it holds no entity and no '\r'.
func textOK(raw []byte, inAttr bool) (plain, ok bool) {
	plain = true
	for i, c := range raw {
		if textSpecial[c] == 0 {
			continue
		}
		switch {
		case c == 0xEF:
			if i+2 < len(raw) && raw[i+1] == 0xBF && (raw[i+2] == 0xBE || raw[i+2] == 0xBF) {
				return false, false // U+FFFE, U+FFFF
			}
		case c == '&' || c == '\r':
			plain = false
		case c < 0x20:
			if c != '\t' && c != '\n' {
				return false, false
			}
		case c == '>':
			if !inAttr && i >= 2 && raw[i-1] == ']' && raw[i-2] == ']' {
				return false, false
			}
		case c == '<':
			return false, false
		}
	}
	if !utf8.Valid(raw) {
		return false, false
	}
	return plain, true
}

// textSpecial marks the bytes textOK must look at.
var textSpecial = func() (t [256]uint8) {
	for c := 0; c < 0x20; c++ {
		t[c] = 1
	}
	for _, c := range []byte{'&', '<', '>', 0xEF} {
		t[c] = 1
	}
	return t
}()

// decodeText expands entities and rewrites \r\n and \r as encoding/xml
// does; raw has passed textOK. ok is false for an entity encoding/xml
// refuses.
func decodeText(dst, raw []byte) ([]byte, bool) {
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch c {
		case '\r':
			dst = append(dst, '\n')
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
			}
		case '&':
			k := bytes.IndexByte(raw[i:], ';')
			if k < 0 {
				return dst, false
			}
			ent := raw[i+1 : i+k]
			i += k
			switch string(ent) {
			case "lt":
				dst = append(dst, '<')
			case "gt":
				dst = append(dst, '>')
			case "amp":
				dst = append(dst, '&')
			case "apos":
				dst = append(dst, '\'')
			case "quot":
				dst = append(dst, '"')
			default:
				if len(ent) < 2 || ent[0] != '#' || len(ent) > 10 {
					return dst, false
				}
				base, digits := 10, ent[1:]
				if digits[0] == 'x' {
					base, digits = 16, digits[1:]
				}
				if len(digits) == 0 {
					return dst, false
				}
				n, err := strconv.ParseUint(string(digits), base, 32)
				r := rune(n)
				if err != nil || !(r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF) {
					return dst, false
				}
				dst = utf8.AppendRune(dst, r)
			}
		default:
			dst = append(dst, c)
		}
	}
	return dst, true
}

// ---- tags ----

// name reads an element or attribute name at b[i]: ASCII name characters
// with at most one ':' inside. It returns the end index.
func scanName(b []byte, i int) (int, scanStatus) {
	start, colon := i, false
	for i < len(b) {
		c := b[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_':
		case c >= '0' && c <= '9' || c == '-' || c == '.':
			if i == start {
				return 0, stDecline
			}
		case c == ':':
			if colon || i == start {
				return 0, stDecline
			}
			colon = true
		case c >= 0x80:
			return 0, stDecline
		default:
			if i == start || b[i-1] == ':' {
				return 0, stDecline
			}
			return i, stOK
		}
		i++
	}
	return 0, stMore
}

// attr is one attribute of a start tag.
type attr struct {
	local []byte // the name after any prefix
	val   []byte // raw, validated
	plain bool   // val holds no entity or \r
}

// nextAttr reads the next attribute at b[i]. end reports the end of the tag
// ('>' or '/>', selfClose) instead.
func nextAttr(b []byte, i int) (a attr, j int, end, selfClose bool, st scanStatus) {
	i = skipSpace(b, i)
	if i >= len(b) {
		return a, 0, false, false, stMore
	}
	switch b[i] {
	case '>':
		return a, i + 1, true, false, stOK
	case '/':
		if i+1 >= len(b) {
			return a, 0, false, false, stMore
		}
		if b[i+1] != '>' {
			return a, 0, false, false, stDecline
		}
		return a, i + 2, true, true, stOK
	}
	ne, st := scanName(b, i)
	if st != stOK {
		return a, 0, false, false, st
	}
	a.local = b[i:ne]
	if k := bytes.IndexByte(a.local, ':'); k >= 0 {
		a.local = a.local[k+1:]
	}
	i = skipSpace(b, ne)
	if i >= len(b) {
		return a, 0, false, false, stMore
	}
	if b[i] != '=' {
		return a, 0, false, false, stDecline
	}
	i = skipSpace(b, i+1)
	if i >= len(b) {
		return a, 0, false, false, stMore
	}
	q := b[i]
	if q != '"' && q != '\'' {
		return a, 0, false, false, stDecline
	}
	k := bytes.IndexByte(b[i+1:], q)
	if k < 0 {
		return a, 0, false, false, stMore
	}
	a.val = b[i+1 : i+1+k]
	var ok bool
	if a.plain, ok = textOK(a.val, true); !ok {
		return a, 0, false, false, stDecline
	}
	if !a.plain {
		if _, ok := decodeText(nil, a.val); !ok {
			return a, 0, false, false, stDecline
		}
	}
	j = i + 2 + k
	if j < len(b) && !isSpace(b[j]) && b[j] != '>' && b[j] != '/' {
		return a, 0, false, false, stDecline
	}
	return a, j, false, false, stOK
}

// skipAttrs reads and validates the rest of a start tag.
func skipAttrs(b []byte, i int) (j int, selfClose bool, st scanStatus) {
	for {
		_, j, end, sc, st := nextAttr(b, i)
		if st != stOK || end {
			return j, sc, st
		}
		i = j
	}
}

// openTag reads "<name" at b[i] (b[i] == '<') and returns the name and the
// index after it.
func openTag(b []byte, i int) (name []byte, j int, st scanStatus) {
	if i+1 >= len(b) {
		return nil, 0, stMore
	}
	if b[i+1] == '/' || b[i+1] == '!' || b[i+1] == '?' {
		return nil, 0, stDecline
	}
	ne, st := scanName(b, i+1)
	if st != stOK {
		return nil, 0, st
	}
	return b[i+1 : ne], ne, stOK
}

// closeTag expects "</name>" (spaces allowed before '>') at b[i].
func closeTag(b []byte, i int, name string) (int, scanStatus) {
	n := 2 + len(name)
	if i+n >= len(b) {
		if len(b)-i >= 2 && (b[i] != '<' || b[i+1] != '/') {
			return 0, stDecline
		}
		return 0, stMore
	}
	if b[i] != '<' || b[i+1] != '/' || string(b[i+2:i+n]) != name {
		return 0, stDecline
	}
	i = skipSpace(b, i+n)
	if i >= len(b) {
		return 0, stMore
	}
	if b[i] != '>' {
		return 0, stDecline
	}
	return i + 1, stOK
}

// textElem reads the character data of an element whose start tag ended
// at b[i] up to its end tag; dst receives the decoded text. An element
// closed in its start tag (selfClose: <v/>) has none: i is after it.
func textElem(b []byte, i int, selfClose bool, name string, dst []byte) (out []byte, j int, st scanStatus) {
	if selfClose {
		return dst, i, stOK
	}
	k := bytes.IndexByte(b[i:], '<')
	if k < 0 {
		return dst, 0, stMore
	}
	raw := b[i : i+k]
	plain, ok := textOK(raw, false)
	if !ok {
		return dst, 0, stDecline
	}
	if plain {
		dst = append(dst, raw...)
	} else if dst, ok = decodeText(dst, raw); !ok {
		return dst, 0, stDecline
	}
	j, st = closeTag(b, i+k, name)
	return dst, j, st
}

// ---- strings (<si> of the shared strings, <is> of a cell) ----

// stringItem reads <si> or <is> at b[i] (its name already read, attributes
// start at i) into its text as excelize's xlsxSI.String gives it.
//
// A plain item's text is returned as raw (valid until the next call)
// with isRaw set; any other as s.
func (p *scanner) stringItem(b []byte, start, i int, name string) (s string, raw []byte, isRaw bool, j int, st scanStatus) {
	s, j, st = p.stringItemStr(b, start, i, name)
	if st == stOK && s == "" && p.plain {
		return "", p.text, true, j, st
	}
	return s, nil, false, j, st
}

var plainItemTail = map[string][]byte{"si": []byte("</t></si>"), "is": []byte("</t></is>")}

func (p *scanner) stringItemStr(b []byte, start, i int, name string) (s string, j int, st scanStatus) {
	p.plain = false
	// The usual item, <t>text</t> alone, without the general machinery;
	// anything else (or too few bytes) goes the long way below.
	if bytes.HasPrefix(b[i:], []byte("><t>")) {
		if k := bytes.IndexByte(b[i+4:], '<'); k >= 0 {
			raw, end := b[i+4:i+4+k], i+4+k
			if tail := plainItemTail[name]; bytes.HasPrefix(b[end:], tail) {
				if plain, ok := textOK(raw, false); ok {
					p.text = p.text[:0]
					if plain {
						p.text = append(p.text, raw...)
					} else {
						p.text, ok = decodeText(p.text, raw)
					}
					if ok {
						j = end + len(tail)
						if bytes.Contains(p.text, []byte("_x")) {
							return bstrUnmarshal(string(p.text)), j, stOK
						}
						p.plain = true
						return "", j, stOK
					}
				}
			}
		}
	}
	j, sc, st := skipAttrs(b, i)
	if st != stOK || sc {
		return "", j, st
	}
	i = j
	p.text = p.text[:0]
	haveT := false
	for {
		i = skipSpace(b, i)
		if i >= len(b) {
			return "", 0, stMore
		}
		if b[i] != '<' {
			return "", 0, stDecline
		}
		if i+1 < len(b) && b[i+1] == '/' {
			if j, st = closeTag(b, i, name); st != stOK {
				return "", 0, st
			}
			break
		}
		tag, k, st := openTag(b, i)
		if st != stOK {
			return "", 0, st
		}
		switch string(tag) {
		case "t":
			if haveT {
				return "", 0, stDecline
			}
			haveT = true
			j, sc, st := skipAttrs(b, k)
			if st != stOK {
				return "", 0, st
			}
			if p.text, i, st = textElem(b, j, sc, "t", p.text); st != stOK {
				return "", 0, st
			}
		case "phoneticPr":
			// <phoneticPr fontId="1" type="noConversion"/>: fontId must be an int for excelize.
			for {
				a, j, end, sc, st := nextAttr(b, k)
				if st != stOK {
					return "", 0, st
				}
				if end {
					if !sc {
						return p.complexItem(b, start, name)
					}
					i = j
					break
				}
				if string(a.local) == "fontId" && !xmlIntOK(a) {
					return "", 0, stDecline
				}
				k = j
			}
		case "r", "rPh":
			return p.complexItem(b, start, name)
		default:
			return "", 0, stDecline
		}
	}
	t := p.text
	if bytes.Contains(t, []byte("_x")) {
		return bstrUnmarshal(string(t)), j, stOK
	}
	p.plain = true
	return "", j, stOK
}

// xmlIntOK: encoding/xml accepts the value for an int field.
func xmlIntOK(a attr) bool {
	if !a.plain {
		return false
	}
	v := strings.TrimSpace(string(a.val))
	if v == "" {
		return true
	}
	_, err := strconv.ParseInt(v, 10, 64)
	return err == nil
}

// complexItem decodes a rich-text or phonetic string item with
// encoding/xml into a copy of excelize's own types.
func (p *scanner) complexItem(b []byte, start int, name string) (string, int, scanStatus) {
	end := bytes.Index(b[start:], []byte("</"+name))
	if end < 0 {
		return "", 0, stMore
	}
	j, st := closeTag(b, start+end, name)
	if st != stOK {
		return "", 0, st
	}
	// encoding/xml holds a stack as deep as the markup nests: bounded
	// first, as bounds.go bounds it.
	sc := shapeScanner()
	sc.depth = p.depth0
	if sc.feed(b[start:j]) != nil {
		return "", 0, stSuspect
	}
	var si xlsxSIcopy
	if err := xml.Unmarshal(b[start:j], &si); err != nil {
		return "", 0, stDecline
	}
	return si.String(), j, stOK
}

// xlsxSIcopy and its parts are excelize's xlsxSI types (xmlSharedStrings.go),
// so that a rich-text item decodes (and fails to) as it does there.
type xlsxSIcopy struct {
	T   *xlsxTcopy  `xml:"t,omitempty"`
	R   []xlsxRcopy `xml:"r"`
	RPh []*struct {
		Sb uint32 `xml:"sb,attr"`
		Eb uint32 `xml:"eb,attr"`
		T  string `xml:"t"`
	} `xml:"rPh"`
	PhoneticPr *struct {
		Alignment string `xml:"alignment,attr,omitempty"`
		FontID    *int   `xml:"fontId,attr"`
		Type      string `xml:"type,attr,omitempty"`
	} `xml:"phoneticPr"`
}

type xlsxTcopy struct {
	Space xml.Attr `xml:"space,attr,omitempty"`
	Val   string   `xml:",chardata"`
}

type valString struct {
	Val *string `xml:"val,attr"`
}
type valInt struct {
	Val *int `xml:"val,attr"`
}
type valBool struct {
	Val *bool `xml:"val,attr"`
}
type valFloat struct {
	Val *float64 `xml:"val,attr"`
}

type xlsxRcopy struct {
	RPr *struct {
		RFont    *valString `xml:"rFont"`
		Charset  *valInt    `xml:"charset"`
		Family   *valInt    `xml:"family"`
		B        *valBool   `xml:"b"`
		I        *valBool   `xml:"i"`
		Strike   *valBool   `xml:"strike"`
		Outline  *valBool   `xml:"outline"`
		Shadow   *valBool   `xml:"shadow"`
		Condense *valBool   `xml:"condense"`
		Extend   *valBool   `xml:"extend"`
		Color    *struct {
			Auto    bool    `xml:"auto,attr,omitempty"`
			RGB     string  `xml:"rgb,attr,omitempty"`
			Indexed int     `xml:"indexed,attr,omitempty"`
			Theme   *int    `xml:"theme,attr"`
			Tint    float64 `xml:"tint,attr,omitempty"`
		} `xml:"color"`
		Sz        *valFloat  `xml:"sz"`
		U         *valString `xml:"u"`
		VertAlign *valString `xml:"vertAlign"`
		Scheme    *valString `xml:"scheme"`
	} `xml:"rPr"`
	T *xlsxTcopy `xml:"t"`
}

func (x xlsxSIcopy) String() string {
	var v strings.Builder
	if x.T != nil {
		v.WriteString(x.T.Val)
	}
	for _, r := range x.R {
		if r.T != nil {
			v.WriteString(r.T.Val)
		}
	}
	if v.Len() == 0 {
		return ""
	}
	return bstrUnmarshal(v.String())
}

// bstrUnmarshal is excelize's (lib.go): _xHHHH_ escapes of characters XML
// cannot hold; _x005F_ is an escaped underscore.
func bstrUnmarshal(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var out strings.Builder
	cursor := 0
	for i := 0; i+7 <= len(s); {
		if s[i] == '_' && s[i+1] == 'x' && isHex4(s[i+2:i+6]) && s[i+6] == '_' {
			out.WriteString(s[cursor:i])
			if s[i:i+7] == "_x005F_" {
				out.WriteByte('_')
			} else if v, err := strconv.Unquote(`"\u` + s[i+2:i+6] + `"`); err == nil {
				out.WriteString(v)
			}
			i += 7
			cursor = i
			continue
		}
		i++
	}
	out.WriteString(s[cursor:])
	return out.String()
}

func isHex4(s string) bool {
	for i := 0; i < 4; i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// ---- shared strings ----

// sstTable is the shared-string table as one byte arena and offsets:
// a million strings held as a million Go strings cost a million
// allocations and a pointer each for the GC to scan on every cycle, and
// growing the slice of them copied it with write barriers (0.9 CPU-s for
// 1M strings); offsets hold nothing for the GC to follow.
type sstTable struct {
	buf []byte
	off []uint32 // string n is buf[off[n]:off[n+1]]
}

func (t *sstTable) len() int { return max(len(t.off)-1, 0) }

func (t *sstTable) at(n int) string {
	a, b := t.off[n], t.off[n+1]
	if a == b {
		return ""
	}
	return unsafe.String(&t.buf[a], int(b-a))
}

func (t *sstTable) add(s string, raw []byte) {
	if len(t.off) == 0 {
		t.off = append(t.off, 0)
	}
	if raw != nil {
		t.buf = append(t.buf, raw...)
	} else {
		t.buf = append(t.buf, s...)
	}
	t.off = append(t.off, uint32(len(t.buf)))
}

func readSST(zf *zip.File, opt Options) (*sstTable, error) {
	rc, b, err := openPart(zf, opt, nil)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	se, selfClose, err := b.prefix("sst", func(t xml.Token) bool {
		_, isStart := t.(xml.StartElement)
		return !isStart
	})
	if err != nil {
		return nil, err
	}
	if se.Name.Space != nsMain {
		return nil, decline("shared strings namespace %q", se.Name.Space)
	}
	sst := &sstTable{}
	for _, a := range se.Attr {
		if a.Name.Local == "count" || a.Name.Local == "uniqueCount" {
			if !xmlIntOK(attr{val: []byte(a.Value), plain: true}) {
				return nil, decline("sst %s", a.Name.Local)
			}
		}
		// Sized from the declared count, trusted no further than the
		// part's size allows: an item is at least 11 bytes (<si><t/></si>).
		if a.Name.Local == "uniqueCount" {
			n, _ := strconv.Atoi(a.Value)
			n = min(n, int(min(zf.UncompressedSize64/11, 1<<26)))
			sst.off = make([]uint32, 1, n+1)
			sst.buf = make([]byte, 0, min(uint64(n)*16, zf.UncompressedSize64/2))
		}
	}
	if selfClose {
		return sst, b.checkTail("")
	}
	p := &scanner{depth0: 1}
	for {
		// Whitespace is dropped before the buffer is refilled: a run of
		// it is not held whole.
		if i := skipSpace(b.buf[b.pos:b.end], 0); i > 0 {
			b.pos += i
		}
		buf := b.buf[b.pos:b.end]
		i := 0
		st := stMore
		var s string
		j := 0
		if i+4 <= len(buf) {
			switch {
			case string(buf[i:i+4]) == "</ss":
				if j, st = closeTag(buf, i, "sst"); st == stOK {
					b.pos += j
					if err := b.checkTail("</sst>"); err != nil {
						return nil, err
					}
					return sst, nil
				}
			case string(buf[i:i+3]) == "<si" && (buf[i+3] == '>' || buf[i+3] == '/' || isSpace(buf[i+3])):
				var raw []byte
				var isRaw bool
				if s, raw, isRaw, j, st = p.stringItem(buf, i, i+3, "si"); st == stOK {
					if !isRaw {
						raw = nil
					}
					// The part is at most maxSSTBytes (checkPackage), so more
					// text means a stream longer than declared: damage, which
					// the excelize path tells.
					if len(sst.buf)+len(s)+len(raw) > maxSSTBytes {
						return nil, decline("shared strings too large")
					}
					sst.add(s, raw)
					b.pos += j
					continue
				}
			default:
				st = stDecline
			}
		}
		switch st {
		case stDecline, stSuspect:
			return nil, decline("shared strings at byte %d", b.pos+i)
		case stMore:
			if !b.more() {
				if b.err != nil {
					return nil, b.err
				}
				return nil, decline("shared strings end early")
			}
		}
	}
}

// checkTail reads the rest of a part once the scanner has read the
// element it wants (<sheetData>, <sst>) and its end tag, closeTag (empty
// when the element closed itself): the part must be well-formed XML to
// the close of its root, as checkPartXML sees it, and reach its end, where
// archive/zip checks the CRC and the declared size. Before this, a sheet
// damaged after its data or in its prolog (a DOCTYPE) read as sound.
// The check decodes the part's prefix again with the rest: the prefix is
// small, and so is what follows the data.
func (b *xbuf) checkTail(closeTag string) error {
	r := io.MultiReader(bytes.NewReader(b.head), strings.NewReader(closeTag), bytes.NewReader(b.buf[b.pos:b.end]), b.r)
	if b.merges != nil {
		r = &mergeTee{r: r, f: b.merges}
	}
	if b.shape != nil {
		r = &shapeReader{r: r, sc: b.shape}
	}
	if c := checkPartXML(r); c.err != nil {
		if c.err == errShape {
			return errShape
		}
		// The excelize path checks the part again and refuses the file
		// with where the damage is.
		return decline("part: %v", c.err)
	}
	return nil
}

// shapeReader passes bytes through a shape scanner, stopping with
// errShape at the first suspect one.
type shapeReader struct {
	r  io.Reader
	sc *partScanner
}

func (s *shapeReader) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if n > 0 && s.sc.feed(p[:n]) != nil {
		return 0, errShape
	}
	return n, err
}

// ---- rows ----

// scanner holds scratch space for one reader.
type scanner struct {
	depth0 int // elements open around a string item, for complexItem
	text   []byte
	plain  bool       // the last string item was plain text, in text
	rowbuf []byte     // the text of the row's cells, made one string
	spans  []cellSpan // the row's kept cells
}

// cellSpan is a kept cell: its text is s, or rowbuf[a:b] when inBuf.
type cellSpan struct {
	col   int
	s     string
	a, b  int
	inBuf bool
	meta  uint32 // type and style (cells.go)
}

// fastRows streams one worksheet. A row is yielded only once the next one
// (or </sheetData>) has parsed too: what excelize makes of a row depends
// on the start of the next (a lower number merges them), so a decline
// there must come before the row is out.
//
// Past asyncAfter rows the scanning moves to a goroutine of its own that
// hands over batches of rows: on a long sheet scanning, normalising and
// appending then run side by side.
type fastRows struct {
	rc io.ReadCloser
	b  *xbuf
	cr *countingReader // the part's inflated bytes so far

	// The plausibility limits of bounds.go, kept in this single pass
	// (checkPackage does not scan a worksheet the fast reader reads):
	// cheap tests that anything bounds.go refuses fails, and when one
	// does, suspect has the part scanned by bounds.go's own scanner.
	ctx      context.Context
	zf       *zip.File
	sheet    string
	verified bool  // the part passed bounds.go's scan: no more tests
	wsRun    int64 // whitespace between elements, this run
	ws       int64 // whitespace in the part so far, and more (spaces in tags)

	sst       *sstTable
	slab      []string // see cells
	slabRows  int      // rows of the last slab
	mslab     []uint32 // the cells' metas, cut as slab
	mslabRows int
	p         scanner
	row       []string
	meta      []uint32 // row's cells' types and styles (cells.go)
	num       int      // number of the row last scanned
	q         [2]qRow  // parsed, not yet yielded
	nq        int
	done      bool
	err       error

	unc uncachedCells // formulas without a value, as parsed (Rows.Uncached)

	out     []string // what Row and RowNum give
	outMeta []uint32
	outNum  int
	async   bool
	ch      chan rowBatch
	stop    chan struct{}
	exited  chan struct{}
	cur     rowBatch
	ci      int
}

type qRow struct {
	cells []string
	meta  []uint32
	num   int
}

type rowBatch struct {
	rows  [][]string
	metas [][]uint32
	nums  []int
	end   bool
	err   error
}

const (
	asyncAfter = 4096
	batchRows  = 512
)

func (s *fastSource) openSheet(sheet, part string) (*fastRows, error) {
	zf := s.parts[part]
	kept := s.keptPart(zf)
	if kept == nil {
		sheetInflates.Add(1)
	}
	rc, b, err := openPart(zf, s.opt, kept)
	if err != nil {
		return nil, err
	}
	b.shape = shapeScanner()
	// excelize's Rows takes <row> elements wherever they are and stops at
	// </sheetData>: nothing of either may come first.
	_, selfClose, err := b.prefix("sheetData", func(t xml.Token) bool {
		switch t := t.(type) {
		case xml.StartElement:
			return t.Name.Local != "row" && t.Name.Local != "sheetData"
		case xml.EndElement:
			return t.Name.Local != "sheetData"
		}
		return true
	})
	if err != nil {
		rc.Close()
		if err == errShape {
			if err := sheetVerdict(s.ctx, zf, sheet); err != nil {
				return nil, err
			}
		}
		return nil, err
	}
	b.merges = &mergeFeed{m: &mergeScan{sheet: sheet}}
	r := &fastRows{rc: rc, b: b, cr: b.r.(*countingReader), sst: s.sst, ctx: s.ctx, zf: zf, sheet: sheet, ws: b.shape.spaces}
	r.p.depth0 = b.shape.depth + 2 // <row><c>
	if selfClose {
		r.done = true
		if err := r.checkTail(""); err != nil {
			rc.Close()
			return nil, err
		}
	}
	return r, nil
}

// suspect has the part scanned by bounds.go (sheetVerdict), once: false
// with r.err set to its refusal (or the deadline's error), true if the
// part passes, after which it is not tested further.
func (r *fastRows) suspect() bool {
	if r.verified {
		return true
	}
	if err := sheetVerdict(r.ctx, r.zf, r.sheet); err != nil {
		r.err = err
		return false
	}
	r.verified = true
	r.b.shape = nil
	return true
}

// checkTail is xbuf.checkTail with the shape scanner fed the part again
// from its start, told of the whitespace of the rows between.
func (r *fastRows) checkTail(closeTag string) error {
	b := r.b
	if b.shape != nil {
		b.shape = shapeScanner()
		b.shape.off = max(r.consumed()-int64(len(b.head)), 0)
		b.shape.spaces = r.ws
	}
	err := b.checkTail(closeTag)
	if err == errShape {
		if !r.suspect() {
			return r.err
		}
	}
	return err
}

// consumed is how many of the part's bytes the scan has passed.
func (r *fastRows) consumed() int64 {
	return r.cr.n - int64(r.b.end-r.b.pos)
}

// countSpace counts whitespace bytes: bytes.Count is vectorised, four
// passes over a row cost far less than a second inflate of it.
func countSpace(b []byte) int64 {
	return int64(bytes.Count(b, []byte{' '}) + bytes.Count(b, []byte{'\n'}) + bytes.Count(b, []byte{'\t'}) + bytes.Count(b, []byte{'\r'}))
}

func (r *fastRows) Next() bool {
	if r.async {
		for r.ci >= len(r.cur.rows) {
			if r.cur.end {
				return false
			}
			r.cur, r.ci = <-r.ch, 0
		}
		r.out, r.outMeta, r.outNum = r.cur.rows[r.ci], r.cur.metas[r.ci], r.cur.nums[r.ci]
		r.ci++
		return true
	}
	if !r.next() {
		return false
	}
	r.out, r.outMeta, r.outNum = r.row, r.meta, r.num
	if r.num >= asyncAfter && !r.done {
		r.startAsync()
	}
	return true
}

func (r *fastRows) startAsync() {
	r.async = true
	r.ch = make(chan rowBatch, 4)
	r.stop = make(chan struct{})
	r.exited = make(chan struct{})
	go func() {
		defer close(r.exited)
		for {
			b := rowBatch{rows: make([][]string, 0, batchRows), metas: make([][]uint32, 0, batchRows), nums: make([]int, 0, batchRows)}
			for len(b.rows) < batchRows {
				if !r.next() {
					b.end, b.err = true, r.err
					break
				}
				b.rows = append(b.rows, r.row)
				b.metas = append(b.metas, r.meta)
				b.nums = append(b.nums, r.num)
			}
			select {
			case r.ch <- b:
			case <-r.stop:
				return
			}
			if b.end {
				return
			}
		}
	}()
}

// cells returns room for a row of n cells, cut from a shared slab: one
// allocation for many rows rather than one a row. Slabs grow from 16 rows
// to batchRows: a sheet is often opened for its first rows only (to find
// its header), and a ledger has a few dozen rows, so a first slab of 512
// rows was most of the bytes a province's ingest allocated.
func (r *fastRows) cells(n int) []string { return cutSlab(&r.slab, &r.slabRows, n) }

// metas is cells for the cells' metas.
func (r *fastRows) metas(n int) []uint32 { return cutSlab(&r.mslab, &r.mslabRows, n) }

// cutSlab cuts n elements from *slab, first making a new slab of twice
// *rows rows (16 to batchRows) when it has no room left.
func cutSlab[T any](slab *[]T, rows *int, n int) []T {
	if n > 256 {
		return make([]T, n)
	}
	if cap(*slab)-len(*slab) < n {
		*rows = min(max(2**rows, 16), batchRows)
		*slab = make([]T, 0, n**rows)
	}
	k := len(*slab)
	*slab = (*slab)[:k+n]
	return (*slab)[k : k+n : k+n]
}

// next scans the next row (synchronously).
func (r *fastRows) next() bool {
	if r.err != nil {
		return false
	}
	for r.nq < 2 && !r.done {
		if r.parseNext(); r.err != nil {
			return false
		}
	}
	if r.nq == 0 {
		return false
	}
	r.num++
	if r.num < r.q[0].num { // a row number skipped: excelize yields it empty
		r.row, r.meta = nil, nil
		return true
	}
	r.row, r.meta = r.q[0].cells, r.q[0].meta
	r.q[0], r.q[1] = r.q[1], qRow{}
	r.nq--
	return true
}

// uncached is read once Next has returned false: the scanning goroutine,
// if any, has sent its last batch.
func (r *fastRows) uncached() *uncachedCells { return &r.unc }

func (r *fastRows) Row() []string { return r.out }

// cellMeta is the current row's cells' metas, as long as Row.
func (r *fastRows) cellMeta() []uint32 { return r.outMeta }
func (r *fastRows) RowNum() int        { return r.outNum }

func (r *fastRows) Err() error {
	if r.async {
		return r.cur.err
	}
	return r.err
}

func (r *fastRows) Close() error {
	if r.async {
		close(r.stop)
		<-r.exited
		r.async = false
	}
	return r.rc.Close()
}

// parseNext parses the next <row> into the queue, or sets done at </sheetData>.
//
// It also keeps bounds.go's limits for what it passes: a row over
// maxTextRun bytes may hold a text run or a tag over the limits, a run of
// whitespace between rows may be over them, and the part may be mostly
// whitespace; any of these, a row too long for the buffer, or a row number
// past Excel's, and bounds.go's scanner decides (suspect).
func (r *fastRows) parseNext() {
	b := r.b
	for {
		// Whitespace is dropped before the buffer is refilled: a run of
		// it is not held whole, only measured.
		if i := skipSpace(b.buf[b.pos:b.end], 0); i > 0 {
			b.pos += i
			r.wsRun += int64(i)
			r.ws += int64(i)
			if r.wsRun > maxTextRun && !r.suspect() {
				return
			}
		}
		buf := b.buf[b.pos:b.end]
		i := 0
		st := stMore
		j := 0
		if i+5 <= len(buf) {
			switch {
			case string(buf[i:i+4]) == "<row" && (buf[i+4] == '>' || buf[i+4] == '/' || isSpace(buf[i+4])):
				if j, st = r.parseRow(buf, i+4); st == stOK {
					b.pos += j
					r.passed(buf[:j])
					return
				}
			case buf[i] == '<' && buf[i+1] == '/':
				if j, st = closeTag(buf, i, "sheetData"); st == stOK {
					b.pos += j
					if r.passed(buf[:j]); r.err != nil {
						return
					}
					r.done = true
					if err := r.checkTail("</sheetData>"); err != nil {
						r.err = err
					}
					return
				}
			default:
				st = stDecline
			}
		}
		switch st {
		case stSuspect:
			if r.suspect() {
				r.err = decline("sheet at byte %d", b.pos+i)
			}
			return
		case stDecline:
			r.err = decline("sheet at byte %d", b.pos+i)
			return
		case stMore:
			// An element over maxTextRun is suspect when passed (see
			// passed): so before the buffer grows past it, which a bomb
			// would have it do up to maxElement.
			if b.end-b.pos >= maxTextRun && !r.suspect() {
				return
			}
			if !b.more() {
				if b.err == errTooLong && !r.suspect() {
					return
				}
				if r.err = b.err; r.err == nil {
					r.err = decline("sheet ends early")
				}
				return
			}
		}
	}
}

// passed measures an element the scan has passed (see parseNext); r.err
// is set if the part is refused.
func (r *fastRows) passed(el []byte) {
	r.wsRun = 0
	if r.verified {
		return
	}
	r.ws += countSpace(el)
	if len(el) > min(maxTextRun, maxTagBytes) {
		r.suspect()
		return
	}
	// bounds.go looks at the share at the end of each run of whitespace,
	// which may have been anywhere in el: measured from el's start, the
	// share here is at least the share there.
	if at := r.consumed(); at > spaceCheckAfter && r.ws > (at-int64(len(el)))/2 {
		r.suspect()
	}
}

// parseRow parses a row whose attributes start at b[i].
func (r *fastRows) parseRow(b []byte, i int) (int, scanStatus) {
	num := -1
	var selfClose bool
	for {
		a, j, end, sc, st := nextAttr(b, i)
		if st != stOK {
			return 0, st
		}
		i = j
		if end {
			selfClose = sc
			break
		}
		if string(a.local) == "r" {
			if num != -1 {
				return 0, stDecline
			}
			if num = posInt(a.val); num <= 0 {
				return 0, stDecline
			}
			if num > maxRowNum {
				return 0, stSuspect
			}
		}
	}
	last := r.num
	if r.nq > 0 {
		last = r.q[r.nq-1].num
	}
	if num == -1 {
		num = last + 1
		if num > maxRowNum {
			return 0, stSuspect
		}
	} else if num <= last {
		// Out of order: excelize's path reads on and its check of the
		// sheet (check.go) refuses it, or calls it damaged when it is.
		return 0, stDecline
	}
	r.p.rowbuf = r.p.rowbuf[:0]
	spans := r.p.spans[:0]
	col := 0
	for !selfClose {
		i = skipSpace(b, i)
		if i+1 >= len(b) {
			return 0, stMore
		}
		if b[i] != '<' {
			return 0, stDecline
		}
		if b[i+1] == '/' {
			j, st := closeTag(b, i, "row")
			if st != stOK {
				return 0, st
			}
			i = j
			break
		}
		tag, k, st := openTag(b, i)
		if st != stOK {
			return 0, st
		}
		if len(tag) != 1 || tag[0] != 'c' {
			return 0, stDecline
		}
		var cv cellSpan
		var keep bool
		if cv, keep, i, st = r.parseCell(b, k, num, col); st != stOK {
			return 0, st
		}
		col = cv.col
		if keep {
			spans = append(spans, cv)
		}
	}
	r.p.spans = spans
	// One string for the row's text; the cells are slices of it.
	var cells []string
	var meta []uint32
	if len(spans) > 0 {
		n := spans[len(spans)-1].col
		cells, meta = r.cells(n), r.metas(n)
		rs := string(r.p.rowbuf)
		for _, sp := range spans {
			if sp.inBuf {
				cells[sp.col-1] = rs[sp.a:sp.b]
			} else {
				cells[sp.col-1] = sp.s
			}
			meta[sp.col-1] = sp.meta
		}
	}
	r.q[r.nq] = qRow{cells, meta, num}
	r.nq++
	return i, stOK
}

// posInt parses a positive decimal without sign or leading zero; 0 if not.
func posInt(v []byte) int {
	if len(v) == 0 || len(v) > 9 || v[0] == '0' {
		return 0
	}
	n := 0
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// parseCell parses a cell whose attributes start at b[i] in row num after
// column prev (1-based). keep tells excelize keeps the cell (a value or a
// formula).
func (r *fastRows) parseCell(b []byte, i, num, prev int) (cv cellSpan, keep bool, j int, st scanStatus) {
	var col int
	ref, typ, style, haveRef, selfClose, j, ok := usualCellAttrs(b, i)
	if !ok {
		if ref, typ, style, haveRef, selfClose, j, st = cellAttrs(b, i); st != stOK {
			return cv, false, 0, st
		}
	}
	i = j
	if haveRef {
		c, rn := cellRefNums(ref)
		if c == 0 || rn != num {
			return cv, false, 0, stDecline
		}
		col = c
	} else {
		col = prev + 1
	}
	if col > maxColNum {
		return cv, false, 0, stSuspect
	}
	if col <= prev {
		return cv, false, 0, stDecline
	}
	switch string(typ) {
	case "", "n", "s", "str", "inlineStr", "b", "e", "d":
	default:
		return cv, false, 0, stDecline
	}
	cv.col = col
	cv.meta = uint32(cellTypeOf(typ)) | style<<metaStyleShift
	if selfClose {
		return cv, false, i, stOK
	}
	var (
		haveV, haveF, haveIS bool
		is                   string
		isRaw                bool
	)
	vstart := len(r.p.rowbuf)
	vend := vstart
	for {
		i = skipSpace(b, i)
		if i+1 >= len(b) {
			return cv, false, 0, stMore
		}
		if b[i] != '<' {
			return cv, false, 0, stDecline
		}
		if b[i+1] == '/' {
			if i, st = closeTag(b, i, "c"); st != stOK {
				return cv, false, 0, st
			}
			break
		}
		tag, k, st := openTag(b, i)
		if st != stOK {
			return cv, false, 0, st
		}
		switch string(tag) {
		case "v":
			if haveV {
				return cv, false, 0, stDecline
			}
			haveV = true
			vstart = len(r.p.rowbuf)
			j, sc, st := skipAttrs(b, k)
			if st != stOK {
				return cv, false, 0, st
			}
			if r.p.rowbuf, i, st = textElem(b, j, sc, "v", r.p.rowbuf); st != stOK {
				return cv, false, 0, st
			}
			vend = len(r.p.rowbuf)
		case "f":
			if haveF {
				return cv, false, 0, stDecline
			}
			haveF = true
			j, sc, st := formulaAttrs(b, k)
			if st != stOK {
				return cv, false, 0, st
			}
			if r.p.text, i, st = textElem(b, j, sc, "f", r.p.text[:0]); st != stOK {
				return cv, false, 0, st
			}
		case "is":
			if haveIS {
				return cv, false, 0, stDecline
			}
			haveIS = true
			var raw []byte
			if is, raw, isRaw, i, st = r.p.stringItem(b, i, k, "is"); st != stOK {
				return cv, false, 0, st
			}
			if isRaw { // kept in the text of the row, after any <v>
				a := len(r.p.rowbuf)
				r.p.rowbuf = append(r.p.rowbuf, raw...)
				cv.a, cv.b = a, len(r.p.rowbuf)
			}
		default:
			return cv, false, 0, stDecline
		}
	}
	if haveF && !haveIS && (!haveV || vend == vstart && string(typ) != "str") {
		r.unc.add(num, col) // a formula without its value (Rows.Uncached)
	}
	v := r.p.rowbuf[vstart:vend]
	switch string(typ) {
	case "s":
		if len(v) > 0 {
			n, ok := sstIndex(v)
			if !ok || r.sst == nil || n >= r.sst.len() {
				return cv, false, 0, stDecline
			}
			cv.s = r.sst.at(n)
		}
		return cv, cv.s != "" || haveF, i, stOK
	case "inlineStr":
		if haveIS {
			if isRaw {
				cv.inBuf = true
				return cv, cv.b > cv.a || haveF, i, stOK
			}
			cv.s = is
			return cv, is != "" || haveF, i, stOK
		}
	}
	cv.a, cv.b, cv.inBuf = vstart, vend, true
	return cv, vend > vstart || haveF, i, stOK
}

// usualCellAttrs reads the attributes of a cell as Excel, WPS,
// LibreOffice and excelize write them — r="A1", then optionally s="digits"
// and t="letters", single spaces, nothing else — without the general
// attribute machinery. ok is false for anything else (or too few bytes),
// which cellAttrs then reads.
func usualCellAttrs(b []byte, i int) (ref, typ []byte, style uint32, haveRef, selfClose bool, j int, ok bool) {
	if !bytes.HasPrefix(b[i:], []byte(` r="`)) {
		return
	}
	i += 4
	k := i
	for k < len(b) && (b[k] >= 'A' && b[k] <= 'Z' || b[k] >= '0' && b[k] <= '9') {
		k++
	}
	if k >= len(b) || b[k] != '"' {
		return
	}
	ref, i = b[i:k], k+1
	if bytes.HasPrefix(b[i:], []byte(` s="`)) {
		k = i + 4
		for k < len(b) && b[k] >= '0' && b[k] <= '9' {
			k++
		}
		if k >= len(b) || b[k] != '"' || k == i+4 || k-(i+4) > 18 {
			return
		}
		style = styleIndex(b[i+4 : k])
		i = k + 1
	}
	if bytes.HasPrefix(b[i:], []byte(` t="`)) {
		k = i + 4
		for k < len(b) && (b[k] >= 'a' && b[k] <= 'z' || b[k] >= 'A' && b[k] <= 'Z') {
			k++
		}
		if k >= len(b) || b[k] != '"' {
			return
		}
		typ, i = b[i+4:k], k+1
	}
	switch {
	case i < len(b) && b[i] == '>':
		return ref, typ, style, true, false, i + 1, true
	case i+1 < len(b) && b[i] == '/' && b[i+1] == '>':
		return ref, typ, style, true, true, i + 2, true
	}
	return nil, nil, 0, false, false, 0, false
}

// styleIndex is a cell's s= (digits) as a meta's style: past what a meta
// holds (no writer has that many styles) it is a style NumFmt cannot
// resolve.
func styleIndex(v []byte) uint32 {
	n := uint64(0)
	for _, c := range v {
		n = n*10 + uint64(c-'0')
		if n > maxStyleIndex {
			return maxStyleIndex
		}
	}
	return uint32(n)
}

// cellAttrs reads the attributes of a cell in general: r, s and t by their
// local names (as excelize), every other one validated and ignored.
func cellAttrs(b []byte, i int) (ref, typ []byte, style uint32, haveRef, selfClose bool, j int, st scanStatus) {
	haveS, haveT := false, false
	for {
		a, j, end, sc, st := nextAttr(b, i)
		if st != stOK {
			return nil, nil, 0, false, false, 0, st
		}
		i = j
		if end {
			return ref, typ, style, haveRef, sc, i, stOK
		}
		switch string(a.local) {
		case "r":
			if haveRef || !a.plain {
				return nil, nil, 0, false, false, 0, stDecline
			}
			ref, haveRef = a.val, true
		case "s":
			// excelize parses s as an int64 and loses the cell if it cannot.
			if haveS || !a.plain {
				return nil, nil, 0, false, false, 0, stDecline
			}
			if len(a.val) > 0 && len(a.val) <= 18 && digitsOnly(a.val) {
				style = styleIndex(a.val)
			} else {
				n, err := strconv.ParseInt(string(a.val), 10, 64)
				if err != nil {
					return nil, nil, 0, false, false, 0, stDecline
				}
				style = uint32(min(max(n, 0), maxStyleIndex))
				if n < 0 {
					style = maxStyleIndex
				}
			}
			haveS = true
		case "t":
			if haveT {
				return nil, nil, 0, false, false, 0, stDecline
			}
			typ, haveT = a.val, true
		}
	}
}

func digitsOnly(v []byte) bool {
	for _, c := range v {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func sstIndex(v []byte) (int, bool) {
	if len(v) == 0 || len(v) > 9 || !digitsOnly(v) {
		return 0, false
	}
	n := 0
	for _, c := range v {
		n = n*10 + int(c-'0')
	}
	return n, true
}

// cellRefNums parses an A1 reference (upper-case letters, no '$'): column
// and row, or 0, 0.
func cellRefNums(ref []byte) (col, row int) {
	i := 0
	for i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		i++
	}
	if i == 0 || i > 3 {
		return 0, 0
	}
	row = posInt(ref[i:])
	if row == 0 {
		return 0, 0
	}
	return col, row
}

// formulaAttrs validates the attributes of <f> against excelize's xlsxF
// field types: a value encoding/xml cannot decode makes excelize lose the
// cell's value.
func formulaAttrs(b []byte, i int) (j int, selfClose bool, st scanStatus) {
	for {
		a, j, end, sc, st := nextAttr(b, i)
		if st != stOK || end {
			return j, sc, st
		}
		switch string(a.local) {
		case "aca", "dt2D", "dtr", "del1", "del2", "ca", "bx":
			if !a.plain {
				return 0, false, stDecline
			}
			switch strings.TrimSpace(string(a.val)) {
			case "", "0", "1", "true", "false", "t", "f", "T", "F", "TRUE", "FALSE", "True", "False":
			default:
				return 0, false, stDecline
			}
		case "si":
			if !xmlIntOK(a) {
				return 0, false, stDecline
			}
		}
		i = j
	}
}
