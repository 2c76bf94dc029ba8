package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestDemoTwice runs the demo twice into the same directory: it must load
// every good sample file, refuse every bad one with its reason, score the
// three years, and print exactly the same thing both times.
func TestDemoTwice(t *testing.T) {
	if testing.Short() {
		t.Skip("demo loads ~1,200 sample files")
	}
	dir := filepath.Join(t.TempDir(), "demo")
	var outs [2]string
	for i := range outs {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), []string{"demo", "--dir", dir}, &stdout, &stderr); code != 0 {
			t.Fatalf("run %d: exit %d: %s", i, code, stderr.String())
		}
		outs[i] = stdout.String()
	}
	if outs[0] != outs[1] {
		t.Errorf("demo output differs between runs:\n%s\n----\n%s", outs[0], outs[1])
	}
	out := outs[0]
	for _, want := range []string{
		"单位名录：57 个单位",
		"“2024-02-30”不是有效日期",
		"“申请编号”与第 4 行重复",
		"2024 年度考核",
		"A类 乡镇街道（15 个单位）",
		"B类 县直部门（41 个单位）",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
	if strings.Contains(out, "拒收 ") && strings.Contains(out, "导入台账文件") && strings.Contains(strings.Split(out, "示例中故意放入")[0], "已拒收") {
		t.Errorf("a good sample file was refused:\n%s", strings.Split(out, "示例中故意放入")[0])
	}
}
