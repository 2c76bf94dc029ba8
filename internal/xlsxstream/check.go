package xlsxstream

// Damage checks of .xlsx packages (issue 13 point 2: a damaged workbook
// must be refused, never loaded short).
//
// excelize hides damage: its Rows iterator drops the XML decoder's error
// (so a broken sheet looks like one that ends there), and it reads every
// part with the unzip error dropped (so an inflate or CRC error, or a part
// longer or shorter than the zip directory says, goes unnoticed). The
// excelize path therefore checks the package itself: every part inflates
// to its end with a good CRC and its declared size, and the shared strings
// and each worksheet are well-formed XML to the close of their root. The
// fast reader (fast.go) checks the same things as it streams, and on
// anything it cannot vouch for declines to the excelize path, which then
// decides: one arbiter of damage for both paths.

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"sync/atomic"

	"golang.org/x/net/html/charset"

	"gongkai"
)

// xmlCheck is what checkPartXML saw of a part, up to where it stopped.
type xmlCheck struct {
	row       int  // the last <row> begun: its r, else counted on
	items     int  // <si> items begun (shared strings)
	afterData bool // </sheetData> was passed
	err       error
	// disorder: a worksheet's row or cell whose r= puts it at or before
	// the one written before it (orderErr); excelize then drops a row or
	// moves a value, so the sheet is refused.
	disorder error

	// The worksheet's cells with a formula and no value (see
	// Rows.Uncached): the excelize path's count of what the fast reader
	// counts as it scans.
	uncached uncachedCells
}

// checkPartXML reads r to its end, as excelize's decoder would, and
// requires a well-formed document: a single root element closed at the
// end; no DTD (<!DOCTYPE>, <!ENTITY>: no spreadsheet writer emits one,
// excelize would skip it and read on, and it is where entity tricks live);
// nothing but space, comments and processing instructions outside the
// root. A read error of the stream itself (inflate, CRC, a size other than
// declared) is reported as it is: it is never taken for the end.
//
// RawToken with the end tags matched here is Token without its namespace
// translation, which allocates for every element: the check of a 1M-row
// sheet is a second pass over it on the excelize path.
func checkPartXML(r io.Reader) (c xmlCheck) {
	d := xml.NewDecoder(r)
	d.CharsetReader = charset.NewReaderLabel // as excelize's decoder
	var stack []xml.Name
	rooted := false
	// The cell being read: its place, whether it has a formula, a <v>
	// with or without text, an inline string, and whether an empty <v> is
	// a value (t="str": an empty string).
	var cell struct {
		row, col                 int
		f, v, text, is, emptyStr bool
	}
	for {
		t, err := d.RawToken()
		if err == io.EOF {
			switch {
			case len(stack) > 0:
				c.err = fmt.Errorf("unexpected EOF in <%s>", stack[len(stack)-1].Local)
			case !rooted:
				c.err = errors.New("no root element")
			}
			return c
		}
		if err != nil {
			c.err = err
			return c
		}
		depth := len(stack)
		switch t := t.(type) {
		case xml.StartElement:
			if depth == 0 && rooted {
				c.err = errors.New("a second root element")
				return c
			}
			stack = append(stack, t.Name)
			rooted = true
			switch t.Name.Local {
			case "row":
				n := c.row + 1
				for _, a := range t.Attr {
					if a.Name.Local == "r" {
						if v, err := strconv.Atoi(strings.TrimSpace(a.Value)); err == nil && v > 0 {
							n = v
						}
					}
				}
				if n <= c.row && c.disorder == nil {
					c.disorder = rowOrderErr(n, c.row)
				}
				c.row = max(c.row, n)
			case "c":
				prev := cell.col
				cell.row, cell.col, cell.f, cell.v, cell.text, cell.is, cell.emptyStr = c.row, cell.col+1, false, false, false, false, false
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "r":
						col, row, ok := splitRef(a.Value)
						if ok && row == c.row {
							cell.col = col
						}
						if ok && (row != c.row || col <= prev) && c.disorder == nil {
							c.disorder = cellOrderErr(c.row, strings.TrimSpace(a.Value), prev, row != c.row)
						}
					case "t":
						cell.emptyStr = a.Value == "str"
					}
				}
			case "si":
				c.items++
			case "f":
				cell.f = true
			case "v":
				cell.v = true
			case "is":
				cell.is = true
			}
		case xml.EndElement:
			if depth == 0 || stack[depth-1] != t.Name {
				c.err = fmt.Errorf("unexpected </%s>", t.Name.Local)
				return c
			}
			stack = stack[:depth-1]
			switch t.Name.Local {
			case "sheetData":
				c.afterData = true
			case "row":
				cell.col = 0
			case "c":
				if cell.f && !cell.is && (!cell.v || !cell.text && !cell.emptyStr) {
					c.uncached.add(cell.row, cell.col)
				}
			}
		case xml.CharData:
			if depth > 0 && stack[depth-1].Local == "v" && len(t) > 0 {
				cell.text = true
			}
			if depth == 0 && len(bytes.Trim(t, " \t\r\n\uFEFF")) > 0 {
				c.err = errors.New("text outside the root element")
				return c
			}
		case xml.Directive:
			c.err = errors.New("a DTD declaration")
			return c
		}
	}
}

