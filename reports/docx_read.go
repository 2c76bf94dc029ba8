package reports

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// Word (.docx) reading. Only the main document part is read, with the
// standard library: tables are w:tbl, merged cells w:gridSpan (across) and
// w:vMerge (down), and a number may be split over several w:r runs (Word
// splits runs at every edit, spell-check or font change), so a paragraph's
// text is the concatenation of its w:t. Deleted revisions (w:del), hidden
// runs (w:vanish) and the fallback copy of alternate content are not what
// the reader of the report sees, so they are skipped.

func errOpenDOCX(name string) error {
	return fmt.Errorf("无法打开Word文件%s：文件已损坏或不是.docx格式（.doc、.wps 请先另存为.docx）", filepath.Base(name))
}

// isDOCX reports whether the zip at path is a Word document.
func isDOCX(p string) bool {
	zr, err := zip.OpenReader(p)
	if err != nil {
		return false
	}
	defer zr.Close()
	return docxMainPart(&zr.Reader) != nil
}

// docxMainPart finds the main document part: the officeDocument target of
// _rels/.rels, else word/document.xml.
func docxMainPart(zr *zip.Reader) *zip.File {
	byName := map[string]*zip.File{}
	for _, f := range zr.File {
		byName[f.Name] = f
	}
	if rf, ok := byName["_rels/.rels"]; ok && rf.UncompressedSize64 < 1<<20 {
		if data, err := readZipFile(rf, 1<<20); err == nil {
			var rels struct {
				Rel []struct {
					Type   string `xml:"Type,attr"`
					Target string `xml:"Target,attr"`
				} `xml:"Relationship"`
			}
			if xml.Unmarshal(data, &rels) == nil {
				for _, r := range rels.Rel {
					if strings.HasSuffix(r.Type, "/officeDocument") {
						if f, ok := byName[strings.TrimPrefix(path.Clean("/"+r.Target), "/")]; ok && strings.HasPrefix(f.Name, "word/") {
							return f
						}
					}
				}
			}
		}
	}
	return byName["word/document.xml"]
}

func readZipFile(f *zip.File, limit int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, errTooBig
	}
	return data, nil
}

var errTooBig = errors.New("too big")

// ReadDOCX reads the one report of a Word document.
func ReadDOCX(p string) (*Report, error) {
	zr, err := zip.OpenReader(p)
	if err != nil {
		return nil, errOpenDOCX(p)
	}
	defer zr.Close()
	return readDOCXZip(&zr.Reader, p)
}

// ReadDOCXBytes reads a Word document held in memory; name is used in
// messages.
func ReadDOCXBytes(data []byte, name string) (*Report, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, errOpenDOCX(name)
	}
	return readDOCXZip(zr, name)
}

func readDOCXZip(zr *zip.Reader, name string) (*Report, error) {
	main := docxMainPart(zr)
	if main == nil {
		return nil, errOpenDOCX(name)
	}
	if main.UncompressedSize64 > uint64(maxReportUnzipBytes) {
		return nil, fmt.Errorf("文件%s解压后超过 %d MB，不是正常的年度报告（可能是压缩炸弹），未读取", filepath.Base(name), maxReportUnzipBytes>>20)
	}
	data, err := readZipFile(main, maxReportUnzipBytes)
	if err != nil {
		return nil, errOpenDOCX(name)
	}
	blocks, err := parseDOCXBody(data)
	if err != nil {
		return nil, fmt.Errorf("%s: Word文档内容格式错误，无法读取（文件可能已损坏）", filepath.Base(name))
	}
	f := &docFlow{}
	f.add(blocks, 0, 0)
	return readDocFlow(f, name)
}

type docxParser struct {
	d     *xml.Decoder
	depth int // nesting of tables, bounded against crafted documents
}

func parseDOCXBody(data []byte) ([]docBlock, error) {
	p := &docxParser{d: xml.NewDecoder(bytes.NewReader(data))}
	return p.container()
}

func attrVal(se xml.StartElement) (string, bool) {
	for _, a := range se.Attr {
		if a.Name.Local == "val" {
			return a.Value, true
		}
	}
	return "", false
}

// container reads the children of the element just started (or the whole
// document) up to its end: paragraphs and tables at any wrapper depth
// (w:body, w:sdt, w:customXml, w:tc …).
func (p *docxParser) container() ([]docBlock, error) {
	var out []docBlock
	depth := 0
	for {
		tok, err := p.d.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "p":
				s, err := p.para()
				if err != nil {
					return nil, err
				}
				out = append(out, docBlock{text: s})
			case "tbl":
				tb, err := p.table()
				if err != nil {
					return nil, err
				}
				out = append(out, docBlock{tbl: tb})
			case "Fallback", "del", "moveFrom", "tcPr", "sectPr", "tblPr", "tblGrid":
				if err := p.d.Skip(); err != nil {
					return nil, err
				}
			default:
				depth++
			}
		case xml.EndElement:
			if depth == 0 {
				return out, nil
			}
			depth--
		}
	}
}

