package ingest

import (
	"sort"
	"strings"
	"testing"

	"gongkai/store"
)

// Kinds agrees with the schema: every column the normaliser writes exists in
// the kind's table with a type that fits, and every table column is written
// (or is one of the common ones the loader fills).
func TestKindsMatchSchema(t *testing.T) {
	e := newEnv(t)
	typeOf := map[ColType][]string{
		TText: {"VARCHAR"}, TDate: {"DATE"}, TDeadline: {"DATE"}, TDateTime: {"TIMESTAMP"}, TInt: {"BIGINT"},
		TDecimal: {"DOUBLE"}, TBool: {"BOOLEAN"}, TEnum: {"VARCHAR"}, TMultiEnum: {"VARCHAR"}, TUnit: {"BIGINT"},
		TOutcome: {"VARCHAR"}, TUnitOrGroup: {"BIGINT", "VARCHAR"},
	}
	for _, k := range Kinds {
		table := map[string]string{}
		for _, r := range e.rows(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position`, k.Table) {
			name, typ, _ := strings.Cut(r, "|")
			table[name] = typ
		}
		if len(table) == 0 {
			t.Errorf("%s: no table %s", k.Name, k.Table)
			continue
		}
		n := newNormalizer(k, NewRegistry(nil), &store.Unit{ID: 1}, 2024, false)
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
			if c.Type == TDeadline && table[n.cols[pos+1]] != "VARCHAR" {
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
	for _, k := range Kinds {
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
