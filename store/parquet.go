package store

// Parquet export and import of the data an analyst, a second machine or a
// distributed engine needs: the unit registry, the working-day calendar,
// every batch, every ledger table (with its batch's file, uploader and
// status beside each row), the scheme and score tables and the published
// versions of the results, hive-partitioned
// by year (DIR/<table>/year=2024/…; batches also by ledger kind, each ledger
// kind being its own table already). The accounts, sessions and audit log
// are not exported. A manifest.json records each table's row count and
// checksum; import checks them. ParquetViews, also written beside the
// manifest as views.sql, defines over such a directory
// the views the measures read, so they run there unchanged.

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"text/template"

	"gongkai"
	sqlfiles "gongkai/sql"
)

// ParquetViews returns the SQL that defines, in a DuckDB session with no
// gongkai schema, what the measures and score.sql read over an export
// directory (the variable parquet_dir): sql/parquet/views.sql filled in
// with the exported tables, then a cur_<kind> view for each kind of
// gongkai.Kinds (sql/parquet/cur_view.sql), then the views derived from
// them (sql/parquet/derived.sql) and unit_domains (sql/views/unit_list.sql).
func ParquetViews() string {
	var b strings.Builder
	if err := parquetViewsTmpl.Execute(&b, parquetSession()); err != nil {
		panic(fmt.Sprintf("parquet views: %v", err)) // the template and its lists are the code's own
	}
	for _, k := range gongkai.Kinds {
		b.WriteString(sqlfiles.Fill(sqlfiles.Parquet("cur_view"), "kind", k.Name, "table", k.Table))
	}
	// Views over the cur_ views come last: DuckDB binds a view when it is made.
	b.WriteString(sqlfiles.Parquet("derived"))
	// The domains each unit must cover, for the catalog_ measures, as Open
	// makes them (unitLists).
	for _, l := range unitLists {
		if l.view == "unit_domains" {
			b.WriteString(l.sql())
		}
	}
	return b.String()
}

var parquetViewsTmpl = template.Must(template.New("views").Parse(sqlfiles.Parquet("views")))

// parquetVersions lists the tables of the published versions as the
// migrations leave them (result_versions and version_*, as
// version_tables.sql asks the catalog for the export): a session over an
// export has no catalog to ask.
func parquetVersions() []string {
	tables, err := sqlfiles.Tables()
	if err != nil {
		panic(fmt.Sprintf("parquet views: %v", err)) // the migrations are the code's own
	}
	return slices.DeleteFunc(tables, func(t string) bool { return t != "result_versions" && !strings.HasPrefix(t, "version_") })
}

// sessionTables is what sql/parquet/views.sql reads of the exported tables
// beside the ledgers.
type sessionTables struct {
	Files  []string // written as one file: parquetPlain, parquetReference
	Views  []string // read as they are, a view over their files
	Copies []string // copied into tables: parquetCopied
}

// parquetSession sorts the exported tables for a session over an export:
// every one it reads as it is, but those scoring in the session writes —
// the result tables, created empty from sql/parquet/results.sql, and the
// 转化 tables, copied (parquetCopied).
func parquetSession() sessionTables {
	s := sessionTables{Files: append(slices.Clone(parquetPlain), parquetReference...), Copies: parquetCopied}
	written := sqlfiles.ParquetCreates("results")
	for _, t := range append(slices.Clone(parquetByYear), parquetVersions()...) {
		if !slices.Contains(written, t) && !slices.Contains(parquetCopied, t) {
			s.Views = append(s.Views, t)
		}
	}
	return s
}

// TableSum is a table's row count and order-independent checksum.
type TableSum struct {
	Rows     int64  `json:"rows"`
	Checksum string `json:"checksum"`
}

// ParquetManifest lists what an export holds.
type ParquetManifest struct {
	Format string              `json:"format"` // "gongkai-parquet/2"
	Schema int                 `json:"schema"` // migration version of the exporting database
	Tables map[string]TableSum `json:"tables"`
}

// parquetFormat is written; import also reads format 1 (batches partitioned
// by year only, no calendar tables).
const parquetFormat = "gongkai-parquet/2"

var parquetFormats = map[string]bool{"gongkai-parquet/1": true, parquetFormat: true}

// pqTable is one exported table: a single file (no partition columns) or a
// directory hive-partitioned by its partition columns.
type pqTable struct {
	name      string
	partition []string // hive partition columns, outermost first
	ledger    bool     // a ledger_* table: its batch's columns go beside each row
	reference bool     // derived reference data (the calendar): import replaces it
}

