package xlsxmark

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// excelize adds a comment to a sheet only if the sheet's comments and VML
// drawing lie where excelize writes them itself: the comments at
// xl/commentsN.xml and the VML at xl/drawings/vmlDrawingN.vml with the same
// N, both named relative to the sheet, and every VML shape's id of the form
// _x0000_sM (it parses M). Other writers do otherwise: LibreOffice names
// its shapes shape_0, shape_1…, and excelize stopped on them with
// `strconv.Atoi: parsing "shape_0"`; openpyxl writes xl/comments/comment1.xml
// and xl/drawings/commentsDrawing1.vml named from the root, and excelize
// wrote the new comments to a part no sheet refers to (the copy showed none
// of them) and the VML to a zip entry named "/xl/…". normalizeComments moves
// and renames, in the copy, what excelize would misread. The clerk's
// comments stay as they are, but for those on a marked cell: a cell holds
// one comment, so the clerk's text goes into the new one, below the reasons.

const (
	relComments = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
	relVML      = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing"
	typeComment = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
	typeVML     = "application/vnd.openxmlformats-officedocument.vmlDrawing"
	nsVML       = "urn:schemas-microsoft-com:vml"
)

var (
	sheetRelsName = regexp.MustCompile(`^xl/worksheets/_rels/([^/]+\.xml)\.rels$`)
	relElement    = regexp.MustCompile(`<(?:[\w.-]+:)?Relationship\b[^>]*>`)
	legacyDrawing = regexp.MustCompile(`<(?:[\w.-]+:)?legacyDrawing\b[^>]*?\b(?:[\w.-]+:)?id\s*=\s*["']([^"']*)["']`)
	canonComments = regexp.MustCompile(`^\.\./comments([1-9][0-9]*)\.xml$`)
	canonVML      = regexp.MustCompile(`^\.\./drawings/vmlDrawing([1-9][0-9]*)\.vml$`)
	shapeID       = regexp.MustCompile(`^_x0000_s[0-9]+$`)
)

// attr returns the value of the attribute name of the element el (its text).
func attr(el []byte, name string) (string, bool) {
	m := regexp.MustCompile(`\s` + name + `\s*=\s*(?:"([^"]*)"|'([^']*)')`).FindSubmatch(el)
	if m == nil {
		return "", false
	}
	return html.UnescapeString(string(m[1]) + string(m[2])), true
}

// setTarget returns the relationship element el with its target t.
func setTarget(el []byte, t string) []byte {
	re := regexp.MustCompile(`(\sTarget\s*=\s*)(?:"[^"]*"|'[^']*')`)
	return re.ReplaceAll(el, []byte(`${1}"`+html.EscapeString(t)+`"`))
}

// resolve names the part a relationship of the part from points at.
func resolve(from, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return path.Clean(path.Join(path.Dir(from), target))
}

// A commented sheet: its relationships part, its comments and VML parts
// (""  for none) and the relationship elements naming them.
type commented struct {
	rels              string
	relsXML           []byte
	comments, vml     string
	commentsEl, vmlEl []byte
	commentsN, vmlN   int  // the N of its parts' names, 0 if not excelize's
	number            int  // the N of its parts in the copy
	canonical         bool // number is the N it has
	name              string
}

// A cellKey is a cell of a sheet named as the workbook names it.
type cellKey struct{ sheet, cell string }

// A clerkNote is the comment a marked cell had.
type clerkNote struct{ author, text string }