// damagedSheet is the refusal of a file whose worksheet is damaged; c
// says about where.
func damagedSheet(sheet string, c xmlCheck) error {
	switch {
	case c.afterData:
		return gongkai.Errorf(gongkai.EDAMAGED, "文件已损坏：工作表“%s”的数据之后（第 %d 行以后）的内容无法读取，请重新保存后上传", sheet, c.row)
	case c.row == 0:
		return gongkai.Errorf(gongkai.EDAMAGED, "文件已损坏：工作表“%s”开头部分（第 1 行之前）的内容无法读取，请重新保存后上传", sheet)
	}
	return gongkai.Errorf(gongkai.EDAMAGED, "文件已损坏：工作表“%s”约第 %d 行附近的数据无法读取，请重新保存后上传", sheet, c.row)
}

// damagedPart is the refusal of a file one of whose other parts is damaged.
func damagedPart(name string, c xmlCheck) error {
	if strings.EqualFold(name, pathSST) {
		return gongkai.Errorf(gongkai.EDAMAGED, "文件已损坏：共享文字表（xl/sharedStrings.xml）约第 %d 条附近无法读取，各工作表中的文字无法完整读出，请重新保存后上传", c.items)
	}
	return gongkai.Errorf(gongkai.EDAMAGED, "文件已损坏：文件内部的“%s”部分无法完整读取，请重新保存后上传", name)
}

// readToEnd reads a part to its end: archive/zip checks the CRC and the
// declared size only there.
func readToEnd(zf *zip.File) error {
	rc, err := zf.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	_, err = io.Copy(io.Discard, rc)
	return err
}

// checkPart checks one part: the shared strings as XML, any other as bytes.
func checkPart(zf *zip.File) error {
	if strings.EqualFold(zf.Name, pathSST) {
		rc, err := zf.Open()
		if err != nil {
			return damagedPart(zf.Name, xmlCheck{})
		}
		defer rc.Close()
		if c := checkPartXML(rc); c.err != nil {
			return damagedPart(zf.Name, c)
		}
		return nil
	}
	if err := readToEnd(zf); err != nil {
		return damagedPart(zf.Name, xmlCheck{})
	}
	return nil
}

// checkSheetPart checks a worksheet part: inflated whole and well-formed.
// stop, when set, ends the check early (the file is being closed).
func checkSheetPart(sheet string, zf *zip.File, stop *atomic.Bool) error {
	_, err := checkSheetCells(sheet, zf, stop)
	return err
}

// checkSheetCells is checkSheetPart that also gives the sheet's cells with
// a formula and no value.
func checkSheetCells(sheet string, zf *zip.File, stop *atomic.Bool) (*uncachedCells, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, damagedSheet(sheet, xmlCheck{})
	}
	defer rc.Close()
	var r io.Reader = rc
	if stop != nil {
		r = &stoppable{rc, stop}
	}
	c := checkPartXML(r)
	if errors.Is(c.err, errStopped) {
		return nil, c.err
	}
	if c.err != nil {
		return nil, damagedSheet(sheet, c)
	}
	if c.disorder != nil {
		return nil, inSheet(sheet, c.disorder)
	}
	return &c.uncached, nil
}

