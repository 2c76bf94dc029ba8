package xlsxstream

// Merged cells (issue 14): in government sheets a unit, a category, a 序号
// or a date is one merged cell over the rows it applies to, and only the
// range's top-left cell holds the value. A sheet's <mergeCells> come after
// its <sheetData>. On a sheet of up to maxMergeScan bytes of XML (every
// ledger kept by hand) the ranges are found by a pass over the worksheet
// part before its first row is read (each sheet once per workbook): the
// part is inflated and searched for the end of its data, and the
// <mergeCell ref="…"/> tags after it are read; nothing is held but a
// window of the part. Both readers' rows are then filled alike (Rows). A
// larger sheet is read at once, unfilled, and its ranges are found at its
// end, by the fast scanner in its single pass (it reads the part's tail to
// check it) or, on the excelize path, by that same pass over the part:
// Rows.LateMerges gives them, and the sheet opened again is filled.
//
// On the fast path the pass keeps a sheet of up to maxKeptSheet bytes
// (most ledgers: a few hundred KB) in memory once it has inflated it
// whole, with a good CRC, and the fast scanner reads its rows from there
// (fastSource.keep): a sheet is inflated once, though ingest opens it
// several times (to find its header, then to read its rows), and the pass
// for the merges costs no more inflating than the readers did without it.

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"slices"
	"sort"
	"sync/atomic"

	"gongkai"
)

// Range is a merged range of cells, 1-based and inclusive.
type Range struct {
	FirstRow, FirstCol, LastRow, LastCol int
}

const (
	// maxMerges bounds the merged ranges of a sheet: Excel keeps them in a
	// list it searches, and no ledger has more than a few thousand.
	maxMerges = 1 << 20
	// maxMergeCells bounds the cells the ranges of a sheet cover together:
	// every one may be filled in, and a range over the whole sheet would
	// make each of a million rows 16,384 cells wide.
	maxMergeCells = 1 << 24
	// maxMergeTag bounds a <mergeCell> tag (a ref and a few attributes).
	maxMergeTag = 4 << 10
)

// maxMergeScan: a worksheet part larger than this (decompressed) is not
// scanned for merges before its rows are read: the scan costs about one
// more inflate of the part, ~1 CPU-s for the 700 MB of a million
// inline-string rows, ~15% of loading them (~8% with shared strings), over
// issue 14's budget of 10% for merges. Its merges are found at its end
// instead (Rows.LateMerges), and only a sheet that has some is read again.
// 64 MB is some 100,000 rows, far past any ledger kept by hand, where
// merged cells are. A variable for tests.
var maxMergeScan uint64 = 64 << 20

// maxKeptSheet bounds a worksheet part kept in memory (fastSource.keep),
// maxKeptBytes all those of a workbook: a file of many large sheets has
// its later sheets inflated again, as a larger sheet is, rather than held.
// Variables for tests.
var (
	maxKeptSheet uint64 = 8 << 20
	maxKeptBytes int64  = 32 << 20
)

// sheetMerges returns a sheet's merged ranges, finding them once; known is
// false for a sheet over maxMergeScan whose ranges were not found yet
// (Rows finds them at the sheet's end).
func (w *Workbook) sheetMerges(sheet string) (ms []Range, known bool, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if ms, ok := w.merges[sheet]; ok {
		return ms, true, nil
	}
	zf := w.src.sheetPart(sheet)
	if zf == nil {
		return nil, true, nil
	}
	if zf.UncompressedSize64 > maxMergeScan {
		return nil, false, nil
	}
	fs, _ := w.src.(*fastSource)
	var kept []byte
	if ms, kept, err = scanMerges(w.ctx, zf, sheet, fs.mayKeep(zf)); err != nil {
		return nil, false, err
	}
	fs.keep(zf, kept)
	w.merges[sheet] = ms
	return ms, true, nil
}

