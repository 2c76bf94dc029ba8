package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// A file `gongkai ingest` refuses is on record as a web refusal is (issue
// 15): under the unit the file names, or else the one given, by the
// uploader, with ingest's reason (no flag named: the web shows it too);
// `gongkai history` lists it, marked 被拒收, after the batches. A preview
// is no refusal.
func TestIngestRefusalOnRecord(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	ann := "--annotate-dir=" + c.dir
	c.want(0, "ingest", "--db", c.db, ledger("app-bom.csv"))
	c.want(1, "ingest", "--db", c.db, ann, "--uploader", "张三", ledger("app-bad-rows.xlsx"))
	c.want(1, "ingest", "--db", c.db, ann, "--unit", "财政局", ledger("truncated.xlsx"))
	c.want(1, "ingest", "--db", c.db, ann, "--partial", ledger("app-bad-rows.xlsx"))

	out, _ := c.want(0, "history", "--db", c.db)
	batches, refused, ok := strings.Cut(out, "\n\n被拒收的上传（未导入，数据未作任何改动）\n")
	if !ok || strings.Count(batches, "\n") != 1 || !strings.HasPrefix(batches, "批次\t状态\t") {
		t.Fatalf("history:\n%s", out)
	}
	lines := strings.Split(strings.TrimSuffix(refused, "\n"), "\n")
	if len(lines) != 3 || lines[0] != "状态\t台账\t单位\t年度\t拒收时间\t上传人\t文件\t拒收原因" {
		t.Fatalf("refusals in the history:\n%s", refused)
	}
	// Newest first.
	damaged := strings.Split(lines[1], "\t")
	if len(damaged) != 8 || damaged[0] != "被拒收" || damaged[2] != "平安县财政局" || damaged[5] != "cli" || damaged[6] != "truncated.xlsx" || !strings.Contains(damaged[7], "文件已损坏") {
		t.Errorf("refusal of a damaged file under --unit: %q", damaged)
	}
	rows := strings.Split(lines[2], "\t")
	want := []string{"被拒收", "依申请公开办理台账", "平安县财政局", "2024", rows[4], "张三", "app-bad-rows.xlsx", "8 行有错误，整个文件未导入（数据未作任何改动）。请改正后重新上传"}
	if strings.Join(rows, "|") != strings.Join(want, "|") || len(rows[4]) != len("2006-01-02 15:04:05") {
		t.Errorf("refusal of refused rows:\n got %q\nwant %q", rows, want)
	}
	if strings.Contains(refused, "--") {
		t.Errorf("a recorded reason names a flag:\n%s", refused)
	}

	out, _ = c.want(0, "history", "--db", c.db, "--json")
	var h []map[string]any
	if err := json.Unmarshal([]byte(out), &h); err != nil {
		t.Fatal(err)
	}
	if len(h) != 3 || h[0]["status"] != "active" || h[1]["refused"] != true || h[1]["status"] != "refused" || h[2]["code"] != "EROWSREFUSED" ||
		h[2]["uploader"] != "张三" || h[2]["rows_refused"] != 8.0 || h[2]["unit"] != "平安县财政局" {
		t.Errorf("history JSON: %v", h)
	}
}