var errStopped = errors.New("check stopped: the file is closed")

type stoppable struct {
	r    io.Reader
	stop *atomic.Bool
}

func (s *stoppable) Read(p []byte) (int, error) {
	if s.stop.Load() {
		return 0, errStopped
	}
	return s.r.Read(p)
}

// worksheetParts resolves each sheet's worksheet part as excelize does
// (the workbook named by _rels/.rels, its relationships, targets relative
// to the workbook's folder or absolute); best effort: a sheet it cannot
// resolve is missing, and its part is then checked as bytes only.
func worksheetParts(files []*zip.File) map[string]*zip.File {
	byName := map[string]*zip.File{}
	for _, zf := range files {
		byName[zf.Name] = zf // the last of a name wins, as in excelize
	}
	read := func(name string, v any) bool {
		zf := byName[name]
		if zf == nil || zf.UncompressedSize64 > maxMetaPart {
			return false
		}
		rc, err := zf.Open()
		if err != nil {
			return false
		}
		defer rc.Close()
		b, err := io.ReadAll(io.LimitReader(rc, maxMetaPart))
		return err == nil && xml.Unmarshal(b, v) == nil
	}
	out := map[string]*zip.File{}
	var root relsXML
	wbPath := pathWorkbook
	if read("_rels/.rels", &root) {
		for _, r := range root.Rels {
			if r.Type == relOfficeDoc {
				wbPath = strings.TrimPrefix(r.Target, "/")
				break
			}
		}
	}
	var wb workbookXML
	var rels relsXML
	dir := path.Dir(wbPath)
	if !read(wbPath, &wb) || !read(path.Join(dir, "_rels", path.Base(wbPath)+".rels"), &rels) {
		return out
	}
	for _, sh := range wb.Sheets {
		for _, r := range rels.Rels {
			if r.ID != sh.RID {
				continue
			}
			p := strings.TrimPrefix(path.Clean(dir+"/"+r.Target), "/")
			if strings.HasPrefix(r.Target, "/") {
				p = strings.TrimPrefix(path.Clean(r.Target), "/")
			}
			if zf := byName[p]; zf != nil {
				out[sh.Name] = zf
			}
		}
	}
	return out
}