// normalizeComments gives every sheet's comments and VML drawing the names
// excelize assumes and the VML shapes ids it can parse. The comments of
// the cells in marked (by sheet, then cell) are taken out, their shapes
// too, and returned: excelize deletes a comment's shape by where its box
// is drawn, not by its cell, and so deleted another comment's shape or
// none (LibreOffice and openpyxl draw the boxes elsewhere).
func normalizeComments(p *pkg, marked map[string]map[string]bool) (map[cellKey]clerkNote, error) {
	names, err := sheetNames(p)
	if err != nil {
		return nil, err
	}
	notes := map[cellKey]clerkNote{}
	var relsNames []string
	for name := range p.have {
		if sheetRelsName.MatchString(name) {
			relsNames = append(relsNames, name)
		}
	}
	sort.Strings(relsNames)
	var sheets []*commented
	involved := map[string]bool{}
	for _, rels := range relsNames {
		sheet := "xl/worksheets/" + sheetRelsName.FindStringSubmatch(rels)[1]
		relsXML, err := p.part(rels)
		if err != nil {
			return nil, err
		}
		s := &commented{rels: rels, relsXML: relsXML, name: names[sheet]}
		vmlRels := map[string][]byte{}
		for _, el := range relElement.FindAll(relsXML, -1) {
			typ, _ := attr(el, "Type")
			target, _ := attr(el, "Target")
			if mode, _ := attr(el, "TargetMode"); mode == "External" || target == "" {
				continue
			}
			switch typ {
			case relComments:
				if s.comments == "" && p.have[resolve(sheet, target)] != nil {
					s.comments, s.commentsEl = resolve(sheet, target), el
				}
			case relVML:
				if id, ok := attr(el, "Id"); ok && p.have[resolve(sheet, target)] != nil {
					vmlRels[id] = el
				}
			}
		}
		if len(vmlRels) > 0 && p.have[sheet] != nil {
			// Which VML holds the comments the sheet says (a second one
			// may draw its header and footer).
			b, err := readAll(p.have[sheet])
			if err != nil {
				return nil, err
			}
			if m := legacyDrawing.FindSubmatch(b); m != nil && vmlRels[string(m[1])] != nil {
				s.vmlEl = vmlRels[string(m[1])]
				target, _ := attr(s.vmlEl, "Target")
				s.vml = resolve(sheet, target)
			}
		}
		if s.comments == "" && s.vml == "" {
			continue
		}
		if s.comments != "" {
			involved[s.comments] = true
			t, _ := attr(s.commentsEl, "Target")
			if m := canonComments.FindStringSubmatch(t); m != nil {
				s.commentsN, _ = strconv.Atoi(m[1])
			}
		}
		if s.vml != "" {
			involved[s.vml] = true
			t, _ := attr(s.vmlEl, "Target")
			if m := canonVML.FindStringSubmatch(t); m != nil {
				s.vmlN, _ = strconv.Atoi(m[1])
			}
		}
		sheets = append(sheets, s)
	}
	if len(sheets) == 0 {
		return notes, nil
	}

	// Number the sheets' parts. A name taken by a part that stays is not
	// given again. Sheets with comments come first; excelize numbers the
	// parts of a sheet that gets its first comment from the count of
	// comments parts up, so the VML of a sheet without comments is numbered
	// past those.
	taken := func(n int) bool {
		for _, name := range []string{fmt.Sprintf("xl/comments%d.xml", n), fmt.Sprintf("xl/drawings/vmlDrawing%d.vml", n)} {
			if p.have[name] != nil && !involved[name] {
				return true
			}
		}
		return false
	}
	used := map[int]bool{}
	worksheets, commentParts := 0, 0
	for name := range p.have {
		if strings.HasPrefix(name, "xl/worksheets/") && strings.HasSuffix(name, ".xml") && !strings.Contains(name, "/_rels/") {
			worksheets++
		}
		if strings.Contains(name, "xl/comments") && !involved[name] {
			commentParts++
		}
	}
	for _, s := range sheets {
		if s.comments != "" {
			commentParts++
		}
	}
	// A sheet already laid out as excelize lays it out keeps its number.
	for _, s := range sheets {
		n := s.vmlN
		ok := n > 0 && s.vml != "" && (s.comments == "" || s.commentsN == n) && !used[n] && !taken(n)
		if ok && s.comments == "" {
			ok = n > commentParts+worksheets
		}
		if ok {
			s.number, s.canonical, used[n] = n, true, true
		}
	}
	next := 1
	for pass := 0; pass < 2; pass++ {
		if pass == 1 {
			next = max(next, commentParts+worksheets+1)
		}
		for _, s := range sheets {
			if s.canonical || (pass == 0) != (s.comments != "") {
				continue
			}
			for used[next] || taken(next) {
				next++
			}
			s.number, used[next] = next, true
		}
	}

	typesXML, err := p.part("[Content_Types].xml")
	if err != nil {
		return nil, err
	}
	shapeNext := maxShapeID(p, sheets) + 1
	for _, s := range sheets {
		relsXML := s.relsXML
		var cutCells map[[2]int]bool // the rows and columns (from 0) of the comments taken out
		if s.comments != "" && len(marked[s.name]) > 0 {
			b, err := readAll(p.have[s.comments])
			if err != nil {
				return nil, err
			}
			b, cut, err := takeComments(b, marked[s.name])
			if err != nil {
				return nil, fmt.Errorf("%s: %w", s.comments, err)
			}
			if len(cut) > 0 {
				p.put[fmt.Sprintf("xl/comments%d.xml", s.number)] = b
				cutCells = map[[2]int]bool{}
				for cell, note := range cut {
					notes[cellKey{s.name, cell}] = note
					col, row, err := excelize.CellNameToCoordinates(cell)
					if err == nil {
						cutCells[[2]int{row - 1, col - 1}] = true
					}
				}
			}
		}
		if s.comments != "" {
			name := fmt.Sprintf("xl/comments%d.xml", s.number)
			if relsXML, typesXML, err = p.movePart(relsXML, typesXML, s.commentsEl, s.comments, name, typeComment); err != nil {
				return nil, err
			}
		}
		if s.vml != "" {
			name := fmt.Sprintf("xl/drawings/vmlDrawing%d.vml", s.number)
			if relsXML, typesXML, err = p.movePart(relsXML, typesXML, s.vmlEl, s.vml, name, typeVML); err != nil {
				return nil, err
			}
			b, err := readAll(p.have[s.vml])
			if err != nil {
				return nil, err
			}
			// A drawing that is not even loose XML is left to excelize.
			if fixed, changed, err := fixVML(b, &shapeNext, cutCells); err == nil && changed {
				p.put[name] = fixed
			}
		}
		if !bytes.Equal(relsXML, s.relsXML) {
			p.put[s.rels] = relsXML
		}
	}
	if old, _ := p.part("[Content_Types].xml"); !bytes.Equal(old, typesXML) {
		p.put["[Content_Types].xml"] = typesXML
	}
	return notes, nil
}

