package xlsxstream

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestOrderRefused: rows or cells written out of order (testdata/raw,
// gen_raw.py) are refused by both readers with the sheet, the row and what
// to do; LibreOffice reads them by r= and excelize by the order written, so
// reading on would drop a row or move a value. A sheet in order reads.
func TestOrderRefused(t *testing.T) {
	cases := map[string]string{
		"order_ok.xlsx":      "",
		"order_rows.xlsx":    "工作表“台账”第 3 行在文件中写在第 4 行之后",
		"order_rowdup.xlsx":  "工作表“台账”第 2 行在文件中出现了两次",
		"order_cells.xlsx":   "工作表“台账”第 2 行的单元格 A2 写在 B 列之后",
		"order_celldup.xlsx": "工作表“台账”第 2 行的单元格 A2 在文件中出现了两次",
		"order_foreign.xlsx": "工作表“台账”第 2 行中写有不属于该行的单元格 B3",
	}
	for name, want := range cases {
		for _, opt := range []Options{testOpt, {MaxUnzipBytes: DefaultMaxUnzipBytes, ExcelizeOnly: true}} {
			rows, err := readWorkbook(context.Background(), filepath.Join("testdata", "raw", name), opt)
			if want == "" {
				if err != nil || len(rows["台账"]) != 3 {
					t.Errorf("%s (excelize only %v): %v %v", name, opt.ExcelizeOnly, rows, err)
				}
				continue
			}
			if err == nil {
				t.Errorf("%s (excelize only %v): read, want refused: %v", name, opt.ExcelizeOnly, rows)
				continue
			}
			if msg := reasonOf(err); !strings.HasPrefix(msg, want) || !strings.Contains(msg, "请用 Excel 或 WPS 打开此文件，另存为 .xlsx 后重新上传") {
				t.Errorf("%s (excelize only %v): %q, want %q…", name, opt.ExcelizeOnly, msg, want)
			}
		}
	}
}
