// Package xlsxstream reads the sheets of an .xlsx workbook as rows of text
// cells, as excelize's Rows/Columns with raw cell values would, within
// bounded memory and time, and refuses what it cannot read with a
// *gongkai.Error whose message is for the clerk (damaged, hostile,
// encrypted, or another format: an old .xls or WPS .et, an .ods).
//
// The path of a workbook (issues 7 and 13):
//   - the parts other than the worksheets are scanned for implausible
//     content first (bounds.go), which no spreadsheet program writes and
//     which would make a reader take gigabytes or minutes;
//   - the fast reader (fast.go, scan.go) streams each worksheet through a
//     hand-written scanner, keeping bounds.go's limits in its single pass;
//     whatever it cannot vouch for, it declines, and the sheet is read with
//     excelize (excelize.go), from its start or from the row where the
//     scanner stopped; excelize opens a workbook only after every
//     worksheet has been scanned (openExcelizeChecked);
//   - check.go is the one arbiter of damage for both readers: every part
//     inflates to its end with a good CRC and declared size, and the shared
//     strings and sheets are well-formed XML to their root's close;
//   - merges.go finds a sheet's merged ranges, which the rows may be given
//     filled in (Options.FillMerges): before the rows, or on a sheet too
//     large for a pass of its own, at its end (Rows.LateMerges);
//   - formulas saved without their values (Rows.Uncached: openpyxl writes
//     them so) are counted by both readers, the fast one as it scans, the
//     excelize path in its check of the sheet (check.go);
//   - ole.go tells an OLE2 file for what it is (an old Excel or WPS
//     workbook, an encrypted .xlsx, another Office document).
package xlsxstream

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"os"
	"slices"
	"sync"

	"gongkai"
)

// Options of Open.
type Options struct {
	// MaxUnzipBytes bounds the workbook's parts once decompressed, all
	// together (a zip bomb is refused); 0 is DefaultMaxUnzipBytes.
	MaxUnzipBytes int64
	// ExcelizeOnly reads every sheet with excelize, the fast reader off:
	// the reference path, for tests and benchmarks to compare with.
	ExcelizeOnly bool
	// FillMerges gives every cell of a merged range the value of the
	// range's top-left cell, in the rows a sheet's Rows yields (see Rows).
	// A sheet over 64 MB of XML (merges.go, maxMergeScan) is read unfilled
	// the first time, its ranges found at its end (Rows.LateMerges), and
	// filled when opened again.
	FillMerges bool
}

// DefaultMaxUnzipBytes is MaxUnzipBytes when none is given.
const DefaultMaxUnzipBytes = 4 << 30

var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// Sniff tells whether a file beginning with head is this package's to
// open (or refuse): a zip package (.xlsx, or an OpenDocument file) or an
// OLE2 compound file (.xls, .et, an encrypted .xlsx).
func Sniff(head []byte) bool {
	return bytes.HasPrefix(head, zipMagic) || bytes.HasPrefix(head, oleMagic)
}

// source is a workbook opened by one of the readers.
type source interface {
	Sheets() []string
	// Hidden tells a sheet the workbook hides (hidden or veryHidden):
	// the clerk does not see it in Excel.
	Hidden(sheet string) bool
	Open(sheet string) (rowReader, error)
	Date1904() bool
	Close() error
	// sheetPart is a sheet's worksheet part, nil if not resolved.
	sheetPart(sheet string) *zip.File
}

// rowReader yields the rows of one sheet as text cells.
type rowReader interface {
	Next() bool
	Row() []string
	RowNum() int
	Err() error
	Close() error
}

// Workbook is an opened .xlsx.
type Workbook struct {
	ctx  context.Context // Open's, for the passes over sheets made later
	src  source
	opt  Options
	size int64 // of the file

	mu     sync.Mutex
	merges map[string][]Range // per sheet, found once (FillMerges)
}

// Open opens the workbook at path, whose first bytes head are those for
// which Sniff is true. ctx bounds the checks made on the way.
func Open(ctx context.Context, path string, head []byte, opt Options) (*Workbook, error) {
	if opt.MaxUnzipBytes == 0 {
		opt.MaxUnzipBytes = DefaultMaxUnzipBytes
	}
	if bytes.HasPrefix(head, oleMagic) {
		return nil, oleRefusal(path)
	}
	if isOpenDocument(head) {
		if bytes.HasPrefix(head[38:], []byte(odsMimetype)) {
			return nil, gongkai.Errorf(gongkai.EFORMAT, "不支持 OpenDocument 电子表格（.ods）格式：请用 WPS 打开后选“文件→另存为”，文件类型选“Microsoft Excel 文件(*.xlsx)”；或用 LibreOffice 打开后选“文件→另存为”，文件类型选“Excel 2007-365 (.xlsx)”，保存后上传 .xlsx 文件")
		}
		return nil, gongkai.Errorf(gongkai.EFORMAT, "不是 Excel 或 CSV 文件（是 OpenDocument 文档），请上传 .xlsx 或 .csv")
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, gongkai.ReadError(err)
	}
	// The worksheets are bounded by the fast reader as it reads them, or
	// scanned by openExcelizeChecked before excelize opens the file.
	if err := checkBoundsOf(ctx, path, opt, nonSheetParts); err != nil {
		return nil, outErr(err)
	}
	src, err := openXLSXCtx(ctx, path, opt)
	if err != nil {
		return nil, outErr(err)
	}
	return &Workbook{ctx: ctx, src: src, opt: opt, size: st.Size(), merges: map[string][]Range{}}, nil
}

