package reports

import (
	"bytes"
	"compress/zlib"
	"encoding/ascii85"
	"encoding/hex"
	"errors"
	"io"
	"sort"
	"strconv"
)

// A small reader of the PDF file itself, for the one thing PDFium does not
// give: the character codes of text that PDFium drops. PDFium leaves out of
// its text every text object narrower than 0.01 pt, and it measures an
// object by its glyphs' outlines; a Chinese font that the PDF names but
// does not embed (STSong-Light, SimSun under UniGB-UCS2-H or GBK-EUC-H, as
// reportlab, older tools and some WPS exports write) has no outlines in
// the WebAssembly build, which carries no system fonts. An object holding
// one character (a lone "人" of a wrapped header, a "1" alone in its cell)
// is then zero wide and its character lost, while longer runs keep theirs.
// The reader here finds those objects' codes in the content streams; the
// codes are decoded by the font's ToUnicode map or by its predefined CMap
// (pdf_cmap.go), never guessed.
//
// It reads objects by scanning the file for "n g obj" (a damaged or
// missing cross-reference table does not matter; a later definition wins,
// as an incremental update intends) and objects packed in object streams.
// An encrypted file is not read (its strings are ciphertext).

type pdfName string

type pdfRef int

type pdfKeyword string

type pdfStream struct {
	dict map[string]any
	raw  []byte
}

type rawPDF struct {
	data    []byte
	offs    map[int]int    // object number → offset of its body
	inStm   map[int][2]int // object number → object stream, index
	cache   map[int]any
	stms    map[int][]byte // decoded object streams
	sorted  []int          // object offsets, ascending
	byOff   map[int]int    // offset → object number
	depth   int
	trailer map[string]any
}

// maxRawDecoded bounds one decoded stream, against a crafted one that
// inflates without end.
const maxRawDecoded = 64 << 20

func openRawPDF(data []byte) (*rawPDF, error) {
	r := &rawPDF{data: data, offs: map[int]int{}, inStm: map[int][2]int{}, cache: map[int]any{}, stms: map[int][]byte{}}
	for p := 0; ; {
		i := bytes.Index(data[p:], []byte("obj"))
		if i < 0 {
			break
		}
		end := p + i + 3
		p = end
		if end < len(data) && isRegular(data[end]) {
			continue
		}
		if n, ok := objNumberBefore(data, end-3); ok {
			r.offs[n] = end
		}
	}
	// Object streams, and the trailer: the last "trailer" dictionary, or
	// the last cross-reference stream's. Both are found by their names,
	// without reading every object.
	var xref map[string]any
	xrefAt := -1
	for _, kind := range []string{"/ObjStm", "/XRef"} {
		for p := 0; ; {
			i := bytes.Index(data[p:], []byte(kind))
			if i < 0 {
				break
			}
			at := p + i
			p = at + len(kind)
			if p < len(data) && isRegular(data[p]) {
				continue
			}
			n, ok := r.objectAround(at)
			if !ok {
				continue
			}
			s, ok := r.get(pdfRef(n)).(*pdfStream)
			if !ok {
				continue
			}
			switch {
			case kind == "/ObjStm" && s.dict["Type"] == pdfName("ObjStm"):
				r.indexObjStm(n, s)
			case kind == "/XRef" && s.dict["Type"] == pdfName("XRef") && r.offs[n] > xrefAt:
				xref, xrefAt = s.dict, r.offs[n]
			}
		}
	}
	r.trailer = xref
	if i := bytes.LastIndex(data, []byte("trailer")); i >= 0 && i > xrefAt {
		l := &pdfLexer{b: data, p: i + len("trailer")}
		if d, ok := l.object(r).(map[string]any); ok {
			r.trailer = d
		}
	}
	if r.trailer == nil {
		return nil, errors.New("no trailer")
	}
	if r.trailer["Encrypt"] != nil {
		return nil, errors.New("encrypted")
	}
	return r, nil
}

// objNumberBefore reads "n g " before the "obj" at i.
func objNumberBefore(data []byte, i int) (int, bool) {
	j := i
	for j > 0 && isSpace(data[j-1]) {
		j--
	}
	g := j
	for j > 0 && data[j-1] >= '0' && data[j-1] <= '9' {
		j--
	}
	if j == g || j == 0 || !isSpace(data[j-1]) {
		return 0, false
	}
	for j > 0 && isSpace(data[j-1]) {
		j--
	}
	e := j
	for j > 0 && data[j-1] >= '0' && data[j-1] <= '9' {
		j--
	}
	if j == e || e-j > 9 || j > 0 && isRegular(data[j-1]) {
		return 0, false
	}
	n, err := strconv.Atoi(string(data[j:e]))
	return n, err == nil
}

