package xlsxstream

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// TestFastPathOneInflate: an ordinary upload read by the fast reader has
// no worksheet scanned by bounds.go (the reader bounds the sheet in its
// own pass); on the excelize path every worksheet is scanned before
// excelize opens the file.
func TestFastPathOneInflate(t *testing.T) {
	ctx := context.Background()
	n := sheetScans.Load()
	if _, err := readWorkbook(ctx, ingestTD("app-dates.xlsx"), testOpt); err != nil {
		t.Fatal(err)
	}
	if d := sheetScans.Load() - n; d != 0 {
		t.Errorf("fast path: %d worksheet scans, want 0", d)
	}
	n = sheetScans.Load()
	if _, err := readWorkbook(ctx, ingestTD("app-two-sheets.xlsx"), Options{MaxUnzipBytes: DefaultMaxUnzipBytes, ExcelizeOnly: true}); err != nil {
		t.Fatal(err)
	}
	if d := sheetScans.Load() - n; d != 3 { // its three worksheet parts
		t.Errorf("excelize path: %d worksheet scans, want 3", d)
	}
}

// TestFastReaderBounds: what bounds.go refuses where the fast reader's
// own tests have to find it — before and after sheetData (the bytes it
// gives encoding/xml), late in a long sheet (after the scan went on a
// goroutine of its own) — is refused on both paths, with bounds.go's
// reason.
func TestFastReaderBounds(t *testing.T) {
	many := func(w io.Writer) {
		for i := 5; i < 6000; i++ {
			fmt.Fprintf(w, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>B-%d</t></is></c><c r="B%d"><v>%d</v></c></row>`, i, i, i, i, i)
		}
	}
	// late is a ledger of 6000 rows with mid at its end (sheetWith's last
	// row would make the fast reader decline there).
	late := func(mid func(w io.Writer)) func(io.Writer) {
		return func(w io.Writer) {
			io.WriteString(w, bombHead)
			ledgerRows(w)
			many(w)
			mid(w)
			io.WriteString(w, bombTail)
		}
	}
	cases := []struct {
		name  string
		sheet func(w io.Writer)
		want  string
	}{
		{"tail-whitespace", func(w io.Writer) {
			io.WriteString(w, bombHead)
			ledgerRows(w)
			io.WriteString(w, "</sheetData>")
			repeat(w, " ", 2<<20)
			io.WriteString(w, "</worksheet>")
		}, "含有超长空白或异常内容"},
		{"prefix-nesting", func(w io.Writer) {
			io.WriteString(w, strings.TrimSuffix(bombHead, "<sheetData>")+"<sheetPr>")
			repeat(w, "<a>", 200)
			repeat(w, "</a>", 200)
			io.WriteString(w, "</sheetPr><sheetData>")
			ledgerRows(w)
			io.WriteString(w, bombTail)
		}, "结构嵌套超过 100 层"},
		{"late-giant-cell", late(func(w io.Writer) {
			io.WriteString(w, `<row r="6000"><c r="A6000" t="inlineStr"><is><t>`)
			repeat(w, "公开", (2<<20)/6)
			io.WriteString(w, `</t></is></c></row>`)
		}), "中有单元格内容过长"},
		{"late-row-number", late(func(w io.Writer) {
			io.WriteString(w, `<row r="1048577"><c r="A1048577"><v>1</v></c></row>`)
		}), "的行号“1048577”超出 Excel 的上限"},
		{"late-whitespace", late(func(w io.Writer) {
			repeat(w, "\t", 2<<20)
			io.WriteString(w, `<row r="6001"><c r="A6001"><v>1</v></c></row>`)
		}), "含有超长空白或异常内容"},
		{"rich-text-nesting", sheetWith(func(w io.Writer) {
			io.WriteString(w, `<row r="5"><c r="A5" t="inlineStr"><is><r><t>a</t></r><r>`)
			repeat(w, "<rPr>", 120)
			repeat(w, "</rPr>", 120)
			io.WriteString(w, `<t>b</t></r></is></c></row>`)
		}), "结构嵌套超过 100 层"},
	}
	dir := t.TempDir()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(dir, c.name+".xlsx")
			writeBomb(t, p, c.sheet)
			for _, fast := range []bool{true, false} {
				opt := serverOpt
				opt.ExcelizeOnly = !fast
				_, err := readWorkbook(context.Background(), p, opt)
				if err == nil {
					t.Fatalf("fast reader %v: not refused", fast)
				}
				if reason := reasonOf(err); !strings.Contains(reason, "工作表“台账”") || !strings.Contains(reason, c.want) {
					t.Errorf("fast reader %v: reason %q, want %q", fast, reason, c.want)
				}
			}
		})
	}
}
