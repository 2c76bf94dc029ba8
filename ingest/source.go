package ingest

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"gongkai"
)

// Limits guard against files that would exhaust the machine.
type Limits struct {
	MaxFileBytes  int64 // the uploaded file itself
	MaxUnzipBytes int64 // all parts of an .xlsx once decompressed
	MaxRows       int64 // data rows in one file
}

// DefaultLimits fit a county's largest ledgers with room to spare and stop
// zip bombs long before memory or disk run out.
var DefaultLimits = Limits{MaxFileBytes: 512 << 20, MaxUnzipBytes: 4 << 30, MaxRows: 5_000_000}

// A problem with a whole file (not one row) -- not a spreadsheet,
// encrypted, truncated, too large -- is a *gongkai.Error: its code says
// what happened, its message is for the clerk.

// readErr: the file could not be read from disk; the message keeps the
// system's reason (permission, I/O).
func readErr(err error) error {
	return &gongkai.Error{Code: gongkai.EREAD, Message: fmt.Sprintf("无法读取文件：%v", err), Detail: err}
}

// rowReader yields the rows of one sheet as text cells.
type rowReader interface {
	Next() bool
	Row() []string
	RowNum() int // 1-based row (xlsx) or line (csv) the clerk sees
	Err() error
	Close() error
}

// source is an opened spreadsheet: one or more sheets.
type source interface {
	Sheets() []string
	Open(sheet string) (rowReader, error)
	Date1904() bool
	Format() string // "xlsx" or "csv"
	Close() error
}

var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// openSource sniffs the content (never the name) and opens the file.
func openSource(path string, lim Limits) (source, error) {
	return openSourceCtx(context.Background(), path, lim)
}

// openSourceCtx is openSource under a deadline: an .xlsx is first checked
// for implausible content (bounds.go), which may take a pass over its
// parts; a CSV is read as a stream later, under readSheet's checks.
func openSourceCtx(ctx context.Context, path string, lim Limits) (source, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, readErr(err)
	}
	if !st.Mode().IsRegular() {
		// A device, pipe or directory: its size says nothing (/dev/zero
		// has size 0 and never ends) and reading it may not stop.
		return nil, gongkai.Errorf(gongkai.EFORMAT, "不是普通文件（是设备、管道或目录），无法作为台账读取，请指定 .xlsx 或 .csv 文件")
	}
	if st.Size() > lim.MaxFileBytes {
		return nil, gongkai.Errorf(gongkai.ETOOLARGE, "文件大小 %.1f MB 超过上限 %d MB，请拆分后上传", float64(st.Size())/(1<<20), lim.MaxFileBytes>>20)
	}
	if st.Size() == 0 {
		return nil, gongkai.Errorf(gongkai.EEMPTY, "文件是空的")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, readErr(err)
	}
	head := make([]byte, 64<<10)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	f.Close()
	switch {
	case bytes.HasPrefix(head, zipMagic) && isOpenDocument(head):
		if bytes.HasPrefix(head[38:], []byte(odsMimetype)) {
			return nil, gongkai.Errorf(gongkai.EFORMAT, "不支持 .ods 格式，请另存为 .xlsx 或 .csv")
		}
		return nil, gongkai.Errorf(gongkai.EFORMAT, "不是 Excel 或 CSV 文件（是 OpenDocument 文档），请上传 .xlsx 或 .csv")
	case bytes.HasPrefix(head, zipMagic):
		// The worksheets are bounded by the fast reader as it reads them,
		// or scanned by openExcelizeChecked before excelize opens the file.
		if err := checkBoundsOf(ctx, path, lim, nonSheetParts); err != nil {
			return nil, err
		}
		return openXLSXCtx(ctx, path, lim)
	case bytes.HasPrefix(head, oleMagic):
		return nil, gongkai.Errorf(gongkai.EFORMAT, "文件已加密，或是旧版 Excel 97-2003（.xls）格式：请取消密码并另存为 .xlsx 后上传")
	}
	enc, err := sniffText(head, int64(n) < st.Size())
	if err != nil {
		return nil, err
	}
	return &csvSource{path: path, enc: enc, comma: sniffComma(head, enc)}, nil
}

const odsMimetype = "application/vnd.oasis.opendocument.spreadsheet"