// parquet tables beside the ledgers, in import order.
var (
	parquetPlain     = []string{"units", "unit_aliases"}
	parquetReference = []string{"holiday_exceptions", "calendar_coverage", "calendar"}
	parquetByYear    = []string{"batches", "schemes", "scheme_settings", "scheme_groups", "scheme_grades", "scheme_indicators", "measure_values", "measure_unknown", "score_items", "score_results",
		"declarations", "scheme_owes", "scheme_none", "score_none", // these four: migration 0011
		"scheme_domains",                     // migration 0017
		"convert_topics", "convert_requests", // migration 0018: the 转化建议 of a scored year
		"score_batches",                      // migration 0015
		"score_declarations", "score_scheme"} // migration 0020; then the published versions (versionTables)
	// The tables a session over an export copies rather than views:
	// scoring in it groups the requests again and rewrites a year's rows,
	// as the database does.
	parquetCopied = []string{"convert_topics", "convert_requests"}
)

// parquetTables lists the exported tables in import order, ledgers after
// batches. Their names are pasted into SQL (sqlfiles.Fill), so they come
// only from the lists above and the database's catalog -- never from an
// export's manifest, whose unknown names ImportParquet refuses.
func (d *DB) parquetTables(ctx context.Context) ([]pqTable, error) {
	var out []pqTable
	for _, t := range parquetPlain {
		out = append(out, pqTable{name: t})
	}
	for _, t := range parquetReference {
		out = append(out, pqTable{name: t, reference: true})
	}
	versions, err := d.versionTables(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range append(slices.Clone(parquetByYear), versions...) {
		p := []string{"year"}
		if t == "batches" {
			p = append(p, "kind") // the one table that holds every ledger kind
		}
		out = append(out, pqTable{name: t, partition: p})
	}
	ledgers, err := d.ledgerTables(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range ledgers {
		out = append(out, pqTable{name: t, partition: []string{"year"}, ledger: true})
	}
	return out, nil
}

// versionTables lists the tables of the published versions (migration
// 0009), from the catalog.
func (d *DB) versionTables(ctx context.Context) ([]string, error) {
	return list(ctx, d.q, "version_tables", scalar[string])
}

// tableSum is the row count and checksum of a table of parquetTables.
func tableSum(ctx context.Context, q querier, table string) (TableSum, error) {
	var sum TableSum
	err := q.QueryRowContext(ctx, sqlfiles.Fill(sqlfiles.Query("parquet_checksum"), "table", table)).Scan(&sum.Rows, &sum.Checksum)
	return sum, err
}

// files is the glob of the table's Parquet files under dir.
func (t pqTable) files(dir string) string {
	if len(t.partition) == 0 {
		return filepath.Join(dir, t.name+".parquet")
	}
	return filepath.Join(dir, t.name, "**", "*.parquet")
}

func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// ExportParquet writes the database into dir, which must be empty or not
// exist, and returns the manifest it wrote. A partitioned table without
// rows gets one empty file (DIR/<table>/year=0/empty.parquet) so that
// readers still find its columns.
func (d *DB) ExportParquet(ctx context.Context, dir string) (ParquetManifest, error) {
	m := ParquetManifest{Format: parquetFormat, Tables: map[string]TableSum{}}
	if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
		return m, fmt.Errorf("导出目录 %s 不是空的", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return m, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return m, err
	}
	if m.Schema, err = d.SchemaVersion(ctx); err != nil {
		return m, err
	}
	tables, err := d.parquetTables(ctx)
	if err != nil {
		return m, err
	}
	// One read transaction: the files and the manifest show one state.
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return m, err
	}
	defer tx.Rollback()
	for _, t := range tables {
		sum, err := tableSum(ctx, tx, t.name)
		if err != nil {
			return m, fmt.Errorf("checksum %s: %w", t.name, err)
		}
		m.Tables[t.name] = sum
		var q string
		switch {
		case len(t.partition) == 0:
			q = sqlfiles.Fill(sqlfiles.Query("parquet_export_plain"), "table", t.name, "target", sqlString(t.files(abs)))
		case sum.Rows > 0:
			q = sqlfiles.Fill(sqlfiles.Query("parquet_export_partitioned"), "partition", strings.Join(t.partition, ", "), "target", sqlString(filepath.Join(abs, t.name)))
		default:
			target := filepath.Join(abs, t.name)
			for _, c := range t.partition {
				v := "none"
				if c == "year" {
					v = "0"
				}
				target = filepath.Join(target, c+"="+v)
			}
			if err := os.MkdirAll(target, 0o755); err != nil {
				return m, err
			}
			q = sqlfiles.Fill(sqlfiles.Query("parquet_export_empty"), "partition", strings.Join(t.partition, ", "), "target", sqlString(filepath.Join(target, "empty.parquet")))
		}
		sel := sqlfiles.Query("parquet_select_table")
		if t.ledger {
			sel = sqlfiles.Query("parquet_select_ledger")
		}
		if _, err := tx.ExecContext(ctx, sqlfiles.Fill(q, "select", sqlfiles.Fill(sel, "table", t.name))); err != nil {
			return m, fmt.Errorf("export %s: %w", t.name, err)
		}
	}
	// The views go with the data, so that an analyst's DuckDB shell can
	// read the export as the measures do (README, "Parquet").
	if err := os.WriteFile(filepath.Join(dir, "views.sql"), []byte(ParquetViews()), 0o644); err != nil {
		return m, err
	}
	b, _ := json.MarshalIndent(m, "", "  ")
	return m, os.WriteFile(filepath.Join(dir, "manifest.json"), append(b, '\n'), 0o644)
}

// ErrNotEmpty is returned by ImportParquet for a database that holds data.
var ErrNotEmpty = errors.New("导入需要一个空的数据库（单位名录、批次和考核结果都为空）")

// ImportParquet reads an export into this database, which must be empty
// (the calendar aside: the export's replaces it), in one transaction, and
// checks every table's row count and checksum against the manifest.
func (d *DB) ImportParquet(ctx context.Context, dir string) (ParquetManifest, error) {
	var m ParquetManifest
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return m, fmt.Errorf("不是 gongkai 的 Parquet 导出目录（缺少 manifest.json）：%w", err)
	}
	if err := json.Unmarshal(b, &m); err != nil || !parquetFormats[m.Format] {
		return m, fmt.Errorf("manifest.json 格式不对（应为 %s）", parquetFormat)
	}
	if v, err := d.SchemaVersion(ctx); err != nil {
		return m, err
	} else if m.Schema > v {
		return m, fmt.Errorf("导出来自较新的 gongkai（数据库版本 %d，本程序 %d）", m.Schema, v)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return m, err
	}
	tables, err := d.parquetTables(ctx)
	if err != nil {
		return m, err
	}
	known := map[string]bool{}
	for _, t := range tables {
		known[t.name] = true
	}
	var unknown []string
	for t := range m.Tables {
		if !known[t] {
			unknown = append(unknown, t)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return m, fmt.Errorf("导出中有本程序不认识的表：%s", strings.Join(unknown, ", "))
	}

	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return m, err
	}
	defer tx.Rollback()
	for _, t := range tables {
		if t.reference {
			continue
		}
		var n int64
		if err := tx.QueryRowContext(ctx, sqlfiles.Fill(sqlfiles.Query("table_count"), "table", t.name)).Scan(&n); err != nil {
			return m, err
		}
		if n > 0 {
			return m, fmt.Errorf("%w：表 %s 有 %d 行", ErrNotEmpty, t.name, n)
		}
	}
	for _, t := range tables {
		want, ok := m.Tables[t.name]
		if !ok {
			continue // an older export without this table
		}
		if t.reference {
			if _, err := tx.ExecContext(ctx, sqlfiles.Fill(sqlfiles.Query("table_clear"), "table", t.name)); err != nil {
				return m, fmt.Errorf("import %s: %w", t.name, err)
			}
		}
		if want.Rows == 0 {
			continue
		}
		cols, err := tableColumns(ctx, tx, t.name)
		if err != nil {
			return m, err
		}
		q := sqlfiles.Fill(sqlfiles.Query("parquet_import"), "table", t.name, "files", sqlString(t.files(abs)), "columns", strings.Join(cols, ", "))
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return m, fmt.Errorf("import %s: %w", t.name, err)
		}
	}
	for _, t := range tables {
		want, ok := m.Tables[t.name]
		if !ok && t.reference {
			continue // an older export without the calendar: left as it was
		}
		got, err := tableSum(ctx, tx, t.name)
		if err != nil {
			return m, err
		}
		if want.Checksum == "" {
			want.Checksum = "0"
		}
		if got != want {
			return m, fmt.Errorf("表 %s 导入后与导出不一致：%d 行/校验和 %s，导出时 %d 行/%s", t.name, got.Rows, got.Checksum, want.Rows, want.Checksum)
		}
	}
	// New batches must get ids after the imported ones.
	maxID, err := one(ctx, tx, "batch_max_id", scalar[sql.NullInt64])
	if err != nil {
		return m, err
	}
	if maxID.Valid {
		if _, err := tx.ExecContext(ctx, sqlfiles.Query("batch_seq_advance"), maxID.Int64); err != nil {
			return m, fmt.Errorf("batch_seq: %w", err)
		}
	}
	// Imported active batches become the ones readers see.
	if _, err := tx.ExecContext(ctx, sqlfiles.Query("batch_publish_all")); err != nil {
		return m, fmt.Errorf("import: publish batches: %w", err)
	}
	return m, tx.Commit()
}

// tableColumns lists a table's columns, quoted for an INSERT's column list.
func tableColumns(ctx context.Context, q querier, table string) ([]string, error) {
	cols, err := list(ctx, q, "table_column_names", scalar[string], table)
	for i, c := range cols {
		cols[i] = `"` + c + `"`
	}
	return cols, err
}

// TableChecksums returns the row count and checksum of every exported
// table, as the manifest records them.
func (d *DB) TableChecksums(ctx context.Context) (map[string]TableSum, error) {
	tables, err := d.parquetTables(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]TableSum{}
	for _, t := range tables {
		s, err := tableSum(ctx, d.q, t.name)
		if err != nil {
			return nil, err
		}
		out[t.name] = s
	}
	return out, nil
}
