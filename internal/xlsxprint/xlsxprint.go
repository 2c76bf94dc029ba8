// Package xlsxprint sets how a worksheet gongkai writes prints: A4, fit to
// the page width and as many pages down as it takes, header rows repeated
// on every page. The blank templates (internal/xlsxtemplate), the annual
// report (reports) and the ranking workbook (charts) share it, so that
// their print settings have one definition.
package xlsxprint

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// PaperA4 is the OOXML paper size of A4.
const PaperA4 = 9

// Page is how one sheet prints.
type Page struct {
	Landscape bool
	// TitleRows are the first and last rows (1-based) printed again at the
	// top of every page (_xlnm.Print_Titles); 0 repeats none.
	TitleFirst, TitleLast int
	// Margin is the left, right, top and bottom margin in inches; 0 is 0.5.
	Margin float64
	// Header and Footer are the page header and footer (Excel codes: &C
	// centre, &P page, &N pages); "" prints none.
	Header, Footer string
}

// Setup applies p to sheet: A4, fitToWidth=1 and fitToHeight=0 with
// fitToPage on, the margins, the header and footer and the print titles.
// Call it before a stream writer writes the sheet, which keeps the
// settings it finds.
func Setup(f *excelize.File, sheet string, p Page) error {
	size, orient, one, zero, fit := PaperA4, "portrait", 1, 0, true
	if p.Landscape {
		orient = "landscape"
	}
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return fmt.Errorf("页面设置: %w", err)
	}
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return fmt.Errorf("页面设置: %w", err)
	}
	m := p.Margin
	if m == 0 {
		m = 0.5
	}
	hf := 0.3
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &m, Right: &m, Top: &m, Bottom: &m, Header: &hf, Footer: &hf}); err != nil {
		return fmt.Errorf("页面设置: %w", err)
	}
	if p.Header != "" || p.Footer != "" {
		if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddHeader: p.Header, OddFooter: p.Footer}); err != nil {
			return fmt.Errorf("页眉页脚: %w", err)
		}
	}
	if p.TitleFirst > 0 {
		if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet,
			RefersTo: fmt.Sprintf("'%s'!$%d:$%d", sheet, p.TitleFirst, p.TitleLast)}); err != nil {
			return fmt.Errorf("打印标题: %w", err)
		}
	}
	return nil
}