// lateMerges finds the merged ranges of a sheet whose rows rr has read to
// the end without them: from the fast scanner's pass when it read the
// sheet to its end, else by a pass over the part. They are kept for the
// sheet's next Open.
func (w *Workbook) lateMerges(sheet string, rr rowReader) ([]Range, error) {
	ms, found, err := []Range(nil), false, error(nil)
	if t, ok := rr.(interface {
		tailMerges() ([]Range, bool, error)
	}); ok {
		ms, found, err = t.tailMerges()
	}
	if !found && err == nil {
		if zf := w.src.sheetPart(sheet); zf != nil {
			ms, _, err = scanMerges(w.ctx, zf, sheet, false)
		}
	}
	if err != nil {
		return nil, err
	}
	w.mu.Lock()
	w.merges[sheet] = ms
	w.mu.Unlock()
	return ms, nil
}

// scanMerges reads the merged ranges of a worksheet part. A part that
// cannot be read to its end gives the ranges found before: its damage is
// for the readers to refuse, with where it is. A refusal (too many ranges,
// too large) or the deadline are returned. With keep, the part's bytes are
// returned too when it was read to its end without an error (archive/zip
// checked its size and CRC there), else nil.
func scanMerges(ctx context.Context, zf *zip.File, sheet string, keep bool) ([]Range, []byte, error) {
	mergeScans.Add(1)
	rc, err := zf.Open()
	if err != nil {
		return nil, nil, nil
	}
	defer rc.Close()
	f := &mergeFeed{m: &mergeScan{sheet: sheet}}
	// A buffer the part's size (a ledger's sheet is often a few KB) up to
	// 256 KB: allocating 256 KB for each small sheet cost more than
	// inflating it.
	chunk := int(min(max(zf.UncompressedSize64+1, 4<<10), 256<<10))
	var buf, data []byte
	if keep {
		data = make([]byte, 0, zf.UncompressedSize64+1)
	} else {
		buf = make([]byte, chunk)
	}
	clean := false
	for k := 0; !f.done && f.err == nil; k++ {
		if k%4 == 0 { // every megabyte
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
		}
		p := buf
		if keep {
			if len(data) == cap(data) {
				data = slices.Grow(data, chunk)
			}
			p = data[len(data):min(cap(data), len(data)+chunk)]
		}
		n, rerr := io.ReadFull(rc, p)
		if keep {
			data = data[:len(data)+n]
		}
		f.write(p[:n], rerr != nil)
		clean = rerr == io.EOF || rerr == io.ErrUnexpectedEOF
	}
	if f.err != nil {
		return nil, nil, f.err
	}
	if !clean {
		data = nil
	}
	return f.m.sortedRanges(), data, nil
}

// mergeScans counts the passes of scanMerges, for the tests: a sheet
// whose ranges the fast scanner found at its end needs none.
var mergeScans atomic.Int64

// sheetInflates counts the worksheet parts the fast scanner inflated (not
// read from the bytes kept by the pass for the merges), for the tests.
var sheetInflates atomic.Int64

// mergeFeed gives a mergeScan a part's bytes piece by piece: what it has
// not finished with (at most a tag cut in two) waits for the next piece.
type mergeFeed struct {
	m    *mergeScan
	pend []byte
	done bool  // the part's end was given
	err  error // a refusal (too many ranges, too large)
}

func (f *mergeFeed) write(p []byte, eof bool) {
	if f.done || f.err != nil {
		return
	}
	f.pend = append(f.pend, p...)
	n, err := f.m.feed(f.pend, eof)
	if err != nil {
		f.err = err
		return
	}
	f.pend = append(f.pend[:0], f.pend[n:]...)
	f.done = eof
}

// mergeTee passes a part's bytes through, giving them to a mergeFeed too.
type mergeTee struct {
	r io.Reader
	f *mergeFeed
}

func (t *mergeTee) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if n > 0 || err == io.EOF {
		t.f.write(p[:n], err == io.EOF)
	}
	return n, err
}