// inner is the next token inside an element being read: the document
// ending there is truncation, not a clean end.
func (p *docxParser) inner() (xml.Token, error) {
	tok, err := p.d.Token()
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return tok, err
}

// para reads a w:p up to its end and returns its visible text.
func (p *docxParser) para() (string, error) {
	var b strings.Builder
	depth, inT, hidden, inRun := 0, false, false, 0
	for {
		tok, err := p.inner()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "Fallback", "del", "moveFrom", "delText", "instrText", "txbxContent", "pPr":
				if err := p.d.Skip(); err != nil {
					return "", err
				}
				continue
			case "r":
				hidden, inRun = false, inRun+1
			case "vanish":
				if inRun > 0 {
					if v, ok := attrVal(t); !ok || (v != "0" && v != "false" && v != "off") {
						hidden = true
					}
				}
			case "t":
				inT = true
			case "tab":
				if inRun > 0 && !hidden {
					b.WriteByte(' ')
				}
			case "br", "cr":
				if inRun > 0 && !hidden {
					b.WriteByte('\n')
				}
			}
			depth++
		case xml.EndElement:
			if depth == 0 {
				return b.String(), nil
			}
			depth--
			switch t.Name.Local {
			case "t":
				inT = false
			case "r":
				inRun--
			}
		case xml.CharData:
			if inT && !hidden {
				b.Write(t)
			}
		}
	}
}

func (p *docxParser) table() (*docTable, error) {
	if p.depth >= maxDocDepth {
		return &docTable{}, p.d.Skip()
	}
	p.depth++
	defer func() { p.depth-- }()
	tb := &docTable{}
	depth := 0
	for {
		tok, err := p.inner()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "tr":
				row, err := p.row()
				if err != nil {
					return nil, err
				}
				if len(tb.rows) < maxDocRows {
					tb.rows = append(tb.rows, row)
				}
			case "tblPr", "tblGrid", "Fallback", "del":
				if err := p.d.Skip(); err != nil {
					return nil, err
				}
			default:
				depth++
			}
		case xml.EndElement:
			if depth == 0 {
				return tb, nil
			}
			depth--
		}
	}
}

func (p *docxParser) row() (docRow, error) {
	var row docRow
	depth := 0
	for {
		tok, err := p.inner()
		if err != nil {
			return row, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "tc":
				c, err := p.cell()
				if err != nil {
					return row, err
				}
				if len(row.cells) < maxDocCols {
					row.cells = append(row.cells, c)
				}
			case "gridBefore":
				if v, ok := attrVal(t); ok {
					row.before, _ = strconv.Atoi(v)
				}
				depth++
			case "tblPrEx", "Fallback", "del":
				if err := p.d.Skip(); err != nil {
					return row, err
				}
			default:
				depth++
			}
		case xml.EndElement:
			if depth == 0 {
				return row, nil
			}
			depth--
		}
	}
}

func (p *docxParser) cell() (docCell, error) {
	c := docCell{colspan: 1}
	depth := 0
	inPr := false
	for {
		tok, err := p.inner()
		if err != nil {
			return c, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case t.Name.Local == "tcPr" && depth == 0:
				inPr = true
				depth++
			case inPr && t.Name.Local == "gridSpan":
				if v, ok := attrVal(t); ok {
					c.colspan, _ = strconv.Atoi(v)
				}
				depth++
			case inPr && t.Name.Local == "vMerge":
				// A bare <w:vMerge/> continues the merge above.
				if v, _ := attrVal(t); v == "restart" {
					c.vmerge = vmRestart
				} else {
					c.vmerge = vmContinue
				}
				depth++
			case t.Name.Local == "p":
				s, err := p.para()
				if err != nil {
					return c, err
				}
				c.blocks = append(c.blocks, docBlock{text: s})
			case t.Name.Local == "tbl":
				tb, err := p.table()
				if err != nil {
					return c, err
				}
				c.blocks = append(c.blocks, docBlock{tbl: tb})
			case t.Name.Local == "Fallback" || t.Name.Local == "del":
				if err := p.d.Skip(); err != nil {
					return c, err
				}
			default:
				depth++
			}
		case xml.EndElement:
			if depth == 0 {
				return c, nil
			}
			depth--
			if t.Name.Local == "tcPr" && depth == 0 {
				inPr = false
			}
		}
	}
}
