package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

// parquetFixture fills a database with rows of every exported table kind:
// registry, batches of two years (one superseded, one with no rows),
// ledger rows with NULLs, dates, timestamps, quotes and Chinese text, and
// scheme, measure and score rows with evidence lists.
func parquetFixture(t *testing.T, db *DB) {
	t.Helper()
	stmts := []string{
		`INSERT INTO units VALUES (1, '平安县财政局', '11330000MB0000000X', '部门', 'B类', NULL), (2, '城关镇''s 办', NULL, '乡镇', 'A类', 1)`,
		`INSERT INTO unit_aliases VALUES ('县财政局', 1), ('城关镇', 2)`,
		`INSERT INTO batches VALUES
			(1, 'applications', 1, 2023, 'a.xlsx', 'aa', 'clerk', TIMESTAMP '2024-01-05 08:00:01.123456', 2, 2, 0, 0, false, 'superseded', 2, TIMESTAMP '2024-01-06 09:00:00', 2),
			(2, 'applications', 1, 2023, 'b.xlsx', 'bb', 'clerk', TIMESTAMP '2024-01-06 09:00:00', 1, 1, 0, 0, false, 'active', NULL, TIMESTAMP '2024-01-06 09:00:00', 1),
			(3, 'responses', 2, 2024, 'c.csv', 'cc', '张三', TIMESTAMP '2025-01-02 10:00:00', 1, 1, 0, 0, true, 'active', NULL, TIMESTAMP '2025-01-02 10:00:00', 1),
			(4, 'media', 2, 2024, 'empty.xlsx', 'dd', '张三', TIMESTAMP '2025-01-03 10:00:00', 0, 0, 0, 0, false, 'active', NULL, TIMESTAMP '2025-01-03 10:00:00', 0)`,
		`INSERT INTO ledger_applications VALUES
			(10000001, 1, 2023, 1, 'Sheet1', 3, 'YS-1', DATE '2023-03-05', '自然人', '网络', '关于“道路”的 ''文件''', NULL, NULL, false, 0, DATE '2023-03-20', '予以公开', 0.5),
			(10000002, 1, 2023, 1, NULL, 4, 'YS-2', DATE '2023-12-31', '其他', NULL, NULL, NULL, NULL, true, NULL, NULL, NULL, NULL),
			(20000001, 2, 2023, 1, 'Sheet1', 3, 'YS-1', DATE '2023-03-05', '自然人', '网络', 'x', NULL, NULL, false, 3, DATE '2023-04-20', '部分公开', 12.25)`,
		`INSERT INTO ledger_responses VALUES (30000001, 3, 2024, 2, '工作表', 2, '12345热线', TIMESTAMP '2024-05-01 09:30:00', TIMESTAMP '2024-05-02 17:45:59', '县级', '停水')`,
		`INSERT INTO schemes VALUES (2024, '2024年细则', 's.yaml', 'name: x', 100, 4, false, 5, 'grade', TIMESTAMP '2024-02-01 00:00:00')`,
		`INSERT INTO scheme_settings VALUES (2024, 'k', 'v'), (2023, 'k', 'w')`,
		`INSERT INTO scheme_groups VALUES (2024, 'A类', 2), (2024, 'B类', 1)`,
		`INSERT INTO scheme_grades VALUES (2024, '优秀', 90, 1), (2024, '良好', 80, 2)`,
		`INSERT INTO scheme_indicators VALUES (2024, '1', NULL, 1, 1, '依申请公开', 10, 'score', NULL, NULL, '', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
			(2024, '1.1', '1', 2, 1, '按时答复', 10, 'score', 'ratio', 'reply_on_time', '', NULL, NULL, NULL, 'bands', '[{"min":0.95,"points":10}]', '["A类"]', '说明')`,
		`INSERT INTO measure_values VALUES (2024, 1, 'reply_on_time', '', 0.5, 2, [20000001, 10000001]), (2024, 2, 'reply_on_time', '', NULL, 0, [])`,
		`INSERT INTO score_items VALUES (2024, 1, '1.1', 5, 10, 0.5, 2, false, [20000001]), (2024, 2, '1.1', 10, 10, NULL, 0, false, NULL)`,
		`INSERT INTO score_results VALUES (2024, 1, 'B类', 5, 0, 5, 10, 50, 2, '不合格', false, 0.2), (2024, 2, 'A类', 10, 1, 11, 10, 100, 1, '优秀', false, 0.4)`,
		`INSERT INTO score_batches VALUES (2024, 2, 'responses', 3), (2024, 2, 'media', 4)`,
		// A published version and its withdrawal (migration 0009).
		`INSERT INTO result_versions VALUES (2024, 1, 'published', TIMESTAMP '2025-02-01 10:00:00', 'admin', '年度考核', '2024年细则', 'name: x', 2),
			(2024, 2, 'withdrawn', TIMESTAMP '2025-02-03 11:00:00', 'admin', '单位申诉', '', '', 0)`,
		`INSERT INTO version_results VALUES (2024, 1, 1, '平安县财政局', 'B类', 5, 0, 5, 10, 50, 2, '不合格', false, 0.2), (2024, 1, 2, '城关镇''s 办', 'A类', 10, 1, 11, 10, 100, 1, '优秀', false, 0.4)`,
		`INSERT INTO version_items VALUES (2024, 1, 1, '1.1', '按时答复', 2, 'score', 'ratio', 5, 10, 0.5, 2, false, 1), (2024, 1, 2, '1.1', '按时答复', 2, 'score', 'ratio', 10, 10, NULL, 0, false, 0)`,
		`INSERT INTO version_explain VALUES (2024, 1, 1, '1.1', '按时答复', 'ratio', 'reply_on_time', '', 5, 10, 0.5, 2, false, 20000001, 'applications', 'b.xlsx', 'Sheet1', 3, 'YS-1', false, NULL, NULL, NULL, NULL, NULL),
			(2024, 1, 2, '1.4', '新媒体', 'deduction', 'media_violations', '', 8, 10, 1, 1, false, NULL, NULL, NULL, NULL, NULL, NULL, NULL, DATE '2024-05-06', DATE '2024-05-26', '微信公众号', '城关发布', NULL)`,
		`INSERT INTO version_batches VALUES (2024, 1, 2, 'responses', 3), (2024, 1, 2, 'media', 4)`,
		`INSERT INTO version_grades VALUES (2024, 1, '优秀', 90, 1), (2024, 1, '良好', 80, 2)`,
		// The 转化建议 scored (migration 0018) and as the version published them (0023).
		`INSERT INTO convert_topics VALUES (2024, '3年3次', 1, 1, '申请公开道路规划', '道路 规划', 3, 1, 3, DATE '2023-03-05', DATE '2023-12-31', NULL, NULL, NULL, NULL, NULL)`,
		`INSERT INTO convert_requests VALUES (2024, '3年3次', 1, 1, 10000001, 'YS-1', DATE '2023-03-05', '关于“道路”的 ''文件''')`,
		`INSERT INTO version_convert_topics VALUES (2024, 1, '3年3次', 1, 1, '申请公开道路规划', '道路 规划', 3, 1, 3, DATE '2023-03-05', DATE '2023-12-31', 20000001, '道路规划公示', '规划', DATE '2024-01-02', 0.5)`,
		`INSERT INTO version_convert_requests VALUES (2024, 1, '3年3次', 1, 1, 10000001, 'YS-1', DATE '2023-03-05', '关于“道路”的 ''文件''')`,
		`SELECT nextval('batch_seq') FROM range(4)`,
	}
	for _, s := range stmts {
		if _, err := db.Raw().Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func TestParquetRoundTrip(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src, err := Open(ctx, filepath.Join(dir, "src.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	parquetFixture(t, src)
	out := filepath.Join(dir, "export")
	m, err := src.ExportParquet(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := src.TableChecksums(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m.Tables, want) {
		t.Fatalf("manifest %v, database %v", m.Tables, want)
	}
	// The export carries the views that read it (the README's shell recipe).
	if b, err := os.ReadFile(filepath.Join(out, "views.sql")); err != nil || string(b) != ParquetViews() {
		t.Errorf("views.sql beside the export: %v, %d bytes, want ParquetViews' %d", err, len(b), len(ParquetViews()))
	}
	// A session over an export reads the version tables the export wrote.
	versions, err := src.versionTables(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := slices.Sorted(slices.Values(parquetVersions())); !slices.Equal(got, slices.Sorted(slices.Values(versions))) {
		t.Errorf("parquetVersions %v, the database's version tables %v", got, versions)
	}
	for _, tb := range append([]string{"units", "batches", "ledger_applications", "ledger_responses", "schemes", "scheme_indicators", "measure_values", "score_items", "score_results", "score_batches"}, versionTableNames...) {
		if want[tb].Rows == 0 {
			t.Errorf("fixture has no rows in %s", tb)
		}
	}
	// Hive partitions by year (batches also by kind), the batch beside each
	// ledger row; a table without rows has one empty file.
	for _, p := range []string{"units.parquet", "calendar.parquet", "batches/year=2023/kind=applications", "batches/year=2024/kind=responses", "batches/year=2024/kind=media",
		"ledger_applications/year=2023", "ledger_responses/year=2024", "score_results/year=2024", "ledger_media/year=0/empty.parquet", "manifest.json"} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Errorf("export lacks %s", p)
		}
	}
	var file, status string
	if err := src.Raw().QueryRow(`SELECT batch_file_name, batch_status FROM read_parquet(?, hive_partitioning = true) WHERE row_id = 10000001`,
		filepath.Join(out, "ledger_applications", "*", "*.parquet")).Scan(&file, &status); err != nil || file != "a.xlsx" || status != "superseded" {
		t.Errorf("batch info in the ledger files: %q %q %v", file, status, err)
	}
	// An export goes only into an empty directory.
	if _, err := src.ExportParquet(ctx, out); err == nil {
		t.Error("exported into a non-empty directory")
	}

	// The views of ParquetViews bind over the export in a session
	// without the gongkai schema, empty tables included, and show the
	// active batches' rows only.
	pq, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer pq.Close()
	pq.SetMaxOpenConns(1) // variables are per connection
	if _, err := pq.Exec(`SET VARIABLE parquet_dir = ?`, out); err != nil {
		t.Fatal(err)
	}
	if _, err := pq.Exec(ParquetViews()); err != nil {
		t.Fatal(err)
	}
	for view, want := range map[string]int{"cur_applications": 1, "cur_responses": 1, "cur_media": 0, "cur_weights": 0, "calendar": 0,
		"schemes": 1, "scheme_groups": 2, "scheme_grades": 2, "scheme_indicators": 2} {
		var n int
		if err := pq.QueryRow(`SELECT count(*) FROM ` + view).Scan(&n); err != nil || n != want {
			t.Errorf("view %s over the export: %d rows (%v), want %d", view, n, err, want)
		}
	}
	// The published versions read back over the export as the database
	// holds them, row for row.
	for _, tb := range append([]string{"score_batches", "convert_topics", "convert_requests"}, versionTableNames...) {
		q := `SELECT * FROM ` + tb + ` ORDER BY ALL`
		if tb == "score_batches" { // not a view of the session: read the files
			q = `SELECT * FROM read_parquet('` + filepath.Join(out, tb, "**", "*.parquet") + `', hive_partitioning = true, hive_types = {'year': INTEGER}) ORDER BY ALL`
		}
		got, want := rowsOf(t, pq, q), rowsOf(t, src.Raw(), `SELECT * FROM `+tb+` ORDER BY ALL`)
		if len(want) == 0 || !reflect.DeepEqual(got, want) {
			t.Errorf("%s over the export:\n got %v\nwant %v", tb, got, want)
		}
	}
	var year any
	if err := pq.QueryRow(`SELECT year FROM cur_applications`).Scan(&year); err != nil || year != int32(2023) {
		t.Errorf("year from the partition: %T %v %v", year, year, err)
	}

	dst, err := Open(ctx, filepath.Join(dir, "dst.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	// The calendar is reference data: an import replaces what is there.
	if _, err := dst.Raw().Exec(`INSERT INTO holiday_exceptions VALUES (DATE '2024-10-01', false, '国庆节')`); err != nil {
		t.Fatal(err)
	}
	if _, err := dst.ImportParquet(ctx, out); err != nil {
		t.Fatal(err)
	}
	got, err := dst.TableChecksums(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("round trip:\n got %v\nwant %v", got, want)
	}
	// The next batch id follows the imported ones.
	var next int64
	dst.Raw().QueryRow(`SELECT nextval('batch_seq')`).Scan(&next)
	if next != 5 {
		t.Errorf("next batch id %d, want 5", next)
	}
	// A second import into the now full database is refused, unchanged.
	if _, err := dst.ImportParquet(ctx, out); !errors.Is(err, ErrNotEmpty) {
		t.Errorf("import into a full database: %v", err)
	}
	// A tampered file fails the checksum and imports nothing.
	bad, err := Open(ctx, filepath.Join(dir, "bad.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer bad.Close()
	if _, err := src.Raw().Exec(`COPY (SELECT * REPLACE ('平安县财政局X' AS name) FROM units) TO '` + filepath.Join(out, "units.parquet") + `' (FORMAT parquet)`); err != nil {
		t.Fatal(err)
	}
	if _, err := bad.ImportParquet(ctx, out); err == nil {
		t.Error("a tampered export imported")
	}
	if n, _ := bad.TableChecksums(ctx); n["units"].Rows != 0 || n["ledger_applications"].Rows != 0 {
		t.Errorf("a failed import left rows: %v", n)
	}
}

// versionTableNames are the tables of the published versions (migration 0009
// and later).
var versionTableNames = []string{"result_versions", "version_results", "version_items", "version_explain", "version_batches", "version_grades",
	"version_convert_topics", "version_convert_requests"} // these two: migration 0023

// rowsOf returns every row of query, its values by column name, in order.
func rowsOf(t *testing.T, db *sql.DB, query string) []map[string]any {
	t.Helper()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []map[string]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		m := map[string]any{}
		for i, c := range cols {
			m[c] = vals[i]
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
