package ingest

import (
	"context"
	"errors"
	"io"
	"os"
	"slices"
	"strings"

	"gongkai"
	"gongkai/internal/csvstream"
	"gongkai/internal/xlsxstream"
)

// Limits guard against files that would exhaust the machine.
type Limits struct {
	MaxFileBytes  int64 // the uploaded file itself
	MaxUnzipBytes int64 // all parts of an .xlsx once decompressed
	MaxRows       int64 // data rows in one file
}

// DefaultLimits fit a county's largest ledgers with room to spare and stop
// zip bombs long before memory or disk run out.
var DefaultLimits = Limits{MaxFileBytes: 512 << 20, MaxUnzipBytes: xlsxstream.DefaultMaxUnzipBytes, MaxRows: 5_000_000}

// A problem with a whole file (not one row) -- not a spreadsheet,
// encrypted, truncated, too large -- is a *gongkai.Error: its code says
// what happened, its message is for the clerk. The format packages
// (internal/xlsxstream, internal/csvstream) give theirs.

// readErr: the file could not be read from disk.
func readErr(err error) error { return gongkai.ReadError(err) }

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
	Hidden(sheet string) bool // the workbook hides the sheet: the clerk does not see it
	Open(sheet string) (rowReader, error)
	Date1904() bool
	Format() string // "xlsx" or "csv"
	// EstimateRows estimates the file's data rows from the size of its
	// text, on the low side: an index sized from it grows once at most.
	EstimateRows() int64
	Close() error
}

// openSource opens a file with the default options.
func openSource(path string, lim Limits) (source, error) {
	return openSourceCtx(context.Background(), path, Options{Limits: lim})
}

// openSourceCtx checks that path is a regular file within the size limit
// and opens it by its content (never its name): a zip or OLE2 file is
// xlsxstream's to open or refuse, anything else is read as CSV text. ctx
// bounds an .xlsx's checks, which may take a pass over its parts; a CSV
// is read as a stream later, under readSheet's checks.
func openSourceCtx(ctx context.Context, path string, opt Options) (source, error) {
	lim := opt.Limits
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
	// The first 64 KB, or the whole of a smaller file (most ledgers are a
	// few KB, and a province loads tens of thousands).
	head := make([]byte, min(st.Size(), 64<<10))
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	f.Close()
	if xlsxstream.Sniff(head) {
		// A zip that is no workbook (.xlsb, .docx, an archive) is told
		// apart by its parts before it is read as one.
		if err := xlsxstream.PackageKind(path); err != nil {
			return nil, err
		}
		// Merged cells are filled in (issue 14): a unit, category or date
		// merged over its rows is each row's. A range over the title or
		// the header is filled too; header.go makes sense of it, and one
		// going on from the header into the data fills no data cell
		// (headerMerges).
		w, err := xlsxstream.Open(ctx, path, head, xlsxstream.Options{MaxUnzipBytes: lim.MaxUnzipBytes, ExcelizeOnly: opt.ExcelizeOnly, FillMerges: true})
		if err != nil {
			return nil, err
		}
		return xlsxSource{w}, nil
	}
	c, err := csvstream.Open(path, head, st.Size())
	if err != nil {
		return nil, err
	}
	return &csvSource{file: c, enc: c.Encoding()}, nil
}

// xlsxSource is a workbook as a source.
type xlsxSource struct{ *xlsxstream.Workbook }

func (s xlsxSource) Format() string { return "xlsx" }

func (s xlsxSource) Open(sheet string) (rowReader, error) {
	r, err := s.Workbook.Open(sheet)
	if err != nil {
		return nil, err
	}
	return r, nil
}

