package ingest

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"html"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gongkai"

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

// TestAnnotateKeepsCommentsOfOtherWriters: workbooks LibreOffice and
// openpyxl wrote with the clerk's comments in them (testdata/annotate,
// made by make.sh there) are annotated. excelize could not add a comment
// to LibreOffice's (its shapes are named shape_0…: "strconv.Atoi: parsing
// "shape_0"", the clerk got no copy) and wrote openpyxl's copy without a
// single reason in it (its comments lie elsewhere than excelize's). The
// copy keeps every value and the clerk's comments; on a bad cell that had
// one, the reason comes first and the clerk's text below it. A marked
// cell keeps its number format: the copy showed the bad date J6 as 45352.
func TestAnnotateKeepsCommentsOfOtherWriters(t *testing.T) {
	want := []RowError{
		{Sheet: "台账", Row: 4, Column: "收到日期", Cell: "B4", Value: "2024-02-30", Reason: "“2024-02-30”不是有效日期（月或日超出范围）"},
		{Sheet: "台账", Row: 5, Column: "收到日期", Cell: "B5", Value: "2024-13-01", Reason: "“2024-13-01”不是有效日期（月或日超出范围）"},
		// Value: the list gives the date cell's serial number, 45352, not
		// the date the clerk sees (2024/3/1); that is ingest's normalising,
		// not the copy's, and is left out of this test.
		{Sheet: "台账", Row: 6, Column: "答复日期", Cell: "J6", Reason: "答复日期早于收到日期"},
	}
	for _, c := range []struct{ file, author string }{
		{"lo-comments.xlsx", " "}, // LibreOffice writes the author " " when none is set
		{"openpyxl-comments.xlsx", "办事员"},
	} {
		t.Run(c.file, func(t *testing.T) {
			e := newEnv(t)
			before := e.snapshot()
			src := td("annotate/" + c.file)
			r := e.one(src, Options{})
			if r.Status != StatusRefused || r.RowsRefused != 3 || r.Code != gongkai.EROWSREFUSED {
				t.Fatalf("status %s refused %d (%s %s)", r.Status, r.RowsRefused, r.Code, r.Reason)
			}
			if len(r.Errors) == 3 {
				r.Errors[2].Value = ""
			}
			checkErrors(t, r.Errors, want)
			e.unchangedSince(before)
			if len(r.Warnings) != 0 {
				t.Errorf("warnings %q", r.Warnings)
			}
			if w := filepath.Join(e.dir, strings.TrimSuffix(c.file, ".xlsx")+"-错误标注.xlsx"); r.Annotated != w {
				t.Fatalf("annotated %q, want %q", r.Annotated, w)
			}
			clerk := "原批注："
			if a := strings.TrimSpace(c.author); a != "" {
				clerk = "原批注（" + a + "）："
			}
			wantComments := map[string]string{
				"E3": c.author + "|批注：材料已补充",
				"B4": "gongkai|" + want[0].Reason + "\n\n" + clerk + "来信邮戳日期",
				"B5": "gongkai|" + want[1].Reason,
				"J6": "gongkai|" + want[2].Reason,
			}
			f, err := excelize.OpenFile(r.Annotated)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			cs, err := f.GetComments("台账")
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, cm := range cs {
				text := cm.Text
				for _, run := range cm.Paragraph {
					text += run.Text
				}
				got[cm.Cell] = cm.Author + "|" + text
			}
			if !reflect.DeepEqual(got, wantComments) {
				t.Errorf("comments\n got %q\nwant %q", got, wantComments)
			}
			for cell, red := range map[string]bool{"B4": true, "B5": true, "J6": true, "E3": false, "B3": false} {
				idx, err := f.GetCellStyle("台账", cell)
				if err != nil {
					t.Fatal(err)
				}
				st, err := f.GetStyle(idx)
				if err != nil {
					t.Fatal(err)
				}
				if isRed := len(st.Fill.Color) > 0 && st.Fill.Color[0] == "FFC7CE"; isRed != red {
					t.Errorf("%s fill %+v, red %v", cell, st.Fill, red)
				}
			}
			rows, err := f.GetRows("错误说明")
			if err != nil || len(rows) != 4 {
				t.Errorf("error sheet: %q, %v", rows, err)
			}
			// What another reader sees: the values and number formats as
			// the clerk wrote them, the comments, the fills.
			orig, copied := openpyxlDump(t, src), openpyxlDump(t, r.Annotated)
			if orig == nil {
				return
			}
			if !reflect.DeepEqual(orig["values"], copied["values"]) {
				t.Errorf("values changed:\n was %v\n now %v", orig["values"], copied["values"])
			}
			wantDump := map[string]string{}
			for cell, v := range wantComments {
				wantDump[cell] = v
			}
			if !reflect.DeepEqual(copied["comments"], wantDump) {
				t.Errorf("openpyxl comments\n got %q\nwant %q", copied["comments"], wantDump)
			}
			if v := copied["values"]["J6"]; v != "datetime.datetime(2024, 3, 1, 0, 0)|yyyy/m/d" {
				t.Errorf("J6 reads %s", v)
			}
			if fills := copied["fills"]; !reflect.DeepEqual(fills, map[string]string{"B4": "FFFFC7CE", "B5": "FFFFC7CE", "J6": "FFFFC7CE"}) {
				t.Errorf("openpyxl fills %q", fills)
			}
		})
	}
}

// openpyxlDump reads the sheet 台账 of the workbook at path with openpyxl
// (Debian's /usr/bin/python3): each cell's value as Python shows it and its
// number format, each
// comment as author|text, and each solid fill; nil when there is no
// openpyxl.
func openpyxlDump(t *testing.T, path string) map[string]map[string]string {
	t.Helper()
	const script = `
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["台账"]
d = {"values": {}, "comments": {}, "fills": {}}
for row in ws.iter_rows():
    for c in row:
        if c.value is not None:
            d["values"][c.coordinate] = repr(c.value) + "|" + c.number_format
        if c.comment:
            d["comments"][c.coordinate] = (c.comment.author or "") + "|" + c.comment.text
        if c.fill.fill_type == "solid":
            d["fills"][c.coordinate] = c.fill.fgColor.rgb
print(json.dumps(d, ensure_ascii=False))
`
	if exec.Command("/usr/bin/python3", "-c", "import openpyxl").Run() != nil {
		t.Log("no openpyxl in /usr/bin/python3: the copy is checked by excelize only")
		return nil
	}
	out, err := exec.Command("/usr/bin/python3", "-c", script, path).Output()
	if err != nil {
		t.Fatalf("openpyxl on %s: %v", path, err)
	}
	var d map[string]map[string]string
	if err := json.Unmarshal(out, &d); err != nil {
		t.Fatal(err)
	}
	return d
}
