package reports

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/transform"
)

// Web page (.html/.htm) reading. Reports are published on government CMS
// sites and saved from the browser: the article sits in layout tables,
// cells hold <p><span>…</span></p>, spacing is &nbsp;, merged cells are
// rowspan/colspan, and older sites serve GB2312/GBK. The page is parsed as
// a browser would (golang.org/x/net/html), decoded by its declared or
// sniffed charset.

// ReadHTMLBytes reads a web page held in memory; name is used in messages.
func ReadHTMLBytes(data []byte, name string) (*Report, error) {
	enc, _, _ := charset.DetermineEncoding(data, "text/html")
	var rd io.Reader = bytes.NewReader(data)
	if enc != nil {
		rd = transform.NewReader(rd, enc.NewDecoder())
	}
	root, err := html.Parse(rd)
	if err != nil {
		return nil, fmt.Errorf("%s: 网页内容无法解析: %w", filepath.Base(name), err)
	}
	f := &docFlow{}
	f.add(htmlBlocks(root, 0), 0, 0)
	return readDocFlow(f, name)
}

// htmlBreaks are the elements that end a line of text as a browser shows
// it; everything else (span, font, b, a …) is inline and joins its text.
var htmlBreaks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Li: true, atom.Ul: true, atom.Ol: true,
	atom.Section: true, atom.Article: true, atom.Header: true, atom.Footer: true, atom.Center: true,
	atom.Blockquote: true, atom.Pre: true, atom.Dt: true, atom.Dd: true, atom.Dl: true,
	atom.Title: true, atom.Hr: true, atom.Form: true, atom.Nav: true, atom.Main: true,
	atom.Caption: true, atom.Tr: true, atom.Td: true, atom.Th: true,
}

// htmlSkip holds elements whose text is not shown.
var htmlSkip = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Iframe: true, atom.Object: true, atom.Select: true, atom.Textarea: true, atom.Button: true,
}

// htmlBlocks flattens n's children into paragraphs and tables.
func htmlBlocks(n *html.Node, depth int) []docBlock {
	var out []docBlock
	var cur strings.Builder
	flush := func() {
		if strings.TrimSpace(cur.String()) != "" {
			out = append(out, docBlock{text: cur.String()})
		}
		cur.Reset()
	}
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if depth > 4*maxDocDepth {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				cur.WriteString(c.Data)
			case html.ElementNode:
				if htmlSkip[c.DataAtom] || hiddenStyle(c) {
					continue
				}
				if c.DataAtom == atom.Table {
					flush()
					out = append(out, docBlock{tbl: htmlTable(c, depth+1)})
					continue
				}
				brk := htmlBreaks[c.DataAtom]
				if brk {
					flush()
				}
				walk(c, depth+1)
				if brk {
					flush()
				}
			}
		}
	}
	walk(n, depth)
	flush()
	return out
}

func hiddenStyle(n *html.Node) bool {
	for _, a := range n.Attr {
		if a.Key == "hidden" {
			return true
		}
		if a.Key == "style" {
			s := strings.ReplaceAll(strings.ToLower(a.Val), " ", "")
			if strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden") {
				return true
			}
		}
	}
	return false
}

// htmlTable reads a table's own rows: tr children of the table and of its
// thead/tbody/tfoot, as the HTML table model defines them.
func htmlTable(t *html.Node, depth int) *docTable {
	tb := &docTable{}
	if depth > 4*maxDocDepth {
		return tb
	}
	var rows func(n *html.Node)
	rows = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Thead, atom.Tbody, atom.Tfoot:
				rows(c)
			case atom.Tr:
				if len(tb.rows) >= maxDocRows {
					return
				}
				var row docRow
				for td := c.FirstChild; td != nil; td = td.NextSibling {
					if td.Type != html.ElementNode || (td.DataAtom != atom.Td && td.DataAtom != atom.Th) {
						continue
					}
					if len(row.cells) >= maxDocCols {
						break
					}
					row.cells = append(row.cells, docCell{
						blocks:  htmlBlocks(td, depth+1),
						colspan: spanAttr(td, "colspan"),
						rowspan: spanAttr(td, "rowspan"),
					})
				}
				tb.rows = append(tb.rows, row)
			}
		}
	}
	rows(t)
	return tb
}

// spanAttr reads colspan/rowspan as browsers do: leading digits, 1 when
// absent or not a positive number.
func spanAttr(n *html.Node, key string) int {
	for _, a := range n.Attr {
		if a.Key != key {
			continue
		}
		v := strings.TrimSpace(a.Val)
		end := 0
		for end < len(v) && end < 6 && v[end] >= '0' && v[end] <= '9' {
			end++
		}
		if k, err := strconv.Atoi(v[:end]); err == nil && k > 0 {
			return k
		}
	}
	return 1
}