// movePart moves the part old, which the sheet's relationship el (in
// relsXML) points to, to name where excelize looks for it: the
// relationship's target, the content type and the part's own
// relationships follow it.
func (p *pkg) movePart(relsXML, typesXML, el []byte, old, name, typ string) ([]byte, []byte, error) {
	relsXML = bytes.Replace(relsXML, el, setTarget(el, "../"+strings.TrimPrefix(name, "xl/")), 1)
	typesXML, err := moveType(typesXML, old, name, typ)
	if err != nil || name == old {
		return relsXML, typesXML, err
	}
	p.rename[old] = name
	return relsXML, typesXML, moveRels(p, old, name)
}

// moveType gives the part moved from old to name the content type old had,
// or typ.
func moveType(typesXML []byte, old, name, typ string) ([]byte, error) {
	if old != name {
		re := regexp.MustCompile(`(<(?:[\w.-]+:)?Override\b[^>]*\bPartName\s*=\s*["'])/` + regexp.QuoteMeta(old) + `(["'])`)
		typesXML = re.ReplaceAll(typesXML, []byte(`${1}/`+name+`${2}`))
	}
	if typ == typeVML && regexp.MustCompile(`<(?:[\w.-]+:)?Default\b[^>]*\bExtension\s*=\s*["']vml["']`).Match(typesXML) {
		return typesXML, nil
	}
	return addOverride(typesXML, name, typ)
}

// moveRels moves the relationships of the part old (pictures in a VML) to
// those of name; relative targets are made absolute should the folder change.
func moveRels(p *pkg, old, name string) error {
	oldRels := path.Join(path.Dir(old), "_rels", path.Base(old)+".rels")
	if p.have[oldRels] == nil {
		return nil
	}
	newRels := path.Join(path.Dir(name), "_rels", path.Base(name)+".rels")
	if path.Dir(old) == path.Dir(name) {
		p.rename[oldRels] = newRels
		return nil
	}
	b, err := p.part(oldRels)
	if err != nil {
		return err
	}
	b = relElement.ReplaceAllFunc(b, func(el []byte) []byte {
		target, _ := attr(el, "Target")
		if mode, _ := attr(el, "TargetMode"); mode == "External" || target == "" || strings.HasPrefix(target, "/") {
			return el
		}
		return setTarget(el, "/"+resolve(old, target))
	})
	p.rename[oldRels] = newRels
	p.put[newRels] = b
	return nil
}

// maxShapeID is the largest M of the shape ids _x0000_sM in the sheets' VML.
func maxShapeID(p *pkg, sheets []*commented) int {
	m := 1024 // Excel's first shape is _x0000_s1025
	re := regexp.MustCompile(`\bid\s*=\s*["']_x0000_s([0-9]{1,9})["']`)
	for _, s := range sheets {
		if s.vml == "" {
			continue
		}
		b, err := readAll(p.have[s.vml])
		if err != nil {
			continue
		}
		for _, id := range re.FindAllSubmatch(b, -1) {
			n, _ := strconv.Atoi(string(id[1]))
			m = max(m, n)
		}
	}
	return m
}

