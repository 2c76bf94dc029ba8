package xlsxstream

// The excelize path: the reference reader, and the fast reader's fallback.

import (
	"archive/zip"
	"context"
	"encoding/xml"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/xuri/excelize/v2"

	"gongkai"
)

type xlsxSource struct {
	f        *excelize.File
	date1904 bool

	zr         *zip.ReadCloser      // the package, for the damage checks
	sheetParts map[string]*zip.File // sheet → worksheet part
	mu         sync.Mutex           // guards checks
	checks     map[string]*sheetCheck
	closed     atomic.Bool // stops the checks
	checking   sync.WaitGroup
}

// openExcelizeChecked is how an upload's workbook reaches excelize: the
// excelize path and the fast reader's fallback (whole workbook, one sheet
// or mid-sheet) all come here. It scans every worksheet for implausible
// content first: Open's check leaves the worksheets to the fast
// reader, which bounds only what it reads itself, and excelize bounds
// nothing.
func openExcelizeChecked(ctx context.Context, path string, opt Options) (source, error) {
	if err := checkBoundsOf(ctx, path, opt, sheetParts); err != nil {
		return nil, err
	}
	return openExcelizeXLSX(path, opt)
}

// openExcelizeXLSX opens an .xlsx with excelize, without the plausibility
// checks (bounds.go): the tests' reference reader. Uploads go through
// openExcelizeChecked.
func openExcelizeXLSX(path string, opt Options) (source, error) {
	f, err := excelize.OpenFile(path, excelize.Options{
		RawCellValue:   true,
		UnzipSizeLimit: opt.MaxUnzipBytes,
		// Worksheets over this go to a temporary file rather than memory:
		// every sheet part at 64 MB held a workbook of 15 sheets at 1 GB.
		// excelize refuses a part limit above the total.
		UnzipXMLSizeLimit: min(16<<20, opt.MaxUnzipBytes),
	})
	if err != nil {
		msg := err.Error()
		switch {
		case strings.Contains(msg, "unzip size exceeds") || strings.Contains(msg, "size exceeds"):
			return nil, gongkai.Errorf(gongkai.EBOUNDS, "文件解压后超过 %d MB 上限（可能是压缩炸弹），已拒收", opt.MaxUnzipBytes>>20)
		case strings.Contains(msg, "zip:") || strings.Contains(msg, "EOF") || strings.Contains(msg, "flate"):
			// Say where, when a part is what is damaged.
			if err := locateDamage(path, opt); err != nil {
				return nil, err
			}
			return nil, gongkai.Errorf(gongkai.EDAMAGED, "Excel 文件已损坏或不完整（可能上传中断），请重新保存后上传")
		case strings.Contains(msg, "encrypt") || strings.Contains(msg, "password"):
			return nil, gongkai.Errorf(gongkai.EENCRYPTED, "文件已加密，请取消密码后上传")
		}
		slog.Warn("excelize cannot open workbook", "err", err)
		if isXMLError(err) {
			return nil, gongkai.Errorf(gongkai.EDAMAGED, "Excel 文件的内容不是有效的 XML（文件已损坏，或由不规范的软件生成），请用 Excel 或 WPS 打开后另存为 .xlsx 再上传")
		}
		return nil, gongkai.Errorf(gongkai.EDAMAGED, "无法打开 Excel 文件（文件可能已损坏），请用 Excel 或 WPS 打开后另存为 .xlsx 再上传")
	}
	if len(f.GetSheetList()) == 0 {
		f.Close()
		return nil, gongkai.Errorf(gongkai.EEMPTY, "Excel 文件中没有工作表")
	}
	s := &xlsxSource{f: f}
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		s.date1904 = *p.Date1904
	}
	// excelize has read every part with the unzip error dropped: check
	// them here (check.go), the worksheets when first opened.
	if err := s.checkPackage(path); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// checkPackage opens the package for the damage checks and checks every
// part but the worksheets, which Open checks.
func (s *xlsxSource) checkPackage(path string) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return gongkai.Errorf(gongkai.EDAMAGED, "Excel 文件已损坏或不完整（可能上传中断），请重新保存后上传")
	}
	s.zr = zr
	s.sheetParts = worksheetParts(zr.File)
	s.checks = map[string]*sheetCheck{}
	sheetPart := map[*zip.File]bool{}
	for _, zf := range s.sheetParts {
		sheetPart[zf] = true
	}
	for _, zf := range zr.File {
		if !sheetPart[zf] {
			if err := checkPart(zf); err != nil {
				return err
			}
		}
	}
	return nil
}

// sheetCheck is the damage check of a worksheet part, run once per sheet
// on a goroutine of its own beside excelize's reading of the rows: on the
// excelize path the reader is the bottleneck and the appender's core is
// mostly idle. Nothing is loaded before it is done: the rows' Err waits
// for it.
type sheetCheck struct {
	done     chan struct{}
	err      error
	uncached *uncachedCells // the sheet's formulas without a value; nil when not scanned
}

func (c *sheetCheck) wait() error {
	<-c.done
	return c.err
}

// failed is the check's error if it has ended, else nil.
func (c *sheetCheck) failed() error {
	select {
	case <-c.done:
		return c.err
	default:
		return nil
	}
}

