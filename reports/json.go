package reports

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// JSON shape (keys are the official labels, written in official order so
// that golden files and diffs are stable):
//
//	{"unit": "…", "year": 2023,
//	 "table2": {"规章": {"本年制发件数": n, "本年废止件数": n, "现行有效件数": n}, …,
//	            "行政事业性收费": {"本年收费金额（单位：万元）": x}},
//	 "table3": {"一、本年新收政府信息公开申请数量": {"自然人": n, …, "总计": n}, …},
//	 "table4": {"行政复议": {"结果维持": n, …, "总计": n}, "未经复议直接起诉": {…}, "复议后起诉": {…}},
//	 "sections": {"总体情况": "…", "存在的主要问题及改进情况": "…", "其他需要报告的事项": "…"}}
//
// A blank cell is null and a not-applicable cell is "/". A 2019 trial-format
// report additionally carries "format": "2019" after "year", and its
// "table2" holds the trial rows and columns as read.

// MarshalJSON writes the report in the shape above.
func (r Report) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"unit":`)
	writeString(&b, r.Unit)
	fmt.Fprintf(&b, `,"year":%d`, r.Year)
	if r.FormatName() != Format2021 {
		b.WriteString(`,"format":`)
		writeString(&b, r.FormatName())
	}

	b.WriteString(`,"table2":{`)
	if r.FormatName() == Format2019 {
		writeRows(&b, len(r.Table2Trial), func(i int) (string, int) {
			return r.Table2Trial[i].Label, len(r.Table2Trial[i].Cols)
		}, func(i, j int) (string, Cell) {
			c := r.Table2Trial[i].Cols[j]
			return c.Label, c.Cell
		})
	} else {
		prevRow := ""
		for i, it := range Table2Items {
			if it.Row != prevRow {
				if prevRow != "" {
					b.WriteString("},")
				}
				writeString(&b, it.Row)
				b.WriteString(":{")
				prevRow = it.Row
			} else {
				b.WriteByte(',')
			}
			writeString(&b, it.Col)
			b.WriteByte(':')
			writeCell(&b, r.Table2.Cells[i])
		}
		b.WriteByte('}')
	}

	b.WriteString(`},"table3":{`)
	writeRows(&b, len(Table3Rows), func(i int) (string, int) { return Table3Rows[i].Label, len(Table3Cols) },
		func(i, c int) (string, Cell) { return Table3Cols[c].Label, r.Table3.Cells[i][c] })

	b.WriteString(`},"table4":{`)
	writeRows(&b, len(Table4Blocks), func(i int) (string, int) { return Table4Blocks[i].Label, len(Table4Cols) },
		func(i, c int) (string, Cell) { return Table4Cols[c].Label, r.Table4.Cells[i][c] })

	b.WriteString(`},"sections":{`)
	for i, h := range SectionHeadings {
		if i > 0 {
			b.WriteByte(',')
		}
		writeString(&b, h.Label)
		b.WriteByte(':')
		writeString(&b, *r.Sections.field(i))
	}
	b.WriteString("}}")
	return b.Bytes(), nil
}

// writeRows writes the members of an object of rows, each an object of
// labelled cells: the trial table two's rows carry their own columns, while
// tables three and four repeat one fixed set.
func writeRows(b *bytes.Buffer, rows int, row func(i int) (label string, cols int), cell func(i, j int) (label string, c Cell)) {
	for i := range rows {
		if i > 0 {
			b.WriteByte(',')
		}
		label, cols := row(i)
		writeString(b, label)
		b.WriteString(":{")
		for j := range cols {
			if j > 0 {
				b.WriteByte(',')
			}
			label, c := cell(i, j)
			writeString(b, label)
			b.WriteByte(':')
			writeCell(b, c)
		}
		b.WriteByte('}')
	}
}

func writeString(b *bytes.Buffer, s string) {
	enc, _ := json.Marshal(s) // cannot fail for a string
	b.Write(enc)
}

func writeCell(b *bytes.Buffer, c Cell) {
	switch c.State {
	case Blank:
		b.WriteString("null")
	case NA:
		b.WriteString(`"/"`)
	default:
		b.WriteString(formatNumber(c.V))
	}
}

// UnmarshalJSON reads the shape written by MarshalJSON. Labels are matched
// after normalisation (see normLabel), so hand-written JSON with half-width
// brackets or without the row numbers is accepted; unknown labels are
// rejected so that typos do not silently become blanks. Missing cells are
// blank.
func (r *Report) UnmarshalJSON(data []byte) error {
	var raw struct {
		Unit     string                                `json:"unit"`
		Year     int                                   `json:"year"`
		Format   string                                `json:"format"`
		Table2   json.RawMessage                       `json:"table2"`
		Table3   map[string]map[string]json.RawMessage `json:"table3"`
		Table4   map[string]map[string]json.RawMessage `json:"table4"`
		Sections map[string]string                     `json:"sections"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return fmt.Errorf("年度报告JSON格式错误: %w", err)
	}
	out := Report{Unit: raw.Unit, Year: raw.Year, Format: raw.Format}
	switch out.Format {
	case "":
		out.Format = Format2021
	case Format2021, Format2019:
	default:
		return fmt.Errorf("年度报告JSON的format应为“2021”或“2019”，实为“%s”", raw.Format)
	}
	blankAll(&out)

	if len(raw.Table2) > 0 && !bytes.Equal(bytes.TrimSpace(raw.Table2), []byte("null")) {
		rows, err := decodeOrdered(raw.Table2)
		if err != nil {
			return fmt.Errorf("年度报告JSON的table2格式错误: %w", err)
		}
		for _, row := range rows {
			cols, err := decodeOrdered(row.val)
			if err != nil {
				return fmt.Errorf("年度报告JSON的table2“%s”格式错误: %w", row.key, err)
			}
			if out.Format == Format2019 {
				tr := TrialRow{Label: row.key}
				for _, c := range cols {
					cell, err := decodeCell(c.val)
					if err != nil {
						return fmt.Errorf("表二“%s/%s”: %w", row.key, c.key, err)
					}
					tr.Cols = append(tr.Cols, TrialCol{Label: c.key, Cell: cell})
				}
				out.Table2Trial = append(out.Table2Trial, tr)
				continue
			}
			rowLabel, ok := t2RowLabels[normLabel(row.key)]
			if !ok {
				return fmt.Errorf("年度报告JSON中表二的行“%s”无法识别", row.key)
			}
			for _, c := range cols {
				colLabel, ok := t2Cols2021[normLabel(c.key)]
				idx, ok2 := t2Code(rowLabel, colLabel)
				if !ok || !ok2 {
					return fmt.Errorf("年度报告JSON中表二“%s”的栏目“%s”无法识别", row.key, c.key)
				}
				cell, err := decodeCell(c.val)
				if err != nil {
					return fmt.Errorf("表二“%s/%s”: %w", row.key, c.key, err)
				}
				out.Table2.Cells[idx] = cell
			}
		}
	}

	t3Row := func(s string) (int, bool) {
		k, ok := t3Labels.lookup(s)
		return k.row, ok && k.row >= 0 // a group label is no row of cells
	}
	if err := decodeGrid(raw.Table3, "表三", "表三的行", t3Row, t3ColIndex.lookup,
		func(i, c int, cell Cell) { out.Table3.Cells[i][c] = cell }); err != nil {
		return err
	}
	if err := decodeGrid(raw.Table4, "表四", "表四的", t4Blocks.lookup, t4Cols.lookup,
		func(i, c int, cell Cell) { out.Table4.Cells[i][c] = cell }); err != nil {
		return err
	}
	for k, v := range raw.Sections {
		i := sectionIndex(k)
		if i < 0 {
			return fmt.Errorf("年度报告JSON中sections的“%s”无法识别", k)
		}
		*out.Sections.field(i) = v
	}
	*r = out
	return nil
}

