package main

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"gongkai/store"
)

// TestScoreRefusesPublishedYear (issue 15): `gongkai score` on a year whose
// results are published exits 1 with the reason and changes no table; the
// published scores can still be read without recomputing.
func TestScoreRefusesPublishedYear(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	for _, f := range []string{"kinds/applications.xlsx", "kinds/responses.xlsx", "app-two-sheets.xlsx"} {
		c.want(0, "ingest", "--db", c.db, "--year", "2024", ledger(f))
	}
	c.want(0, "scheme", "load", "--db", c.db, filepath.Join("..", "..", "internal", "samples", "scheme-2024.yaml"))
	c.want(0, "score", "--db", c.db, "--year", "2024")

	ctx := context.Background()
	// The CLI has no publish command yet; the web's publish runs this query.
	db, err := store.Open(ctx, c.db)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.PublishedInsert(ctx, 2024, "admin"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	sums := func() map[string]store.TableSum {
		t.Helper()
		db, err := store.Open(ctx, c.db)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		s, err := db.TableChecksums(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	before := sums()
	if before["score_results"].Rows == 0 || before["score_items"].Rows == 0 {
		t.Fatalf("no scores before: %v", before)
	}
	read, _ := c.want(0, "score", "--db", c.db, "--year", "2024", "--no-compute", "--json")

	out, errOut := c.want(1, "score", "--db", c.db, "--year", "2024", "--json")
	want := "gongkai: 2024年的考核结果已发布，重新计算会改变已发布的结果。如需重新计算，请先撤回发布（撤回和重新发布都会记入操作日志）\n" +
		"撤回发布请在网页的“管理”页面操作；只查看已计算的结果可加 --no-compute\n"
	if out != "" || errOut != want {
		t.Errorf("score a published year: stdout %q\nstderr %q\nwant   %q", out, errOut, want)
	}
	if after := sums(); !reflect.DeepEqual(after, before) {
		t.Errorf("tables changed by a refused score:\nbefore %v\nafter  %v", before, after)
	}
	if again, _ := c.want(0, "score", "--db", c.db, "--year", "2024", "--no-compute", "--json"); again != read {
		t.Errorf("published scores read differently after a refused score:\n%s\n%s", read, again)
	}
}