// checkSheet starts a sheet's check, once.
func (s *xlsxSource) checkSheet(sheet string) *sheetCheck {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.checks[sheet]; c != nil {
		return c
	}
	c := &sheetCheck{done: make(chan struct{})}
	s.checks[sheet] = c
	zf := s.sheetParts[sheet]
	if zf == nil { // not resolved: checked as bytes by checkPackage
		close(c.done)
		return c
	}
	s.checking.Add(1)
	go func() {
		defer s.checking.Done()
		defer close(c.done)
		c.uncached, c.err = checkSheetCells(sheet, zf, &s.closed)
	}()
	return c
}

func (s *xlsxSource) Sheets() []string { return s.f.GetSheetList() }

func (s *xlsxSource) Hidden(sheet string) bool {
	v, err := s.f.GetSheetVisible(sheet)
	return err == nil && !v
}

// hiddenSheets are the sheets of x its workbook hides (hidden or
// veryHidden), nil when there are none.
func hiddenSheets(x *excelize.File, sheets []string) map[string]bool {
	var out map[string]bool
	for _, sh := range sheets {
		if v, err := x.GetSheetVisible(sh); err == nil && !v {
			if out == nil {
				out = map[string]bool{}
			}
			out[sh] = true
		}
	}
	return out
}
func (s *xlsxSource) Date1904() bool { return s.date1904 }

func (s *xlsxSource) sheetPart(sheet string) *zip.File { return s.sheetParts[sheet] }

func (s *xlsxSource) Close() error {
	if s.zr != nil {
		s.closed.Store(true)
		s.checking.Wait()
		s.zr.Close()
	}
	return s.f.Close()
}

func (s *xlsxSource) Open(sheet string) (rowReader, error) {
	// excelize's rows stop silently where the sheet's XML or its stream
	// breaks: the check decides whether they are all.
	chk := s.checkSheet(sheet)
	if err := chk.failed(); err != nil {
		return nil, err
	}
	rows, err := s.f.Rows(sheet)
	if err != nil {
		return nil, xlsxReadErr(sheet, err)
	}
	return &xlsxRows{rows: rows, sheet: sheet, chk: chk}, nil
}

func xlsxReadErr(sheet string, err error) error {
	msg := err.Error()
	if strings.Contains(msg, "zip:") || strings.Contains(msg, "flate") || strings.Contains(msg, "EOF") {
		return gongkai.Errorf(gongkai.EDAMAGED, "工作表“%s”已损坏或不完整，请重新保存后上传", sheet)
	}
	if strings.Contains(msg, "size exceeds") {
		return gongkai.Errorf(gongkai.EBOUNDS, "工作表“%s”解压后过大（可能是压缩炸弹），已拒收", sheet)
	}
	slog.Warn("excelize cannot read sheet", "sheet", sheet, "err", err)
	if isXMLError(err) {
		return gongkai.Errorf(gongkai.EDAMAGED, "工作表“%s”的内容不是有效的 XML（文件已损坏，或由不规范的软件生成），请用 Excel 或 WPS 打开后另存为 .xlsx 再上传", sheet)
	}
	return gongkai.Errorf(gongkai.EDAMAGED, "读取工作表“%s”失败（文件可能已损坏），请用 Excel 或 WPS 打开后另存为 .xlsx 再上传", sheet)
}

type xlsxRows struct {
	rows  *excelize.Rows
	sheet string
	chk   *sheetCheck
	row   []string
	n     int
	err   error
}

func (x *xlsxRows) Next() bool {
	if x.err != nil {
		return false
	}
	if !x.rows.Next() {
		return x.end(x.rows.Error())
	}
	x.n++
	cols, err := x.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return x.end(err)
	}
	x.row = cols
	return true
}

// end ends the rows, with excelize's error if any. The end of the rows is
// the end of the sheet only if the check says so, and its refusal, which
// says where the damage is, comes before excelize's error (which may be
// the damage seen by excelize).
func (x *xlsxRows) end(err error) bool {
	if cerr := x.chk.wait(); cerr != nil {
		x.err = cerr
	} else if err != nil {
		x.err = xlsxReadErr(x.sheet, err)
	}
	return false
}

// uncached: the check has ended once the rows have.
func (x *xlsxRows) uncached() *uncachedCells {
	if x.chk.failed() != nil {
		return nil
	}
	select {
	case <-x.chk.done:
		return x.chk.uncached
	default:
		return nil
	}
}

func (x *xlsxRows) Row() []string { return x.row }
func (x *xlsxRows) RowNum() int   { return x.n }
func (x *xlsxRows) Err() error    { return x.err }
func (x *xlsxRows) Close() error  { return x.rows.Close() }

// isXMLError: encoding/xml's errors (excelize passes them on, not always
// wrapped) are English and name lines of a part the clerk never sees.
func isXMLError(err error) bool {
	var se *xml.SyntaxError
	var ue xml.UnmarshalError
	msg := err.Error()
	return errors.As(err, &se) || errors.As(err, &ue) || strings.Contains(msg, "XML syntax error") || strings.Contains(msg, "xml: ")
}
