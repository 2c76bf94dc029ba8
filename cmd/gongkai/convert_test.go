package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConvertCommand: three people ask 县财政局 for the same matter in
// different words, one asks for something else; the matter is asked three
// times (the default frequency), not yet published, so it is the one
// 转化建议, and --unit names a unit the registry does not hold → usage error.
func TestConvertCommand(t *testing.T) {
	c := newCLI(t)
	f := filepath.Join(c.dir, "财政局-依申请-2024.csv")
	if err := os.WriteFile(f, []byte(`申请编号,收到日期,申请人类型,申请内容,答复日期,办理结果
A1,2024-03-01,自然人,申请公开城北片区棚户区改造项目的补偿安置标准,2024-03-20,予以公开
A2,2024-04-08,自然人,请提供城北片区棚户区改造补偿安置标准的文件,2024-04-25,予以公开
A3,2024-06-03,商业企业,关于城北片区棚户区改造项目补偿安置标准的信息,2024-06-20,予以公开
A4,2024-07-01,自然人,申请公开2023年度县级财政决算报告,2024-07-15,予以公开
`), 0o644); err != nil {
		t.Fatal(err)
	}
	c.want(0, "ingest", "--db", c.db, "--unit", "县财政局", f)
	out, _ := c.want(0, "convert", "--db", c.db, "--year", "2024", "--unit", "财政局", "--json")
	var rep struct {
		Suggestions []map[string]any `json:"suggestions"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(rep.Suggestions) != 1 || !strings.Contains(out, "城北片区棚户区改造") || strings.Contains(out, "决算") {
		t.Errorf("convert --json: want one matter (城北片区棚户区改造, asked 3 times), got:\n%s", out)
	}
	c.want(exitUsage, "convert", "--db", c.db, "--year", "2024", "--unit", "不存在的单位")
}
