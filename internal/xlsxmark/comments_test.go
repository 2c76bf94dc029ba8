package xlsxmark

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

const (
	ctComments = `<Override PartName="/xl/comments/comment1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/>`
	vmlHead    = `<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">`
)

// foreignComments is a workbook with a comment on C2 laid out as excelize
// does not lay comments out, all of it allowed by the format: the comments
// at xl/comments/comment1.xml and the VML at
// xl/drawings/commentsDrawing1.vml named from the root (openpyxl does so),
// the VML's namespaces declared on every element under other prefixes
// (openpyxl) and its shape without an id, and a second VML drawing for the
// page header at xl/drawings/vmlDrawing1.vml, the name excelize would give
// the comments' drawing.
func foreignComments(t testing.TB, shapeAttrs string) []byte {
	t.Helper()
	parts := []part{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` + ctComments + `</Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
		{"xl/worksheets/sheet1.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>` +
			`<row r="1"><c r="A1" t="inlineStr"><is><t>申请编号</t></is></c><c r="B1" t="inlineStr"><is><t>申请日期</t></is></c><c r="C1" t="inlineStr"><is><t>申请人类型</t></is></c></row>` +
			`<row r="2"><c r="A2" t="inlineStr"><is><t>CZ-001</t></is></c><c r="B2" t="inlineStr"><is><t>2024-02-30</t></is></c><c r="C2"><v>45356</v></c></row>` +
			`</sheetData><headerFooter><oddHeader>&amp;L&amp;G</oddHeader></headerFooter><legacyDrawing r:id="anysvml"/><legacyDrawingHF r:id="hf"/></worksheet>`},
		{"xl/worksheets/_rels/sheet1.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing" Target="../drawings/vmlDrawing1.vml" Id="hf"/><Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="/xl/comments/comment1.xml" Id="comments"/><Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing" Target="/xl/drawings/commentsDrawing1.vml" Id="anysvml"/></Relationships>`},
		{"xl/comments/comment1.xml", `<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>办事员</author></authors><commentList><comment ref="C2" authorId="0"><text><t>申请人自述</t></text></comment></commentList></comments>`},
		{"xl/drawings/commentsDrawing1.vml", `<xml><ns0:shapelayout xmlns:ns0="urn:schemas-microsoft-com:office:office" xmlns:ns1="urn:schemas-microsoft-com:vml" ns1:ext="edit"><ns0:idmap ns1:ext="edit" data="1"/></ns0:shapelayout>` +
			`<ns2:shapetype xmlns:ns2="urn:schemas-microsoft-com:vml" xmlns:ns3="urn:schemas-microsoft-com:office:office" id="_x0000_t202" coordsize="21600,21600" ns3:spt="202" path="m,l,21600r21600,l21600,xe"><ns2:stroke joinstyle="miter"/><ns2:path gradientshapeok="t" ns3:connecttype="rect"/></ns2:shapetype>` +
			`<ns0:shape xmlns:ns0="urn:schemas-microsoft-com:vml" xmlns:ns1="urn:schemas-microsoft-com:office:office" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:144px;height:79px;z-index:1;visibility:hidden" fillcolor="#ffffe1" ns1:insetmode="auto"` + shapeAttrs + `><ns0:fill color2="#ffffe1"/><ns0:textbox style="mso-direction-alt:auto"><div style="text-align:left"/></ns0:textbox>` +
			`<ns2:ClientData xmlns:ns2="urn:schemas-microsoft-com:office:excel" ObjectType="Note"><ns2:MoveWithCells/><ns2:SizeWithCells/><ns2:Row>1</ns2:Row><ns2:Column>2</ns2:Column></ns2:ClientData></ns0:shape></xml>`},
		{"xl/drawings/vmlDrawing1.vml", vmlHead + `<v:shape id="LH" style="position:absolute;width:10pt;height:10pt;z-index:1"><v:imagedata o:relid="rId1" o:title="logo"/></v:shape></xml>`},
		{"xl/drawings/_rels/vmlDrawing1.vml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="../media/image1.png"/></Relationships>`},
		{"xl/media/image1.png", "\x89PNG\r\n\x1a\n"},
	}
	return packParts(t, parts)
}

// TestCopyOfForeignCommentLayouts: the copy of a workbook whose comments
// excelize misread (their parts elsewhere, the VML's shape ids not
// _x0000_sN or missing) has every mark's comment, the clerk's comment
// kept below the reasons on the cell it was on, and the header's drawing
// as it was.
func TestCopyOfForeignCommentLayouts(t *testing.T) {
	for name, shapeAttrs := range map[string]string{"no-id": "", "shape_0": ` id="shape_0"`, "excel-id": ` id="_x0000_s1026"`} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			src, dst := filepath.Join(dir, "src.xlsx"), filepath.Join(dir, "dst.xlsx")
			if err := os.WriteFile(src, foreignComments(t, shapeAttrs), 0o644); err != nil {
				t.Fatal(err)
			}
			marks := []Mark{{"台账", "B2", "日期不存在"}, {"台账", "C2", "类型不对"}}
			if err := Copy(src, dst, marks, errorList); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenFile(dst)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			got := commentsOf(t, f, "台账")
			want := map[string]string{"B2": "gongkai: 日期不存在", "C2": "gongkai: 类型不对\n\n原批注（办事员）：申请人自述"}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("comments %q, want %q", got, want)
			}
			parts := zipParts(t, dst)
			// The header's drawing keeps its name, so the comments' parts
			// are numbered 2.
			rels := map[string]string{}
			for _, el := range relElement.FindAll(parts["xl/worksheets/_rels/sheet1.xml.rels"], -1) {
				id, _ := attr(el, "Id")
				rels[id], _ = attr(el, "Target")
			}
			if want := map[string]string{"hf": "../drawings/vmlDrawing1.vml", "comments": "../comments2.xml", "anysvml": "../drawings/vmlDrawing2.vml"}; !reflect.DeepEqual(rels, want) {
				t.Errorf("sheet relationships %q, want %q", rels, want)
			}
			if hf := string(parts["xl/drawings/vmlDrawing1.vml"]); !strings.Contains(hf, `<v:shape id="LH"`) || strings.Contains(hf, "Note") {
				t.Errorf("header drawing: %s", hf)
			}
			if _, ok := parts["xl/drawings/_rels/vmlDrawing1.vml.rels"]; !ok {
				t.Error("header drawing's relationships lost")
			}
			vml := string(parts["xl/drawings/vmlDrawing2.vml"])
			// One box per comment: the clerk's box on C2 gave way to the
			// new one.
			ids := regexp.MustCompile(`<v:shape id="([^"]*)"`).FindAllStringSubmatch(vml, -1)
			if len(ids) != 2 || ids[0][1] == ids[1][1] || !strings.HasPrefix(ids[0][1], "_x0000_s") || !strings.HasPrefix(ids[1][1], "_x0000_s") {
				t.Errorf("comment shapes %q", ids)
			}
			// Every prefix the drawing uses is declared on its root, as
			// excelize writes the root (v, o, x) and keeps the rest.
			for _, m := range regexp.MustCompile(`<([\w]+):`).FindAllStringSubmatch(vml, -1) {
				if m[1] != "v" && m[1] != "o" && m[1] != "x" {
					t.Errorf("prefix %s in %s", m[1], vml)
				}
			}
			for _, gone := range []string{"xl/comments/comment1.xml", "xl/drawings/commentsDrawing1.vml", "/xl/drawings/commentsDrawing1.vml"} {
				if _, ok := parts[gone]; ok {
					t.Errorf("%s still in the copy", gone)
				}
			}
			if types := string(parts["[Content_Types].xml"]); strings.Contains(types, "/xl/comments/comment1.xml") || !strings.Contains(types, `"/xl/comments2.xml"`) {
				t.Errorf("content types: %s", types)
			}
		})
	}
}

