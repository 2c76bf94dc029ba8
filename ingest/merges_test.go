package ingest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"gongkai/store"
)

// TestMergedDataCells: ledgers of county 2 written by LibreOffice with
// merged data cells — 信息类别 and 发布日期 merged over their documents, 案件类型
// over its cases — load every row with the merged value (truth.json), as
// the clerk sees the sheet; they were refused for blank required cells.
func TestMergedDataCells(t *testing.T) {
	dir := filepath.Join("..", "internal", "samples", "county2", "data")
	ctx := context.Background()
	db, err := store.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if r := LoadUnits(ctx, db, filepath.Join(dir, "单位名录.xlsx")); r.Status != StatusLoaded {
		t.Fatalf("registry: %+v", r)
	}
	in, err := New(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var truth struct {
		Files []struct {
			Path    string
			Rows    int64
			Records []struct {
				Row    int
				Values map[string]any
			}
		}
	}
	if err := json.Unmarshal(b, &truth); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, ctx: ctx, db: db, in: in, dir: t.TempDir()}
	for _, c := range []struct{ file, query string }{
		{"安宁县卫生健康局2024年主动公开信息台账.xlsx", `SELECT src_row, category, published FROM cur_disclosures ORDER BY src_row`},
		{"安宁县农业农村局2024年行政复议行政诉讼台账.xlsx", `SELECT src_row, case_type, received FROM cur_appeals ORDER BY src_row`},
	} {
		var want []string
		var rows int64
		for _, f := range truth.Files {
			if f.Path == c.file {
				rows = f.Rows
				for _, r := range f.Records {
					if v := r.Values["category"]; v != nil {
						want = append(want, fmt.Sprintf("%d|%v|%v", r.Row, v, r.Values["published"]))
					} else {
						want = append(want, fmt.Sprintf("%d|%v|%v", r.Row, r.Values["case_type"], r.Values["received"]))
					}
				}
			}
		}
		r := e.one(filepath.Join(dir, c.file), Options{NoAnnotate: true})
		if r.Status != StatusLoaded || r.RowsLoaded != rows || rows == 0 {
			t.Fatalf("%s: %s %d of %d rows (%s) %+v", c.file, r.Status, r.RowsLoaded, rows, r.Reason, r.Errors)
		}
		e.wantRows(c.query, want...)
	}
}

// A header label merged across columns (filled into each of them) names
// one column, the range's first, once: no notice of an unknown column for
// the others, whose cells belong to the label's column (in 2024年主动公开信息台账,
// written by LibreOffice, 信息标题 is merged over C:D in the header and in
// every data row). An unknown label merged across columns is listed once.
// The same holds for a two-row header with labels merged over both rows.
func TestHeaderMergedAcrossColumns(t *testing.T) {
	dir := filepath.Join("..", "internal", "samples", "county2", "data")
	ctx := context.Background()
	db, err := store.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if r := LoadUnits(ctx, db, filepath.Join(dir, "单位名录.xlsx")); r.Status != StatusLoaded {
		t.Fatalf("registry: %+v", r)
	}
	in, err := New(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, ctx: ctx, db: db, in: in, dir: t.TempDir()}
	r := e.one(filepath.Join(dir, "2024年主动公开信息台账.xlsx"), Options{NoAnnotate: true})
	if r.Status != StatusLoaded || r.RowsLoaded != 14 || len(r.Warnings) != 0 {
		t.Fatalf("%s %d rows (%s) warnings %q", r.Status, r.RowsLoaded, r.Reason, r.Warnings)
	}
	var blank int
	if err := db.Raw().QueryRow(`SELECT count(*) FROM cur_disclosures WHERE title IS NULL OR title = ''`).Scan(&blank); err != nil || blank != 0 {
		t.Errorf("%d rows without 信息标题 (%v)", blank, err)
	}
	for _, c := range []struct {
		rows    [][]string
		title   int // the column 信息标题 maps from
		ignored []string
	}{
		{[][]string{{"安宁县2024年主动公开信息台账"}, {"序号", "信息标题", "信息标题", "发布日期", "经办人", "经办人", "信息类别"}}, 1, []string{"经办人"}},
		{[][]string{{"序号", "信息标题", "信息标题", "发布情况", "发布情况"}, {"序号", "信息标题", "信息标题", "发布日期", "信息类别"}}, 1, nil},
	} {
		lay, err := detectLayout(c.rows, nil)
		if err != nil || lay == nil || lay.kind.Name != "disclosures" {
			t.Fatalf("%v: %+v %v", c.rows, lay, err)
		}
		k := lay.kind
		if ci := lay.cols[c.title]; ci < 0 || k.Columns[ci].Field != "title" || lay.cols[c.title+1] != -1 || !slices.Equal(lay.ignored, c.ignored) {
			t.Errorf("%v: columns %v, ignored %q", c.rows, lay.cols, lay.ignored)
		}
	}
}