// Prefixes of the VML namespaces as excelize writes them: it keeps a
// shape's inner XML as it is but writes the element around it, and the
// drawing's root, with these prefixes declared only.
var vmlPrefixes = map[string]string{
	nsVML: "v",
	"urn:schemas-microsoft-com:office:office": "o",
	"urn:schemas-microsoft-com:office:excel":  "x",
}

// fixVML rewrites a VML drawing excelize could not add a shape to: a
// shape whose id is not _x0000_sM (LibreOffice's shape_0) gets the id
// _x0000_s<*next> (a shape's id is named by nothing else in a workbook;
// controls name shapes by M), and namespaces declared below the root
// (openpyxl declares them on every element, with prefixes ns0, ns1…) are
// declared on the root with excelize's prefixes, else the inner XML
// excelize keeps of a shape would use prefixes no longer declared. The
// note shapes of the cells in drop (row and column from 0, as VML counts)
// are left out. A drawing that needs none of it is returned as it is.
func fixVML(b []byte, next *int, drop map[[2]int]bool) ([]byte, bool, error) {
	toks, err := vmlTokens(b)
	if err != nil {
		return nil, false, err
	}
	need, depth := false, 0
	spaces := map[string]bool{}
	skip := map[int]int{} // first token of a dropped shape -> its end token
	for i, t := range toks {
		switch t := t.(type) {
		case xml.StartElement:
			if isShape(t) {
				if id, _ := getAttr(t, "id"); !shapeID.MatchString(id) {
					need = true
				}
				if end, cell, ok := noteCell(toks, i); ok && drop[cell] {
					skip[i], need = end, true
				}
			}
			if t.Name.Space != "" {
				spaces[t.Name.Space] = true
			}
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
					if depth > 0 {
						need = true
					}
				} else if a.Name.Space != "" {
					spaces[a.Name.Space] = true
				}
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if !need {
		return b, false, nil
	}
	prefix := map[string]string{}
	var decl []string
	var uris []string
	for uri := range spaces {
		uris = append(uris, uri)
	}
	sort.Strings(uris)
	n := 0
	for _, uri := range uris {
		pfx, ok := vmlPrefixes[uri]
		if !ok {
			if uri == "urn:schemas-microsoft-com:office:word" {
				pfx = "w10"
			} else if !strings.Contains(uri, ":") {
				// A prefix never declared (the decoder is lenient): kept.
				prefix[uri] = uri
				continue
			} else {
				n++
				pfx = fmt.Sprintf("ns%d", n)
			}
		}
		prefix[uri] = pfx
		decl = append(decl, fmt.Sprintf(` xmlns:%s="%s"`, pfx, html.EscapeString(uri)))
	}
	name := func(nm xml.Name) string {
		if nm.Space == "" {
			return nm.Local
		}
		return prefix[nm.Space] + ":" + nm.Local
	}
	var out bytes.Buffer
	depth = 0
	for i := 0; i < len(toks); i++ {
		if end, ok := skip[i]; ok {
			i = end
			continue
		}
		switch t := toks[i].(type) {
		case xml.ProcInst:
			fmt.Fprintf(&out, "<?%s %s?>", t.Target, t.Inst)
		case xml.Directive:
			fmt.Fprintf(&out, "<!%s>", t)
		case xml.Comment:
			fmt.Fprintf(&out, "<!--%s-->", t)
		case xml.CharData:
			xml.EscapeText(&out, t)
		case xml.EndElement:
			depth--
			fmt.Fprintf(&out, "</%s>", name(t.Name))
		case xml.StartElement:
			out.WriteString("<" + name(t.Name))
			if depth == 0 {
				for _, d := range decl {
					out.WriteString(d)
				}
			}
			depth++
			shape, hasID := isShape(t), false
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
					continue
				}
				v := a.Value
				if shape && a.Name.Space == "" && a.Name.Local == "id" {
					hasID = true
					if !shapeID.MatchString(v) {
						v = fmt.Sprintf("_x0000_s%d", *next)
						*next++
					}
				}
				out.WriteString(" " + name(a.Name) + `="`)
				xml.EscapeText(&out, []byte(v))
				out.WriteString(`"`)
			}
			if shape && !hasID {
				fmt.Fprintf(&out, ` id="_x0000_s%d"`, *next)
				*next++
			}
			out.WriteString(">")
		}
	}
	return out.Bytes(), true, nil
}