// zipParts reads every part of the workbook at path.
func zipParts(t *testing.T, path string) map[string][]byte {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	parts := map[string][]byte{}
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
		parts[f.Name] = b
	}
	return parts
}

// TestCopyKeepsTheNeighboursComment: excelize's DeleteComment removes the
// box drawn at a cell, which for a comment on B2 is the box of B2's
// neighbour's comment; the copy replaces the comment of the marked cell
// only, and each comment keeps its box.
func TestCopyKeepsTheNeighboursComment(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "src.xlsx"), filepath.Join(dir, "dst.xlsx")
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "台账")
	f.SetSheetRow("台账", "A1", &[]any{"申请编号", "申请日期", "申请人类型"})
	f.SetSheetRow("台账", "A2", &[]any{"CZ-001", "2024-02-30", "外星人"})
	for cell, text := range map[string]string{"A2": "编号待定", "B2": "邮戳日期"} {
		if err := f.AddComment("台账", excelize.Comment{Cell: cell, Author: "办事员", Paragraph: []excelize.RichTextRun{{Text: text}}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(src); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := Copy(src, dst, []Mark{{"台账", "B2", "日期不存在"}, {"台账", "C2", "类型不对"}}, errorList); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenFile(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	got := commentsOf(t, g, "台账")
	want := map[string]string{"A2": "办事员: 编号待定", "B2": "gongkai: 日期不存在\n\n原批注（办事员）：邮戳日期", "C2": "gongkai: 类型不对"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("comments %q, want %q", got, want)
	}
	var boxes []string
	vml := zipParts(t, dst)["xl/drawings/vmlDrawing1.vml"]
	for _, m := range regexp.MustCompile(`<x:Row>(\d+)</x:Row><x:Column>(\d+)</x:Column>`).FindAllSubmatch(vml, -1) {
		boxes = append(boxes, string(m[1])+","+string(m[2]))
	}
	sort.Strings(boxes)
	if want := []string{"1,0", "1,1", "1,2"}; !reflect.DeepEqual(boxes, want) {
		t.Errorf("boxes of cells (row, column from 0) %q, want %q", boxes, want)
	}
}

// commentsOf is each commented cell of sheet: "author: text".
func commentsOf(t testing.TB, f *excelize.File, sheet string) map[string]string {
	t.Helper()
	comments, err := f.GetComments(sheet)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, c := range comments {
		text := c.Text
		for _, p := range c.Paragraph {
			text += p.Text
		}
		got[c.Cell] = c.Author + ": " + text
	}
	return got
}
