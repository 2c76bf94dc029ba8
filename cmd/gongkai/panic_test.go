package main

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestWorkbookWithoutStylesIsRefusedNotCrashed: the input — a
// refused .xlsx without xl/styles.xml — exits 1 with its annotated copy.
func TestWorkbookWithoutStylesIsRefusedNotCrashed(t *testing.T) {
	c := newCLI(t)
	src, err := zip.OpenReader(ledger("app-bad-rows.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	rel := regexp.MustCompile(`<Relationship [^>]*styles"[^>]*></Relationship>`)
	over := regexp.MustCompile(`<Override PartName="/xl/styles.xml"[^>]*></Override>`)
	for _, f := range src.File {
		if f.Name == "xl/styles.xml" {
			continue
		}
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		b = over.ReplaceAll(rel.ReplaceAll(b, nil), nil)
		w, _ := zw.Create(f.Name)
		w.Write(b)
	}
	zw.Close()
	path := filepath.Join(c.dir, "app-nostyles.xlsx")
	os.WriteFile(path, buf.Bytes(), 0o644)

	out, errOut := c.want(1, "ingest", "--db", c.db, "--annotate-dir="+c.dir, path)
	if !strings.Contains(out, "8 行有错误，整个文件未导入") || !strings.Contains(out, "错误标注文件："+filepath.Join(c.dir, "app-nostyles-错误标注.xlsx")) {
		t.Errorf("stdout %q", out)
	}
	if strings.Contains(errOut, "goroutine") || strings.Contains(out, "未能生成") {
		t.Errorf("stderr %q stdout %q", errOut, out)
	}
	if _, err := os.Stat(filepath.Join(c.dir, "app-nostyles-错误标注.xlsx")); err != nil {
		t.Error(err)
	}
}

// TestPanicIsAClearErrorAndExit1: any panic in a command is one Chinese
// line on stderr and exit 1, not a stack trace and exit 2.
func TestPanicIsAClearErrorAndExit1(t *testing.T) {
	c := newCLI(t)
	runHook = func(args []string) {
		if args[0] == "history" {
			panic("injected")
		}
	}
	t.Cleanup(func() { runHook = nil })
	code, out, errOut := c.run("history", "--db", c.db)
	if code != 1 || out != "" || errOut != "gongkai: 程序内部错误，操作未完成（技术细节：injected）。请把这条信息和所用的文件交给维护人员\n" {
		t.Errorf("exit %d stdout %q stderr %q", code, out, errOut)
	}
}
