package xlsxstream

// Plausibility checks of an .xlsx package before either reader sees it
// (issue 13, "bounded resources").
//
// Both readers are bounded by the total unzip limit, but within it a
// hostile file costs far more than its size: a sheet of 900 MB of
// whitespace made the fast scanner decline (it then held at most one 64 MB
// element) and excelize then inflated the part and decoded the whitespace
// as one XML token — 4 GB of memory and over a minute on the write queue,
// with no point at which the upload's deadline was looked at. Excel cannot
// write such content: a cell holds at most 32,767 characters, a sheet has
// at most 1,048,576 rows and 16,384 columns, markup nests a dozen levels.
// So every XML part is streamed once through a byte scanner that needs
// no memory beyond a small window and stops at the first thing no
// spreadsheet program writes, with a reason the clerk can act on; the
// deadline is looked at every megabyte.
//
// A worksheet is scanned here only when excelize is to read it
// (openExcelizeChecked): the fast reader keeps the same limits in its own
// pass over the sheet (scan.go), and hands a part its cheap tests
// find suspect to this scanner (sheetVerdict), so that the limits, the
// reasons and the priority of damage have one definition, here.

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"path"
	"strings"
	"sync"
	"sync/atomic"

	"gongkai"
)

const (
	// maxTextRun bounds the bytes between two tags: a cell's text (32,767
	// characters, at most ~10 bytes each as character references) or the
	// whitespace of indented XML.
	maxTextRun = 1 << 20
	// maxTagBytes bounds one tag with its attributes.
	maxTagBytes = 1 << 20
	// maxDepth bounds element nesting; drawings and charts, the deepest
	// parts Excel writes, stay under 30.
	maxDepth = 100
	// maxRowBytes bounds one <row> element: 16,384 cells of ordinary text
	// take a few MB.
	maxRowBytes = 16 << 20
	// maxSSTBytes and maxSSTItems bound the shared strings, which both
	// readers hold in memory whole.
	maxSSTBytes = 128 << 20
	maxSSTItems = 5_000_000
	// maxOtherPart and maxOtherTotal bound the parts that are neither
	// worksheets nor shared strings (styles, drawings, images): excelize
	// reads every one of them into memory when it opens the file.
	maxOtherPart  = 64 << 20
	maxOtherTotal = 128 << 20
	// maxOtherXML bounds an XML part among them (styles, drawings,
	// comments), which excelize also decodes into structures several
	// times its size; Excel's 64,000 cell formats fit in a few MB.
	maxOtherXML = 16 << 20
	// maxSpaceShare: past spaceCheckAfter bytes, a part that is more than
	// half whitespace between tags is a bomb in short runs (pretty-printed
	// XML, the most a writer indents, stays well under half).
	spaceCheckAfter = 64 << 20
	// excelRows and excelCols are Excel's sheet limits.
	excelRows = 1048576
	excelCols = 16384
)

// partKind says what a package part is, for its limits and its name in
// messages.
type partKind int

const (
	partOther partKind = iota
	partSheet
	partSST
)

// partSet says which parts checkParts scans.
type partSet int

const (
	allParts partSet = iota
	// nonSheetParts: all but the worksheets, before either reader opens
	// the file. A worksheet read by the fast reader is bounded by the
	// reader itself in its single pass (scan.go), which hands a
	// part it finds suspect to sheetVerdict; a second inflate of every
	// sheet only for the checks cost 10–30% of an ordinary upload.
	nonSheetParts
	// sheetParts: the worksheets only, when excelize is about to open the
	// file (openExcelizeChecked): excelize bounds nothing, so no worksheet
	// reaches it unscanned, whatever the fast reader did before.
	sheetParts
)

