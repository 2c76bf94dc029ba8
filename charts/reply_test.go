package charts

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"gongkai"
	"gongkai/ingest"
	"gongkai/metrics"
	"gongkai/store"
)

// TestReplyBeyondCalendar: a reply whose deadline falls in 2028, whose
// holidays are not known, is neither on time nor late and in no bucket —
// it is counted as unknown, and the chart says so — while the replies
// whose dates and deadlines lie inside the calendar are counted as before.
func TestReplyBeyondCalendar(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.SaveUnits(ctx, []gongkai.Unit{{ID: 1, Name: "平安县甲局", Aliases: []string{"甲局"}, Group: "B类"}}); err != nil {
		t.Fatal(err)
	}
	// Scoring builds the calendar before anything reads the charts.
	if err := metrics.EnsureCalendar(ctx, db); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ledgers := map[string]string{
		// 2026: all inside the calendar.
		"甲局-依申请-2026.csv": `申请编号,收到日期,申请人类型,是否延期,征求意见天数,补正完成日期,答复日期,办理结果
A1,2026-03-02,自然人,否,0,,2026-03-06,予以公开
A2,2026-11-02,自然人,否,0,,2026-12-15,予以公开
`,
		"甲局-依申请-2027.csv": `申请编号,收到日期,申请人类型,是否延期,征求意见天数,补正完成日期,答复日期,办理结果
B1,2026-12-20,自然人,否,0,,2027-01-18,予以公开
B2,2027-01-20,自然人,否,0,,2027-02-23,予以公开
B3,2027-01-20,自然人,否,0,,2027-02-24,予以公开
B4,2027-12-01,自然人,否,0,,2027-12-31,予以公开
B5,2027-12-20,自然人,否,0,,2027-12-30,予以公开
B6,2027-11-10,自然人,是,0,,2027-12-20,予以公开
`,
	}
	var files []string
	for name, content := range ledgers {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	in, err := ingest.New(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		for _, r := range in.File(ctx, f, "", ingest.Options{}) {
			if r.Status != ingest.StatusLoaded {
				t.Fatalf("%s: %s %s %+v", f, r.Status, r.Reason, r.Errors)
			}
		}
	}

	got, err := loadReply(ctx, db, []int{2026, 2027})
	if err != nil {
		t.Fatal(err)
	}
	want := []YearReply{
		// A1: 4 working days. A2: due 2026-11-27 (20 working days), answered
		// on the 31st working day, late.
		{Year: 2026, Buckets: [6]int{1, 0, 0, 0, 1, 0}, Late: 1},
		// B1 is due 2027-01-18 across 元旦 and answered then (18 working
		// days: 2026-12-31 … 2027-01-18 skips 1–3 January); B2 is due
		// 02-23 across 春节 and answered then (20), B3 a day late (21); B4
		// is due 12-29 and answered on 12-31 (22), late, its dates all in
		// 2027. B5 and B6 (延期, 40 working days) were answered in December
		// 2027 but their deadlines fall in 2028: unknown, not on time.
		{Year: 2027, Buckets: [6]int{0, 0, 0, 2, 2, 0}, Late: 2, Unknown: 2},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("reply times\n got %+v\nwant %+v", got, want)
	}

	d := &Data{Years: []int{2026, 2027}, Reply: got}
	title := decode(t, d.ReplyChart())["title"].(map[string]any)
	const sub = "自收到申请（或补正完成）之日起的工作日数；法定期限20个工作日，延期不超过20个工作日"
	if s := title["subtext"]; s != sub+"\n2027年另有 2 件节假日安排尚未公布，无法判定，未计入" {
		t.Errorf("subtitle %q", s)
	}
	d.Reply[0].Unknown = 3
	if s := decode(t, d.ReplyChart())["title"].(map[string]any)["subtext"]; s != sub+"\n另有 5 件节假日安排尚未公布，无法判定，未计入（2026年 3 件，2027年 2 件）" {
		t.Errorf("subtitle over two years %q", s)
	}
	d.Reply[0].Unknown, d.Reply[1].Unknown = 0, 0
	if s := decode(t, d.ReplyChart())["title"].(map[string]any)["subtext"]; s != sub {
		t.Errorf("subtitle with nothing unknown %q", s)
	}
}
