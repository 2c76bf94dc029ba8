package store

import (
	"path/filepath"
	"strings"
	"testing"

	"gongkai"
	sqlfiles "gongkai/sql"
)

// ledger_rows names each kind's rows by its Label columns: joined by a
// space, a missing one left out with its space (a task without a number),
// a date as 2006-01-02 — hand-made rows, one or two per kind.
func TestLedgerRowsLabels(t *testing.T) {
	db := openT(t, filepath.Join(t.TempDir(), "g.duckdb"))
	rows := []struct{ table, cols, vals, want string }{
		{"ledger_applications", "app_no", "'YSQ-7'", "YSQ-7"},
		{"ledger_disclosures", "title", "'关于公布收费目录的通知'", "关于公布收费目录的通知"},
		{"ledger_documents", "doc_name", "'平安县物业管理办法'", "平安县物业管理办法"},
		{"ledger_enforcement", "item", "'行政许可'", "行政许可"},
		{"ledger_appeals", "case_no", "'复2024-3'", "复2024-3"},
		{"ledger_tasks", "task_no, task", "'T3', '公开预算'", "T3 公开预算"},
		{"ledger_tasks", "task", "'公开决算'", "公开决算"},
		{"ledger_proposals", "proposal_no, title", "'J-12', '关于路灯的建议'", "J-12 关于路灯的建议"},
		{"ledger_media", "account, posted", "'平安发布', DATE '2024-03-05'", "平安发布 2024-03-05"},
		{"ledger_activities", "act_type, name", "'新闻发布会', '一季度发布会'", "新闻发布会 一季度发布会"},
		{"ledger_activities", "act_type", "'其他'", "其他 "},
		{"ledger_responses", "subject", "'停水'", "停水"},
		{"ledger_weights", "item", "'政务公开'", "政务公开"},
		{"ledger_catalog", "domain, item", "'就业', '招聘信息'", "就业 招聘信息"},
	}
	for i, r := range rows {
		q := "INSERT INTO " + r.table + " (row_id, batch_id, year, unit_id, src_row, " + r.cols + ") VALUES (?, 1, 2024, 1, 2, " + r.vals + ")"
		if _, err := db.Raw().Exec(q, i+1); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for i, r := range rows {
		var kind, label string
		if err := db.Raw().QueryRow(`SELECT kind, label FROM ledger_rows WHERE row_id = ?`, i+1).Scan(&kind, &label); err != nil {
			t.Fatalf("row %d (%s): %v", i+1, r.table, err)
		}
		if want := strings.TrimPrefix(r.table, "ledger_"); kind != want || label != r.want {
			t.Errorf("%s row: kind %q label %q, want %q %q", r.table, kind, label, want, r.want)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM ledger_rows`); n != int64(len(rows)) {
		t.Errorf("ledger_rows has %d rows, want %d", n, len(rows))
	}
}

// A database migrated before a kind's views were made from the kinds (its
// ledger_rows as migration 0003 left it, without proposals and catalog, and
// no cur_catalog) gets them on its next Open.
func TestOpenMakesKindViews(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.duckdb")
	db := openT(t, path)
	migs, err := sqlfiles.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{migs[2].SQL, `DROP VIEW cur_catalog`} {
		if _, err := db.Raw().Exec(q); err != nil {
			t.Fatalf("%.60s: %v", q, err)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM duckdb_views() WHERE view_name = 'cur_catalog'`); n != 0 {
		t.Fatalf("cur_catalog not dropped")
	}
	db.Close()
	db = openT(t, path)
	if _, err := db.Raw().Exec(`INSERT INTO ledger_catalog (row_id, batch_id, year, unit_id, src_row, domain) VALUES (1, 1, 2024, 1, 2, '就业')`); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM ledger_rows WHERE kind = 'catalog' AND label = '就业 '`); n != 1 {
		t.Errorf("ledger_rows has %d catalog rows, want 1", n)
	}
	if n := count(t, db, `SELECT count(*) FROM cur_catalog`); n != 0 {
		t.Errorf("cur_catalog shows %d rows of a batch that is not active", n)
	}
}

// A kind declared is a kind viewed: a new kind's views come from its
// declaration alone, and a kind its rows could not be named by is refused.
func TestKindViews(t *testing.T) {
	k := &gongkai.Kind{Name: "visits", Table: "ledger_visits", Label: []string{"visitor", "day"},
		Columns: []gongkai.Column{{Field: "visitor", Type: gongkai.TText}, {Field: "day", Type: gongkai.TDate}}}
	sql, err := KindViews([]*gongkai.Kind{k})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"CREATE OR REPLACE VIEW cur_visits AS SELECT l.* FROM ledger_visits l WHERE l.batch_id IN (SELECT batch_id FROM active_batches);",
		"SELECT row_id, batch_id, year, 'visits' AS kind, src_sheet, src_row, coalesce(visitor || ' ', '') || coalesce(strftime(day, '%Y-%m-%d'), '') AS label FROM ledger_visits;",
	} {
		if !strings.Contains(sql, want) {
			t.Errorf("kind views lack %s:\n%s", want, sql)
		}
	}
	for _, bad := range []*gongkai.Kind{
		{Name: "visits", Table: "ledger_visits", Columns: k.Columns},
		{Name: "visits", Table: "ledger_visits", Columns: k.Columns, Label: []string{"guest"}},
	} {
		if _, err := KindViews([]*gongkai.Kind{bad}); err == nil {
			t.Errorf("label %v: no error", bad.Label)
		}
	}
	if _, err := KindViews(gongkai.Kinds); err != nil {
		t.Error(err)
	}
}
