package reports

import (
	"bytes"
	"math"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// The text of Chinese fonts a PDF names but does not embed, read from the
// content streams (see pdf_raw.go for why). A code means a character by
// the font's /ToUnicode map or, without one, by its predefined CMap: the
// Unicode ones (UniGB-UCS2-H, UniGB-UTF16-H …) are Unicode already, and
// the GB ones (GBK-EUC-H, GB-EUC-H, GBK2K-H …) are GBK or GB 18030 codes,
// which golang.org/x/text decodes. A code that neither says is counted as
// unreadable, never guessed.

// rawFont says how a font's strings split into codes and what each means.
type rawFont struct {
	codeLen  func(b []byte) int
	predef   func(code []byte) string // "" when the encoding does not say
	toUni    map[string]string        // from /ToUnicode
	widths   map[int]float64          // CID → width, 1/1000 em
	dw       float64
	cidOf    func(code []byte) int // -1 when unknown
	asc, dsc float64
	// pdfiumReads: PDFium decodes the codes without this reader: by the
	// same maps, or by its tables of Adobe's character collections.
	pdfiumReads bool
}

// rawFontOf reads a font resource; nil for a font PDFium reads itself (one
// embedded, or not a composite font).
func (r *rawPDF) rawFontOf(v any) *rawFont {
	d := r.dict(v)
	if d == nil || d["Subtype"] != pdfName("Type0") {
		return nil
	}
	desc := r.array(d["DescendantFonts"])
	if len(desc) == 0 {
		return nil
	}
	cf := r.dict(desc[0])
	fd := r.dict(cf["FontDescriptor"])
	if cf == nil || fd["FontFile"] != nil || fd["FontFile2"] != nil || fd["FontFile3"] != nil {
		return nil
	}
	f := &rawFont{widths: map[int]float64{}, dw: r.number(cf["DW"], 1000),
		asc: r.number(fd["Ascent"], 880), dsc: r.number(fd["Descent"], -120)}
	if f.asc <= 0 || f.asc > 2000 {
		f.asc = 880
	}
	if f.dsc >= 0 || f.dsc < -1000 {
		f.dsc = -120
	}
	w := r.array(cf["W"])
	for i := 0; i+1 < len(w) && len(f.widths) < 70000; {
		first, ok := r.resolve(w[i]).(float64)
		if !ok {
			break
		}
		if ws, ok := r.resolve(w[i+1]).([]any); ok {
			for k, x := range ws {
				f.widths[int(first)+k] = r.number(x, f.dw)
			}
			i += 2
			continue
		}
		if i+2 >= len(w) {
			break
		}
		last, wd := r.number(w[i+1], first), r.number(w[i+2], f.dw)
		for c := int(first); c <= int(last) && c-int(first) < 70000; c++ {
			f.widths[c] = wd
		}
		i += 3
	}
	info := r.dict(cf["CIDSystemInfo"])
	reg, _ := r.resolve(info["Registry"]).([]byte)
	ord, _ := r.resolve(info["Ordering"]).([]byte)
	switch string(ord) {
	case "GB1", "CNS1", "Japan1", "Korea1":
		f.pdfiumReads = string(reg) == "Adobe"
	}
	enc, _ := r.resolve(d["Encoding"]).(pdfName)
	// A vertical CMap maps codes as its horizontal twin does; only the
	// direction of the advance differs, and a dropped object, one
	// character, is found by where it starts.
	if base, ok := strings.CutSuffix(string(enc), "-V"); ok {
		enc = pdfName(base + "-H")
	}
	two := func(b []byte) int { return min(2, len(b)) }
	ascii := func(u rune) int {
		if u >= 0x20 && u <= 0x7e {
			return int(u) - 0x1f // Adobe-GB1 CIDs 1–95: proportional ASCII
		}
		return -1
	}
	switch enc {
	case "UniGB-UCS2-H":
		f.codeLen = two
		f.predef = func(c []byte) string {
			if len(c) < 2 {
				return ""
			}
			return string(rune(c[0])<<8 | rune(c[1]))
		}
	case "UniGB-UTF16-H":
		f.codeLen = func(b []byte) int {
			if len(b) >= 4 && b[0] >= 0xd8 && b[0] <= 0xdb {
				return 4
			}
			return two(b)
		}
		f.predef = func(c []byte) string {
			if len(c) < 2 {
				return ""
			}
			u := make([]uint16, 0, 2)
			for i := 0; i+1 < len(c); i += 2 {
				u = append(u, uint16(c[i])<<8|uint16(c[i+1]))
			}
			return string(utf16.Decode(u))
		}
	case "UniGB-UTF8-H":
		f.codeLen = func(b []byte) int {
			_, n := utf8.DecodeRune(b)
			return max(n, 1)
		}
		f.predef = func(c []byte) string {
			if u, _ := utf8.DecodeRune(c); u != utf8.RuneError {
				return string(u)
			}
			return ""
		}
	case "GBK-EUC-H", "GB-EUC-H", "GBpc-EUC-H", "GBKp-EUC-H", "GBK2K-H":
		gb18030 := enc == "GBK2K-H"
		f.codeLen = func(b []byte) int {
			switch {
			case len(b) < 2 || b[0] < 0x81:
				return 1
			case gb18030 && len(b) >= 4 && b[1] >= 0x30 && b[1] <= 0x39:
				return 4
			}
			return 2
		}
		f.predef = func(c []byte) string {
			if len(c) == 1 {
				if c[0] >= 0x20 && c[0] <= 0x7e {
					return string(rune(c[0]))
				}
				return ""
			}
			dec := simplifiedchinese.GBK.NewDecoder()
			if gb18030 {
				dec = simplifiedchinese.GB18030.NewDecoder()
			}
			s, err := dec.Bytes(c)
			if err != nil || strings.ContainsRune(string(s), utf8.RuneError) {
				return ""
			}
			return string(s)
		}
	case "Identity-H":
		f.codeLen = two
		f.cidOf = func(c []byte) int {
			if len(c) < 2 {
				return -1
			}
			return int(c[0])<<8 | int(c[1])
		}
	default:
		// An embedded CMap stream or an encoding of another script: only
		// a /ToUnicode map can say what the codes are.
		f.codeLen = nil
	}
	if f.cidOf == nil && f.predef != nil {
		pre := f.predef
		f.cidOf = func(c []byte) int {
			if s := []rune(pre(c)); len(s) == 1 {
				return ascii(s[0])
			}
			return -1
		}
	}
	if s, ok := r.resolve(d["ToUnicode"]).(*pdfStream); ok {
		if b, err := r.decode(s); err == nil {
			lens := parseToUnicode(b, f)
			if f.codeLen == nil && len(lens) > 0 {
				f.codeLen = func(b []byte) int {
					for _, n := range lens {
						if n <= len(b) {
							return n
						}
					}
					return 1
				}
			}
		}
	}
	if f.codeLen == nil {
		f.codeLen = two
	}
	if f.predef != nil || len(f.toUni) > 0 {
		f.pdfiumReads = true
	}
	return f
}

// bareFonts: the page, or a form it draws, names a composite font that the
// file does not embed.
func (r *rawPDF) bareFonts(page map[string]any) bool {
	seen := map[pdfRef]bool{}
	var check func(res map[string]any, depth int) bool
	check = func(res map[string]any, depth int) bool {
		for _, f := range r.dict(res["Font"]) {
			if ref, ok := f.(pdfRef); ok {
				if seen[ref] {
					continue
				}
				seen[ref] = true
			}
			if r.rawFontOf(f) != nil {
				return true
			}
		}
		if depth >= maxPDFFormDepth {
			return false
		}
		for _, x := range r.dict(res["XObject"]) {
			if ref, ok := x.(pdfRef); ok {
				if seen[ref] {
					continue
				}
				seen[ref] = true
			}
			if s, ok := r.resolve(x).(*pdfStream); ok && s.dict["Subtype"] == pdfName("Form") {
				if fr := r.dict(s.dict["Resources"]); fr != nil && check(fr, depth+1) {
					return true
				}
			}
		}
		return false
	}
	return check(r.dict(page["Resources"]), 0)
}

// parseToUnicode reads a /ToUnicode CMap into f.toUni and returns the code
// lengths of its code space, longest first.
func parseToUnicode(b []byte, f *rawFont) []int {
	f.toUni = map[string]string{}
	l := &pdfLexer{b: b}
	var ops []any
	seen := map[int]bool{}
	var lens []int
	utf := func(v any) string {
		s, _ := v.([]byte)
		u := make([]uint16, 0, len(s)/2)
		for i := 0; i+1 < len(s); i += 2 {
			u = append(u, uint16(s[i])<<8|uint16(s[i+1]))
		}
		return string(utf16.Decode(u))
	}
	for n := 0; n < 200000; n++ {
		v := l.object(nil)
		if _, end := v.(pdfEnd); end {
			break
		}
		k, ok := v.(pdfKeyword)
		if !ok {
			ops = append(ops, v)
			continue
		}
		switch k {
		case "endcodespacerange":
			for i := 0; i+1 < len(ops); i += 2 {
				if s, ok := ops[i].([]byte); ok && len(s) > 0 && !seen[len(s)] {
					seen[len(s)] = true
					lens = append(lens, len(s))
				}
			}
		case "endbfchar":
			for i := 0; i+1 < len(ops); i += 2 {
				if c, ok := ops[i].([]byte); ok {
					f.toUni[string(c)] = utf(ops[i+1])
				}
			}
		case "endbfrange":
			for i := 0; i+2 < len(ops); i += 3 {
				lo, ok1 := ops[i].([]byte)
				hi, ok2 := ops[i+1].([]byte)
				if !ok1 || !ok2 || len(lo) != len(hi) || len(lo) == 0 || len(lo) > 4 {
					continue
				}
				a, z := codeValue(lo), codeValue(hi)
				if z < a || z-a > 65535 {
					continue
				}
				for c := a; c <= z; c++ {
					code := codeBytes(c, len(lo))
					switch dst := ops[i+2].(type) {
					case []byte:
						u := []rune(utf(dst))
						if len(u) == 0 {
							continue
						}
						u[len(u)-1] += rune(c - a)
						f.toUni[string(code)] = string(u)
					case []any:
						if int(c-a) < len(dst) {
							f.toUni[string(code)] = utf(dst[c-a])
						}
					}
				}
			}
		}
		ops = ops[:0]
	}
	for i := range lens {
		for j := i + 1; j < len(lens); j++ {
			if lens[j] > lens[i] {
				lens[i], lens[j] = lens[j], lens[i]
			}
		}
	}
	return lens
}

func codeValue(b []byte) uint32 {
	var v uint32
	for _, c := range b {
		v = v<<8 | uint32(c)
	}
	return v
}

func codeBytes(v uint32, n int) []byte {
	out := make([]byte, n)
	for i := n - 1; i >= 0; i-- {
		out[i] = byte(v)
		v >>= 8
	}
	return out
}

// unicode is what a code means; "" when nothing says.
func (f *rawFont) unicode(code []byte) string {
	s, ok := f.toUni[string(code)]
	if !ok && f.predef != nil {
		s = f.predef(code)
	}
	if strings.ContainsRune(s, utf8.RuneError) || strings.ContainsRune(s, 0) {
		return "" // a broken map says nothing
	}
	return s
}

func (f *rawFont) width(code []byte) float64 {
	if f.cidOf != nil {
		if w, ok := f.widths[f.cidOf(code)]; ok {
			return w
		}
	}
	return f.dw
}

// rawShow is the text one show operator placed in a font read here: where
// it starts (top-left page space) and its characters.
type rawShow struct {
	x, y        float64
	chars       []pdfChar
	lost        int  // codes that nothing here maps to a character
	pdfiumReads bool // PDFium decodes the font (rawFont.pdfiumReads)
}

type rawTextState struct {
	ctm                         affine
	font                        *rawFont
	size, tc, tw, th, tl, trise float64
}

// rawShows runs a page's content (and its forms') and returns the text
// shown in fonts read here.
func (r *rawPDF) rawShows(page map[string]any, toTop affine) []rawShow {
	var out []rawShow
	fonts := map[pdfRef]*rawFont{}
	budget := 2_000_000 // operators, against a crafted content stream
	var run func(content []byte, res map[string]any, ctm affine, depth int)
	run = func(content []byte, res map[string]any, ctm affine, depth int) {
		gs := rawTextState{ctm: ctm, th: 1}
		var stack []rawTextState
		var tm, tlm affine
		var args []any
		fontRes := r.dict(res["Font"])
		xobj := r.dict(res["XObject"])
		show := func(s []byte, adjust []any) {
			if gs.font == nil {
				return
			}
			f := gs.font
			sh := rawShow{pdfiumReads: f.pdfiumReads}
			first := true
			emit := func(code []byte) {
				trm := affine{gs.size * gs.th, 0, 0, gs.size, 0, gs.trise}.then(tm).then(gs.ctm)
				w := f.width(code) / 1000
				if first {
					sh.x, sh.y = trm.then(toTop).apply(0, 0)
					first = false
				}
				u := f.unicode(code)
				if u == "" {
					sh.lost++
				} else {
					x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
					for _, p := range [][2]float64{{0, f.dsc / 1000}, {w, f.dsc / 1000}, {0, f.asc / 1000}, {w, f.asc / 1000}} {
						x, y := trm.then(toTop).apply(p[0], p[1])
						x0, y0, x1, y1 = math.Min(x0, x), math.Min(y0, y), math.Max(x1, x), math.Max(y1, y)
					}
					for _, c := range u {
						sh.chars = append(sh.chars, pdfChar{r: c, x0: x0, y0: y0, x1: x1, y1: y1})
					}
				}
				tx := w*gs.size + gs.tc
				if len(code) == 1 && code[0] == ' ' {
					tx += gs.tw
				}
				tm = affine{1, 0, 0, 1, tx * gs.th, 0}.then(tm)
			}
			for _, a := range adjust {
				switch v := a.(type) {
				case float64:
					tm = affine{1, 0, 0, 1, -v / 1000 * gs.size * gs.th, 0}.then(tm)
				case []byte:
					for len(v) > 0 {
						n := max(1, min(f.codeLen(v), len(v)))
						emit(v[:n])
						v = v[n:]
					}
				}
			}
			if s != nil {
				for len(s) > 0 {
					n := max(1, min(f.codeLen(s), len(s)))
					emit(s[:n])
					s = s[n:]
				}
			}
			if !first {
				out = append(out, sh)
			}
		}
		num := func(i int) float64 {
			if i < len(args) {
				if f, ok := args[i].(float64); ok {
					return f
				}
			}
			return 0
		}
		nextLine := func(tx, ty float64) {
			tlm = affine{1, 0, 0, 1, tx, ty}.then(tlm)
			tm = tlm
		}
		l := &pdfLexer{b: content}
		for budget > 0 {
			budget--
			v := l.object(nil)
			if _, end := v.(pdfEnd); end {
				return
			}
			op, ok := v.(pdfKeyword)
			if !ok {
				if len(args) < 64 {
					args = append(args, v)
				}
				continue
			}
			switch op {
			case "q":
				if len(stack) < 64 {
					stack = append(stack, gs)
				}
			case "Q":
				if n := len(stack); n > 0 {
					gs, stack = stack[n-1], stack[:n-1]
				}
			case "cm":
				if len(args) == 6 {
					gs.ctm = affine{num(0), num(1), num(2), num(3), num(4), num(5)}.then(gs.ctm)
				}
			case "BT":
				tm, tlm = identity, identity
			case "Tf":
				if len(args) == 2 {
					gs.size = num(1)
					gs.font = nil
					if name, ok := args[0].(pdfName); ok && fontRes != nil {
						ref := fontRes[string(name)]
						if key, isRef := ref.(pdfRef); isRef {
							f, seen := fonts[key]
							if !seen {
								f = r.rawFontOf(ref)
								fonts[key] = f
							}
							gs.font = f
						} else {
							gs.font = r.rawFontOf(ref)
						}
					}
				}
			case "Tc":
				gs.tc = num(0)
			case "Tw":
				gs.tw = num(0)
			case "Tz":
				gs.th = num(0) / 100
			case "TL":
				gs.tl = num(0)
			case "Ts":
				gs.trise = num(0)
			case "Td":
				nextLine(num(0), num(1))
			case "TD":
				gs.tl = -num(1)
				nextLine(num(0), num(1))
			case "Tm":
				if len(args) == 6 {
					tlm = affine{num(0), num(1), num(2), num(3), num(4), num(5)}
					tm = tlm
				}
			case "T*":
				nextLine(0, -gs.tl)
			case "Tj":
				if len(args) == 1 {
					s, _ := args[0].([]byte)
					show(s, nil)
				}
			case "'":
				nextLine(0, -gs.tl)
				if len(args) == 1 {
					s, _ := args[0].([]byte)
					show(s, nil)
				}
			case "\"":
				if len(args) == 3 {
					gs.tw, gs.tc = num(0), num(1)
					nextLine(0, -gs.tl)
					s, _ := args[2].([]byte)
					show(s, nil)
				}
			case "TJ":
				if len(args) == 1 {
					a, _ := args[0].([]any)
					show(nil, a)
				}
			case "BI":
				// An inline image: its data is not PDF syntax.
				if i := bytes.Index(content[l.p:], []byte("ID")); i >= 0 {
					l.p += i + 2
					if j := inlineImageEnd(content[l.p:]); j >= 0 {
						l.p += j
					} else {
						l.p = len(content)
					}
				}
			case "Do":
				if len(args) == 1 && depth < maxPDFFormDepth && xobj != nil {
					name, _ := args[0].(pdfName)
					if s, ok := r.resolve(xobj[string(name)]).(*pdfStream); ok && s.dict["Subtype"] == pdfName("Form") {
						m := identity
						if a := r.array(s.dict["Matrix"]); len(a) == 6 {
							m = affine{r.number(a[0], 1), r.number(a[1], 0), r.number(a[2], 0), r.number(a[3], 1), r.number(a[4], 0), r.number(a[5], 0)}
						}
						fres := r.dict(s.dict["Resources"])
						if fres == nil {
							fres = res
						}
						if body, err := r.decode(s); err == nil {
							run(body, fres, m.then(gs.ctm), depth+1)
						}
					}
				}
			}
			args = args[:0]
		}
	}
	run(r.contents(page), r.dict(page["Resources"]), identity, 0)
	return out
}

// inlineImageEnd finds the end of an inline image's data: "EI" standing
// alone; -1 when there is none.
func inlineImageEnd(b []byte) int {
	for i := 0; i+1 < len(b); i++ {
		if b[i] == 'E' && b[i+1] == 'I' && i > 0 && isSpace(b[i-1]) && (i+2 == len(b) || !isRegular(b[i+2])) {
			return i + 2
		}
	}
	return -1
}
