package charts

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"gongkai"
	"gongkai/ingest"
	"gongkai/metrics"
	"gongkai/store"
)

// TestWorkbookGapEvents: the ranking workbook's 失分明细 names the gaps
// that cost the new-media points, as the unit pages and the site do, before
// the posts that ended them. Read back with excelize, by hand: 甲局's
// account 一号 posted on 01-02, 01-10, 01-30 and 02-05 (gaps of 8, 20 and 6
// days): a gap over 14 days breaks the rule; 二号's gap of 2 days does not.
// One account of two breaks it: 10 − 5 = 5 points, 5 lost. The gaps of more
// than 7 days are 01-02 to 01-10 (8) and 01-10 to 01-30 (20), ended by the
// posts of lines 3 and 4.
func TestWorkbookGapEvents(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.SaveUnits(ctx, []gongkai.Unit{{ID: 1, Name: "平安县甲局", Aliases: []string{"甲局"}, Group: "B类"}}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ledger := filepath.Join(dir, "甲局-新媒体-2024.csv")
	if err := os.WriteFile(ledger, []byte(`账号名称,平台,发布日期,标题
一号,微信公众号,2024-01-02,a
一号,微信公众号,2024-01-10,b
一号,微信公众号,2024-01-30,c
一号,微信公众号,2024-02-05,d
二号,微博,2024-01-03,e
二号,微博,2024-01-05,f
`), 0o644); err != nil {
		t.Fatal(err)
	}
	in, err := ingest.New(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range in.File(ctx, ledger, "", ingest.Options{}) {
		if r.Status != ingest.StatusLoaded {
			t.Fatalf("%s %s %+v", r.Status, r.Reason, r.Errors)
		}
	}
	s, err := metrics.ParseSchemeYAML([]byte(`name: 测试细则
year: 2024
overall: {total_points: 100, disclosure_points: 4}
grades: [{grade: 合格, min: 60}, {grade: 不合格, min: 0}]
groups: [{name: B类}]
indicators:
  - name: 主动公开
    points: 10
    children:
      - {name: 政务新媒体更新, points: 10, rule: deduction, measure: media_violations, per: 5}
`), "s.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := metrics.LoadScheme(ctx, db, s, "s.yaml", metrics.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := metrics.Score(ctx, db, 2024); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "rank.xlsx")
	if _, err := WriteWorkbook(ctx, db, 2024, metrics.Draft, out); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(DeductionSheet) // as shown: 失分 with two decimals
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, strings.Join(r, "|"))
	}
	want := []string{
		strings.Join(DeductionHeader, "|"),
		"B类|1|平安县甲局|1.1|政务新媒体更新|5.00||||账号“一号”（微信公众号）超过 7 天未更新 2 次（最长 20 天，超过 14 天）：2024-01-02 至 2024-01-10（8 天）；2024-01-10 至 2024-01-30（20 天）",
		"B类|1|平安县甲局|1.1|政务新媒体更新||甲局-新媒体-2024.csv||3|一号 2024-01-10",
		"B类|1|平安县甲局|1.1|政务新媒体更新||甲局-新媒体-2024.csv||4|一号 2024-01-30",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("失分明细:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// eventParts cuts an account's long list of gaps after a "；" into rows of
// at most 200 characters that join back into the event; a short event is
// one row.
func TestEventParts(t *testing.T) {
	head := "账号“一号”（微信公众号）超过 7 天未更新 30 次（多于 3 次，最长 12 天）："
	gaps := make([]string, 30)
	for i := range gaps {
		gaps[i] = fmt.Sprintf("2024-%02d-01 至 2024-%02d-09（8 天）", i%12+1, i%12+1)
	}
	e := head + strings.Join(gaps, "；")
	parts := eventParts(e)
	// A head of 44 characters, 29 per gap with its "；": the first row holds
	// 5 gaps (44 + 5 × 29 = 189; 6 would be 218), the others 6 (174; 7 would
	// be 203); 30 gaps → 5 + 6 + 6 + 6 + 6 + 1.
	if len(parts) != 6 || strings.Join(parts, "") != e {
		t.Fatalf("%d parts: %q", len(parts), parts)
	}
	for i, p := range parts {
		if n := utf8.RuneCountInString(p); n > 200 || i < len(parts)-1 && !strings.HasSuffix(p, "；") {
			t.Errorf("part %d: %d characters: %s", i, n, p)
		}
	}
	if got := eventParts(head + gaps[0]); len(got) != 1 {
		t.Errorf("a short event: %q", got)
	}
}