// decodeGrid reads table three or four, rows of cells keyed by label.
// table names it in messages ("表三"), rowWhat its rows ("表三的行"; table
// four's are blocks, named bare).
func decodeGrid(raw map[string]map[string]json.RawMessage, table, rowWhat string, row, col func(string) (int, bool), set func(i, c int, cell Cell)) error {
	for rowKey, cols := range raw {
		i, ok := row(rowKey)
		if !ok {
			return fmt.Errorf("年度报告JSON中%s“%s”无法识别", rowWhat, rowKey)
		}
		for colKey, v := range cols {
			c, ok := col(colKey)
			if !ok {
				return fmt.Errorf("年度报告JSON中%s的列“%s”无法识别", table, colKey)
			}
			cell, err := decodeCell(v)
			if err != nil {
				return fmt.Errorf("%s“%s/%s”: %w", table, rowKey, colKey, err)
			}
			set(i, c, cell)
		}
	}
	return nil
}

// ReadJSON reads one report in the JSON shape.
func ReadJSON(rd io.Reader) (*Report, error) {
	data, err := io.ReadAll(io.LimitReader(rd, maxReportFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("读取年度报告JSON失败: %w", err)
	}
	if int64(len(data)) > maxReportFileBytes {
		return nil, fmt.Errorf("年度报告JSON超过 %d MB，未读取", maxReportFileBytes>>20)
	}
	var r Report
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// blankAll marks every cell blank: in a file or JSON document a missing
// value means "not filled", never a reported 0.
func blankAll(r *Report) {
	for i := range r.Table2.Cells {
		r.Table2.Cells[i] = BlankCell()
	}
	for i := range r.Table3.Cells {
		for c := range r.Table3.Cells[i] {
			r.Table3.Cells[i][c] = BlankCell()
		}
	}
	for i := range r.Table4.Cells {
		for c := range r.Table4.Cells[i] {
			r.Table4.Cells[i][c] = BlankCell()
		}
	}
}

// sectionIndex matches a section heading with or without its number
// ("五、存在的主要问题及改进情况") and the shortened forms offices use.
func sectionIndex(s string) int {
	k := stripNumbering(s)
	for i, h := range SectionHeadings {
		if k == normLabel(h.Label) {
			return i
		}
	}
	switch {
	case strings.Contains(k, "总体情况"):
		return 0
	case strings.Contains(k, "问题") && strings.Contains(k, "改进"):
		return 1
	case strings.Contains(k, "其他需要报告"):
		return 2
	}
	return -1
}

type kv struct {
	key string
	val json.RawMessage
}

// decodeOrdered decodes one JSON object keeping its key order.
func decodeOrdered(data []byte) ([]kv, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, errors.New("应为JSON对象")
	}
	var out []kv
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		out = append(out, kv{key, v})
	}
	return out, nil
}

func decodeCell(v json.RawMessage) (Cell, error) {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || bytes.Equal(v, []byte("null")) {
		return BlankCell(), nil
	}
	if v[0] == '"' {
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return Cell{}, fmt.Errorf("单元格值格式错误: %w", err)
		}
		return ParseCell(s)
	}
	var f float64
	if err := json.Unmarshal(v, &f); err != nil {
		return Cell{}, fmt.Errorf("单元格值应为数字、null或“/”，实为%s", v)
	}
	return N(f), nil
}