// isOpenDocument: the zip's first entry is OpenDocument's "mimetype",
// stored uncompressed, as the OpenDocument standard requires: its content
// follows the 30-byte local header and the 8-byte name. Without this an
// .ods (WPS and LibreOffice save it) was called a damaged .xlsx.
func isOpenDocument(head []byte) bool {
	return len(head) > 38 && string(head[30:38]) == "mimetype" &&
		bytes.HasPrefix(head[38:], []byte("application/vnd.oasis.opendocument."))
}

// isXMLError: encoding/xml's errors (excelize passes them on, not always
// wrapped) are English and name lines of a part the clerk never sees.
func isXMLError(err error) bool {
	var se *xml.SyntaxError
	var ue xml.UnmarshalError
	msg := err.Error()
	return errors.As(err, &se) || errors.As(err, &ue) || strings.Contains(msg, "XML syntax error") || strings.Contains(msg, "xml: ")
}

// textEncoding is how a CSV file's bytes become UTF-8.
type textEncoding int

const (
	encUTF8 textEncoding = iota
	encUTF8BOM
	encGB18030
	encUTF16LE
	encUTF16BE
)

func (e textEncoding) String() string {
	return [...]string{"UTF-8", "UTF-8 (BOM)", "GB18030", "UTF-16LE", "UTF-16BE"}[e]
}

// sniffText decides the encoding of a text file from its first bytes:
// a BOM, else valid UTF-8, else GB18030 (a superset of GBK). Binary content
// (NUL bytes, control characters) is not a CSV. cut tells that the file
// goes on past head.
func sniffText(head []byte, cut bool) (textEncoding, error) {
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		return encUTF8BOM, nil
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return encUTF16LE, nil
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return encUTF16BE, nil
	}
	ctrl := 0
	for _, b := range head {
		if b == 0 {
			return 0, gongkai.Errorf(gongkai.EFORMAT, "不是 Excel 或 CSV 文件（内容为二进制数据），请上传 .xlsx 或 .csv")
		}
		if b < 0x20 && b != '\n' && b != '\r' && b != '\t' {
			ctrl++
		}
	}
	if ctrl > len(head)/100+1 {
		return 0, gongkai.Errorf(gongkai.EFORMAT, "不是 Excel 或 CSV 文件（含大量控制字符），请上传 .xlsx 或 .csv")
	}
	// The 64 KB cut may split a UTF-8 character: ignore an incomplete last
	// one. Only where the file was cut, and only that: GB18030 bytes of a
	// last character (氲 = EB B5) can look like a cut UTF-8 character.
	probe := head
	for i := len(probe) - 1; cut && i >= 0 && i >= len(probe)-3; i-- {
		if !utf8.RuneStart(probe[i]) {
			continue
		}
		if !utf8.FullRune(probe[i:]) {
			probe = probe[:i]
		}
		break
	}
	if utf8.Valid(probe) {
		return encUTF8, nil
	}
	dec := simplifiedchinese.GB18030.NewDecoder()
	if _, err := dec.Bytes(head); err != nil {
		return 0, gongkai.Errorf(gongkai.EENCODING, "无法识别文件编码（既不是 UTF-8 也不是 GB18030/GBK）")
	}
	return encGB18030, nil
}

// sniffComma picks the delimiter: Excel's "Unicode text" export uses tabs,
// some European settings semicolons. A delimiter splits most of the first
// lines into the same number of fields, while commas inside text and a
// title line above the header do not; so the candidate whose most common
// per-line count is shared by the most lines wins (then the higher count,
// then the order below).
func sniffComma(head []byte, enc textEncoding) rune {
	br := bufio.NewReader(decodeReader(bytes.NewReader(head), enc))
	var lines []string
	for len(lines) < 20 {
		line, err := br.ReadString('\n')
		if strings.TrimSpace(line) != "" {
			lines = append(lines, line)
		}
		if err != nil {
			break
		}
	}
	best, bestLines, bestN := ',', 0, 0
	for _, c := range []rune{',', '\t', ';', '，'} {
		freq := map[int]int{}
		for _, l := range lines {
			if n := strings.Count(l, string(c)); n > 0 {
				freq[n]++
			}
		}
		for n, f := range freq {
			if f > bestLines || f == bestLines && n > bestN {
				best, bestLines, bestN = c, f, n
			}
		}
	}
	return best
}