// mergeScan finds the end of sheetData, then reads mergeCell tags.
type mergeScan struct {
	sheet     string
	afterData bool
	ranges    []Range
	cells     int64
}

var (
	sheetDataName = []byte("sheetData")
	mergeCellName = []byte("mergeCell")
)

// feed scans b (the carried-over bytes and a new chunk); it returns how
// far it got: the bytes from there are given again with the next chunk.
// At eof whatever is unfinished is dropped.
func (m *mergeScan) feed(b []byte, eof bool) (int, error) {
	i := 0
	for !m.afterData {
		j := indexSheetData(b[i:])
		if j < 0 {
			// Keep the last bytes: "</sheetData" may be cut.
			return max(i, len(b)-len(sheetDataName)-8), nil
		}
		at := i + j
		end := at + len(sheetDataName)
		// The close tag, or a self-closing empty one: </sheetData>,
		// </x:sheetData >, <sheetData/>.
		k := at - 1
		for k >= 0 && isNameByte(b[k]) {
			k--
		}
		if k >= 0 && b[k] == '<' && at-k <= 16 && !eof && end+2 > len(b) {
			return k, nil // "<sheetData" at the chunk's end: see the rest
		}
		switch {
		case k >= 1 && b[k] == '/' && b[k-1] == '<':
			m.afterData = true
		case k >= 0 && b[k] == '<' && bytes.HasPrefix(b[skipSpace(b, end):], []byte("/>")):
			m.afterData = true
		}
		i = end
	}
	for {
		j := bytes.Index(b[i:], mergeCellName)
		if j < 0 {
			return max(i, len(b)-len(mergeCellName)-8), nil
		}
		at := i + j
		end := at + len(mergeCellName)
		if end >= len(b) {
			if eof {
				return len(b), nil
			}
			return at - min(at, 8), nil
		}
		// <mergeCell …> or <x:mergeCell …>, not <mergeCells>.
		k := at - 1
		for k >= 0 && isNameByte(b[k]) && b[k] != ':' {
			k--
		}
		if k >= 0 && b[k] == ':' {
			for k--; k >= 0 && isNameByte(b[k]); k-- {
			}
		}
		if k < 0 || b[k] != '<' || !(isSpace(b[end]) || b[end] == '/' || b[end] == '>') {
			i = end
			continue
		}
		close := bytes.IndexByte(b[end:min(len(b), end+maxMergeTag)], '>')
		if close < 0 {
			if !eof && len(b)-end < maxMergeTag {
				return k, nil // the tag goes on in the next chunk
			}
			i = end
			continue
		}
		tag := b[end : end+close]
		if r, ok := mergeRef(tag); ok {
			if err := m.add(r); err != nil {
				return 0, err
			}
		}
		i = end + close + 1
	}
}

// indexSheetData is bytes.Index(b, sheetDataName), anchored on the 'D':
// rare in sheet XML (once a row, in a cell reference), where the 's' that
// bytes.Index looks for first is in nearly every tag.
func indexSheetData(b []byte) int {
	for k := 0; ; {
		d := bytes.IndexByte(b[k:], 'D')
		if d < 0 {
			return -1
		}
		at := k + d - 5
		if at >= 0 && bytes.HasPrefix(b[at:], sheetDataName) {
			return at
		}
		k += d + 1
	}
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.' || c == ':'
}

