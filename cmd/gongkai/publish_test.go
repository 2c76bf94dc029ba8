package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"gongkai/metrics"
)

// TestPublishVersionsCLI (issue 15): publish freezes the draft as version
// 1; score runs again on a published year and makes a draft; publishing it
// is refused without --confirm (naming diff), then becomes version 2;
// versions lists both; diff compares a version with the draft or another
// version; export shows the published version and says so.
func TestPublishVersionsCLI(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	for _, f := range []string{"kinds/applications.xlsx", "kinds/responses.xlsx"} {
		c.want(0, "ingest", "--db", c.db, "--year", "2024", ledger(f))
	}
	c.want(0, "scheme", "load", "--db", c.db, filepath.Join("..", "..", "internal", "samples", "scheme-2024.yaml"))
	c.want(0, "score", "--db", c.db, "--year", "2024")

	if _, errOut := c.want(2, "publish", "--db", c.db, "--year", "2024"); !strings.HasPrefix(errOut, "gongkai: 需要用 --reason 说明发布理由\n") {
		t.Errorf("publish without --reason: %q", errOut)
	}
	out, _ := c.want(0, "publish", "--db", c.db, "--year", "2024", "--reason", "年度考核", "--by", "王科长")
	var vs []metrics.Version
	jv, _ := c.want(0, "versions", "--db", c.db, "--year", "2024", "--json")
	if err := json.Unmarshal([]byte(jv), &vs); err != nil || len(vs) != 1 {
		t.Fatalf("versions --json: %v %s", err, jv)
	}
	day := vs[0].At[:10]
	if want := "已发布 2024 年度考核结果第1版，" + day + " 发布（4 个单位），发布人 王科长，理由：年度考核\n"; out != want {
		t.Errorf("publish:\n got %q\nwant %q", out, want)
	}

	// Another ledger, scored again: allowed, it is the draft.
	c.want(0, "ingest", "--db", c.db, "--year", "2024", ledger("app-two-sheets.xlsx"))
	c.want(0, "score", "--db", c.db, "--year", "2024")
	_, errOut := c.want(1, "publish", "--db", c.db, "--year", "2024", "--reason", "更正")
	if want := "gongkai: 2024年的考核结果已有第1版，" + day + " 发布；发布草稿将成为第2版，替换各单位看到的结果，需要确认\n" +
		"先用 gongkai diff --db " + c.db + " --year 2024 查看草稿与已发布版本的差异，确认后加 --confirm 再发布\n"; errOut != want {
		t.Errorf("publish again without --confirm:\n got %q\nwant %q", errOut, want)
	}
	text, _ := c.want(0, "diff", "--db", c.db, "--year", "2024")
	if !strings.HasPrefix(text, "2024 年度：第1版，"+day+" 发布 → 草稿（未发布）\n") || !strings.Contains(text, "依申请公开办理台账") || !strings.Contains(text, "新批次 #") {
		t.Errorf("diff:\n%s", text)
	}
	var draft metrics.VersionDiff
	jd, _ := c.want(0, "diff", "--db", c.db, "--year", "2024", "--json")
	if err := json.Unmarshal([]byte(jd), &draft); err != nil || draft.From != 1 || draft.To != metrics.Draft || len(draft.Units) == 0 {
		t.Fatalf("diff --json: %v %s", err, jd)
	}
	c.want(0, "publish", "--db", c.db, "--year", "2024", "--reason", "补录依申请公开台账", "--confirm", "--by", "王科长")

	table, _ := c.want(0, "versions", "--db", c.db, "--year", "2024")
	lines := strings.Split(strings.TrimSpace(table), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[1], "第1版  发布  "+day) || !strings.HasSuffix(lines[2], "补录依申请公开台账") {
		t.Errorf("versions:\n%s", table)
	}
	var d12 metrics.VersionDiff
	jd, _ = c.want(0, "diff", "--db", c.db, "--year", "2024", "--from", "1", "--to", "2", "--json")
	if err := json.Unmarshal([]byte(jd), &d12); err != nil || len(d12.Units) != len(draft.Units) || d12.ToLabel != "第2版，"+day+" 发布" {
		t.Errorf("diff 1→2: %v %s", err, jd)
	}
	if text, _ := c.want(0, "diff", "--db", c.db, "--year", "2024"); !strings.HasSuffix(text, "没有变化\n") {
		t.Errorf("diff of the version just published and the draft:\n%s", text)
	}
	c.want(2, "diff", "--db", c.db, "--year", "2024", "--from", "draft")

	book := filepath.Join(c.dir, "rank.xlsx")
	if out, _ := c.want(0, "export", "--db", c.db, "--year", "2024", "--out", book); !strings.Contains(out, "（第2版，"+day+" 发布；4 个单位，") {
		t.Errorf("export: %q", out)
	}
	if out, _ := c.want(0, "export", "--db", c.db, "--year", "2024", "--out", book, "--version", "1"); !strings.Contains(out, "（第1版，"+day+" 发布；4 个单位，") {
		t.Errorf("export --version 1: %q", out)
	}
	if csv, _ := c.want(0, "score", "--db", c.db, "--year", "2024", "--no-compute", "--csv"); !strings.Contains(strings.SplitN(csv, "\n", 2)[0], ",结果版本") {
		t.Errorf("score --csv header: %q", csv)
	}
}
