package reports

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"
)

// DumpXLSX renders a workbook as deterministic text: per sheet its page
// setup, column widths, row heights, merged ranges, the styles in use and
// every non-empty or styled cell with its value. It exists for golden tests
// (a zip of XML is not diffable) and for eyeballing a layout change.
func DumpXLSX(rd io.Reader) (string, error) {
	f, err := excelize.OpenReader(rd)
	if err != nil {
		return "", fmt.Errorf("无法打开Excel文件: %w", err)
	}
	defer f.Close()
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		if err := dumpSheet(&b, f, sheet); err != nil {
			return "", fmt.Errorf("读取工作表“%s”失败: %w", sheet, err)
		}
	}
	return b.String(), nil
}

func dumpSheet(b *strings.Builder, f *excelize.File, sheet string) error {
	fmt.Fprintf(b, "== sheet %q\n", sheet)
	pl, err := f.GetPageLayout(sheet)
	if err != nil {
		return err
	}
	props, err := f.GetSheetProps(sheet)
	if err != nil {
		return err
	}
	fmt.Fprintf(b, "page: size=%s orientation=%s fitToWidth=%s fitToHeight=%s fitToPage=%s\n",
		ptr(pl.Size), ptr(pl.Orientation), ptr(pl.FitToWidth), ptr(pl.FitToHeight), ptr(props.FitToPage))
	pm, err := f.GetPageMargins(sheet)
	if err != nil {
		return err
	}
	fmt.Fprintf(b, "margins: left=%s right=%s top=%s bottom=%s centered=%s\n",
		ptr(pm.Left), ptr(pm.Right), ptr(pm.Top), ptr(pm.Bottom), ptr(pm.Horizontally))

	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return err
	}
	merges, err := f.GetMergeCells(sheet)
	if err != nil {
		return err
	}
	maxRow, maxCol := len(rows), 0
	for _, r := range rows {
		maxCol = max(maxCol, len(r))
	}
	var ranges []string
	covered := map[[2]int]bool{} // cells hidden under a merged range
	for _, m := range merges {
		ranges = append(ranges, m.GetStartAxis()+":"+m.GetEndAxis())
		c1, r1, err := excelize.CellNameToCoordinates(m.GetStartAxis())
		if err != nil {
			return err
		}
		c2, r2, err := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err != nil {
			return err
		}
		for r := r1; r <= r2; r++ {
			for c := c1; c <= c2; c++ {
				covered[[2]int{r, c}] = r != r1 || c != c1
			}
		}
		maxRow, maxCol = max(maxRow, r2), max(maxCol, c2)
	}
	sort.Slice(ranges, func(i, j int) bool { return cellLess(ranges[i], ranges[j]) })

	b.WriteString("cols:")
	for c := 1; c <= maxCol; c++ {
		name, _ := excelize.ColumnNumberToName(c)
		wd, err := f.GetColWidth(sheet, name)
		if err != nil {
			return err
		}
		fmt.Fprintf(b, " %s=%g", name, wd)
	}
	b.WriteString("\nrows:")
	for r := 1; r <= maxRow; r++ {
		h, err := f.GetRowHeight(sheet, r)
		if err != nil {
			return err
		}
		fmt.Fprintf(b, " %d=%g", r, h)
	}
	b.WriteString("\nmerged: " + strings.Join(ranges, " ") + "\n")

	styleNames := map[int]string{}
	var styleLines []string
	var cells strings.Builder
	for r := 1; r <= maxRow; r++ {
		for c := 1; c <= maxCol; c++ {
			name := cellName(r, c)
			sid, err := f.GetCellStyle(sheet, name)
			if err != nil {
				return err
			}
			var v string
			if r <= len(rows) && c <= len(rows[r-1]) && !covered[[2]int{r, c}] {
				v = rows[r-1][c-1]
			}
			if v == "" && sid == 0 {
				continue
			}
			sn, ok := styleNames[sid]
			if !ok {
				sn = fmt.Sprintf("s%d", len(styleNames)+1)
				styleNames[sid] = sn
				desc, err := describeStyle(f, sid)
				if err != nil {
					return err
				}
				styleLines = append(styleLines, "  "+sn+": "+desc)
			}
			typ, err := f.GetCellType(sheet, name)
			if err != nil {
				return err
			}
			fmt.Fprintf(&cells, "  %s %s", name, sn)
			switch {
			case v == "":
			case typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString:
				fmt.Fprintf(&cells, " %q", v)
			default:
				fmt.Fprintf(&cells, " %s", v)
			}
			cells.WriteByte('\n')
		}
	}
	b.WriteString("styles:\n" + strings.Join(styleLines, "\n") + "\ncells:\n" + cells.String())
	return nil
}

func describeStyle(f *excelize.File, id int) (string, error) {
	s, err := f.GetStyle(id)
	if err != nil {
		return "", err
	}
	var parts []string
	if s.Font != nil {
		font := fmt.Sprintf("font=%s/%g", s.Font.Family, s.Font.Size)
		if s.Font.Bold {
			font += "/bold"
		}
		parts = append(parts, font)
	}
	if a := s.Alignment; a != nil {
		al := "align=" + a.Horizontal + "/" + a.Vertical
		if a.WrapText {
			al += "/wrap"
		}
		parts = append(parts, al)
	}
	var borders []string
	for _, bd := range s.Border {
		if bd.Style != 0 {
			borders = append(borders, fmt.Sprintf("%s:%d", bd.Type, bd.Style))
		}
	}
	sort.Strings(borders)
	if len(borders) > 0 {
		parts = append(parts, "border="+strings.Join(borders, ","))
	}
	if s.NumFmt != 0 {
		parts = append(parts, fmt.Sprintf("numfmt=%d", s.NumFmt))
	}
	if len(parts) == 0 {
		return "default", nil
	}
	return strings.Join(parts, " "), nil
}

func ptr[T any](p *T) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprint(*p)
}

// cellLess orders "A1:B2" ranges by their top-left cell, row first.
func cellLess(a, b string) bool {
	ca, ra, _ := excelize.CellNameToCoordinates(strings.Split(a, ":")[0])
	cb, rb, _ := excelize.CellNameToCoordinates(strings.Split(b, ":")[0])
	if ra != rb {
		return ra < rb
	}
	return ca < cb
}
