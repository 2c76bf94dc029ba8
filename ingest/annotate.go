package ingest

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"gongkai/internal/xlsxmark"
)

// annotateMaxBytes: above this the annotated copy is not written; a file
// that large is not fixed by hand in Excel anyway, and the error list says all.
const annotateMaxBytes = 32 << 20

// Notes on a result whose annotated copy was not written.
var (
	errAnnotateTooBig = errors.New("文件过大，未生成标注副本")
	errAnnotateFailed = errors.New("文件结构特殊，无法在副本中标注错误；请按下面的错误列表改正")
)

// annotate writes a copy of a refused workbook with every bad cell filled
// red and commented with its reason, plus a sheet listing all errors — what
// clerks know from provincial 填报 systems. It returns the copy's path.
//
// The copy is a convenience: when it cannot be written (xlsxmark recovers
// excelize's panics on some workbooks other programs write) the result
// carries a note in Chinese and the detail goes to the log.
func annotate(path, name, dir string, errs []RowError) (string, error) {
	if st, err := os.Stat(path); err != nil || st.Size() > annotateMaxBytes {
		return "", errAnnotateTooBig
	}
	if dir == "" {
		dir = filepath.Dir(path)
	}
	base := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	dst := filepath.Join(dir, base+"-错误标注.xlsx")
	err := os.MkdirAll(dir, 0o755)
	if err == nil {
		err = xlsxmark.Copy(path, dst, errorMarks(errs), errorList(errs))
	}
	if pe := (*xlsxmark.PanicError)(nil); errors.As(err, &pe) {
		slog.Error("annotated copy panicked", "file", name, "panic", fmt.Sprint(pe.Value), "stack", string(pe.Stack))
		return "", errAnnotateFailed
	} else if err != nil {
		slog.Warn("annotated copy failed", "file", name, "err", err)
		return "", errAnnotateFailed
	}
	return dst, nil
}

// errorMarks marks each error's cell (a row's error its first cell) with
// its reason.
func errorMarks(errs []RowError) []xlsxmark.Mark {
	marks := make([]xlsxmark.Mark, len(errs))
	for i, e := range errs {
		marks[i] = xlsxmark.Mark{Sheet: e.Sheet, Cell: colLetters(max(e.col, 0)) + fmt.Sprint(e.Row), Text: e.Reason}
	}
	return marks
}

// errorList is the sheet of all errors added to the copy.
func errorList(errs []RowError) xlsxmark.List {
	l := xlsxmark.List{
		Name:   "错误说明",
		Header: []string{"工作表", "行", "列", "单元格", "填写的值", "错误原因"},
		Rows:   make([][]any, len(errs)),
		Widths: []float64{0, 0, 0, 0, 24, 60},
	}
	for i, e := range errs {
		l.Rows[i] = []any{e.Sheet, e.Row, e.Column, e.Cell, e.Value, e.Reason}
	}
	return l
}
