package reports

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// renamedDOCX is a Word file with its unit renamed in the main part.
func renamedDOCX(b testing.TB, src []byte, from, to string) []byte {
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		b.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == "word/document.xml" {
			data = []byte(strings.ReplaceAll(string(data), from, to))
		}
		w, _ := zw.Create(f.Name)
		w.Write(data)
	}
	zw.Close()
	return out.Bytes()
}

// BenchmarkReview100 reviews a county of 100 reports in mixed formats (40
// PDFs from the three writers, 30 Word files, 30 web pages, 60 units with
// last year's page for 30 of them) and writes the workbook. The PDF engine
// is started before the clock (a process pays ~0.3 s for it once its
// compiled code is cached, ~4 s the first time on a machine).
//
//	go test -run '^$' -bench BenchmarkReview100 -benchtime 1x ./reports/
func BenchmarkReview100(b *testing.B) {
	dir := b.TempDir()
	cur, prev := filepath.Join(dir, "cur"), filepath.Join(dir, "prev")
	os.Mkdir(cur, 0o755)
	os.Mkdir(prev, 0o755)
	read := func(name string) []byte {
		data, err := os.ReadFile("testdata/docs/" + name)
		if err != nil {
			b.Fatal(err)
		}
		return data
	}
	pdfs := []string{"lo_word_2023.pdf", "chromium_plain.pdf", "chromium_cms.pdf", "rl_2023.pdf", "review_b_2023.pdf"}
	word, lo, plain, cms := read("word_2023.docx"), read("lo_2023.docx"), read("plain_2023.html"), read("cms_2023.html")
	const unit = "某县自然资源和规划局"
	var files, prevFiles []string
	for i := range 100 {
		name := fmt.Sprintf("某县第%d局", i%60+1)
		var data []byte
		ext := ""
		switch {
		case i < 40:
			data, ext = read(pdfs[i%len(pdfs)]), ".pdf"
		case i < 55:
			data, ext = renamedDOCX(b, word, unit, name), ".docx"
		case i < 70:
			data, ext = renamedDOCX(b, lo, unit, name), ".docx"
		case i < 85:
			data, ext = []byte(strings.ReplaceAll(string(plain), unit, name)), ".html"
		default:
			data, ext = cms, ".htm" // GBK: left under its own unit
		}
		p := filepath.Join(cur, fmt.Sprintf("%03d%s", i, ext))
		os.WriteFile(p, data, 0o644)
		files = append(files, p)
		if i >= 70 && i < 85 || i >= 40 && i < 55 {
			q := filepath.Join(prev, fmt.Sprintf("%03d.html", i))
			page := strings.ReplaceAll(strings.ReplaceAll(string(plain), unit, name), "2023年", "2022年")
			os.WriteFile(q, []byte(page), 0o644)
			prevFiles = append(prevFiles, q)
		}
	}
	if err := WarmPDF(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		res := Review(files, ReviewOptions{Previous: prevFiles})
		read := time.Since(start)
		var buf bytes.Buffer
		if err := WriteReviewXLSX(&buf, res); err != nil {
			b.Fatal(err)
		}
		unread := 0
		for _, it := range res.Items {
			if it.Report == nil {
				unread++
			}
		}
		if unread > 0 || len(res.Items) != 100 {
			b.Fatalf("%d items, %d unread", len(res.Items), unread)
		}
		b.ReportMetric(float64(read.Milliseconds()), "review-ms")
		b.ReportMetric(float64(time.Since(start).Milliseconds()), "total-ms")
	}
}