// checkParts refuses an .xlsx whose parts of which are implausible, before
// they are handed to either reader. It returns a *gongkai.Error, ctx's
// error, or nil; a package it cannot read as a zip is left to the readers,
// whose messages about damaged files are more precise.
//
// Every worksheet is scanned, whatever its compression ratio: a bomb
// padded with incompressible text inflates no more than an ordinary sheet.
func checkParts(ctx context.Context, file string, opt Options, which partSet) error {
	zr, err := zip.OpenReader(file)
	if err != nil {
		return nil
	}
	defer zr.Close()
	names := sheetNamesByPart(zr)
	buf := getPartBuf()
	defer putPartBuf(buf)
	var other uint64
	for _, zf := range zr.File {
		if strings.HasSuffix(zf.Name, "/") {
			continue
		}
		lower := strings.ToLower(strings.ReplaceAll(zf.Name, "\\", "/"))
		kind := partOther
		switch {
		case lower == "xl/sharedstrings.xml":
			kind = partSST
		case strings.HasPrefix(lower, "xl/worksheets/") && strings.HasSuffix(lower, ".xml"):
			kind = partSheet
		default:
			// A sheet the workbook puts elsewhere, or names without
			// .xml, is read as one by both readers.
			if _, ok := names[lower]; ok {
				kind = partSheet
			}
		}
		if which == nonSheetParts && kind == partSheet || which == sheetParts && kind != partSheet {
			continue
		}
		label := partLabel(zf.Name, kind, names)
		size := zf.UncompressedSize64
		if size > uint64(max(opt.MaxUnzipBytes, 0)) {
			continue // the readers refuse it with their unzip-limit message
		}
		switch kind {
		case partSST:
			if size > maxSSTBytes {
				return sstTooLarge(label, size)
			}
		case partOther:
			other += size
			if isXMLPart(lower, kind) && size > maxOtherXML {
				return gongkai.Errorf(gongkai.EBOUNDS, "%s解压后 %d MB，超过 %d MB 上限（样式、图形等部件不会这么大，可能是恶意构造的文件），已拒收。请用 Excel 或 WPS 打开后另存为 .xlsx 再上传", label, size>>20, maxOtherXML>>20)
			}
			if size > maxOtherPart || other > maxOtherTotal {
				return gongkai.Errorf(gongkai.EBOUNDS, "%s解压后过大（单个部件上限 %d MB，合计上限 %d MB；图片或附件过大，或是恶意构造的文件），已拒收。请删除图片等附件后另存为 .xlsx 再上传", label, maxOtherPart>>20, maxOtherTotal>>20)
			}
		}
		if !isXMLPart(lower, kind) {
			continue
		}
		if err := scanPart(ctx, zf, kind, label, buf); err != nil {
			return err
		}
	}
	return nil
}

// sstTooLarge refuses shared strings of size bytes.
func sstTooLarge(label string, size uint64) error {
	return gongkai.Errorf(gongkai.EBOUNDS, "%s解压后 %d MB，超过 %d MB 上限（可能是恶意构造的文件），已拒收；请拆分后上传", label, size>>20, maxSSTBytes>>20)
}

// sheetVerdict scans one worksheet part as checkParts does, for the fast
// reader when its own cheaper tests find the part suspect: the refusal, the
// message and the priority of damage (damagedOr) are then exactly
// checkParts'. nil means the part passes (or is damaged, which the
// readers tell).
func sheetVerdict(ctx context.Context, zf *zip.File, sheet string) error {
	label := partLabel(zf.Name, partSheet, map[string]string{strings.ToLower(zf.Name): sheet})
	buf := getPartBuf()
	defer putPartBuf(buf)
	return scanPart(ctx, zf, partSheet, label, buf)
}

// partBufs are scanPart's 256 KB buffers (its deadline check counts reads
// of that size). A province's year-end opens tens of thousands of
// workbooks; a buffer each was a ninth of all the bytes ingest allocated,
// and the GC's work grows with them.
var partBufs = sync.Pool{New: func() any { b := make([]byte, 256<<10); return &b }}

func getPartBuf() []byte  { return *partBufs.Get().(*[]byte) }
func putPartBuf(b []byte) { partBufs.Put(&b) }

