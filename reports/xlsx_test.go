package reports

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestXLSXGoldenDump(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, sampleReport()); err != nil {
		t.Fatal(err)
	}
	dump, err := DumpXLSX(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "report.xlsx.txt", []byte(dump))
}

func TestXLSXRoundTrip(t *testing.T) {
	want := sampleReport()
	want.Table2.Cells[0] = NACell()
	want.Table2.Cells[1] = BlankCell()
	*want.Table4.Cell("suit_direct", "corrected") = BlankCell()
	path := filepath.Join(t.TempDir(), "r.xlsx")
	if err := SaveXLSX(path, want); err != nil {
		t.Fatal(err)
	}
	got, err := ReadXLSX(path)
	if err != nil {
		t.Fatal(err)
	}
	if d := diffReports(want, got); d != "" {
		t.Fatal(d)
	}
	if a := got.Source.Addr["表三/一、本年新收政府信息公开申请数量/自然人"]; a != "I23" {
		t.Errorf("address of 一/自然人 = %q", a)
	}
}

func TestXLSXMultipleReports(t *testing.T) {
	a, b := sampleReport(), sampleReport()
	b.Unit, b.Year = "某县教育局", 2022
	b.Table3.Cell("1", ColNP).Add(1)
	path := filepath.Join(t.TempDir(), "all.xlsx")
	if err := SaveXLSX(path, a, b); err != nil {
		t.Fatal(err)
	}
	all, err := ReadXLSXAll(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 {
		t.Fatalf("got %d reports", len(all))
	}
	for i, want := range []*Report{a, b} {
		if d := diffReports(want, all[i]); d != "" {
			t.Errorf("report %d: %s", i, d)
		}
	}
	if _, err := ReadXLSX(path); err == nil || !strings.Contains(err.Error(), "文件包含2份报告") {
		t.Errorf("ReadXLSX on a two-report file: %v", err)
	}
}

func TestWrite2019Refused(t *testing.T) {
	r := sampleReport()
	r.Format = Format2019
	if err := WriteXLSX(&bytes.Buffer{}, r); err == nil {
		t.Fatal("writing a 2019 report must fail")
	}
}

func TestNotAReport(t *testing.T) {
	_, err := ReadXLSX("testdata/not_a_report.xlsx")
	if !errors.Is(err, ErrNotReport) {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.Error(), "not_a_report.xlsx: 文件不是政府信息公开工作年度报告") {
		t.Errorf("message: %v", err)
	}
	garbage := filepath.Join(t.TempDir(), "x.xlsx")
	if err := os.WriteFile(garbage, []byte("不是Excel"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadXLSX(garbage); err == nil || !strings.Contains(err.Error(), "无法打开Excel文件x.xlsx") {
		t.Errorf("garbage file: %v", err)
	}
}
