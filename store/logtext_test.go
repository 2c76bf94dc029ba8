package store

import (
	"context"
	"path/filepath"
	"testing"
)

// TestLogTextKeepsRecords: an audit entry and a refused upload whose text
// holds bytes that are not UTF-8 (half a character of a name, a parser's
// message cut mid-character) are written, the bad bytes as U+FFFD, the
// rest exactly. DuckDB refuses to bind such text, and the record was lost.
func TestLogTextKeepsRecords(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "g.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	half := "平\xe5\xae" // 平 and the first two bytes of 安
	if err := db.AuditInsert(ctx, NewAudit{Account: "admin\xff", Role: "-", Action: "login", Detail: "登录失败：" + half, Remote: "127.0.0.1"}); err != nil {
		t.Fatalf("audit insert: %v", err)
	}
	es, err := db.AuditList(ctx, AuditFilter{}, 10, 0)
	if err != nil || len(es) != 1 {
		t.Fatalf("audit list: %v %+v", err, es)
	}
	if e := es[0]; e.Account != "admin\uFFFD" || e.Detail != "登录失败：平\uFFFD" || e.Action != "login" || e.OK {
		t.Errorf("audit entry: %+v", e)
	}
	if err := db.RefusalInsert(ctx, Refusal{UnitID: -1, Uploader: "admin", FileName: "x\xff.csv", Code: "EINVALID", Reason: "单位“" + half + "”不在单位名录中"}); err != nil {
		t.Fatalf("refusal insert: %v", err)
	}
	if got := LogText("ok 文字"); got != "ok 文字" {
		t.Errorf("valid text changed: %q", got)
	}
}