// locateDamage checks every part of a package excelize could not open,
// for the refusal to say which part is damaged and where; nil when it
// finds nothing (or no zip to look into).
func locateDamage(file string, opt Options) error {
	zr, err := zip.OpenReader(file)
	if err != nil {
		return nil
	}
	defer zr.Close()
	var total uint64
	for _, zf := range zr.File {
		// Not past what the limits allow to inflate.
		if total += zf.UncompressedSize64; total > uint64(max(opt.MaxUnzipBytes, 0)) {
			return nil
		}
	}
	sheetOf := map[*zip.File]string{}
	for sh, zf := range worksheetParts(zr.File) {
		sheetOf[zf] = sh
	}
	for _, zf := range zr.File {
		if sh, ok := sheetOf[zf]; ok {
			err = checkSheetPart(sh, zf, nil)
		} else {
			err = checkPart(zf)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// The order of rows and cells. The format has a worksheet's rows in
// ascending order and a row's cells left to right; a program that writes
// them otherwise (rows 2, 4, 3, or a cell put after those to its right)
// makes a file that LibreOffice reads by the r= of each, but that
// excelize reads by the order written, dropping a row or moving a value to
// another column. Neither reader here may guess: the sheet is refused, and
// Excel or WPS, which read it as LibreOffice does, save it in order.

// orderError is a row or cell out of order, before the sheet is named.
type orderError struct{ what string }

func (e *orderError) Error() string { return e.what }

func rowOrderErr(row, after int) error {
	if row == after {
		return &orderError{fmt.Sprintf("第 %d 行在文件中出现了两次", row)}
	}
	return &orderError{fmt.Sprintf("第 %d 行在文件中写在第 %d 行之后，行的顺序错乱", row, after)}
}

// cellOrderErr: cell ref (as written) in row row, after column prev, or
// naming another row (foreign).
func cellOrderErr(row int, ref string, prev int, foreign bool) error {
	if foreign {
		return &orderError{fmt.Sprintf("第 %d 行中写有不属于该行的单元格 %s", row, ref)}
	}
	if ref == columnName(prev)+strconv.Itoa(row) {
		return &orderError{fmt.Sprintf("第 %d 行的单元格 %s 在文件中出现了两次", row, ref)}
	}
	return &orderError{fmt.Sprintf("第 %d 行的单元格 %s 写在 %s 列之后，单元格的顺序错乱", row, ref, columnName(prev))}
}

// inSheet is the refusal of a sheet whose rows or cells are out of order.
func inSheet(sheet string, err error) error {
	return gongkai.Errorf(gongkai.EDAMAGED, "工作表“%s”%s（文件由不规范的软件生成），无法确定每个数据所在的行和列。请用 Excel 或 WPS 打开此文件，另存为 .xlsx 后重新上传", sheet, err.Error())
}

// columnName is a 1-based column's letters (1 → A, 27 → AA).
func columnName(col int) string {
	s := ""
	for ; col > 0; col = (col - 1) / 26 {
		s = string(rune('A'+(col-1)%26)) + s
	}
	return s
}

// PackageKind refuses a zip file that is no workbook, by the parts its
// directory names, before it is read as one: an Excel binary workbook
// (.xlsb: xl/workbook.bin), a Word or PowerPoint document (word/, ppt/),
// or a plain archive of other files (a 台账打包.zip). Each used to be
// called a damaged .xlsx, which sends the clerk to repair a file that is
// not broken. nil when the file is not a readable zip (Open then says
// why) or looks like a workbook.
func PackageKind(file string) error {
	zr, err := zip.OpenReader(file)
	if err != nil {
		return nil
	}
	defer zr.Close()
	// Only the names that tell: a directory may list a great many parts.
	has := map[string]bool{}
	xl, word, ppt := false, false, false
	for _, zf := range zr.File {
		// Part names compare case-insensitively (OPC).
		n := strings.ToLower(strings.TrimPrefix(zf.Name, "/"))
		switch n {
		case "xl/workbook.bin", "xl/workbook.xml", "mimetype", "content.xml", "[content_types].xml":
			has[n] = true
		}
		xl = xl || strings.HasPrefix(n, "xl/")
		word = word || strings.HasPrefix(n, "word/")
		ppt = ppt || strings.HasPrefix(n, "ppt/")
	}
	switch {
	case has["xl/workbook.bin"] && !has["xl/workbook.xml"]:
		return gongkai.Errorf(gongkai.EFORMAT, "不支持 Excel 二进制工作簿（.xlsb）格式：请用 Excel 或 WPS 打开后选“另存为”，文件类型选“Excel 工作簿(*.xlsx)”，保存后上传 .xlsx 文件")
	case xl || has["mimetype"] || has["content.xml"]:
		return nil // a workbook, or an OpenDocument file: Open's to read or refuse
	case word:
		return gongkai.Errorf(gongkai.EFORMAT, "不是 Excel 或 CSV 文件（是 Word 文档，不是电子表格），请上传台账的 .xlsx 或 .csv 文件")
	case ppt:
		return gongkai.Errorf(gongkai.EFORMAT, "不是 Excel 或 CSV 文件（是 PowerPoint 演示文稿，不是电子表格），请上传台账的 .xlsx 或 .csv 文件")
	case !has["[content_types].xml"]:
		return gongkai.Errorf(gongkai.EFORMAT, "这是一个压缩包（.zip，内有 %d 个文件），不是 .xlsx 或 .csv 文件：请先解压，再把其中的台账逐个上传", len(zr.File))
	}
	return gongkai.Errorf(gongkai.EFORMAT, "不是 Excel 或 CSV 文件（是其他 Office 文档，不是电子表格），请上传台账的 .xlsx 或 .csv 文件")
}
