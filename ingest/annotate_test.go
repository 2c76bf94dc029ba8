package ingest

import (
	"archive/zip"
	"bytes"
	"html"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// rewriteXLSX copies the workbook src to dst part by part; edit may change
// a part's bytes or drop it (nil). It is how the tests make workbooks that
// other programs write (no styles part, no theme, inline strings…) out of
// one excelize wrote.
func rewriteXLSX(t *testing.T, src, dst string, edit func(name string, b []byte) []byte) {
	t.Helper()
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if b = edit(f.Name, b); b == nil {
			continue
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// dropPart removes a part with its relationship and content-type override.
func dropPart(part, relType string) func(name string, b []byte) []byte {
	rel := regexp.MustCompile(`<Relationship [^>]*Type="[^"]*/` + relType + `"[^>]*>(</Relationship>)?`)
	over := regexp.MustCompile(`<Override PartName="/` + regexp.QuoteMeta(part) + `"[^>]*>(</Override>)?`)
	return func(name string, b []byte) []byte {
		switch name {
		case part:
			return nil
		case "xl/_rels/workbook.xml.rels":
			return rel.ReplaceAll(b, nil)
		case "[Content_Types].xml":
			return over.ReplaceAll(b, nil)
		}
		return b
	}
}

// chain applies edits in order.
func chain(edits ...func(string, []byte) []byte) func(string, []byte) []byte {
	return func(name string, b []byte) []byte {
		for _, e := range edits {
			if b = e(name, b); b == nil {
				return nil
			}
		}
		return b
	}
}

// inlineStrings turns every shared string of the workbook's sheets into an
// inline string and drops the shared-strings part, as streaming writers do.
func inlineStrings(t *testing.T, src string) func(string, []byte) []byte {
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var sst []string
	for _, f := range zr.File {
		if f.Name != "xl/sharedStrings.xml" {
			continue
		}
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		for _, m := range regexp.MustCompile(`(?s)<si>(.*?)</si>`).FindAllSubmatch(b, -1) {
			var text strings.Builder
			for _, tm := range regexp.MustCompile(`(?s)<t[^>]*>(.*?)</t>`).FindAllSubmatch(m[1], -1) {
				text.WriteString(html.UnescapeString(string(tm[1])))
			}
			sst = append(sst, text.String())
		}
	}
	if len(sst) == 0 {
		t.Fatal("no shared strings to inline")
	}
	cell := regexp.MustCompile(`t="s"><v>(\d+)</v>`)
	drop := dropPart("xl/sharedStrings.xml", "sharedStrings")
	return func(name string, b []byte) []byte {
		if strings.HasPrefix(name, "xl/worksheets/") {
			return cell.ReplaceAllFunc(b, func(m []byte) []byte {
				i, _ := strconv.Atoi(string(cell.FindSubmatch(m)[1]))
				return []byte(`t="inlineStr"><is><t xml:space="preserve">` + html.EscapeString(sst[i]) + `</t></is>`)
			})
		}
		return drop(name, b)
	}
}

// date1904 marks the workbook as using the 1904 date system (Excel for Mac).
func date1904(name string, b []byte) []byte {
	if name == "xl/workbook.xml" {
		return bytes.Replace(b, []byte("<workbookPr "), []byte(`<workbookPr date1904="1" `), 1)
	}
	return b
}

// TestAnnotateWorkbooksOfOtherWriters: a refused workbook gongkai read is
// annotated whatever parts its writer left out; a missing styles part used
// to panic in excelize's NewStyle and stop the server.
func TestAnnotateWorkbooksOfOtherWriters(t *testing.T) {
	src := td("app-bad-rows.xlsx")
	cases := []struct {
		name string
		edit func(string, []byte) []byte
	}{
		{"no-styles", dropPart("xl/styles.xml", "styles")},
		{"no-theme", dropPart("xl/theme/theme1.xml", "theme")},
		{"inline-strings", inlineStrings(t, src)},
		{"date1904", date1904},
		{"bare", chain(dropPart("xl/styles.xml", "styles"), dropPart("xl/theme/theme1.xml", "theme"),
			inlineStrings(t, src), date1904, dropPart("docProps/app.xml", "extended-properties"), dropPart("docProps/core.xml", "core-properties"))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			dir := t.TempDir()
			path := filepath.Join(dir, "app-"+c.name+".xlsx")
			rewriteXLSX(t, src, path, c.edit)
			r := e.one(path, Options{})
			if r.Status != StatusRefused || r.RowsRefused != 8 {
				t.Fatalf("status %s refused %d (%s)", r.Status, r.RowsRefused, r.Reason)
			}
			checkErrors(t, r.Errors, badRowsWant)
			if len(r.Warnings) != 0 {
				t.Errorf("warnings %q", r.Warnings)
			}
			if want := filepath.Join(e.dir, "app-"+c.name+"-错误标注.xlsx"); r.Annotated != want {
				t.Fatalf("annotated %q, want %q", r.Annotated, want)
			}
			f, err := excelize.OpenFile(r.Annotated)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			comments, err := f.GetComments("办理台账")
			if err != nil || len(comments) != len(badRowsWant) {
				t.Fatalf("%d comments, %v", len(comments), err)
			}
			idx, err := f.GetCellStyle("办理台账", "B4")
			if err != nil {
				t.Fatal(err)
			}
			st, err := f.GetStyle(idx)
			if err != nil || len(st.Fill.Color) == 0 || st.Fill.Color[0] != "FFC7CE" {
				t.Errorf("B4 fill = %+v, %v", st, err)
			}
			// The clerk's values are still there.
			if v, _ := f.GetCellValue("办理台账", "B4"); v != "2024-02-30" {
				t.Errorf("B4 = %q", v)
			}
			rows, err := f.GetRows("错误说明")
			if err != nil || len(rows) != len(badRowsWant)+1 {
				t.Errorf("error sheet: %d rows, %v", len(rows), err)
			}
		})
	}
}

// TestAnnotateFailureIsANote: when the annotated copy cannot be written
// (here its name is taken by a folder) the refusal stands with a note;
// xlsxmark's tests hold that a panic of excelize's is such a failure.
func TestAnnotateFailureIsANote(t *testing.T) {
	e := newEnv(t)
	taken := filepath.Join(e.dir, "app-bad-rows-错误标注.xlsx")
	if err := os.MkdirAll(taken, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(taken, "keep"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	r := e.one(td("app-bad-rows.xlsx"), Options{})
	if r.Status != StatusRefused || r.RowsRefused != 8 || r.Annotated != "" {
		t.Fatalf("status %s refused %d annotated %q", r.Status, r.RowsRefused, r.Annotated)
	}
	want := []string{"未能生成错误标注文件：文件结构特殊，无法在副本中标注错误；请按下面的错误列表改正"}
	if strings.Join(r.Warnings, "|") != strings.Join(want, "|") {
		t.Errorf("warnings %q", r.Warnings)
	}
	if m, _ := filepath.Glob(filepath.Join(e.dir, "*")); len(m) != 1 || m[0] != taken {
		t.Errorf("in the folder: %v", m)
	}
}