// noteCell reads the shape starting at toks[i]: the index of its end, and
// when it is a comment's box (ClientData of ObjectType Note) the row and
// column (from 0) of the commented cell.
func noteCell(toks []xml.Token, i int) (end int, cell [2]int, note bool) {
	depth, row, col := 0, -1, -1
	var in string
	for j := i; j < len(toks); j++ {
		switch t := toks[j].(type) {
		case xml.StartElement:
			depth++
			in = ""
			if t.Name.Local == "ClientData" {
				v, _ := getAttr(t, "ObjectType")
				note = v == "Note"
			}
			if t.Name.Local == "Row" || t.Name.Local == "Column" {
				in = t.Name.Local
			}
		case xml.CharData:
			if n, err := strconv.Atoi(strings.TrimSpace(string(t))); err == nil {
				switch in {
				case "Row":
					row = n
				case "Column":
					col = n
				}
			}
		case xml.EndElement:
			depth--
			in = ""
			if depth == 0 {
				return j, [2]int{row, col}, note && row >= 0 && col >= 0
			}
		}
	}
	return len(toks) - 1, cell, false
}

// takeComments takes the comments of the cells in marked out of a
// comments part, returning the part without them and their authors and
// texts (the runs' text; the clerk's formatting is not kept).
func takeComments(b []byte, marked map[string]bool) ([]byte, map[string]clerkNote, error) {
	var doc struct {
		Authors []string `xml:"authors>author"`
		List    []struct {
			Ref      string `xml:"ref,attr"`
			AuthorID int    `xml:"authorId,attr"`
			T        string `xml:"text>t"`
			R        []struct {
				T string `xml:"t"`
			} `xml:"text>r"`
		} `xml:"commentList>comment"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		return nil, nil, err
	}
	cut := map[string]clerkNote{}
	for _, c := range doc.List {
		ref := strings.ToUpper(c.Ref)
		if !marked[ref] {
			continue
		}
		note := clerkNote{text: c.T}
		if c.AuthorID >= 0 && c.AuthorID < len(doc.Authors) {
			note.author = doc.Authors[c.AuthorID]
		}
		for _, r := range c.R {
			note.text += r.T
		}
		re := regexp.MustCompile(`(?s)<(?:[\w.-]+:)?comment\b[^>]*?\sref\s*=\s*["']` + regexp.QuoteMeta(c.Ref) + `["'][^>]*?(?:/>|>.*?</(?:[\w.-]+:)?comment>)`)
		loc := re.FindIndex(b)
		if loc == nil {
			return nil, nil, fmt.Errorf("comment on %s not found", c.Ref)
		}
		b = append(b[:loc[0]:loc[0]], b[loc[1]:]...)
		cut[ref] = note
	}
	return b, cut, nil
}

// sheetNames names the workbook's sheets by their parts.
func sheetNames(p *pkg) (map[string]string, error) {
	names := map[string]string{}
	wb, err := p.part("xl/workbook.xml")
	if err != nil || wb == nil {
		return names, err
	}
	rels, err := p.part("xl/_rels/workbook.xml.rels")
	if err != nil || rels == nil {
		return names, err
	}
	targets := map[string]string{}
	for _, el := range relElement.FindAll(rels, -1) {
		id, _ := attr(el, "Id")
		target, _ := attr(el, "Target")
		targets[id] = resolve("xl/workbook.xml", target)
	}
	rid := regexp.MustCompile(`\s[\w.-]+:id\s*=\s*(?:"([^"]*)"|'([^']*)')`)
	for _, el := range regexp.MustCompile(`<(?:[\w.-]+:)?sheet\b[^>]*>`).FindAll(wb, -1) {
		name, _ := attr(el, "name")
		if m := rid.FindSubmatch(el); m != nil {
			names[targets[html.UnescapeString(string(m[1])+string(m[2]))]] = name
		}
	}
	return names, nil
}

// vmlTokens reads a VML drawing's tokens; like excelize it reads the
// HTML-like <br> of Excel's notes.
func vmlTokens(b []byte) ([]xml.Token, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	var toks []xml.Token
	for {
		t, err := d.Token()
		if errors.Is(err, io.EOF) {
			return toks, nil
		}
		if err != nil {
			return nil, err
		}
		toks = append(toks, xml.CopyToken(t))
	}
}

func isShape(t xml.StartElement) bool { return t.Name.Space == nsVML && t.Name.Local == "shape" }

func getAttr(t xml.StartElement, local string) (string, bool) {
	for _, a := range t.Attr {
		if a.Name.Space == "" && a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

// readAll reads a part whole (a sheet or a VML drawing; the copy is made
// of workbooks up to the caller's size limit only).
func readAll(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}
