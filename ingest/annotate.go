package ingest

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"

	"github.com/xuri/excelize/v2"
)

// annotateMaxBytes: above this the annotated copy is not written; a file
// that large is not fixed by hand in Excel anyway, and the error list says all.
const annotateMaxBytes = 32 << 20

// Notes on a result whose annotated copy was not written.
var (
	errAnnotateTooBig = errors.New("文件过大，未生成标注副本")
	errAnnotateFailed = errors.New("文件结构特殊，无法在副本中标注错误；请按下面的错误列表改正")
)

// annotateHook, when set by a test, runs in annotate before the workbook is
// opened (to inject a panic).
var annotateHook func()

// annotate writes a copy of a refused workbook with every bad cell filled
// red and commented with its reason, plus a sheet listing all errors — what
// clerks know from provincial 填报 systems. It returns the copy's path.
//
// excelize panics or fails on some workbooks other programs write; the copy
// is a convenience, so a panic or a failure here is a note on the result in
// Chinese (the detail goes to the log), never a crash of the server's write
// queue or the CLI.
func annotate(path, name, dir string, errs []RowError) (out string, err error) {
	defer func() {
		if v := recover(); v != nil {
			slog.Error("annotated copy panicked", "file", name, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			err = errAnnotateFailed
		} else if err != nil && !errors.Is(err, errAnnotateTooBig) {
			slog.Warn("annotated copy failed", "file", name, "err", err)
			err = errAnnotateFailed
		}
		if err != nil {
			if out != "" {
				os.Remove(out)
			}
			out = ""
		}
	}()
	if st, err := os.Stat(path); err != nil || st.Size() > annotateMaxBytes {
		return "", errAnnotateTooBig
	}
	if dir == "" {
		dir = filepath.Dir(path)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	base := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	dst := filepath.Join(dir, base+"-错误标注.xlsx")
	if annotateHook != nil {
		annotateHook()
	}
	f, err := openForAnnotation(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	if err := markErrors(f, errs); err != nil {
		return "", err
	}
	out = dst // removed again should saving fail half-way
	if err := f.SaveAs(dst); err != nil {
		return out, err
	}
	return dst, nil
}

// markErrors fills and comments the bad cells of f and adds the error list.
func markErrors(f *excelize.File, errs []RowError) error {
	style, err := f.NewStyle(&excelize.Style{
		Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}},
		Font:   &excelize.Font{Color: "9C0006"},
		Border: []excelize.Border{{Type: "left", Color: "C00000", Style: 2}, {Type: "right", Color: "C00000", Style: 2}, {Type: "top", Color: "C00000", Style: 2}, {Type: "bottom", Color: "C00000", Style: 2}},
	})
	if err != nil {
		return err
	}
	// One comment per cell: several problems in a cell are joined.
	type key struct {
		sheet string
		cell  string
	}
	notes := map[key][]string{}
	var order []key
	for _, e := range errs {
		col := e.col
		if col < 0 {
			col = 0
		}
		k := key{e.Sheet, colLetters(col) + fmt.Sprint(e.Row)}
		if notes[k] == nil {
			order = append(order, k)
		}
		notes[k] = append(notes[k], e.Reason)
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
	const list = "错误说明"
	if idx, _ := f.GetSheetIndex(list); idx >= 0 {
		f.DeleteSheet(list)
	}
	if _, err := f.NewSheet(list); err != nil {
		return err
	}
	f.SetSheetRow(list, "A1", &[]any{"工作表", "行", "列", "单元格", "填写的值", "错误原因"})
	for i, e := range errs {
		f.SetSheetRow(list, fmt.Sprintf("A%d", i+2), &[]any{e.Sheet, e.Row, e.Column, e.Cell, e.Value, e.Reason})
	}
	f.SetColWidth(list, "F", "F", 60)
	f.SetColWidth(list, "E", "E", 24)
	return nil
}

// Parts excelize needs to add a style but which other writers may leave
// out: without xl/styles.xml NewStyle dereferences nil; without a theme the
// styles work but excelize reads no colours back.
var annotateParts = []struct {
	part, relType, contentType, target string
}{
	{"xl/styles.xml", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml", "styles.xml"},
	{"xl/theme/theme1.xml", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme",
		"application/vnd.openxmlformats-officedocument.theme+xml", "theme/theme1.xml"},
}

// openForAnnotation opens the workbook at path with excelize, first adding
// excelize's default styles and theme parts when the workbook has none
// (streaming writers and some 填报 systems write neither). The other parts
// are copied compressed as they are.
func openForAnnotation(path string) (*excelize.File, error) {
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
	for i, p := range annotateParts {
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
		p := annotateParts[i]
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
		p := annotateParts[i].part
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