// mergeRef reads the ref attribute of a mergeCell tag's attributes: a
// range of two cells at least ("A3:A10"). Anything else is no range.
func mergeRef(tag []byte) (Range, bool) {
	v, ok := attrValue(append([]byte("mergeCell "), tag...), "ref")
	if !ok {
		return Range{}, false
	}
	a, b, ok := bytes.Cut([]byte(v), []byte(":"))
	if !ok {
		return Range{}, false
	}
	c1, r1 := cellRefNums(bytes.ReplaceAll(a, []byte("$"), nil))
	c2, r2 := cellRefNums(bytes.ReplaceAll(b, []byte("$"), nil))
	if c1 == 0 || c2 == 0 || c1 > excelCols || c2 > excelCols || r1 > excelRows || r2 > excelRows {
		return Range{}, false
	}
	r := Range{FirstRow: min(r1, r2), FirstCol: min(c1, c2), LastRow: max(r1, r2), LastCol: max(c1, c2)}
	if r.FirstRow == r.LastRow && r.FirstCol == r.LastCol {
		return Range{}, false
	}
	return r, true
}

func (m *mergeScan) add(r Range) error {
	m.ranges = append(m.ranges, r)
	if len(m.ranges) > maxMerges {
		return gongkai.Errorf(gongkai.EBOUNDS, "工作表“%s”的合并单元格超过 %d 处（可能是恶意构造的文件），已拒收", m.sheet, maxMerges)
	}
	m.cells += int64(r.LastRow-r.FirstRow+1) * int64(r.LastCol-r.FirstCol+1)
	if m.cells > maxMergeCells {
		return gongkai.Errorf(gongkai.EBOUNDS, "工作表“%s”的合并单元格范围过大（合计超过 %d 个单元格，可能是恶意构造的文件），已拒收", m.sheet, maxMergeCells)
	}
	return nil
}

// sortedRanges are the ranges by first row, then first column.
func (m *mergeScan) sortedRanges() []Range {
	sort.Slice(m.ranges, func(i, j int) bool {
		a, b := m.ranges[i], m.ranges[j]
		return a.FirstRow < b.FirstRow || a.FirstRow == b.FirstRow && a.FirstCol < b.FirstCol
	})
	return m.ranges
}

// filler fills the merged ranges into the rows as they pass.
type filler struct {
	ranges []Range // by first row
	next   int     // the first range not yet begun
	active []activeRange
}

type activeRange struct {
	Range
	val  string // the top-left cell's
	meta uint32 // its type and style (cells.go)
}

func newFiller(ranges []Range) *filler { return &filler{ranges: ranges} }

// apply fills row number num, and the metas of its cells (nil when the
// reader does not know them): a filled cell has the top-left cell's type
// and style, and is marked across when right of the range's first column
// (across tells there is one). Rows come in order, every number once (the
// readers yield empty rows for the numbers a sheet skips).
func (f *filler) apply(num int, row []string, meta []uint32) (_ []string, _ []uint32, across bool) {
	if len(f.active) == 0 && (f.next == len(f.ranges) || f.ranges[f.next].FirstRow > num) {
		return row, meta, false
	}
	kept := f.active[:0]
	for _, a := range f.active {
		if a.LastRow >= num {
			kept = append(kept, a)
		}
	}
	f.active = kept
	for f.next < len(f.ranges) && f.ranges[f.next].FirstRow <= num {
		r := f.ranges[f.next]
		f.next++
		if r.LastRow < num {
			continue
		}
		a := activeRange{Range: r}
		if r.FirstRow == num && r.FirstCol <= len(row) {
			a.val = row[r.FirstCol-1]
			if r.FirstCol <= len(meta) {
				a.meta = meta[r.FirstCol-1]
			}
		}
		f.active = append(f.active, a)
	}
	for _, a := range f.active {
		last := a.LastCol
		if len(row) < last {
			if a.val == "" {
				last = len(row) // the cells missing are empty already
			} else {
				wide := make([]string, last)
				copy(wide, row)
				row = wide
			}
		}
		if len(meta) < last {
			wide := make([]uint32, max(last, len(row)))
			copy(wide, meta)
			meta = wide
		}
		for c := a.FirstCol; c <= last; c++ {
			row[c-1] = a.val
			meta[c-1] = a.meta
			if c > a.FirstCol {
				meta[c-1] |= metaAcross
				across = across || a.val != ""
			}
		}
	}
	return row, meta, across
}
