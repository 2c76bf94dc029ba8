// Package xlsxmark writes a marked copy of a workbook: the given cells
// filled red with a bordered outline and a comment each, and a sheet of
// rows added. It knows nothing of ledgers; ingest decides which cells are
// wrong and words the notes (the annotated copy of a refused ledger).
//
// excelize panics or fails on some workbooks other programs write. A panic
// is recovered and returned as a *PanicError, and a half-written copy is
// removed, so that a caller's write queue never stops on a clerk's file.
package xlsxmark

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"
)

// A Mark is one cell to mark and the note to attach to it.
type Mark struct {
	Sheet string
	Cell  string // A1 style
	Text  string
}

// A List is a sheet added to the copy, replacing a sheet of its name.
type List struct {
	Name   string
	Header []string
	Rows   [][]any
	// Widths are the widths of the first columns in order; 0 keeps the
	// default width.
	Widths []float64
}

// A PanicError is a panic of excelize's while the copy was written.
type PanicError struct {
	Value any
	Stack []byte
}

func (e *PanicError) Error() string { return fmt.Sprintf("xlsxmark: panic: %v", e.Value) }

// testHook, when set by a test, runs before the workbook is opened (to
// inject a panic).
var testHook func()

// Copy writes to dst a copy of the workbook src with every mark's cell
// filled and commented, and list added when it has a name. Several marks
// of one cell make one comment, their texts on lines of their own in the
// order given (a cell holds one comment). On failure nothing is left at dst.
func Copy(src, dst string, marks []Mark, list List) (err error) {
	written := false
	defer func() {
		if v := recover(); v != nil {
			err = &PanicError{Value: v, Stack: debug.Stack()}
		}
		if err != nil && written {
			os.Remove(dst)
		}
	}()
	if testHook != nil {
		testHook()
	}
	marked := map[string]map[string]bool{}
	for _, m := range marks {
		if marked[m.Sheet] == nil {
			marked[m.Sheet] = map[string]bool{}
		}
		marked[m.Sheet][strings.ToUpper(m.Cell)] = true
	}
	f, clerks, err := open(src, marked)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := mark(f, marks, clerks); err != nil {
		return err
	}
	if list.Name != "" {
		if err := addList(f, list); err != nil {
			return err
		}
	}
	written = true // removed again should saving fail half-way
	return f.SaveAs(dst)
}

// mark fills and comments the marks' cells; clerks holds the comments
// open took off them.
func mark(f *excelize.File, marks []Mark, clerks map[cellKey]clerkNote) error {
	// A marked cell keeps its style but for fill, font colour and border:
	// its number format above all, or a date shows as its serial number.
	styles := map[int]int{} // the cell's style -> the marked one
	marked := func(sheet, cell string) (int, error) {
		idx, err := f.GetCellStyle(sheet, cell)
		if err != nil {
			return 0, err
		}
		if s, ok := styles[idx]; ok {
			return s, nil
		}
		st, err := f.GetStyle(idx)
		if err != nil || st == nil {
			st = &excelize.Style{}
		}
		st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}
		if st.Font == nil {
			st.Font = &excelize.Font{}
		}
		st.Font.Color, st.Font.ColorIndexed, st.Font.ColorTheme, st.Font.ColorTint = "9C0006", 0, nil, 0
		st.Border = []excelize.Border{{Type: "left", Color: "C00000", Style: 2}, {Type: "right", Color: "C00000", Style: 2}, {Type: "top", Color: "C00000", Style: 2}, {Type: "bottom", Color: "C00000", Style: 2}}
		s, err := f.NewStyle(st)
		if err != nil {
			return 0, err
		}
		styles[idx] = s
		return s, nil
	}
	type key struct{ sheet, cell string }
	notes := map[key][]string{}
	var order []key
	for _, m := range marks {
		k := key{m.Sheet, m.Cell}
		if notes[k] == nil {
			order = append(order, k)
		}
		notes[k] = append(notes[k], m.Text)
	}
	for _, k := range order {
		style, err := marked(k.sheet, k.cell)
		if err != nil {
			return err
		}
		if err := f.SetCellStyle(k.sheet, k.cell, k.cell, style); err != nil {
			return err
		}
		text := strings.Join(notes[k], "\n")
		height := uint(80)
		if c, ok := clerks[cellKey{k.sheet, strings.ToUpper(k.cell)}]; ok {
			// A cell holds one comment: the clerk's own is kept below the
			// reasons.
			text += "\n\n" + clerkNoteHeading(c.author) + c.text
			height = 140
		}
		if err := f.AddComment(k.sheet, excelize.Comment{Cell: k.cell, Author: "gongkai", Paragraph: []excelize.RichTextRun{{Text: text}}, Width: 240, Height: height}); err != nil {
			return err
		}
	}
	// excelize writes a comment where it cannot be seen when the workbook's
	// comments are laid out in a way it does not expect; a copy without
	// the reasons must not be handed out as annotated.
	sheets := map[string]bool{}
	for _, k := range order {
		sheets[k.sheet] = true
	}
	for sheet := range sheets {
		cs, err := f.GetComments(sheet)
		if err != nil {
			return err
		}
		got := map[string]bool{}
		for _, c := range cs {
			got[c.Cell] = true
		}
		for _, k := range order {
			if k.sheet == sheet && !got[k.cell] {
				return fmt.Errorf("xlsxmark: the comment on %s!%s is not in the copy", sheet, k.cell)
			}
		}
	}
	return nil
}