// objectAround finds the object whose body holds offset at: the nearest
// object header before it.
func (r *rawPDF) objectAround(at int) (int, bool) {
	if r.sorted == nil {
		byOff := make(map[int]int, len(r.offs))
		for n, off := range r.offs {
			byOff[off] = n
			r.sorted = append(r.sorted, off)
		}
		sort.Ints(r.sorted)
		r.byOff = byOff
	}
	i := sort.SearchInts(r.sorted, at+1) - 1
	if i < 0 {
		return 0, false
	}
	return r.byOff[r.sorted[i]], true
}

func (r *rawPDF) indexObjStm(n int, s *pdfStream) {
	body, err := r.decode(s)
	if err != nil {
		return
	}
	count, _ := r.resolve(s.dict["N"]).(float64)
	l := &pdfLexer{b: body}
	for i := 0; i < int(count) && i < 100000; i++ {
		num, ok1 := l.object(nil).(float64)
		_, ok2 := l.object(nil).(float64)
		if !ok1 || !ok2 {
			return
		}
		if _, direct := r.offs[int(num)]; !direct {
			r.inStm[int(num)] = [2]int{n, i}
		}
	}
}

// get returns an object by number (nil when absent or unreadable).
func (r *rawPDF) get(ref pdfRef) any {
	n := int(ref)
	if v, ok := r.cache[n]; ok {
		return v
	}
	if r.depth > 32 {
		return nil
	}
	r.depth++
	defer func() { r.depth-- }()
	r.cache[n] = nil // a reference to itself reads as null
	var v any
	if off, ok := r.offs[n]; ok {
		l := &pdfLexer{b: r.data, p: off}
		v = l.object(r)
	} else if at, ok := r.inStm[n]; ok {
		v = r.fromObjStm(at[0], at[1])
	}
	r.cache[n] = v
	return v
}

func (r *rawPDF) fromObjStm(stm, index int) any {
	s, ok := r.get(pdfRef(stm)).(*pdfStream)
	if !ok {
		return nil
	}
	body, ok := r.stms[stm]
	if !ok {
		var err error
		if body, err = r.decode(s); err != nil {
			body = nil
		}
		r.stms[stm] = body
	}
	first, _ := r.resolve(s.dict["First"]).(float64)
	l := &pdfLexer{b: body}
	off := -1
	for i := 0; i <= index; i++ {
		l.object(nil)
		o, ok := l.object(nil).(float64)
		if !ok {
			return nil
		}
		off = int(o)
	}
	p := int(first) + off
	if off < 0 || p < 0 || p >= len(body) {
		return nil
	}
	return (&pdfLexer{b: body, p: p}).object(r)
}

func (r *rawPDF) resolve(v any) any {
	if ref, ok := v.(pdfRef); ok {
		return r.get(ref)
	}
	return v
}

func (r *rawPDF) dict(v any) map[string]any {
	switch d := r.resolve(v).(type) {
	case map[string]any:
		return d
	case *pdfStream:
		return d.dict
	}
	return nil
}

func (r *rawPDF) array(v any) []any {
	a, _ := r.resolve(v).([]any)
	return a
}

func (r *rawPDF) number(v any, def float64) float64 {
	if f, ok := r.resolve(v).(float64); ok {
		return f
	}
	return def
}