// shapeScanner is a partScanner for a worksheet's bytes outside its
// sheetData (its prefix and tail), which the fast reader hands to
// encoding/xml: there it bounds what the decoder would hold.
func shapeScanner() *partScanner {
	return &partScanner{kind: partSheet, tag: make([]byte, 0, tagKeep), rowStart: -1, runSpace: true}
}

// isXMLPart: parts read as XML by excelize or the fast reader (a
// worksheet may be named anything under xl/worksheets/; .rels and .vml are
// XML too). Images and other binary parts are only size-checked.
func isXMLPart(lower string, kind partKind) bool {
	if kind != partOther {
		return true
	}
	for _, ext := range []string{".xml", ".rels", ".vml"} {
		if strings.HasSuffix(lower, ext) {
			return true
		}
	}
	return false
}

// partLabel names a part for the clerk: a worksheet by its sheet name.
func partLabel(name string, kind partKind, sheets map[string]string) string {
	switch kind {
	case partSST:
		return "共享字符串表"
	case partSheet:
		if s, ok := sheets[strings.ToLower(name)]; ok {
			return "工作表“" + s + "”"
		}
		return "工作表（" + path.Base(name) + "）"
	}
	return "文件部件“" + name + "”"
}

// sheetNamesByPart maps worksheet parts (lower case) to sheet names, as
// far as worksheetParts (check.go) resolves them; it is for messages
// only.
func sheetNamesByPart(zr *zip.ReadCloser) map[string]string {
	out := map[string]string{}
	for sheet, zf := range worksheetParts(zr.File) {
		out[strings.ToLower(zf.Name)] = sheet
	}
	return out
}

// errStopScan ends a scan early without a refusal.
var errStopScan = errors.New("stop")

// sheetScans counts the worksheet scans, for the tests: an ordinary
// upload read by the fast reader has none (one inflate of each sheet).
var sheetScans atomic.Int64

