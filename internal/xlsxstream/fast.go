package xlsxstream

// A fast streaming reader of .xlsx worksheets (issue "Speed and scale").
//
// excelize's Rows() decodes every cell with encoding/xml (~15–20k rows/s)
// and first inflates each sheet whole into memory or a temp file. This
// reader streams the sheet part straight out of the zip through a
// hand-written scanner and yields exactly what excelize's Rows/Columns with
// RawCellValue yield: the same rows (empty ones for row-number gaps), the
// same cell strings at the same positions. Whatever it does not fully
// understand — a part layout, a prefix, an attribute, a cell type, an XML
// construct, a broken stream — makes it decline, and the caller reads the
// sheet with excelize instead (from the start, or from the row where the
// scanner stopped, which excelize yields identically up to there). It never
// guesses a value.
//
// The workbook's metadata (sheet list, date1904, and every check excelize
// makes when opening: workbook, relationships, styles, theme, calcChain,
// CRCs of the small parts) comes from excelize itself, opened on a copy of
// the package whose worksheet parts are stubbed out; the shared strings are
// scanned here.
//
// A worksheet's plausibility (bounds.go) is kept by the scanner itself in
// its single pass: what bounds.go refuses is refused, not declined (a
// declined sheet reaches excelize only through openExcelizeChecked, which
// scans every worksheet first).

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
	"sync"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"gongkai"
)

// declineError says the fast reader cannot vouch for a file or a sheet: the
// caller uses excelize.
type declineError struct{ why string }

func (e *declineError) Error() string { return "fast xlsx reader declines: " + e.why }

func decline(format string, args ...any) error {
	return &declineError{why: fmt.Sprintf(format, args...)}
}

func isDecline(err error) bool {
	var d *declineError
	return errors.As(err, &d)
}

const (
	nsMain           = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel            = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	relOfficeDoc     = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
	pathWorkbook     = "xl/workbook.xml"
	pathWorkbookRels = "xl/_rels/workbook.xml.rels"
	pathSST          = "xl/sharedStrings.xml"
	pathStyles       = "xl/styles.xml"
	maxMetaPart      = 16 << 20 // workbook, rels: larger ones are not from any writer we know
)

// fastSource is an .xlsx opened by the fast reader; excelize is opened only
// when a sheet needs it.
type fastSource struct {
	ctx      context.Context // the upload's, for the plausibility checks
	path     string
	opt      Options
	file     *os.File
	parts    map[string]*zip.File
	sheets   []string
	hidden   map[string]bool   // sheets the workbook hides
	paths    map[string]string // sheet name → worksheet part
	sst      *sstTable
	fmts     *numFmts // the cell styles' number formats (Rows.NumFmt)
	date1904 bool

	ex    source // the excelize source, once needed
	exErr error

	mu        sync.Mutex
	kept      map[*zip.File][]byte // worksheet parts inflated once (keep)
	keptBytes int64
}

// mayKeep tells whether the pass for the merges of part zf should keep its
// bytes for the scanner (merges.go): false on the excelize path (s nil).
func (s *fastSource) mayKeep(zf *zip.File) bool {
	if s == nil || zf.UncompressedSize64 > maxKeptSheet {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.keptBytes+int64(zf.UncompressedSize64) <= maxKeptBytes
}

// keep holds the inflated bytes of part zf, read to its end with a good
// CRC, for the sheet's rows to be read from (openSheet) until Close.
func (s *fastSource) keep(zf *zip.File, data []byte) {
	if s == nil || data == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.kept == nil {
		s.kept = map[*zip.File][]byte{}
	}
	if _, ok := s.kept[zf]; !ok {
		s.kept[zf] = data
		s.keptBytes += int64(len(data))
	}
}

// keptPart is the bytes of part zf kept by keep, nil if none.
func (s *fastSource) keptPart(zf *zip.File) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.kept[zf]
}