// uncachedFormulas refuses a sheet whose columns of the kind hold, below
// the header, formulas saved without their values (xlsxstream.Rows.Uncached):
// those cells read as empty, so a row would load without a date or an
// outcome it shows in Excel. A program wrote the file (Excel, WPS and
// LibreOffice save the values); opening it in Excel or WPS and saving it
// computes them. Formulas in columns the kind does not have (a 序号 of
// =ROW()-2) or in the title and header lose nothing and pass.
func uncachedFormulas(rr rowReader, p *sheetPlan, k *gongkai.Kind) error {
	x, ok := rr.(*xlsxstream.Rows)
	if !ok {
		return nil
	}
	header := p.lay.headerRow + 1
	var names []string
	var first string
	n := 0
	for _, u := range x.Uncached() {
		col := u.Col - 1
		if u.LastRow <= header || col >= len(p.lay.cols) || p.lay.cols[col] < 0 {
			continue
		}
		n += u.Count
		names = append(names, "“"+p.columnName(col, k)+"”")
		if first == "" {
			row := u.FirstRow
			if row <= header {
				row = u.LastRow
			}
			first = cellRef(col, row, "xlsx")
		}
	}
	if n == 0 {
		return nil
	}
	return gongkai.Errorf(gongkai.EFORMAT, "%s中%s列的 %d 个单元格（如 %s）是公式，但文件中没有保存公式的计算结果（文件由程序生成，未经 Excel 或 WPS 计算），读不出其中的数值。请用 Excel 或 WPS 打开此文件，保存后重新上传",
		sheetLabel(p.sheet), strings.Join(names, ""), n, first)
}

// errLateMerges fails a kind's batch whose sheet had merged cells over its
// data that were found only at the sheet's end (a sheet over 64 MB of XML,
// not searched for them before its rows: xlsxstream.Rows.LateMerges): the
// rows went unfilled. The load changes nothing, and the kind is read again
// from the same source, the sheet's merges now known (Ingester.stream).
var errLateMerges = errors.New("merged cells found after the rows were read")

// mergesFoundLate tells that rr, read to its end, was a sheet whose merged
// ranges came only then and touch rows below row header (1-based, the
// header's last row): its data rows were read unfilled. Ranges over the
// title and the header alone change nothing read: the plan was sniffed
// from the same unfilled rows.
func mergesFoundLate(rr rowReader, header int) bool {
	x, ok := rr.(*xlsxstream.Rows)
	if !ok {
		return false
	}
	for _, m := range x.LateMerges() {
		if m.LastRow > header {
			return true
		}
	}
	return false
}

// headerMerges are the merged ranges of rr's sheet that begin at or above
// row header (1-based, the header's last row) and go on below it: a title
// or a header label merged down over data cells (关联申请编号 merged over
// the empty column under it). Their value is a label, not data: the data
// cells under the header stay as the file holds them, empty (clearMerged).
// A range that begins below the header is data, filled into every row it
// covers, a 合计 row too (which is skipped as a 合计 row whatever it holds).
func headerMerges(rr rowReader, header int) []xlsxstream.Range {
	x, ok := rr.(*xlsxstream.Rows)
	if !ok {
		return nil
	}
	var out []xlsxstream.Range
	for _, m := range x.Merges() {
		if m.FirstRow <= header && m.LastRow > header {
			out = append(out, m)
		}
	}
	return out
}

// clearMerged empties, in a copy of row number num, the cells the ranges
// of headerMerges filled in.
func clearMerged(ms []xlsxstream.Range, num int, row []string) []string {
	copied := false
	for _, m := range ms {
		if num > m.LastRow || m.FirstCol > len(row) {
			continue
		}
		if !copied {
			row, copied = slices.Clone(row), true
		}
		for c := m.FirstCol; c <= min(m.LastCol, len(row)); c++ {
			row[c-1] = ""
		}
	}
	return row
}

// csvSource is a CSV file as a source of one sheet named "".
type csvSource struct {
	file *csvstream.File
	enc  csvstream.Encoding // the file's, for Result.Encoding
}

func (s *csvSource) Sheets() []string    { return []string{""} }
func (s *csvSource) Hidden(string) bool  { return false }
func (s *csvSource) Date1904() bool      { return false }
func (s *csvSource) Format() string      { return "csv" }
func (s *csvSource) EstimateRows() int64 { return s.file.EstimateRows() }
func (s *csvSource) Close() error        { return nil }

func (s *csvSource) Open(string) (rowReader, error) {
	r, err := s.file.Rows()
	if err != nil {
		return nil, err
	}
	return r, nil
}