// scanPart streams one part through a partScanner.
func scanPart(ctx context.Context, zf *zip.File, kind partKind, label string, buf []byte) error {
	if kind == partSheet {
		sheetScans.Add(1)
	}
	rc, err := zf.Open()
	if err != nil {
		return nil // damaged: the readers say so
	}
	defer rc.Close()
	sc := &partScanner{kind: kind, label: label, tag: make([]byte, 0, tagKeep), rowStart: -1, runSpace: true}
	for k := 0; ; k++ {
		if k%4 == 0 { // every megabyte
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		n, rerr := io.ReadFull(rc, buf)
		if n > 0 {
			if err := sc.feed(buf[:n]); err != nil {
				if err == errStopScan {
					return nil
				}
				return damagedOr(ctx, rc, buf, err)
			}
		}
		if rerr != nil {
			// io.EOF, a short last read, or a damaged stream (the
			// readers say so): the content seen so far passed.
			return nil
		}
	}
}

// damagedOr returns refusal unless the rest of the part is damaged: bytes
// flipped in a compressed sheet inflate to garbage (a cell at XFD9999999,
// nesting 100 deep) before the stream's CRC or flate error shows, and such
// a file is damaged, not hostile — the readers refuse it as 文件已损坏
// with the sheet and row. So the part is read on to its end (into buf,
// without keeping it; the deadline looked at every megabyte) before the
// plausibility refusal is given.
func damagedOr(ctx context.Context, rc io.Reader, buf []byte, refusal error) error {
	// Plain Reads, not io.ReadFull: archive/zip reports a stream shorter
	// than declared as io.ErrUnexpectedEOF, which ReadFull also uses for a
	// short last chunk.
	var read int
	for {
		if read >= 1<<20 {
			read = 0
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		n, err := rc.Read(buf)
		read += n
		switch err {
		case nil:
		case io.EOF:
			return refusal
		default:
			return nil // damaged: the readers say so, with the sheet and row
		}
	}
}

// scanState is where a partScanner is between two chunks.
type scanState int

const (
	inText    scanState = iota
	inTag               // after '<', up to the closing '>'
	inComment           // <!-- ... -->
	inCDATA             // <![CDATA[ ... ]]>
	inPI                // <? ... ?>
)

// partScanner checks the shape of one XML part, chunk by chunk. It does
// not validate XML (the readers do); it only measures what would make a
// reader's memory or time blow up.
type partScanner struct {
	kind  partKind
	label string
	st    scanState
	off   int64 // bytes consumed before the current chunk

	run      int   // text bytes since the last tag (CDATA included)
	spaces   int64 // bytes of whitespace-only runs between tags so far
	runSpace bool  // that text is all whitespace
	tag      []byte
	tagLen   int
	quote    byte // the quote an attribute value is open with, in a tag
	tail     [2]byte

	depth    int
	rowStart int64 // offset of the open <row>, or -1
	rowNum   int
	rows     int
	items    int // <si> elements of the shared strings
}

// tagKeep is how much of a tag is kept to read its name and r attribute.
const tagKeep = 512

func (p *partScanner) feed(b []byte) error {
	i := 0
	for i < len(b) {
		switch p.st {
		case inText:
			j := bytes.IndexByte(b[i:], '<')
			end := len(b)
			if j >= 0 {
				end = i + j
			}
			if p.runSpace && !allSpace(b[i:end]) {
				p.runSpace = false
			}
			p.run += end - i
			if p.run > maxTextRun {
				return p.textRefusal()
			}
			if j < 0 {
				i = len(b)
				continue
			}
			i = end + 1
			if p.runSpace {
				p.spaces += int64(p.run)
				if at := p.off + int64(i); at > spaceCheckAfter && p.spaces > at/2 {
					return p.textRefusal()
				}
			}
			p.st, p.tag, p.tagLen, p.quote = inTag, p.tag[:0], 0, 0
		case inTag:
			for i < len(b) {
				// Past the bytes that tell a comment or CDATA apart, jump
				// to the next byte that matters (this is most of the pass).
				if p.tagLen >= 8 {
					var k int
					switch {
					case p.quote != 0:
						k = bytes.IndexByte(b[i:], p.quote)
					case p.tag[0] == '!':
						k = bytes.IndexByte(b[i:], '>')
					default:
						k = bytes.IndexAny(b[i:], "\"'>")
					}
					if k < 0 {
						k = len(b) - i
					}
					if k > 0 {
						if room := tagKeep - len(p.tag); room > 0 {
							p.tag = append(p.tag, b[i:i+min(k, room)]...)
						}
						p.tagLen += k
						i += k
						if p.tagLen > maxTagBytes {
							return gongkai.Errorf(gongkai.EBOUNDS, "%s含有异常内容（超长的标记，可能是恶意构造的文件），已拒收", p.label)
						}
						if i == len(b) {
							break
						}
					}
				}
				c := b[i]
				i++
				p.tagLen++
				if len(p.tag) < tagKeep {
					p.tag = append(p.tag, c)
				}
				if p.tagLen > maxTagBytes {
					return gongkai.Errorf(gongkai.EBOUNDS, "%s含有异常内容（超长的标记，可能是恶意构造的文件），已拒收", p.label)
				}
				// Comments, CDATA and processing instructions are told
				// apart by their first bytes; their content may hold '>'.
				switch {
				case p.tagLen == 3 && string(p.tag) == "!--":
					p.st = inComment
				case p.tagLen == 8 && string(p.tag) == "![CDATA[":
					p.st = inCDATA
				case p.tagLen == 1 && c == '?':
					p.st = inPI
				}
				if p.st != inTag {
					p.tail = [2]byte{}
					break
				}
				if p.quote != 0 {
					if c == p.quote {
						p.quote = 0
					}
					continue
				}
				if c == '"' || c == '\'' {
					if p.tag[0] != '!' { // quotes in a DOCTYPE are not attribute values
						p.quote = c
					}
					continue
				}
				if c == '>' {
					at := p.off + int64(i)
					if err := p.endTag(at); err != nil {
						return err
					}
					p.st, p.run, p.runSpace = inText, 0, true
					break
				}
			}
		case inComment, inCDATA, inPI:
			closer := map[scanState]string{inComment: "-->", inCDATA: "]]>", inPI: "?>"}[p.st]
			for i < len(b) {
				c := b[i]
				i++
				p.run++
				if p.run > maxTextRun {
					if p.st == inCDATA {
						return p.textRefusal()
					}
					return gongkai.Errorf(gongkai.EBOUNDS, "%s含有异常内容（超长的注释或处理指令，可能是恶意构造的文件），已拒收", p.label)
				}
				last := string([]byte{p.tail[0], p.tail[1], c})
				p.tail = [2]byte{p.tail[1], c}
				if strings.HasSuffix(last, closer) {
					if p.st == inCDATA {
						p.runSpace = false // CDATA text goes on the run of its cell
					} else {
						p.run, p.runSpace = 0, true
					}
					p.st = inText
					break
				}
			}
		}
	}
	p.off += int64(len(b))
	return nil
}

func allSpace(b []byte) bool {
	for _, c := range b {
		if !isSpace(c) {
			return false
		}
	}
	return true
}

func (p *partScanner) textRefusal() error {
	if p.runSpace {
		return gongkai.Errorf(gongkai.EBOUNDS, "%s含有超长空白或异常内容（可能是恶意构造的文件），已拒收", p.label)
	}
	if p.kind == partOther {
		return gongkai.Errorf(gongkai.EBOUNDS, "%s含有超长文本（可能是恶意构造的文件），已拒收", p.label)
	}
	return gongkai.Errorf(gongkai.EBOUNDS, "%s中有单元格内容过长（超过 %d MB；Excel 的单元格最多 32767 个字符，可能是恶意构造的文件），已拒收", p.label, maxTextRun>>20)
}

// endTag handles a whole tag (p.tag without its '<', ending in '>'), which
// ended at offset at.
func (p *partScanner) endTag(at int64) error {
	t := p.tag
	if len(t) < 2 || t[0] == '!' {
		return nil // a DOCTYPE or similar declaration: no element
	}
	if t[0] == '/' {
		p.depth--
		if p.kind == partSheet && localName(t[1:]) == "row" {
			if p.rowStart >= 0 && at-p.rowStart > maxRowBytes {
				return p.rowRefusal()
			}
			p.rowStart = -1
		}
		return nil
	}
	// A tag longer than tagKeep was cut: its closing "/>" is lost, which
	// can only over-count the depth of an already odd tag.
	selfClose := len(t) == p.tagLen && t[len(t)-2] == '/'
	if !selfClose {
		p.depth++
		if p.depth > maxDepth {
			return gongkai.Errorf(gongkai.EBOUNDS, "%s的结构嵌套超过 %d 层（可能是恶意构造的文件），已拒收", p.label, maxDepth)
		}
	}
	if p.rowStart >= 0 && at-p.rowStart > maxRowBytes {
		return p.rowRefusal()
	}
	name := localName(t)
	switch {
	case p.kind == partSST && name == "si":
		if p.items++; p.items > maxSSTItems {
			return gongkai.Errorf(gongkai.EBOUNDS, "%s含有超过 %d 个字符串（可能是恶意构造的文件），已拒收；请拆分后上传", p.label, maxSSTItems)
		}
	case p.kind == partSheet && name == "row":
		p.rows++
		if !selfClose {
			p.rowStart = at
		}
		if v, ok := attrValue(t, "r"); ok {
			n, ok := parseUint(v)
			if !ok || n > excelRows {
				return gongkai.Errorf(gongkai.EBOUNDS, "%s的行号“%s”超出 Excel 的上限 %d 行（可能是恶意构造的文件），已拒收", p.label, clip(v), excelRows)
			}
			p.rowNum = n
		} else {
			p.rowNum++
		}
	case p.kind == partSheet && name == "c":
		if v, ok := attrValue(t, "r"); ok {
			col, row, ok := splitRef(v)
			if !ok || col > excelCols || row > excelRows {
				return gongkai.Errorf(gongkai.EBOUNDS, "%s的单元格位置“%s”超出 Excel 的上限（%d 行 × %d 列，即 XFD%d；可能是恶意构造的文件），已拒收", p.label, clip(v), excelRows, excelCols, excelRows)
			}
		}
	}
	return nil
}

func (p *partScanner) rowRefusal() error {
	return gongkai.Errorf(gongkai.EBOUNDS, "%s第 %d 行内容过大（超过 %d MB，可能是恶意构造的文件），已拒收", p.label, p.rowNum, maxRowBytes>>20)
}

// localName is the element name at the start of a tag, without a prefix.
func localName(t []byte) string {
	end := len(t)
	for i, c := range t {
		if isSpace(c) || c == '/' || c == '>' {
			end = i
			break
		}
	}
	n := t[:end]
	if k := bytes.LastIndexByte(n, ':'); k >= 0 {
		n = n[k+1:]
	}
	return string(n)
}

// attrValue finds attribute name (unprefixed) in a tag's kept bytes.
func attrValue(t []byte, name string) (string, bool) {
	i := bytes.IndexFunc(t, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' })
	for i >= 0 && i < len(t) {
		for i < len(t) && isSpace(t[i]) {
			i++
		}
		eq := bytes.IndexByte(t[i:], '=')
		if eq < 0 {
			return "", false
		}
		key := string(bytes.TrimSpace(t[i : i+eq]))
		j := i + eq + 1
		for j < len(t) && isSpace(t[j]) {
			j++
		}
		if j >= len(t) || t[j] != '"' && t[j] != '\'' {
			return "", false
		}
		q := t[j]
		k := bytes.IndexByte(t[j+1:], q)
		if k < 0 {
			return "", false
		}
		val := string(t[j+1 : j+1+k])
		if key == name {
			return val, true
		}
		i = j + 1 + k + 1
	}
	return "", false
}

// parseUint reads a decimal row number (surrounding spaces allowed, as
// XML attribute values of integer type).
func parseUint(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 12 {
		return 0, false
	}
	n := 0
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// splitRef reads a cell reference such as "AB12" (or "$AB$12") into its
// column and row numbers. A reference it cannot read passes (0, 0): the
// readers decide about malformed ones; only sizes matter here.
func splitRef(s string) (col, row int, ok bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), "$", "")
	i := 0
	for i < len(s) && (s[i] >= 'A' && s[i] <= 'Z' || s[i] >= 'a' && s[i] <= 'z') {
		c := int(s[i]|0x20) - 'a' + 1
		col = col*26 + c
		if col > 1<<30 {
			return col, 0, false
		}
		i++
	}
	if i == len(s) {
		return col, 0, true
	}
	n, ok := parseUint(s[i:])
	if !ok {
		if len(s)-i > 12 {
			return col, excelRows + 1, false
		}
		return col, 0, true
	}
	return col, n, true
}

// clip shortens a value quoted in a message.
func clip(s string) string {
	if len(s) > 20 {
		return s[:20] + "…"
	}
	return s
}

// checkBounds is checkParts over every part for an opened source's file path, giving a
// cancelled or timed-out context back as it is.
func checkBounds(ctx context.Context, file string, opt Options) error {
	return checkBoundsOf(ctx, file, opt, allParts)
}

// checkBoundsOf is checkBounds for the parts of which.
func checkBoundsOf(ctx context.Context, file string, opt Options, which partSet) error {
	err := checkParts(ctx, file, opt, which)
	if err != nil && ctx.Err() != nil && !isRefusal(err) {
		return ctx.Err()
	}
	return err
}

// isRefusal: err is a refusal, not the context's error.
func isRefusal(err error) bool {
	var fe *gongkai.Error
	return errors.As(err, &fe)
}
