package main

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"encoding/json"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gongkai/reports"
)

// bombXLSX writes an .xlsx whose sheet inflates to size bytes of spaces;
// declared is the uncompressed size its headers state (size = honest).
func bombXLSX(t *testing.T, path string, size, declared uint64) {
	t.Helper()
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestSpeed)
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	crc := crc32.NewIEEE()
	for n := uint64(0); n < size; n += uint64(len(chunk)) {
		fw.Write(chunk)
		crc.Write(chunk)
	}
	fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range map[string]string{
		"[Content_Types].xml":        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"_rels/.rels":                `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
	} {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate, CRC32: crc.Sum32(),
		CompressedSize64: uint64(comp.Len()), UncompressedSize64: declared})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(comp.Bytes())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCheckReportZipBomb: a workbook inflating past the bound is refused
// before it is inflated; one understating its size is read only up to the
// stated size.
func TestCheckReportZipBomb(t *testing.T) {
	c := &cli{t: t, dir: t.TempDir()}
	honest := filepath.Join(c.dir, "bomb.xlsx")
	bombXLSX(t, honest, 1<<30, 1<<30)
	liar := filepath.Join(c.dir, "liar.xlsx")
	bombXLSX(t, liar, 1<<30, 1000)
	for _, tc := range []struct{ path, want string }{
		{ledger("zipbomb-declared.xlsx"), "gongkai: 文件zipbomb-declared.xlsx解压后超过 128 MB，不是正常的年度报告（可能是压缩炸弹），未读取\n"},
		{honest, "gongkai: 文件bomb.xlsx解压后超过 128 MB，不是正常的年度报告（可能是压缩炸弹），未读取\n"},
		// archive/zip stops at the stated size; excelize then sees an empty sheet.
		{liar, "gongkai: liar.xlsx: 文件不是政府信息公开工作年度报告：未找到表三“收到和处理政府信息公开申请情况”（没有“一、本年新收政府信息公开申请数量”这一行），请确认上传的是年度报告表格\n"},
	} {
		start := time.Now()
		out, errOut := c.want(1, "check-report", tc.path)
		if out != "" || errOut != tc.want {
			t.Errorf("%s: stdout %q stderr %q", tc.path, out, errOut)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: took %s", tc.path, d)
		}
	}
}

// TestCheckReportEmpty: `{}` has nothing to check, which is not "all consistent".
func TestCheckReportEmpty(t *testing.T) {
	c := &cli{t: t, dir: t.TempDir()}
	empty := filepath.Join(c.dir, "empty.json")
	os.WriteFile(empty, []byte("{}"), 0o644)
	out, errOut := c.want(1, "check-report", empty)
	if out != "" || errOut != "gongkai: empty.json: 没有可检查的数据：表二、表三、表四都没有填写\n" {
		t.Errorf("stdout %q stderr %q", out, errOut)
	}
	// Also as the previous year's report.
	good := filepath.Join("..", "..", "reports", "testdata", "filled_2023.xlsx")
	out, errOut = c.want(1, "check-report", good, "--previous", empty)
	if out != "" || errOut != "gongkai: 上年报告: empty.json: 没有可检查的数据：表二、表三、表四都没有填写\n" {
		t.Errorf("stdout %q stderr %q", out, errOut)
	}
}

// TestCheckReportCancelled: a stop signal (the context of main) ends
// check-report with exit 1 and says so.
func TestCheckReportCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errOut bytes.Buffer
	code := run(ctx, []string{"check-report", filepath.Join("..", "..", "reports", "testdata", "filled_2023.xlsx")}, &out, &errOut)
	if code != 1 || out.String() != "" || errOut.String() != "gongkai: 已取消（收到停止信号），检查未完成\n" {
		t.Errorf("exit %d stdout %q stderr %q", code, out.String(), strings.TrimSpace(errOut.String()))
	}
}

// TestCheckReportDocuments: Word and web-page reports, one by one and as a
// folder; --json carries the report read.
func TestCheckReportDocuments(t *testing.T) {
	c := &cli{t: t}
	docs := filepath.Join("..", "..", "reports", "testdata", "docs")
	// The test documents leave zeros blank, as offices do: rule CELL.
	out, _ := c.want(1, "check-report", filepath.Join(docs, "lo_2023.docx"))
	if !strings.HasPrefix(out, "lo_2023.docx（2023年度，2021年格式）：发现 1 个错误、1 个警告\n  [错误 CELL] 8个总计单元格为空白或“/”") {
		t.Errorf("stdout %q", out)
	}
	out, _ = c.want(1, "check-report", "--json", filepath.Join(docs, "cms_2023.html"))
	var res struct {
		Findings []struct{ Rule string }
		Report   struct {
			Unit     string
			Year     int
			Table3   map[string]map[string]any
			Sections map[string]string
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 3 || res.Findings[0].Rule != "LAYOUT" || res.Findings[1].Rule != "CELL" || res.Report.Unit != "某县自然资源和规划局" || res.Report.Year != 2023 ||
		res.Report.Table3["3.其他"]["自然人"] != 2.0 || res.Report.Sections["其他需要报告的事项"] != "本年度未收取信息处理费。" {
		t.Errorf("JSON %s", out)
	}

	// A folder: every report file in it, in name order; a broken one is
	// named on stderr and makes the exit 1 without stopping the others.
	dir := t.TempDir()
	for _, n := range []string{"word_2023.docx", "cms_2023.html"} {
		b, err := os.ReadFile(filepath.Join(docs, n))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, n), b, 0o644)
	}
	out, _ = c.want(1, "check-report", dir)
	if !strings.HasPrefix(out, "cms_2023.html（2023年度，2021年格式）：发现 1 个错误、2 个警告\n") ||
		!strings.Contains(out, "word_2023.docx（2023年度，2021年格式）：发现 1 个错误、5 个警告\n") {
		t.Errorf("folder stdout %q", out)
	}
	os.WriteFile(filepath.Join(dir, "bad.html"), []byte("<p>no tables</p>"), 0o644)
	out, errOut := c.want(1, "check-report", "--json", dir)
	var many []map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &many); err != nil || len(many) != 2 {
		t.Errorf("folder JSON: %v %s", err, out)
	}
	if !strings.Contains(errOut, "gongkai: bad.html: 文件不是政府信息公开工作年度报告") {
		t.Errorf("stderr %q", errOut)
	}
	_, errOut = c.want(1, "check-report", t.TempDir())
	if !strings.Contains(errOut, "中没有报告文件") {
		t.Errorf("empty folder: %q", errOut)
	}
}

// cleanReport writes, as JSON in dir, the report of reports/testdata's
// filled_2023.xlsx made clean for every rule: zeros written, the text's
// number of applications as table 三 has it. edit changes it first.
func cleanReport(t *testing.T, dir, name string, edit func(r *reports.Report)) string {
	t.Helper()
	r, err := reports.ReadXLSX(filepath.Join("..", "..", "reports", "testdata", "filled_2023.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range r.Table3.Cells {
		for c := range r.Table3.Cells[i] {
			if r.Table3.Cells[i][c].State != reports.Number {
				r.Table3.Cells[i][c] = reports.N(0)
			}
		}
	}
	for b := range r.Table4.Cells {
		for c := range r.Table4.Cells[b] {
			if r.Table4.Cells[b][c].State != reports.Number {
				r.Table4.Cells[b][c] = reports.N(0)
			}
		}
	}
	r.Sections.Overview = strings.Replace(r.Sections.Overview, "85件", "66件", 1)
	r.Sections.Overview += "\n我局在门户网站开设自然资源专栏，全年更新土地征收、规划许可、矿产资源等信息二百余条，并在三个乡镇便民服务中心设置政府信息查阅点，方便群众就近查阅。"
	if edit != nil {
		edit(r)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestCheckReportTextRules: check-report runs the text rules of one
// report (SECT, LEN, FEE, NARR, and COPY against --previous), and SAME
// across the reports given together.
func TestCheckReportTextRules(t *testing.T) {
	t.Parallel()
	c := &cli{t: t}
	dir := t.TempDir()
	cur := cleanReport(t, dir, "cur.json", nil)

	// LEN only with a limit; SECT, FEE and NARR on a report that breaks
	// them (a fee of 120 元 is not read as "信息处理费…0元").
	out, _ := c.want(0, "check-report", "--max-chars", "总体情况=100", cur)
	if !strings.Contains(out, "：没有错误，1 个警告\n  [警告 LEN] 第一部分“总体情况”有") || !strings.Contains(out, "字，超过规定的100字") {
		t.Errorf("LEN: %q", out)
	}
	bad := cleanReport(t, dir, "bad.json", func(r *reports.Report) {
		r.Sections.Problems = ""
		r.Sections.Other = "本年度收取信息处理费120元。本年度未收取信息处理费。"
		r.Sections.Overview = strings.Replace(r.Sections.Overview, "66件", "80件", 1)
	})
	out, _ = c.want(1, "check-report", "--json", bad)
	var res reports.CheckResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	var rules []string
	for _, f := range res.Findings {
		rules = append(rules, f.Severity+" "+f.Rule)
	}
	if got := strings.Join(rules, ", "); got != "error SECT, error FEE, error NARR" {
		t.Errorf("rules %s\n%s", got, out)
	}

	// COPY: last year's report of the unit with the same paragraph; its
	// carry-over and 现行有效 agree with this year's, so only COPY fires.
	prev := cleanReport(t, dir, "prev.json", func(r *reports.Report) {
		r.Year = 2022
		r.Sections.Overview = strings.ReplaceAll(r.Sections.Overview, "2023年", "2022年")
		for i := range reports.Table3Rows {
			if reports.Table3Rows[i].Code == "carried_out" {
				ci, _ := reports.Table3Index("carried_in")
				r.Table3.Cells[i] = r.Table3.Cells[ci]
			}
		}
	})
	out, _ = c.want(0, "check-report", cur, "--previous", prev)
	if !strings.Contains(out, "[警告 COPY] 这一段与上年报告的一段几乎相同（相似度100%）") || !strings.Contains(out, "涉及：一、总体情况第") {
		t.Errorf("COPY: %q", out)
	}

	// SAME: another unit's report with the same paragraph, given together.
	other := cleanReport(t, dir, "other.json", func(r *reports.Report) { r.Unit = "某县住房和城乡建设局" })
	out, _ = c.want(0, "check-report", cur, other)
	if strings.Count(out, "[警告 SAME]") != 2 || !strings.Contains(out, "这一段与某县住房和城乡建设局的报告几乎相同") ||
		!strings.Contains(out, "这一段与某县自然资源和规划局的报告几乎相同") {
		t.Errorf("SAME: %q", out)
	}
	out, _ = c.want(0, "check-report", "--json", cur, other)
	var many []reports.CheckResult
	if err := json.Unmarshal([]byte(out), &many); err != nil || len(many) != 2 ||
		len(many[0].Findings) != 1 || many[0].Findings[0].Rule != "SAME" {
		t.Errorf("SAME JSON: %v %s", err, out)
	}
	c.want(2, "check-report", "--copy-threshold", "1.5", cur)
	c.want(2, "check-report", "--max-chars", "前言=100", cur)
}