// openXLSXCtx opens an .xlsx with the fast reader when it can vouch for
// the file, else with excelize, under a deadline, which also bounds the
// checks of the worksheets' plausibility (bounds.go) made on the way.
func openXLSXCtx(ctx context.Context, path string, opt Options) (source, error) {
	if !opt.ExcelizeOnly {
		if s, err := openFastXLSX(path, opt); err == nil {
			s.ctx = ctx
			return s, nil
		}
	}
	return openExcelizeChecked(ctx, path, opt)
}

// sheetBytes is the worksheets' declared uncompressed size.
func (s *fastSource) sheetBytes() int64 {
	var n uint64
	for _, p := range s.paths {
		n += s.parts[p].UncompressedSize64
	}
	return int64(min(n, 1<<50))
}

// copyRaw is zip.Writer.Copy with a pooled buffer: io.Copy took 32 KB for
// each part of each workbook opened.
func copyRaw(zw *zip.Writer, zf *zip.File) error {
	r, err := zf.OpenRaw()
	if err != nil {
		return err
	}
	fh := zf.FileHeader // as Copy: no pointer into zf's archive
	fw, err := zw.CreateRaw(&fh)
	if err != nil {
		return err
	}
	buf := getPartBuf()
	defer putPartBuf(buf)
	_, err = io.CopyBuffer(fw, r, buf)
	return err
}

func openFastXLSX(file string, opt Options) (_ *fastSource, err error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, decline("open: %v", err)
	}
	defer func() {
		if err != nil {
			f.Close()
		}
	}()
	st, err := f.Stat()
	if err != nil {
		return nil, decline("stat: %v", err)
	}
	zr, err := zip.NewReader(f, st.Size())
	if err != nil {
		return nil, decline("zip: %v", err)
	}
	s := &fastSource{ctx: context.Background(), path: file, opt: opt, file: f, parts: map[string]*zip.File{}, paths: map[string]string{}}
	// Declared sizes: excelize refuses a part or a total over the limit
	// with its own message, so leave such files to it.
	var total uint64
	limit := uint64(max(opt.MaxUnzipBytes, 0))
	for _, zf := range zr.File {
		sz := zf.UncompressedSize64
		if sz > limit || total+sz > limit {
			return nil, decline("declared size over the limit")
		}
		total += sz
		name := zf.Name
		if strings.Contains(name, "\\") || name == "" {
			return nil, decline("part name %q", name)
		}
		switch strings.ToLower(name) { // as excelize's ReadZipReader
		case "[content_types].xml":
			name = "[Content_Types].xml"
		case "xl/sharedstrings.xml":
			name = pathSST
		}
		if _, dup := s.parts[name]; dup {
			return nil, decline("duplicate part %q", name)
		}
		s.parts[name] = zf
	}

	// The workbook and its sheets' parts, resolved as excelize does.
	var root relsXML
	if err := s.decodeMeta("_rels/.rels", &root); err != nil {
		return nil, err
	}
	wbPath := ""
	for _, r := range root.Rels {
		if r.Type == relOfficeDoc {
			wbPath = strings.TrimPrefix(r.Target, "/")
			break
		}
	}
	if wbPath != pathWorkbook {
		return nil, decline("workbook at %q", wbPath)
	}
	var wb workbookXML
	if err := s.decodeMeta(pathWorkbook, &wb); err != nil {
		return nil, err
	}
	var rels relsXML
	if err := s.decodeMeta(pathWorkbookRels, &rels); err != nil {
		return nil, err
	}
	relByID := map[string]string{}
	for _, r := range rels.Rels {
		if _, dup := relByID[r.ID]; dup {
			return nil, decline("duplicate relationship id")
		}
		relByID[r.ID] = r.Target
	}
	sheetParts := map[string]bool{}
	for _, sh := range wb.Sheets {
		if _, dup := s.paths[sh.Name]; dup {
			return nil, decline("duplicate sheet name")
		}
		target, ok := relByID[sh.RID]
		if !ok || strings.Contains(target, "\\") {
			continue
		}
		p := strings.TrimPrefix(path.Clean("xl/"+target), "/")
		if strings.HasPrefix(target, "/") {
			p = strings.TrimPrefix(path.Clean(target), "/")
		}
		if _, ok := s.parts[p]; ok {
			s.paths[sh.Name] = p
			sheetParts[p] = true
		}
	}

	// excelize opens a copy of the package with the worksheets (and shared
	// strings) stubbed out: its sheet list, date1904 and the checks it
	// makes on open are then exactly its own.
	var stub bytes.Buffer
	zw := zip.NewWriter(&stub)
	for _, zf := range zr.File {
		name := zf.Name
		if sheetParts[name] || strings.HasPrefix(strings.ToLower(name), "xl/worksheets/") || strings.EqualFold(name, pathSST) {
			if _, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store}); err != nil {
				return nil, decline("stub: %v", err)
			}
			continue
		}
		// zw.Copy copies the compressed bytes and excelize drops the
		// unzip error when it reads them: a damaged part must be found
		// here (the excelize path then refuses the file).
		if err := readToEnd(zf); err != nil {
			return nil, decline("part %s: %v", name, err)
		}
		if err := copyRaw(zw, zf); err != nil {
			return nil, decline("stub copy: %v", err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, decline("stub: %v", err)
	}
	x, err := excelize.OpenReader(&stub, excelizeOptions(opt))
	if err != nil {
		return nil, decline("excelize on the stub: %v", err)
	}
	s.sheets = x.GetSheetList()
	s.hidden = hiddenSheets(x, s.sheets)
	if p, err := x.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		s.date1904 = *p.Date1904
	}
	x.Close()
	if len(s.sheets) == 0 || len(s.sheets) != len(wb.Sheets) {
		return nil, decline("sheet list")
	}
	for i, sh := range wb.Sheets {
		if s.sheets[i] != sh.Name {
			return nil, decline("sheet list")
		}
	}

	if zf := s.parts[pathSST]; zf != nil {
		if s.sst, err = readSST(zf, opt); err != nil {
			return nil, err
		}
	}
	s.fmts = readNumFmts(s.parts[pathStyles])
	return s, nil
}

