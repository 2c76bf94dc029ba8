package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// refusedFor ingests path and wants one refused result with reason.
func refusedFor(t *testing.T, e *env, path, reason string) {
	t.Helper()
	rs := e.file(path, Options{})
	if len(rs) != 1 || rs[0].Status != StatusRefused || rs[0].Reason != reason {
		t.Errorf("%s: %+v\nwant refused: %s", path, rs, reason)
	}
}

// TestDeviceIsNotAnEmptyFile: /dev/zero has size 0 and never ends; it was
// called "文件是空的". Devices, pipes and directories are refused unread.
func TestDeviceIsNotAnEmptyFile(t *testing.T) {
	e := newEnv(t)
	const want = "不是普通文件（是设备、管道或目录），无法作为台账读取，请指定 .xlsx 或 .csv 文件"
	if _, err := os.Stat("/dev/zero"); err == nil {
		refusedFor(t, e, "/dev/zero", want)
	}
	refusedFor(t, e, t.TempDir(), want)
	empty := filepath.Join(t.TempDir(), "empty.csv")
	os.WriteFile(empty, nil, 0o644)
	refusedFor(t, e, empty, "文件是空的")
}

// odsFile writes a minimal OpenDocument file as LibreOffice and WPS do:
// an uncompressed "mimetype" first, then the manifest and the content.
func odsFile(t *testing.T, path, mimetype string) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	w.Write([]byte(mimetype))
	w, _ = zw.Create("META-INF/manifest.xml")
	w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="` + mimetype + `"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`))
	w, _ = zw.Create("content.xml")
	w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="办理台账"><table:table-row><table:table-cell office:value-type="string"><text:p>申请人</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>`))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(path, buf.Bytes(), 0o644)
}

// odsReason is the refusal of an .ods, with how to save it as .xlsx.
const odsReason = "不支持 OpenDocument 电子表格（.ods）格式：请用 WPS 打开后选“文件→另存为”，文件类型选“Microsoft Excel 文件(*.xlsx)”；或用 LibreOffice 打开后选“文件→另存为”，文件类型选“Excel 2007-365 (.xlsx)”，保存后上传 .xlsx 文件"

// TestODSIsNotADamagedXLSX: an .ods was called a damaged Excel file.
func TestODSIsNotADamagedXLSX(t *testing.T) {
	e := newEnv(t)
	dir := t.TempDir()
	ods := filepath.Join(dir, "台账.ods")
	odsFile(t, ods, "application/vnd.oasis.opendocument.spreadsheet")
	refusedFor(t, e, ods, odsReason)
	// The content decides, not the name.
	renamed := filepath.Join(dir, "台账.xlsx")
	odsFile(t, renamed, "application/vnd.oasis.opendocument.spreadsheet")
	refusedFor(t, e, renamed, odsReason)
	odt := filepath.Join(dir, "说明.odt")
	odsFile(t, odt, "application/vnd.oasis.opendocument.text")
	refusedFor(t, e, odt, "不是 Excel 或 CSV 文件（是 OpenDocument 文档），请上传 .xlsx 或 .csv")
}

// TestXMLErrorsInChinese: encoding/xml's English reached the clerk
// ("读取工作表“办理台账”失败：XML syntax error on line 2: …").
func TestXMLErrorsInChinese(t *testing.T) {
	e := newEnv(t)
	p := filepath.Join(t.TempDir(), "sst.xlsx")
	rewriteXLSX(t, td("app-bad-rows.xlsx"), p, func(name string, b []byte) []byte {
		if name == "xl/sharedStrings.xml" {
			return bytes.Replace(b, []byte(`<si>`), []byte(`<si><</t>`), 1)
		}
		return b
	})
	// The damaged-workbook check (xlsxstream's check.go) finds the shared strings
	// damaged when the file is opened, before any sheet is read.
	refusedFor(t, e, p, "文件已损坏：共享文字表（xl/sharedStrings.xml）约第 1 条附近无法读取，各工作表中的文字无法完整读出，请重新保存后上传")
}

// TestCancelledOpenInChinese: a deadline or a cancellation met while a file
// is opened and checked reached the clerk as Go's "context canceled".
func TestCancelledOpenInChinese(t *testing.T) {
	e := newEnv(t)
	before := e.snapshot()
	for _, c := range []struct {
		cancel func() (context.Context, context.CancelFunc)
		want   string
	}{
		{func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx, cancel
		}, "导入已取消，此文件未导入（数据未作任何改动）"},
		{func() (context.Context, context.CancelFunc) {
			return context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
		}, "处理超时，此文件未导入（数据未作任何改动），请稍后重试，或拆分后上传"},
	} {
		ctx, cancel := c.cancel()
		rs := e.in.File(ctx, td("app-dates.xlsx"), "", Options{AnnotateDir: e.dir})
		cancel()
		if len(rs) != 1 || rs[0].Status != StatusRefused || rs[0].Reason != c.want {
			t.Errorf("%+v, want refused: %s", rs, c.want)
		}
	}
	e.unchangedSince(before)
}
