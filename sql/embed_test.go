package sqlfiles

import (
	"strings"
	"testing"
)

func TestFill(t *testing.T) {
	got := Fill("DELETE FROM {{table}} WHERE a = {{v}} OR b = {{v}} {{other}}", "table", "ledger_x", "v", "1")
	if want := "DELETE FROM ledger_x WHERE a = 1 OR b = 1 {{other}}"; got != want {
		t.Errorf("Fill = %q, want %q", got, want)
	}
}

// results.sql names its tables; their columns come from the migrations.
func TestParquetResultsFromMigrations(t *testing.T) {
	got := Parquet("results")
	for _, table := range []string{"measure_values", "measure_unknown", "score_items", "score_results"} {
		if want := CreateTable(table); !strings.Contains(got, want+"\n") || !strings.HasSuffix(want, ");") {
			t.Errorf("results.sql lacks %s as the migrations create it:\n%s", table, want)
		}
	}
	if createRef.MatchString(got) {
		t.Errorf("results.sql keeps a placeholder:\n%s", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("CreateTable of a table no migration creates did not panic")
		}
	}()
	CreateTable("no_such_table")
}
