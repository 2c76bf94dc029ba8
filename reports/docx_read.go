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
	"slices"
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

// walk reads the content of the element just started up to its end tag,
// or the whole document when top (only there is the end of the data a
// clean end). The elements named in skip are passed over with their
// content; every other token goes to visit with its depth inside the
// element (a start tag's before it, an end tag's after it). For a start
// tag visit says whether it read the element to its end itself (a
// paragraph, a table); if not, walk goes into it.
func (p *docxParser) walk(top bool, skip []string, visit func(tok xml.Token, depth int) (read bool, err error)) error {
	depth := 0
	for {
		tok, err := p.d.Token()
		if err == io.EOF {
			if top {
				return nil
			}
			// The document ending inside an element is truncation.
			err = io.ErrUnexpectedEOF
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if slices.Contains(skip, t.Name.Local) {
				if err := p.d.Skip(); err != nil {
					return err
				}
				continue
			}
			read, err := visit(t, depth)
			if err != nil {
				return err
			}
			if !read {
				depth++
			}
		case xml.EndElement:
			if depth == 0 {
				return nil
			}
			depth--
			if _, err := visit(t, depth); err != nil {
				return err
			}
		case xml.CharData:
			if _, err := visit(t, depth); err != nil {
				return err
			}
		}
	}
}

// block reads the paragraph or table that tok starts into out; read says
// tok started one.
func (p *docxParser) block(tok xml.Token, out *[]docBlock) (read bool, err error) {
	t, ok := tok.(xml.StartElement)
	switch {
	case ok && t.Name.Local == "p":
		s, err := p.para()
		*out = append(*out, docBlock{text: s})
		return true, err
	case ok && t.Name.Local == "tbl":
		tb, err := p.table()
		*out = append(*out, docBlock{tbl: tb})
		return true, err
	}
	return false, nil
}

// container reads the whole document: paragraphs and tables at any
// wrapper depth (w:body, w:sdt, w:customXml …).
func (p *docxParser) container() ([]docBlock, error) {
	var out []docBlock
	err := p.walk(true, []string{"Fallback", "del", "moveFrom", "tcPr", "sectPr", "tblPr", "tblGrid"}, func(tok xml.Token, _ int) (bool, error) {
		return p.block(tok, &out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// para reads a w:p up to its end and returns its visible text.
func (p *docxParser) para() (string, error) {
	var b strings.Builder
	inT, hidden, inRun := false, false, 0
	err := p.walk(false, []string{"Fallback", "del", "moveFrom", "delText", "instrText", "txbxContent", "pPr"}, func(tok xml.Token, _ int) (bool, error) {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
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
		case xml.EndElement:
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
		return false, nil
	})
	if err != nil {
		return "", err
	}
	return b.String(), nil
}

func (p *docxParser) table() (*docTable, error) {
	if p.depth >= maxDocDepth {
		return &docTable{}, p.d.Skip()
	}
	p.depth++
	defer func() { p.depth-- }()
	tb := &docTable{}
	err := p.walk(false, []string{"tblPr", "tblGrid", "Fallback", "del"}, func(tok xml.Token, _ int) (bool, error) {
		if t, ok := tok.(xml.StartElement); !ok || t.Name.Local != "tr" {
			return false, nil
		}
		row, err := p.row()
		if len(tb.rows) < maxDocRows {
			tb.rows = append(tb.rows, row)
		}
		return true, err
	})
	if err != nil {
		return nil, err
	}
	return tb, nil
}

func (p *docxParser) row() (docRow, error) {
	var row docRow
	err := p.walk(false, []string{"tblPrEx", "Fallback", "del"}, func(tok xml.Token, _ int) (bool, error) {
		t, ok := tok.(xml.StartElement)
		switch {
		case ok && t.Name.Local == "tc":
			c, err := p.cell()
			if len(row.cells) < maxDocCols {
				row.cells = append(row.cells, c)
			}
			return true, err
		case ok && t.Name.Local == "gridBefore":
			if v, ok := attrVal(t); ok {
				row.before, _ = strconv.Atoi(v)
			}
		}
		return false, nil
	})
	return row, err
}

func (p *docxParser) cell() (docCell, error) {
	c := docCell{colspan: 1}
	inPr := false
	err := p.walk(false, []string{"Fallback", "del"}, func(tok xml.Token, depth int) (bool, error) {
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case t.Name.Local == "tcPr" && depth == 0:
				inPr = true
			case inPr && t.Name.Local == "gridSpan":
				if v, ok := attrVal(t); ok {
					c.colspan, _ = strconv.Atoi(v)
				}
			case inPr && t.Name.Local == "vMerge":
				// A bare <w:vMerge/> continues the merge above.
				if v, _ := attrVal(t); v == "restart" {
					c.vmerge = vmRestart
				} else {
					c.vmerge = vmContinue
				}
			default:
				return p.block(t, &c.blocks)
			}
		case xml.EndElement:
			if t.Name.Local == "tcPr" && depth == 0 {
				inPr = false
			}
		}
		return false, nil
	})
	return c, err
}
