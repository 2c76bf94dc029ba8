package ingest

import (
	"regexp"
	"sort"
	"strings"
	"testing"

	"gongkai"
)

// Kinds agrees with the schema: every column the normaliser writes exists in
// the kind's table with a type that fits, and every table column is written
// (or is one of the common ones the loader fills).
func TestKindsMatchSchema(t *testing.T) {
	e := newEnv(t)
	typeOf := map[gongkai.ColType][]string{
		gongkai.TText: {"VARCHAR"}, gongkai.TDate: {"DATE"}, gongkai.TDeadline: {"DATE"}, gongkai.TDateTime: {"TIMESTAMP"}, gongkai.TInt: {"BIGINT"},
		gongkai.TDecimal: {"DOUBLE"}, gongkai.TBool: {"BOOLEAN"}, gongkai.TEnum: {"VARCHAR"}, gongkai.TMultiEnum: {"VARCHAR"}, gongkai.TUnit: {"BIGINT"},
		gongkai.TOutcome: {"VARCHAR"}, gongkai.TUnitOrGroup: {"BIGINT", "VARCHAR"},
	}
	for _, k := range gongkai.Kinds {
		table := map[string]string{}
		for _, r := range e.rows(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position`, k.Table) {
			name, typ, _ := strings.Cut(r, "|")
			table[name] = typ
		}
		if len(table) == 0 {
			t.Errorf("%s: no table %s", k.Name, k.Table)
			continue
		}
		n := newNormalizer(k, NewRegistry(nil), &gongkai.Unit{ID: 1}, 2024, false)
		written := map[string]bool{"row_id": true, "batch_id": true, "year": true, "unit_id": true}
		for _, c := range n.columns() {
			if written[c] {
				t.Errorf("%s: column %s written twice", k.Name, c)
			}
			written[c] = true
			if _, ok := table[c]; !ok {
				t.Errorf("%s: the normaliser writes %s, which %s lacks", k.Name, c, k.Table)
			}
		}
		var unwritten []string
		for c := range table {
			if !written[c] {
				unwritten = append(unwritten, c)
			}
		}
		sort.Strings(unwritten)
		if len(unwritten) > 0 {
			t.Errorf("%s: %s columns never written: %v", k.Name, k.Table, unwritten)
		}
		// Types: each kind column's value lands in a column of its type.
		for ci, c := range k.Columns {
			pos := n.slot[ci]
			if pos < 0 {
				if typ := table["unit_id"]; typ != "BIGINT" {
					t.Errorf("%s.unit_id is %s", k.Table, typ)
				}
				continue
			}
			for i, want := range typeOf[c.Type] {
				if got := table[n.cols[pos+i]]; got != want {
					t.Errorf("%s.%s is %s, the normaliser writes %s", k.Table, n.cols[pos+i], got, want)
				}
			}
			if c.Type == gongkai.TDeadline && table[n.cols[pos+1]] != "VARCHAR" {
				t.Errorf("%s.%s is %s, want VARCHAR", k.Table, n.cols[pos+1], table[n.cols[pos+1]])
			}
		}
		if table["src_sheet"] != "VARCHAR" || table["src_row"] != "INTEGER" || table["year"] != "INTEGER" {
			t.Errorf("%s: common columns %v", k.Table, table)
		}
		// The reader's view exists with the same columns.
		if got := e.count(`SELECT count(*) FROM information_schema.columns WHERE table_name = ?`, "cur_"+k.Name); got != int64(len(table)) {
			t.Errorf("cur_%s has %d columns, %s has %d", k.Name, got, k.Table, len(table))
		}
	}
}

// Every kind has a key column set that tells it apart: its own canonical
// header row is recognised as that kind and no other.
func TestCanonicalHeadersRecogniseTheirKind(t *testing.T) {
	for _, k := range gongkai.Kinds {
		var header []string
		for _, c := range k.Columns {
			header = append(header, c.Name)
		}
		lay, err := detectLayout([][]string{header}, nil)
		if err != nil || lay == nil {
			t.Errorf("%s: header %v not recognised (%v)", k.Name, header, err)
			continue
		}
		if lay.kind != k {
			t.Errorf("%s: header recognised as %s", k.Name, lay.kind.Name)
		}
		for i, ci := range lay.cols {
			if ci != i {
				t.Errorf("%s: column %d (%s) mapped to %d", k.Name, i, header[i], ci)
			}
		}
	}
}

// The kinds are declared once, in gongkai.Kinds. The migrations are history
// and never change, so their tables are checked against it; the views are
// made from it when the database opens (store/kinds.go) and checked here
// too: every kind has its table, its cur_<kind> view over that table and the
// active batches, and its branch of the ledger_rows view; no ledger table,
// cur_ view or ledger_rows branch exists without a kind.
func TestMigrationsFollowKinds(t *testing.T) {
	e := newEnv(t)
	tables := map[string]string{} // table → kind
	for _, k := range gongkai.Kinds {
		tables[k.Table] = k.Name
	}
	seen := map[string]bool{}
	for _, table := range e.rows(`SELECT table_name FROM duckdb_tables() WHERE starts_with(table_name, 'ledger_')`) {
		if _, ok := tables[table]; !ok {
			t.Errorf("table %s belongs to no kind", table)
		}
		seen[table] = true
	}
	for table := range tables {
		if !seen[table] {
			t.Errorf("kind %s has no table %s", tables[table], table)
		}
	}

	views := map[string]string{}
	for _, r := range e.rows(`SELECT view_name, sql FROM duckdb_views() WHERE NOT internal AND (starts_with(view_name, 'cur_') OR view_name = 'ledger_rows')`) {
		name, sql, _ := strings.Cut(r, "|")
		views[name] = sql
	}
	for name, sql := range views {
		if name == "ledger_rows" {
			continue
		}
		k := gongkai.KindByName(strings.TrimPrefix(name, "cur_"))
		switch {
		case k == nil:
			t.Errorf("view %s belongs to no kind", name)
		case !strings.Contains(sql, " FROM "+k.Table+" ") || !strings.Contains(sql, "active_batches"):
			t.Errorf("view %s does not read %s's active batches: %s", name, k.Table, sql)
		}
	}
	for _, k := range gongkai.Kinds {
		if _, ok := views["cur_"+k.Name]; !ok {
			t.Errorf("kind %s has no view cur_%s", k.Name, k.Name)
		}
	}

	// ledger_rows: one branch per kind, its name beside its table's rows.
	kindLit, from := regexp.MustCompile(`'(\w+)'`), regexp.MustCompile(`\bFROM (\w+)`)
	branches := map[string]string{} // kind → table
	for _, b := range strings.Split(views["ledger_rows"], "UNION ALL") {
		k, f := kindLit.FindStringSubmatch(b), from.FindStringSubmatch(b)
		if k == nil || f == nil {
			t.Errorf("ledger_rows branch without a kind or a table: %s", b)
			continue
		}
		branches[k[1]] = f[1]
	}
	for kind, table := range branches {
		if k := gongkai.KindByName(kind); k == nil || k.Table != table {
			t.Errorf("ledger_rows branch %s reads %s, which is no kind's table", kind, table)
		}
	}
	for _, k := range gongkai.Kinds {
		if _, ok := branches[k.Name]; !ok {
			t.Errorf("kind %s has no ledger_rows branch", k.Name)
		}
	}
}