// decode applies a stream's filters; an unknown filter is an error.
func (r *rawPDF) decode(s *pdfStream) ([]byte, error) {
	var filters []any
	switch f := r.resolve(s.dict["Filter"]).(type) {
	case pdfName:
		filters = []any{f}
	case []any:
		filters = f
	}
	parms := []any{s.dict["DecodeParms"]}
	if a := r.array(s.dict["DecodeParms"]); a != nil {
		parms = a
	}
	for _, p := range parms {
		if r.number(r.dict(p)["Predictor"], 1) > 1 {
			return nil, errors.New("predictor") // not used in content streams
		}
	}
	b := s.raw
	for _, f := range filters {
		switch r.resolve(f) {
		case pdfName("FlateDecode"), pdfName("Fl"):
			zr, err := zlib.NewReader(bytes.NewReader(b))
			if err != nil {
				return nil, err
			}
			out, err := io.ReadAll(io.LimitReader(zr, maxRawDecoded))
			if err != nil && len(out) == 0 {
				return nil, err
			}
			b = out
		case pdfName("ASCII85Decode"), pdfName("A85"):
			in := bytes.TrimSpace(b)
			if i := bytes.Index(in, []byte("~>")); i >= 0 {
				in = in[:i]
			}
			in = bytes.TrimPrefix(in, []byte("<~"))
			out := make([]byte, 4*len(in)+4)
			n, _, err := ascii85.Decode(out, in, true)
			if err != nil {
				return nil, err
			}
			b = out[:n]
		case pdfName("ASCIIHexDecode"), pdfName("AHx"):
			var h []byte
			for _, c := range b {
				if c == '>' {
					break
				}
				if isHex(c) {
					h = append(h, c)
				}
			}
			if len(h)%2 == 1 {
				h = append(h, '0')
			}
			out := make([]byte, len(h)/2)
			if _, err := hex.Decode(out, h); err != nil {
				return nil, err
			}
			b = out
		default:
			return nil, errors.New("unsupported filter")
		}
	}
	return b, nil
}

// pages lists the page dictionaries in order, each with the resources
// it inherits.
func (r *rawPDF) pages() []map[string]any {
	root := r.dict(r.trailer["Root"])
	var out []map[string]any
	seen := map[any]bool{}
	var walk func(node any, res any, depth int)
	walk = func(node any, res any, depth int) {
		if depth > 32 || len(out) > maxPDFPages {
			return
		}
		if ref, ok := node.(pdfRef); ok {
			if seen[ref] {
				return
			}
			seen[ref] = true
		}
		d := r.dict(node)
		if d == nil {
			return
		}
		if d["Resources"] != nil {
			res = d["Resources"]
		}
		if kids := r.array(d["Kids"]); kids != nil && d["Type"] != pdfName("Page") {
			for _, k := range kids {
				walk(k, res, depth+1)
			}
			return
		}
		p := map[string]any{}
		for k, v := range d {
			p[k] = v
		}
		p["Resources"] = res
		out = append(out, p)
	}
	if root != nil {
		walk(root["Pages"], nil, 0)
	}
	return out
}

// contents is a page's content, its streams joined.
func (r *rawPDF) contents(page map[string]any) []byte {
	var parts []any
	switch c := r.resolve(page["Contents"]).(type) {
	case *pdfStream:
		parts = []any{c}
	case []any:
		parts = c
	}
	var out []byte
	for _, p := range parts {
		if s, ok := r.resolve(p).(*pdfStream); ok {
			if b, err := r.decode(s); err == nil {
				out = append(append(out, b...), '\n')
			}
		}
	}
	return out
}

// pdfLexer reads PDF objects, and in content streams operators as
// pdfKeyword.
type pdfLexer struct {
	b []byte
	p int
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	return bytes.IndexByte([]byte("()<>[]{}/%"), c) >= 0
}

func isRegular(c byte) bool { return !isSpace(c) && !isDelim(c) }

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func (l *pdfLexer) skip() {
	for l.p < len(l.b) {
		c := l.b[l.p]
		switch {
		case isSpace(c):
			l.p++
		case c == '%':
			for l.p < len(l.b) && l.b[l.p] != '\n' && l.b[l.p] != '\r' {
				l.p++
			}
		default:
			return
		}
	}
}

// pdfEnd marks the end of the input, pdfClose a closing "]" or ">>".
type pdfEnd struct{}
type pdfClose struct{}

// object reads the next object; with r, "n g R" is a reference and a
// dictionary followed by "stream" a stream.
func (l *pdfLexer) object(r *rawPDF) any {
	return l.objectDepth(r, 0)
}

