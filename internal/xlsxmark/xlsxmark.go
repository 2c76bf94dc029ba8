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
	f, err := open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := mark(f, marks); err != nil {
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

// mark fills and comments the marks' cells.
func mark(f *excelize.File, marks []Mark) error {
	style, err := f.NewStyle(&excelize.Style{
		Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}},
		Font:   &excelize.Font{Color: "9C0006"},
		Border: []excelize.Border{{Type: "left", Color: "C00000", Style: 2}, {Type: "right", Color: "C00000", Style: 2}, {Type: "top", Color: "C00000", Style: 2}, {Type: "bottom", Color: "C00000", Style: 2}},
	})
	if err != nil {
		return err
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
		if err := f.SetCellStyle(k.sheet, k.cell, k.cell, style); err != nil {
			return err
		}
		text := strings.Join(notes[k], "\n")
		if err := f.AddComment(k.sheet, excelize.Comment{Cell: k.cell, Author: "gongkai", Paragraph: []excelize.RichTextRun{{Text: text}}, Width: 240, Height: 80}); err != nil {
			return err
		}
	}
	return nil
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

// open opens the workbook at path with excelize, first adding excelize's
// default styles and theme parts when the workbook has none (streaming
// writers and some 填报 systems write neither). The other parts are copied
// compressed as they are.
func open(path string) (*excelize.File, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	have := map[string]*zip.File{}
	for _, f := range zr.File {
		have[f.Name] = f
	}
	var missing []int
	for i, p := range neededParts {
		if have[p.part] == nil {
			missing = append(missing, i)
		}
	}
	rels, types := have["xl/_rels/workbook.xml.rels"], have["[Content_Types].xml"]
	if len(missing) == 0 || have["xl/workbook.xml"] == nil || rels == nil || types == nil {
		// Complete, or laid out in a way excelize reads as it can.
		return excelize.OpenFile(path)
	}
	relsXML, err := readPart(rels)
	if err != nil {
		return nil, err
	}
	typesXML, err := readPart(types)
	if err != nil {
		return nil, err
	}
	tmpl := excelize.NewFile()
	defer tmpl.Close()
	added := map[string][]byte{}
	for _, i := range missing {
		p := neededParts[i]
		b, ok := tmpl.Pkg.Load(p.part)
		if !ok {
			return nil, fmt.Errorf("excelize has no template for %s", p.part)
		}
		added[p.part] = b.([]byte)
		// A relationship to a part that is not there would be kept.
		relsXML = regexp.MustCompile(`<Relationship\b[^>]*Type="`+regexp.QuoteMeta(p.relType)+`"[^>]*?(/>|></Relationship>)`).ReplaceAll(relsXML, nil)
		rel := fmt.Sprintf(`<Relationship Id="rIdGongkai%d" Type="%s" Target="%s"/></Relationships>`, i, p.relType, p.target)
		if relsXML = bytes.Replace(relsXML, []byte("</Relationships>"), []byte(rel), 1); !bytes.Contains(relsXML, []byte(rel)) {
			return nil, errors.New("workbook relationships without </Relationships>")
		}
		if !bytes.Contains(typesXML, []byte(`PartName="/`+p.part+`"`)) {
			over := fmt.Sprintf(`<Override PartName="/%s" ContentType="%s"/></Types>`, p.part, p.contentType)
			if typesXML = bytes.Replace(typesXML, []byte("</Types>"), []byte(over), 1); !bytes.Contains(typesXML, []byte(over)) {
				return nil, errors.New("content types without </Types>")
			}
		}
	}
	added[rels.Name], added[types.Name] = relsXML, typesXML

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		if b, ok := added[f.Name]; ok {
			w, err := zw.Create(f.Name)
			if err == nil {
				_, err = w.Write(b)
			}
			if err != nil {
				return nil, err
			}
			delete(added, f.Name)
			continue
		}
		if err := zw.Copy(f); err != nil {
			return nil, err
		}
	}
	for _, i := range missing {
		p := neededParts[i].part
		w, err := zw.Create(p)
		if err == nil {
			_, err = w.Write(added[p])
		}
		if err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return excelize.OpenReader(&buf)
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