// clerkNoteHeading introduces the comment a marked cell had.
func clerkNoteHeading(author string) string {
	if author = strings.TrimSpace(author); author != "" {
		return "原批注（" + author + "）："
	}
	return "原批注："
}

// addList adds the sheet l, replacing one of its name.
func addList(f *excelize.File, l List) error {
	if idx, _ := f.GetSheetIndex(l.Name); idx >= 0 {
		f.DeleteSheet(l.Name)
	}
	if _, err := f.NewSheet(l.Name); err != nil {
		return err
	}
	header := make([]any, len(l.Header))
	for i, h := range l.Header {
		header[i] = h
	}
	f.SetSheetRow(l.Name, "A1", &header)
	for i, r := range l.Rows {
		f.SetSheetRow(l.Name, fmt.Sprintf("A%d", i+2), &r)
	}
	for i, w := range l.Widths {
		if w == 0 {
			continue
		}
		col, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		if err := f.SetColWidth(l.Name, col, col, w); err != nil {
			return err
		}
	}
	return nil
}

// Parts excelize needs to add a style but which other writers may leave
// out: without xl/styles.xml NewStyle dereferences nil; without a theme the
// styles work but excelize reads no colours back.
var neededParts = []struct {
	part, relType, contentType, target string
}{
	{"xl/styles.xml", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml", "styles.xml"},
	{"xl/theme/theme1.xml", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme",
		"application/vnd.openxmlformats-officedocument.theme+xml", "theme/theme1.xml"},
}

// open opens the workbook at path with excelize after mending, in a copy,
// what excelize cannot work with: it adds excelize's default styles and
// theme parts when the workbook has none (streaming writers and some 填报
// systems write neither), and it gives comments the layout excelize assumes
// (see normalizeComments). The other parts are copied compressed as they are.
func open(path string, marked map[string]map[string]bool) (*excelize.File, map[cellKey]clerkNote, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, nil, err
	}
	defer zr.Close()
	p := &pkg{have: map[string]*zip.File{}, put: map[string][]byte{}, rename: map[string]string{}}
	for _, f := range zr.File {
		p.have[f.Name] = f
	}
	if p.have["[Content_Types].xml"] == nil {
		// Laid out in a way excelize reads as it can.
		f, err := excelize.OpenFile(path)
		return f, nil, err
	}
	if err := addNeededParts(p); err != nil {
		return nil, nil, err
	}
	clerks, err := normalizeComments(p, marked)
	if err != nil {
		return nil, nil, err
	}
	if len(p.put) == 0 && len(p.rename) == 0 {
		f, err := excelize.OpenFile(path)
		return f, clerks, err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		name := f.Name
		if n, ok := p.rename[name]; ok {
			name = n
		}
		if b, ok := p.put[name]; ok {
			w, err := zw.Create(name)
			if err == nil {
				_, err = w.Write(b)
			}
			if err != nil {
				return nil, nil, err
			}
			delete(p.put, name)
			continue
		}
		if name == f.Name {
			if err := zw.Copy(f); err != nil {
				return nil, nil, err
			}
			continue
		}
		// Renamed as it is: its compressed bytes under the new name.
		fh := f.FileHeader
		fh.Name = name
		r, err := f.OpenRaw()
		if err != nil {
			return nil, nil, err
		}
		w, err := zw.CreateRaw(&fh)
		if err == nil {
			_, err = io.Copy(w, r)
		}
		if err != nil {
			return nil, nil, err
		}
	}
	added := make([]string, 0, len(p.put))
	for name := range p.put {
		added = append(added, name)
	}
	sort.Strings(added)
	for _, name := range added {
		w, err := zw.Create(name)
		if err == nil {
			_, err = w.Write(p.put[name])
		}
		if err != nil {
			return nil, nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, nil, err
	}
	f, err := excelize.OpenReader(&buf)
	return f, clerks, err
}

// A pkg is the workbook's zip being mended: the parts it has, the parts
// written anew (by their final names) and the parts moved (old to new
// name, their bytes kept unless in put).
type pkg struct {
	have   map[string]*zip.File
	put    map[string][]byte
	rename map[string]string
}

// part returns a small part's bytes as mended so far; nil if there is none.
func (p *pkg) part(name string) ([]byte, error) {
	if b, ok := p.put[name]; ok {
		return b, nil
	}
	f := p.have[name]
	if f == nil {
		return nil, nil
	}
	return readPart(f)
}

// addNeededParts adds the styles and theme parts excelize needs.
func addNeededParts(p *pkg) error {
	var missing []int
	for i, np := range neededParts {
		if p.have[np.part] == nil {
			missing = append(missing, i)
		}
	}
	if len(missing) == 0 || p.have["xl/workbook.xml"] == nil || p.have["xl/_rels/workbook.xml.rels"] == nil {
		// Complete, or laid out in a way excelize reads as it can.
		return nil
	}
	relsXML, err := p.part("xl/_rels/workbook.xml.rels")
	if err != nil {
		return err
	}
	typesXML, err := p.part("[Content_Types].xml")
	if err != nil {
		return err
	}
	tmpl := excelize.NewFile()
	defer tmpl.Close()
	for _, i := range missing {
		np := neededParts[i]
		b, ok := tmpl.Pkg.Load(np.part)
		if !ok {
			return fmt.Errorf("excelize has no template for %s", np.part)
		}
		p.put[np.part] = b.([]byte)
		// A relationship to a part that is not there would be kept.
		relsXML = regexp.MustCompile(`<Relationship\b[^>]*Type="`+regexp.QuoteMeta(np.relType)+`"[^>]*?(/>|></Relationship>)`).ReplaceAll(relsXML, nil)
		rel := fmt.Sprintf(`<Relationship Id="rIdGongkai%d" Type="%s" Target="%s"/></Relationships>`, i, np.relType, np.target)
		if relsXML = bytes.Replace(relsXML, []byte("</Relationships>"), []byte(rel), 1); !bytes.Contains(relsXML, []byte(rel)) {
			return errors.New("workbook relationships without </Relationships>")
		}
		if typesXML, err = addOverride(typesXML, np.part, np.contentType); err != nil {
			return err
		}
	}
	p.put["xl/_rels/workbook.xml.rels"], p.put["[Content_Types].xml"] = relsXML, typesXML
	return nil
}

// addOverride gives part its content type, unless it has one.
func addOverride(typesXML []byte, part, contentType string) ([]byte, error) {
	if bytes.Contains(typesXML, []byte(`PartName="/`+part+`"`)) {
		return typesXML, nil
	}
	over := fmt.Sprintf(`<Override PartName="/%s" ContentType="%s"/></Types>`, part, contentType)
	if typesXML = bytes.Replace(typesXML, []byte("</Types>"), []byte(over), 1); !bytes.Contains(typesXML, []byte(over)) {
		return nil, errors.New("content types without </Types>")
	}
	return typesXML, nil
}

// readPart reads a small part (relationships, content types), at most 1 MiB.
func readPart(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, 1<<20+1))
	if err == nil && len(b) > 1<<20 {
		err = fmt.Errorf("%s larger than 1 MiB", f.Name)
	}
	return b, err
}