func (l *pdfLexer) objectDepth(r *rawPDF, depth int) any {
	l.skip()
	if l.p >= len(l.b) {
		return pdfEnd{}
	}
	if depth > 64 {
		l.p = len(l.b)
		return pdfEnd{}
	}
	c := l.b[l.p]
	switch {
	case c == '/':
		l.p++
		var name []byte
		for l.p < len(l.b) && isRegular(l.b[l.p]) {
			if l.b[l.p] == '#' && l.p+2 < len(l.b) && isHex(l.b[l.p+1]) && isHex(l.b[l.p+2]) {
				v, _ := strconv.ParseUint(string(l.b[l.p+1:l.p+3]), 16, 8)
				name = append(name, byte(v))
				l.p += 3
				continue
			}
			name = append(name, l.b[l.p])
			l.p++
		}
		return pdfName(name)
	case c == '(':
		return l.literal()
	case c == '<' && l.p+1 < len(l.b) && l.b[l.p+1] == '<':
		l.p += 2
		d := map[string]any{}
		for {
			k := l.objectDepth(r, depth+1)
			name, ok := k.(pdfName)
			if !ok {
				break
			}
			v := l.objectDepth(r, depth+1)
			if _, bad := v.(pdfClose); bad {
				break
			}
			if _, end := v.(pdfEnd); end {
				break
			}
			d[string(name)] = v
		}
		if r != nil {
			save := l.p
			l.skip()
			if bytes.HasPrefix(l.b[l.p:], []byte("stream")) {
				return l.stream(r, d)
			}
			l.p = save
		}
		return d
	case c == '<':
		l.p++
		var h []byte
		for l.p < len(l.b) && l.b[l.p] != '>' {
			if isHex(l.b[l.p]) {
				h = append(h, l.b[l.p])
			}
			l.p++
		}
		l.p++
		if len(h)%2 == 1 {
			h = append(h, '0')
		}
		out := make([]byte, len(h)/2)
		hex.Decode(out, h)
		return out
	case c == '>' && l.p+1 < len(l.b) && l.b[l.p+1] == '>':
		l.p += 2
		return pdfClose{}
	case c == '[':
		l.p++
		a := []any{}
		for {
			v := l.objectDepth(r, depth+1)
			switch v.(type) {
			case pdfClose, pdfEnd:
				return a
			}
			a = append(a, v)
		}
	case c == ']':
		l.p++
		return pdfClose{}
	case isDelim(c):
		l.p++
		return pdfKeyword(c)
	}
	start := l.p
	for l.p < len(l.b) && isRegular(l.b[l.p]) {
		l.p++
	}
	tok := string(l.b[start:l.p])
	if f, err := strconv.ParseFloat(tok, 64); err == nil {
		if r != nil && tok[0] != '-' && tok[0] != '+' && !bytes.ContainsAny([]byte(tok), ".eE") {
			// "n g R" is a reference.
			save := l.p
			l.skip()
			s2 := l.p
			for l.p < len(l.b) && l.b[l.p] >= '0' && l.b[l.p] <= '9' {
				l.p++
			}
			if l.p > s2 {
				l.skip()
				if l.p < len(l.b) && l.b[l.p] == 'R' && (l.p+1 == len(l.b) || !isRegular(l.b[l.p+1])) {
					l.p++
					return pdfRef(int(f))
				}
			}
			l.p = save
		}
		return f
	}
	switch tok {
	case "true":
		return true
	case "false":
		return false
	case "null":
		return nil
	}
	return pdfKeyword(tok)
}

func (l *pdfLexer) literal() []byte {
	l.p++
	var out []byte
	depth := 1
	for l.p < len(l.b) {
		c := l.b[l.p]
		l.p++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return out
			}
		case '\\':
			if l.p >= len(l.b) {
				return out
			}
			e := l.b[l.p]
			l.p++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if l.p < len(l.b) && l.b[l.p] == '\n' {
					l.p++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.p < len(l.b) && l.b[l.p] >= '0' && l.b[l.p] <= '7'; k++ {
						v = v*8 + int(l.b[l.p]-'0')
						l.p++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		out = append(out, c)
	}
	return out
}

func (l *pdfLexer) stream(r *rawPDF, d map[string]any) *pdfStream {
	l.p += len("stream")
	if l.p < len(l.b) && l.b[l.p] == '\r' {
		l.p++
	}
	if l.p < len(l.b) && l.b[l.p] == '\n' {
		l.p++
	}
	start := l.p
	if n, ok := r.resolve(d["Length"]).(float64); ok && n >= 0 && start+int(n) <= len(l.b) {
		end := start + int(n)
		rest := bytes.TrimLeft(l.b[end:min(end+32, len(l.b))], " \r\n\t\f\x00")
		if bytes.HasPrefix(rest, []byte("endstream")) {
			l.p = end
			return &pdfStream{dict: d, raw: l.b[start:end]}
		}
	}
	i := bytes.Index(l.b[start:], []byte("endstream"))
	if i < 0 {
		l.p = len(l.b)
		return &pdfStream{dict: d, raw: l.b[start:]}
	}
	end := start + i
	for end > start && (l.b[end-1] == '\n' || l.b[end-1] == '\r') {
		end--
	}
	l.p = start + i
	return &pdfStream{dict: d, raw: l.b[start:end]}
}