// excelizeOptions are the options excelize opens the stub with.
func excelizeOptions(opt Options) excelize.Options {
	return excelize.Options{
		RawCellValue:      true,
		UnzipSizeLimit:    opt.MaxUnzipBytes,
		UnzipXMLSizeLimit: min(64<<20, opt.MaxUnzipBytes),
	}
}

type relsXML struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Target string `xml:"Target,attr"`
		Type   string `xml:"Type,attr"`
	} `xml:"Relationship"`
}

type workbookXML struct {
	XMLName xml.Name `xml:"http://schemas.openxmlformats.org/spreadsheetml/2006/main workbook"`
	Sheets  []struct {
		Name string `xml:"name,attr"`
		RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
	} `xml:"sheets>sheet"`
}

func (s *fastSource) decodeMeta(name string, v any) error {
	zf := s.parts[name]
	if zf == nil {
		return decline("no part %s", name)
	}
	if zf.UncompressedSize64 > maxMetaPart {
		return decline("part %s too large", name)
	}
	rc, err := zf.Open()
	if err != nil {
		return decline("part %s: %v", name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxMetaPart+1))
	if err != nil || len(b) > maxMetaPart {
		return decline("part %s: %v", name, err)
	}
	if err := xml.Unmarshal(b, v); err != nil {
		return decline("part %s: %v", name, err)
	}
	return nil
}

func (s *fastSource) Sheets() []string         { return s.sheets }
func (s *fastSource) Date1904() bool           { return s.date1904 }
func (s *fastSource) Hidden(sheet string) bool { return s.hidden[sheet] }

func (s *fastSource) sheetPart(sheet string) *zip.File {
	if p, ok := s.paths[sheet]; ok {
		return s.parts[p]
	}
	return nil
}

func (s *fastSource) Close() error {
	s.mu.Lock()
	s.kept, s.keptBytes = nil, 0
	s.mu.Unlock()
	if s.ex != nil {
		s.ex.Close()
	}
	return s.file.Close()
}

// excelize opens the file with excelize, once.
func (s *fastSource) excelize() (source, error) {
	if s.ex == nil && s.exErr == nil {
		s.ex, s.exErr = openExcelizeChecked(s.ctx, s.path, s.opt)
	}
	return s.ex, s.exErr
}

