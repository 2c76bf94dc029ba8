package server

import (
	"context"
	"strings"
	"testing"

	"gongkai"
	"gongkai/ingest"
	"gongkai/store"
)

// TestYearChosenAgainstFile (D9): a clerk who picks 2022 in the upload
// form for a file whose name and title say 2024 and whose 收到日期 are in
// 2024 is refused in words naming both years; the unit's 2022 ledger is
// not replaced, and the refusal is recorded and audited.
func TestYearChosenAgainstFile(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	clerk := e.login(clerkName)
	own := e.unitID(clerkUnit)
	src := appCSV(t, t.TempDir(), clerkUnit, 2024, 4, "Y")
	b22, err22 := e.db.UploadActiveBatch(ctx, own, "applications", 2022)
	b24, err24 := e.db.UploadActiveBatch(ctx, own, "applications", 2024)
	refusals := func() int {
		var rs []store.Refusal
		if err := clerk.getJSON("/api/refusals", &rs); err != nil {
			t.Fatal(err)
		}
		return len(rs)
	}
	nRef := refusals()

	code, rs, body := clerk.upload(map[string]string{"year": "2022"}, [2]string{"县财政局2024年依申请公开台账.csv", src})
	want := "指定的年度 2022 年与文件不符：表格标题写的是 2024 年，“收到日期”也大多在 2024 年。文件未导入，数据未作任何改动；请核对年度后重新上传"
	if code != 200 || len(rs) != 1 || rs[0].Status != ingest.StatusRefused || rs[0].Code != gongkai.EINVALID || rs[0].Reason != want {
		t.Fatalf("upload as 2022: %d %s", code, body)
	}
	if w := english(rs[0].Reason); w != nil {
		t.Errorf("English in %q", rs[0].Reason)
	}
	if b, err := e.db.UploadActiveBatch(ctx, own, "applications", 2022); (err == nil) != (err22 == nil) || b.ID != b22.ID {
		t.Errorf("2022 batch %d → %d (%v)", b22.ID, b.ID, err)
	}
	if b, err := e.db.UploadActiveBatch(ctx, own, "applications", 2024); (err == nil) != (err24 == nil) || b.ID != b24.ID {
		t.Errorf("2024 batch %d → %d (%v)", b24.ID, b.ID, err)
	}
	if n := refusals(); n != nRef+1 {
		t.Errorf("refusals %d → %d", nRef, n)
	}
	es := auditOf(t, e, store.AuditFilter{Account: clerkName, Action: "upload"}, 1)
	if len(es) == 0 || !strings.Contains(es[0].Detail, want) || es[0].OK {
		t.Errorf("audit: %+v", es)
	}

	// The year the file states, or none: it loads as 2024.
	code, rs, body = clerk.upload(map[string]string{"year": "2024"}, [2]string{"县财政局2024年依申请公开台账.csv", src})
	if code != 200 || len(rs) != 1 || rs[0].Status != ingest.StatusLoaded || rs[0].Year != 2024 {
		t.Fatalf("upload as 2024: %d %s", code, body)
	}
	checkConsistency(t, e.db)
}
