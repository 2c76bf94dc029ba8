package metrics

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"gongkai/store"
)

// convertFixture: three units' requests and publications, worked out by
// hand in TestConvertHandComputed.
//
// Matter A, 城区停车收费标准 (7 bigrams: 城区 区停 停车 车收 收费 费标 标准):
// 单位一 twice (2023-03-01, 2024-02-01), 单位二 twice (2024-05-10,
// 2024-06-01); every text normalises to the same bigrams, so each weighs
// the same and a coverage is a count.
// Matter B, 柳树湾村低保户名单 (8 bigrams): 单位三 three times, 单位一 once.
// Matter C, 垃圾焚烧厂环评报告: 单位二 twice in 2024 and once in 2021, so
// frequent only over 4 years. One request on its own (单位三).
func convertFixture(t *testing.T, db *store.DB) {
	t.Helper()
	fixtureUnits(t, db)
	dir := t.TempDir()
	const head = "申请编号,收到日期,申请人类型,申请内容,答复日期,办理结果\n"
	const phead = "标题,栏目,发布日期\n"
	ingestAll(t, db,
		writeLedger(t, dir, "单位一-依申请-2023.csv", head+"Y1,2023-03-01,自然人,申请公开城区停车收费标准,2023-03-20,予以公开\n"),
		writeLedger(t, dir, "单位一-依申请-2024.csv", head+
			"Y2,2024-02-01,自然人,请提供2024年城区停车收费标准,2024-02-20,予以公开\n"+
			"Y3,2024-09-01,商业企业,关于柳树湾村低保户名单的信息,2024-09-20,予以公开\n"),
		writeLedger(t, dir, "单位二-依申请-2021.csv", head+"E0,2021-06-01,自然人,申请公开垃圾焚烧厂环评报告,2021-06-20,予以公开\n"),
		writeLedger(t, dir, "单位二-依申请-2024.csv", head+
			"E1,2024-05-10,自然人,关于城区停车收费标准的信息,2024-05-30,予以公开\n"+
			"E2,2024-06-01,法律服务机构,申请公开城区停车收费标准,2024-06-20,予以公开\n"+
			"E3,2024-07-01,自然人,申请公开垃圾焚烧厂环评报告,2024-07-20,予以公开\n"+
			"E4,2024-08-01,自然人,请提供垃圾焚烧厂环评报告,2024-08-20,予以公开\n"),
		writeLedger(t, dir, "单位三-依申请-2022.csv", head+"S1,2022-04-01,自然人,申请公开柳树湾村低保户名单,2022-04-20,予以公开\n"),
		writeLedger(t, dir, "单位三-依申请-2024.csv", head+
			"S2,2024-03-01,自然人,请提供柳树湾村2023年低保户名单,2024-03-20,予以公开\n"+
			"S3,2024-04-01,自然人,申请公开柳树湾村低保户名单,2024-04-20,予以公开\n"+
			"S4,2024-05-01,自然人,申请公开某企业登记注册档案,2024-05-20,予以公开\n"),
		// 单位一: the same title before its first request does not count
		// (since), the later one covers all 7 bigrams (1.00).
		writeLedger(t, dir, "单位一-主动公开-2023.csv", phead+"城区停车收费标准,价格收费,2023-01-10\n"),
		writeLedger(t, dir, "单位一-主动公开-2024.csv", phead+"城区停车收费标准公示,价格收费,2024-03-15\n"),
		// 单位二: published before it was asked (excluded); 停车场收费管理办法
		// holds 停车 收费, 2 of 7 (0.29 < 0.5); 城区公共停车收费标准调整 holds
		// all but 区停, 6 of 7 = 0.86: converted by it.
		writeLedger(t, dir, "单位二-主动公开-2024.csv", phead+
			"城区停车收费标准,价格收费,2024-04-01\n"+
			"停车场收费管理办法,规范性文件,2024-07-01\n"+
			"城区公共停车收费标准调整,价格收费,2024-08-01\n"),
		// 单位三: the list published before the requests only; 低保政策解读
		// holds 低保, 1 of 8 (0.13): not converted.
		writeLedger(t, dir, "单位三-主动公开-2024.csv", phead+"低保政策解读,社会救助,2024-06-01\n"),
		writeLedger(t, dir, "单位三-主动公开-2021.csv", phead+"柳树湾村低保户名单公示,社会救助,2021-12-01\n"),
	)
}