func decodeReader(r io.Reader, enc textEncoding) io.Reader {
	switch enc {
	case encUTF8BOM:
		br := bufio.NewReaderSize(r, 64<<10)
		br.Discard(3)
		return br
	case encGB18030:
		return transform.NewReader(r, simplifiedchinese.GB18030.NewDecoder())
	case encUTF16LE:
		return transform.NewReader(r, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
	case encUTF16BE:
		return transform.NewReader(r, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder())
	}
	return r
}

type csvSource struct {
	path  string
	enc   textEncoding
	comma rune
}

func (s *csvSource) Sheets() []string { return []string{""} }
func (s *csvSource) Date1904() bool   { return false }
func (s *csvSource) Format() string   { return "csv" }
func (s *csvSource) Close() error     { return nil }

func (s *csvSource) Open(string) (rowReader, error) {
	f, err := os.Open(s.path)
	if err != nil {
		return nil, readErr(err)
	}
	r := newCSVReader(bufio.NewReaderSize(decodeReader(f, s.enc), 64<<10), s.comma)
	return newAsyncRows(&csvRows{f: f, r: r}), nil
}

type csvRows struct {
	f    *os.File
	r    *csvReader
	row  []string
	line int
	err  error
}

func (c *csvRows) Next() bool {
	if c.err != nil {
		return false
	}
	rec, line, err := c.r.Read()
	if err == io.EOF {
		return false
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			c.err = gongkai.Errorf(gongkai.EDAMAGED, "CSV 第 %d 行格式错误（%v），请检查引号是否成对", pe.StartLine, pe.Err)
		} else {
			c.err = &gongkai.Error{Code: gongkai.EREAD, Message: fmt.Sprintf("读取 CSV 失败：%v", err), Detail: err}
		}
		return false
	}
	c.row, c.line = rec, line
	return true
}

func (c *csvRows) Row() []string { return c.row }
func (c *csvRows) RowNum() int   { return c.line }
func (c *csvRows) Err() error    { return c.err }
func (c *csvRows) Close() error  { return c.f.Close() }

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
// content first: openSourceCtx's check leaves the worksheets to the fast
// reader, which bounds only what it reads itself, and excelize bounds
// nothing.
func openExcelizeChecked(ctx context.Context, path string, lim Limits) (source, error) {
	if err := checkBoundsOf(ctx, path, lim, sheetParts); err != nil {
		return nil, err
	}
	return openExcelizeXLSX(path, lim)
}

// openExcelizeXLSX opens an .xlsx with excelize, without the plausibility
// checks (bounds.go): the tests' reference reader. Uploads go through
// openExcelizeChecked.
func openExcelizeXLSX(path string, lim Limits) (source, error) {
	f, err := excelize.OpenFile(path, excelize.Options{
		RawCellValue:   true,
		UnzipSizeLimit: lim.MaxUnzipBytes,
		// Worksheets over this go to a temporary file rather than memory:
		// every sheet part at 64 MB held a workbook of 15 sheets at 1 GB.
		// excelize refuses a part limit above the total.
		UnzipXMLSizeLimit: min(16<<20, lim.MaxUnzipBytes),
	})
	if err != nil {
		msg := err.Error()
		switch {
		case strings.Contains(msg, "unzip size exceeds") || strings.Contains(msg, "size exceeds"):
			return nil, gongkai.Errorf(gongkai.EBOUNDS, "文件解压后超过 %d MB 上限（可能是压缩炸弹），已拒收", lim.MaxUnzipBytes>>20)
		case strings.Contains(msg, "zip:") || strings.Contains(msg, "EOF") || strings.Contains(msg, "flate"):
			// Say where, when a part is what is damaged.
			if err := locateDamage(path, lim); err != nil {
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
	// them here (xlsxcheck.go), the worksheets when first opened.
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
	done chan struct{}
	err  error
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
		c.err = checkSheetPart(sheet, zf, &s.closed)
	}()
	return c
}

func (s *xlsxSource) Sheets() []string { return s.f.GetSheetList() }
func (s *xlsxSource) Date1904() bool   { return s.date1904 }
func (s *xlsxSource) Format() string   { return "xlsx" }

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

func (x *xlsxRows) Row() []string { return x.row }
func (x *xlsxRows) RowNum() int   { return x.n }
func (x *xlsxRows) Err() error    { return x.err }
func (x *xlsxRows) Close() error  { return x.rows.Close() }
