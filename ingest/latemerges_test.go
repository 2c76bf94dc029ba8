package ingest

import (
	"archive/zip"
	"bufio"
	"fmt"
	"html"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gongkai/internal/benchdata"
)

// writeBigMerged writes an applications ledger of n rows whose sheet is
// over 64 MB of XML (a long 备注 in every row), with 申请人类型 merged over
// each group of four rows, its value in the group's first row only, as a
// hand-made archive/zip package (inline strings, as openpyxl writes them).
// It returns the sheet's size and each row's 申请人类型.
func writeBigMerged(t *testing.T, path string, n int) (int64, []string) {
	t.Helper()
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	zw := zip.NewWriter(out)
	part := func(name, body string) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	const hdr = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	part("[Content_Types].xml", hdr+`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`)
	part("_rels/.rels", hdr+`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	part("xl/workbook.xml", hdr+`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	part("xl/_rels/workbook.xml.rels", hdr+`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	cw := &countWriter{w: w}
	bw := bufio.NewWriterSize(cw, 1<<20)
	bw.WriteString(hdr + `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	writeRow := func(r int, cells []string) {
		fmt.Fprintf(bw, `<row r="%d">`, r)
		for j, v := range cells {
			if v != "" {
				fmt.Fprintf(bw, `<c r="%c%d" t="inlineStr"><is><t>%s</t></is></c>`, 'A'+j, r, html.EscapeString(v))
			}
		}
		bw.WriteString("</row>")
	}
	writeRow(1, []string{"平安县财政局2024年依申请公开台账"})
	writeRow(2, append(append([]string{}, benchdata.Header...), "备注"))
	rng := rand.New(rand.NewPCG(3, 4))
	types := make([]string, n)
	note := strings.Repeat("此件办理过程另有书面记录备查。", 200)
	for i := 0; i < n; i++ {
		rec := append(benchdata.Record(rng, i), fmt.Sprintf("第%d件：%s", i+1, note))
		if i%4 == 0 {
			types[i] = rec[2]
		} else {
			types[i] = types[i-i%4]
			rec[2] = ""
		}
		writeRow(i+3, rec)
	}
	bw.WriteString("</sheetData><mergeCells>")
	for i := 0; i < n; i += 4 {
		fmt.Fprintf(bw, `<mergeCell ref="C%d:C%d"/>`, i+3, min(i+3+3, n+2))
	}
	bw.WriteString("</mergeCells></worksheet>")
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return cw.n, types
}

type countWriter struct {
	w interface{ Write([]byte) (int, error) }
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// TestLateMergesLoadFilled: a sheet over 64 MB of XML is not searched for
// its merged cells before its rows (xlsxstream's maxMergeScan); its merges,
// found at its end and over its data, fail the first read, which changes
// nothing, and the sheet is read again filled: every row loads with the
// 申请人类型 of its merged cell, through File (streaming) and Files (a file
// small enough to be read ahead in memory first).
func TestLateMergesLoadFilled(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and loads a 70 MB sheet")
	}
	path := filepath.Join(t.TempDir(), "平安县财政局2024年依申请公开台账.xlsx")
	const n = 20_000
	size, types := writeBigMerged(t, path, n)
	if size <= 64<<20 {
		t.Fatalf("the sheet is %d bytes, not over 64 MB", size)
	}
	for _, files := range []bool{false, true} {
		e := newEnv(t)
		var r Result
		if files {
			rs := e.in.Files(e.ctx, []string{path}, Options{NoAnnotate: true}, 1)
			if len(rs) != 1 {
				t.Fatalf("%d results", len(rs))
			}
			r = rs[0]
		} else {
			r = e.one(path, Options{NoAnnotate: true})
		}
		if r.Status != StatusLoaded || r.RowsLoaded != n || r.RowsRefused != 0 || len(r.Warnings) != 0 {
			t.Fatalf("files %v: %s %d rows, %d refused (%s) %v %v", files, r.Status, r.RowsLoaded, r.RowsRefused, r.Reason, first(r.Errors, 3), r.Warnings)
		}
		var got []string
		rows, err := e.db.Raw().Query(`SELECT applicant_type FROM cur_applications ORDER BY src_row`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			rows.Scan(&s)
			got = append(got, s)
		}
		rows.Close()
		if len(got) != n {
			t.Fatalf("files %v: %d rows stored", files, len(got))
		}
		for i := range got {
			if got[i] != types[i] {
				t.Fatalf("files %v: row %d: 申请人类型 %q, want %q", files, i+3, got[i], types[i])
			}
		}
		if h, _ := e.db.History(e.ctx); len(h) != 1 {
			t.Errorf("files %v: %d batches in the history, want 1 (the first read changed nothing)", files, len(h))
		}
	}
}

func first(errs []RowError, n int) []RowError { return errs[:min(n, len(errs))] }