func TestConvertHandComputed(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	convertFixture(t, db)
	rep, err := ConvertReportOf(ctx, db, 2024, DefaultConvert, 0)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		topic     int
		unit      int64
		asked     int
		unitAsked int
		first     string
		match     string
		published string
		coverage  float64
	}
	var got []row
	for _, it := range rep.Items {
		r := row{it.Topic, it.UnitID, it.Asked, it.UnitAsked, it.First, "", "", 0}
		if it.Match != nil {
			r.match, r.published, r.coverage = it.Match.Title, it.Match.Published, it.Match.Coverage
		}
		got = append(got, r)
	}
	// Topics by first request: A (2023-03-01), B (2022-04-01 is first: B is
	// topic 1). Suggestions (not converted) first, then the most asked.
	want := []row{
		{1, 1, 4, 1, "2024-09-01", "", "", 0},
		{1, 3, 4, 3, "2022-04-01", "", "", 0},
		{2, 1, 4, 2, "2023-03-01", "城区停车收费标准公示", "2024-03-15", 1},
		{2, 2, 4, 2, "2024-05-10", "城区公共停车收费标准调整", "2024-08-01", 0.86},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("suggestions\n got %+v\nwant %+v", got, want)
	}
	if rep.Topics != 4 || rep.Converted != 2 || rep.From != 2022 {
		t.Errorf("counts: %d topics, %d converted, from %d; want 4, 2, 2022", rep.Topics, rep.Converted, rep.From)
	}
	if l := rep.Items[0].Label; l != "申请公开柳树湾村低保户名单" {
		// every text of B is alike (cosine 1): the medoid is the first
		// asked, 单位三's of 2022, whichever unit the row is for
		t.Errorf("label %q", l)
	}
	// Over 4 years, matter C (3 requests to 单位二) is frequent too.
	four, err := ConvertReportOf(ctx, db, 2024, ConvertOptions{Years: 4, Min: 3}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(four.Items) != 2 || four.Items[0].UnitAsked != 3 || four.Items[0].Converted {
		t.Errorf("4 years, 单位二: %+v", four.Items)
	}
}

// TestConvertShareScored: the measure through the scheme, points by hand.
// The leaf 按时答复 (10 points, ratio) scores convert_share instead:
// 单位一 1 of 2 matters converted → 5.00; 单位二 1 of 1 → 10.00; 单位三 0 of
// 1 → 0.00; 单位四 to 单位六 asked about none: nothing to count → 10.00.
func TestConvertShareScored(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	convertFixture(t, db)
	loadFixtureScheme(t, db, func(s *Scheme) {
		s.Indicators[0].Children[0].Measure = ConvertMeasure
		s.Indicators[0].Children[0].Param = "3年3次"
	})
	if err := Score(ctx, db, 2024); err != nil {
		t.Fatal(err)
	}
	res, err := Results(ctx, db, 2024, "")
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]float64{}
	for _, u := range res {
		for _, it := range u.Indicators {
			if it.Name == "按时答复" {
				got[u.UnitID] = it.Points
			}
		}
	}
	want := map[int64]float64{1: 5, 2: 10, 3: 0, 4: 10, 5: 10, 6: 10}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("points %v, want %v", got, want)
	}
	// The evidence of 单位三: its three requests about matter B.
	var n int
	if err := db.Raw().QueryRow(`SELECT len(evidence) FROM measure_values WHERE unit_id = 3 AND measure = 'convert_share'`).Scan(&n); err != nil || n != 3 {
		t.Errorf("evidence of 单位三: %d rows (%v), want 3", n, err)
	}
	// What Score stored is what Convert computes: every topic, its match
	// (NULL where none) and its requests, written in one statement each.
	var stored, computed []store.ConvertTopic
	if stored, err = db.StoredConvertTopics(ctx, 2024, Draft, "3年3次", 0); err != nil {
		t.Fatal(err)
	}
	if err := db.InTx(ctx, func(q *store.Queries) (err error) {
		computed, err = Convert(ctx, q, 2024, ConvertOptions{Years: 3, Min: 3}, 0)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	js, _ := json.Marshal(stored)
	jc, _ := json.Marshal(computed)
	if len(stored) != 4 || string(js) != string(jc) {
		t.Errorf("stored topics\n%s\ncomputed\n%s", js, jc)
	}
	if _, err := ParseConvertParam("三年"); err == nil {
		t.Error("a param not N年K次 is accepted")
	}
}