const odsMimetype = "application/vnd.oasis.opendocument.spreadsheet"

// isOpenDocument: the zip's first entry is OpenDocument's "mimetype",
// stored uncompressed, as the OpenDocument standard requires: its content
// follows the 30-byte local header and the 8-byte name. Without this an
// .ods (WPS and LibreOffice save it) was called a damaged .xlsx.
func isOpenDocument(head []byte) bool {
	return bytes.HasPrefix(head, zipMagic) && len(head) > 38 && string(head[30:38]) == "mimetype" &&
		bytes.HasPrefix(head[38:], []byte("application/vnd.oasis.opendocument."))
}

// Sheets are the workbook's sheet names in order.
func (w *Workbook) Sheets() []string { return w.src.Sheets() }

// Date1904 tells that the workbook counts dates from 1904.
func (w *Workbook) Date1904() bool { return w.src.Date1904() }

// Hidden tells that the workbook hides sheet (hidden or veryHidden).
func (w *Workbook) Hidden(sheet string) bool { return w.src.Hidden(sheet) }

// EstimateRows estimates the workbook's rows from the size of its sheets,
// on the low side: a row takes ~300-400 bytes of sheet XML when its text
// is in the shared strings (Excel, WPS), ~700 when inline (excelize's
// writer); on the excelize path only the compressed size is known.
func (w *Workbook) EstimateRows() int64 {
	if x, ok := w.src.(*fastSource); ok {
		if x.sst == nil || x.sst.len() == 0 {
			return x.sheetBytes() / 700
		}
		return x.sheetBytes() / 300
	}
	return w.size / 40
}

// Close closes the workbook; rows opened from it must be closed first.
func (w *Workbook) Close() error { return w.src.Close() }

// Open opens a sheet's rows.
func (w *Workbook) Open(sheet string) (*Rows, error) {
	var merges []Range
	known := true
	if w.opt.FillMerges {
		var err error
		if merges, known, err = w.sheetMerges(sheet); err != nil {
			return nil, outErr(err)
		}
	}
	rr, err := w.src.Open(sheet)
	if err != nil {
		return nil, outErr(err)
	}
	r := &Rows{rr: rr, merges: merges}
	if x, ok := w.src.(*fastSource); ok {
		r.fmts = x.fmts
	}
	if !known {
		r.w, r.sheet = w, sheet
	}
	if len(merges) > 0 {
		r.fill = newFiller(merges)
	}
	return r, nil
}

// Rows are the rows of one sheet: every row from the first to the last
// the sheet holds, empty ones for row numbers it skips, each cell's raw
// value as text (a number as written, a shared string resolved, a date as
// its serial number). With Options.FillMerges, every cell of a merged
// range holds the value of the range's top-left cell: a range spanning
// several rows fills each of them, one spanning several columns makes the
// row as long as its last column. Nothing else is changed: a range over a
// header, a title or a total is filled as any other, for the caller to
// make sense of. A sheet over 64 MB of XML whose ranges are not known yet
// comes unfilled, and its ranges are found at its end (LateMerges).
type Rows struct {
	rr     rowReader
	merges []Range
	fill   *filler
	row    []string
	meta   []uint32 // the row's cells' types and styles (cells.go); nil: unknown
	across bool     // a cell of the row was filled across (FilledAcross)
	fmts   *numFmts // nil on the excelize path

	w     *Workbook // set while the sheet's ranges are to be found at its end
	sheet string
	late  []Range
	err   error
}

// Next moves to the next row: false at the end of the sheet or on an
// error (Err).
func (r *Rows) Next() bool {
	if !r.rr.Next() {
		if r.w != nil && r.rr.Err() == nil {
			r.late, r.err = r.w.lateMerges(r.sheet, r.rr)
			r.w = nil
		}
		return false
	}
	var meta []uint32
	if m, ok := r.rr.(interface{ cellMeta() []uint32 }); ok {
		meta = m.cellMeta()
	}
	r.meta, r.across = meta, false
	if r.fill != nil {
		r.row, r.meta, r.across = r.fill.apply(r.rr.RowNum(), r.rr.Row(), meta)
	}
	return true
}