func (s *fastSource) Open(sheet string) (rowReader, error) {
	p, ok := s.paths[sheet]
	if !ok || !sheetNameOK(sheet) || !strings.HasPrefix(p, "xl/worksheets/") {
		return s.openExcelize(sheet)
	}
	fr, err := s.openSheet(sheet, p)
	if isDecline(err) {
		return s.openExcelize(sheet)
	}
	if err != nil { // a refusal (bounds.go) or the deadline
		return nil, err
	}
	return &fallbackRows{src: s, sheet: sheet, fast: fr}, nil
}

func (s *fastSource) openExcelize(sheet string) (rowReader, error) {
	ex, err := s.excelize()
	if err != nil {
		return nil, err
	}
	return ex.Open(sheet)
}

// sheetNameOK is excelize's checkSheetName: Rows refuses other names.
func sheetNameOK(name string) bool {
	return name != "" && len(utf16.Encode([]rune(name))) <= excelize.MaxSheetNameLength &&
		!strings.HasPrefix(name, "'") && !strings.HasSuffix(name, "'") && !strings.ContainsAny(name, ":\\/?*[]")
}

// fallbackRows reads with the fast scanner and, should it decline midway,
// goes on with excelize from the same row.
type fallbackRows struct {
	src   *fastSource
	sheet string
	fast  *fastRows
	ex    rowReader
	n     int        // rows yielded
	tail  *mergeFeed // the merges the fast scanner found at the sheet's end
	unc   *uncachedCells
	err   error
}

// uncached: the fast scanner's count when it read the sheet to its end,
// else excelize's path's (its check scans the whole sheet).
func (r *fallbackRows) uncached() *uncachedCells {
	if r.ex != nil {
		if u, ok := r.ex.(interface{ uncached() *uncachedCells }); ok {
			return u.uncached()
		}
		return nil
	}
	return r.unc
}

// tailMerges are the sheet's merged ranges as the fast scanner found them
// after its rows, once they have all been read; false when it did not read
// the sheet to its end (excelize did).
func (r *fallbackRows) tailMerges() ([]Range, bool, error) {
	if r.tail == nil || !r.tail.done {
		return nil, false, nil
	}
	return r.tail.m.sortedRanges(), true, r.tail.err
}

func (r *fallbackRows) Next() bool {
	if r.err != nil {
		return false
	}
	if r.fast != nil {
		if r.fast.Next() {
			r.n++
			return true
		}
		err := r.fast.Err()
		r.fast.Close()
		if err == nil {
			r.tail = r.fast.b.merges
			r.unc = r.fast.uncached()
		}
		r.fast = nil
		if err == nil {
			return false
		}
		if !isDecline(err) { // a refusal (bounds.go) or the deadline
			r.err = err
			return false
		}
		ex, err := r.src.openExcelize(r.sheet)
		if err != nil {
			r.err = err
			return false
		}
		r.ex = ex
		for i := 0; i < r.n; i++ {
			if !ex.Next() {
				if r.err = ex.Err(); r.err == nil {
					r.err = gongkai.Errorf(gongkai.EINTERNAL, "读取工作表“%s”失败：两种读取方式结果不一致", r.sheet)
				}
				return false
			}
		}
	}
	if r.ex == nil || !r.ex.Next() {
		if r.ex != nil {
			r.err = r.ex.Err()
		}
		return false
	}
	r.n++
	return true
}

func (r *fallbackRows) Row() []string {
	if r.fast != nil {
		return r.fast.Row()
	}
	return r.ex.Row()
}

// cellMeta: the fast scanner's, nil once excelize reads (CellUnknown).
func (r *fallbackRows) cellMeta() []uint32 {
	if r.fast != nil {
		return r.fast.cellMeta()
	}
	return nil
}

func (r *fallbackRows) RowNum() int { return r.n }
func (r *fallbackRows) Err() error  { return r.err }

func (r *fallbackRows) Close() error {
	if r.fast != nil {
		r.fast.Close()
	}
	if r.ex != nil {
		return r.ex.Close()
	}
	return nil
}
