package reports

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"
	"unicode/utf8"
)

//go:embed report.html.tmpl
var htmlTemplate string

var htmlPage = template.Must(template.New("report").Parse(htmlTemplate))

// htmlCell is one <td>/<th> of a table.
type htmlCell struct {
	Text             string
	Head             bool
	Rowspan, Colspan int
	Class            string
}

// Classes is the cell's class attribute: its kind, and "nw" for a text of
// at most eight characters, which a screen shows on one line (自然人, not
// 自/然/人 in a narrow column); a table too wide scrolls instead.
func (c htmlCell) Classes() string {
	if utf8.RuneCountInString(c.Text) > 8 {
		return c.Class
	}
	return strings.TrimSpace(c.Class + " nw")
}

type htmlPart struct {
	Heading    string
	Table      [][]htmlCell // nil for a text section
	Head       int          // the table's header rows, repeated on each printed page
	Paragraphs []string
}

// HeadRows and BodyRows are the table's rows above and below its header.
func (p htmlPart) HeadRows() [][]htmlCell { return p.Table[:p.Head] }
func (p htmlPart) BodyRows() [][]htmlCell { return p.Table[p.Head:] }

// WriteHTML writes the report as one printable page: the title, the six
// sections in official order, tables 二–四 in the official layout (the
// same merged header cells as the 2021 format). Unit names and section
// text are escaped. Only 2021-format reports can be written.
func WriteHTML(w io.Writer, r *Report) error {
	if r.FormatName() != Format2021 {
		return fmt.Errorf("只能输出2021年格式的年度报告，%s为%s年试行格式", Title(r), r.FormatName())
	}
	text := func(num, heading, body string) htmlPart {
		p := htmlPart{Heading: num + "、" + heading}
		for _, line := range strings.Split(body, "\n") {
			if line = strings.TrimSpace(line); line != "" {
				p.Paragraphs = append(p.Paragraphs, line)
			}
		}
		return p
	}
	parts := []htmlPart{
		text(SectionHeadings[0].Code, SectionHeadings[0].Label, r.Sections.Overview),
		{Heading: TableHeadings[0], Table: htmlTable2(r)},
		{Heading: TableHeadings[1], Table: htmlTable3(r), Head: 3},
		{Heading: TableHeadings[2], Table: htmlTable4(r), Head: 3},
		text(SectionHeadings[1].Code, SectionHeadings[1].Label, r.Sections.Problems),
		text(SectionHeadings[2].Code, SectionHeadings[2].Label, r.Sections.Other),
	}
	return htmlPage.Execute(w, struct {
		Title string
		Parts []htmlPart
	}{Title(r), parts})
}

func th(text string, rowspan, colspan int) htmlCell {
	return htmlCell{Text: text, Head: true, Rowspan: rowspan, Colspan: colspan}
}

func tdLabel(text string, rowspan, colspan int) htmlCell {
	return htmlCell{Text: text, Rowspan: rowspan, Colspan: colspan, Class: "label"}
}

func tdNum(c Cell, colspan int) htmlCell {
	return htmlCell{Text: c.String(), Colspan: colspan, Class: "num"}
}

// htmlTable2: four blocks, each a caption row, a 信息内容 header row and
// its data rows; a block with one value column spans it over three.
func htmlTable2(r *Report) [][]htmlCell {
	var rows [][]htmlCell
	item := 0
	for _, blk := range Table2Blocks {
		rows = append(rows, []htmlCell{th(blk.Caption, 1, 4)})
		span := 3 / len(blk.Cols)
		head := []htmlCell{th("信息内容", 1, 1)}
		for _, c := range blk.Cols {
			head = append(head, th(c, 1, span))
		}
		rows = append(rows, head)
		for _, label := range blk.Rows {
			row := []htmlCell{{Text: label}}
			for range blk.Cols {
				row = append(row, tdNum(r.Table2.Cells[item], span))
				item++
			}
			rows = append(rows, row)
		}
	}
	return rows
}

// htmlTable3: three header rows (the balancing note spanning them), then
// the 25 data rows with 三、本年度办理结果 spanning its 22 rows and each of
// （三）–（六） spanning its numbered sub-rows.
func htmlTable3(r *Report) [][]htmlCell {
	rows := [][]htmlCell{
		{{Text: Table3Note, Head: true, Rowspan: 3, Colspan: 3, Class: "note"}, th("申请人情况", 1, 7)},
		{th(Table3Cols[ColNP].Label, 2, 1), th("法人或其他组织", 1, 5), th(Table3Cols[ColTOT].Label, 2, 1)},
	}
	var sub []htmlCell
	for c := ColCE; c <= ColOT; c++ {
		sub = append(sub, th(Table3Cols[c].Label, 1, 1))
	}
	rows = append(rows, sub)
	results := 0
	for _, tr := range Table3Rows {
		if tr.Level > 1 {
			results++
		}
	}
	first := true
	for i, tr := range Table3Rows {
		var row []htmlCell
		switch tr.Level {
		case 1:
			row = append(row, tdLabel(tr.Label, 1, 3))
		case 2:
			if first {
				row = append(row, htmlCell{Text: LabelResults, Rowspan: results})
				first = false
			}
			row = append(row, tdLabel(tr.Label, 1, 2))
		default:
			if Table3Rows[i-1].Group != tr.Group {
				n := 0
				for _, x := range Table3Rows {
					if x.Group == tr.Group {
						n++
					}
				}
				row = append(row, htmlCell{Text: groupLabel(tr.Group), Rowspan: n})
			}
			row = append(row, tdLabel(tr.Label, 1, 1))
		}
		for c := range Table3Cols {
			row = append(row, tdNum(r.Table3.Cells[i][c], 1))
		}
		rows = append(rows, row)
	}
	return rows
}

// htmlTable4: 行政复议 (five columns spanning two header rows) beside
// 行政诉讼 split into 未经复议直接起诉 and 复议后起诉, then one data row.
func htmlTable4(r *Report) [][]htmlCell {
	top := []htmlCell{th(Table4Blocks[0].Label, 1, 5), th(LabelLitigation, 1, 10)}
	mid := []htmlCell{}
	for _, c := range Table4Cols {
		mid = append(mid, th(c.Label, 2, 1))
	}
	mid = append(mid, th(Table4Blocks[1].Label, 1, 5), th(Table4Blocks[2].Label, 1, 5))
	var low, data []htmlCell
	for b := 1; b < 3; b++ {
		for _, c := range Table4Cols {
			low = append(low, th(c.Label, 1, 1))
		}
	}
	for b := range Table4Blocks {
		for c := range Table4Cols {
			data = append(data, tdNum(r.Table4.Cells[b][c], 1))
		}
	}
	return [][]htmlCell{top, mid, low, data}
}