// Type is the type of the current row's cell i (0-based): CellUnknown
// for a cell the row does not have, or when the sheet is read by excelize
// (the fast reader's fallback), which does not say. A cell filled from a
// merged range has its top-left cell's type.
func (r *Rows) Type(i int) CellType {
	if i < 0 || i >= len(r.meta) {
		return CellUnknown
	}
	return CellType(r.meta[i] & metaTypeMask)
}

// NumFmt is the number format code of the current row's cell i (0-based)
// as styles.xml gives it, a built-in format by its code ("0", "yyyy/m/d";
// the zh-CN ones as Excel shows them in China): "" for General, or for a
// cell whose type is CellUnknown; UnknownFormat when the workbook's styles
// cannot be read. A cell filled from a merged range has its top-left cell's
// format.
func (r *Rows) NumFmt(i int) string {
	if i < 0 || i >= len(r.meta) || r.meta[i]&metaTypeMask == 0 {
		return ""
	}
	return r.fmts.code(r.meta[i] >> metaStyleShift)
}

// FilledAcross tells that the current row's cell i (0-based) holds the
// value of a merged range that begins in a column to its left (a title
// merged over three columns: the second and third). Excel shows the value
// once, over the range; it is the caller's to decide whether the cell is
// the value's (a header label spanning two columns) or empty (a data
// row's text merged over the next columns). A range's first column, filled
// down, is not "across".
func (r *Rows) FilledAcross(i int) bool {
	return i >= 0 && i < len(r.meta) && r.meta[i]&metaAcross != 0
}

// AnyFilledAcross tells that FilledAcross is true of some cell of the
// current row.
func (r *Rows) AnyFilledAcross() bool { return r.across }

// Row is the current row's cells (trailing empty cells may be missing).
func (r *Rows) Row() []string {
	if r.fill != nil {
		return r.row
	}
	return r.rr.Row()
}

// RowNum is the current row's number in the sheet (1-based), as Excel
// shows it.
func (r *Rows) RowNum() int { return r.rr.RowNum() }

// Err is why the rows ended early: a refusal, the deadline of the
// workbook's context, or nil at the end of the sheet.
func (r *Rows) Err() error {
	if r.err != nil {
		return outErr(r.err)
	}
	return outErr(r.rr.Err())
}

// Close closes the rows.
func (r *Rows) Close() error { return r.rr.Close() }

// Merges are the sheet's merged ranges, known before its first row; nil
// unless Options.FillMerges is set (and the sheet is within maxMergeScan
// or was read before).
func (r *Rows) Merges() []Range { return r.merges }

// LateMerges are the merged ranges of a sheet whose rows came unfilled
// because its ranges were not known before its first row (a sheet over
// maxMergeScan read for the first time), found once its rows have all
// been read: the rows held none of them filled, and the sheet opened again
// from the same Workbook comes filled. Nil otherwise.
func (r *Rows) LateMerges() []Range { return r.late }

// Uncached is a column's cells that hold a formula without its value:
// how many, and the first and last rows they are in (1-based, as Excel
// numbers rows and columns).
type Uncached struct {
	Col, Count, FirstRow, LastRow int
}

// uncachedCells counts a sheet's formulas without a value, by column.
type uncachedCells struct {
	cols map[int]*Uncached
}

func (u *uncachedCells) add(row, col int) {
	c := u.cols[col]
	if c == nil {
		if u.cols == nil {
			u.cols = map[int]*Uncached{}
		}
		c = &Uncached{Col: col, FirstRow: row}
		u.cols[col] = c
	}
	c.Count++
	c.LastRow = max(c.LastRow, row)
	c.FirstRow = min(c.FirstRow, row)
}

// Uncached gives, once the rows have ended without an error, per column
// the cells of the sheet that hold a formula without its value, in column
// order. Excel, WPS and LibreOffice store the value of every formula they
// save; a program that writes formulas without computing them (openpyxl,
// some exports) leaves the value out, and such a cell reads as empty: the
// caller decides whether that loses data. A formula whose value is an
// empty string (t="str") is not counted.
func (r *Rows) Uncached() []Uncached {
	u, ok := r.rr.(interface{ uncached() *uncachedCells })
	if !ok {
		return nil
	}
	c := u.uncached()
	if c == nil {
		return nil
	}
	out := make([]Uncached, 0, len(c.cols))
	for _, x := range c.cols {
		out = append(out, *x)
	}
	slices.SortFunc(out, func(a, b Uncached) int { return a.Col - b.Col })
	return out
}

// outErr is an error as it leaves the package: encoding/xml's (excelize
// passes them on, not always wrapped) are English and name lines of a
// part the clerk never sees, so one that slipped through is worded here.
func outErr(err error) error {
	var e *gongkai.Error
	if err == nil || errors.As(err, &e) || !isXMLError(err) {
		return err
	}
	return &gongkai.Error{Code: gongkai.EDAMAGED, Message: "Excel 文件的内容不是有效的 XML（文件已损坏，或由不规范的软件生成），请用 Excel 或 WPS 打开后另存为 .xlsx 再上传", Detail: err}
}
