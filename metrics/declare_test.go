package metrics

import (
	"context"
	"reflect"
	"testing"

	"gongkai"
	"gongkai/ingest"
)

// A 零报告 scores by the scheme's when_none, worked out by hand on the
// fixture scheme (testdata/fixture-scheme.yaml) with:
//
//	1.1 按时答复 (applications)  when_none: exempt
//	1.2 按时发布 (disclosures)   when_none: zero
//	1.3 复议纠错 (appeals)       when_none: full
//	2.2.2 新媒体 (media)         when_none: exempt
func TestWhenNoneHandComputed(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	fixtureUnits(t, db)
	loadFixtureScheme(t, db, func(s *Scheme) {
		s.Indicators[0].Children[0].WhenNone = "exempt"
		s.Indicators[0].Children[1].WhenNone = "zero"
		s.Indicators[0].Children[2].WhenNone = "full"
		s.Indicators[1].Children[1].Children[1].WhenNone = "exempt"
	})
	sdb := db.Raw()
	declare := func(unit int64, kind string, withdraw bool) {
		t.Helper()
		if _, err := ingest.Declare(ctx, db, ingest.Declaration{UnitID: unit, Unit: "单位", Kind: kind, Year: 2024, Account: "测试", Withdraw: withdraw}); err != nil {
			t.Fatal(err)
		}
	}
	drop := func(unit int64, measures ...string) {
		t.Helper()
		for _, m := range measures {
			if _, err := sdb.Exec(`DELETE FROM measure_values WHERE unit_id = ? AND measure = ?`, unit, m); err != nil {
				t.Fatal(err)
			}
		}
	}
	// 单位一 has no applications and no new-media account (both exempt), and
	// half the training (2 of 4, proportional: 2.2.1 = 5).
	//   1.1 exempt: 0 of 0. 1 = 10 + 10 of max min(30, 30 − 10) = 20.
	//   2.2.2 exempt: 2.2 keeps max min(10, 20 − 10) = 10 and loses 5 → 5;
	//   2 = 10 + 5 = 15 of 20. 3 = 10, 4 = 40.
	//   Total 20 + 15 + 10 + 40 = 85 of 90 → 85 / 90 × 100 = 94.44 → 优秀.
	//   (Without the declarations: 1.1 nothing to count → 10, 95 of 100.)
	setValues(t, sdb, 1, with(perfect, mv{"activity_count", "政务公开专题培训", 2})...)
	drop(1, "reply_on_time", "media_violations")
	declare(1, "applications", false)
	declare(1, "media", false)
	// 单位二 had no 复议/诉讼 cases (full) and one 列席 (min 2) → 2.1 = 0:
	//   100 − 10 = 90 of 100 → 90.00.
	setValues(t, sdb, 2, with(perfect, mv{"activity_count", "市民代表列席会议", 1})...)
	drop(2, "corrected_appeals")
	declare(2, "appeals", false)
	// 单位三 published nothing (zero): 1.2 = 0 though nothing to count would
	// earn the band's 10 → 90 of 100 → 90.00.
	setValues(t, sdb, 3, perfect...)
	drop(3, "publish_on_time")
	declare(3, "disclosures", false)

	type row struct {
		total, max, score float64
		items             map[string][2]float64 // points, max
	}
	check := func(want map[string]row) {
		t.Helper()
		if err := ApplyRules(ctx, db, 2024); err != nil {
			t.Fatal(err)
		}
		res, err := Results(ctx, db, 2024, "A类")
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range res {
			w, ok := want[u.Unit]
			if !ok {
				continue
			}
			got := row{u.Total, u.Max, u.Normalized, map[string][2]float64{}}
			for _, it := range u.Indicators {
				if _, ok := w.items[it.ID]; ok {
					got.items[it.ID] = [2]float64{it.Points, it.Max}
				}
			}
			if !reflect.DeepEqual(got, w) {
				t.Errorf("%s:\n got %+v\nwant %+v", u.Unit, got, w)
			}
		}
	}
	check(map[string]row{
		"单位一": {85, 90, 94.44, map[string][2]float64{"1": {20, 20}, "1.1": {0, 0}, "2": {15, 20}, "2.2": {5, 10}, "2.2.2": {0, 0}}},
		"单位二": {90, 100, 90, map[string][2]float64{"1.3": {10, 10}, "2.1": {0, 10}}},
		"单位三": {90, 100, 90, map[string][2]float64{"1": {20, 30}, "1.2": {0, 10}}},
	})
	// Withdrawn, the declaration no longer counts: 单位三's 1.2 has nothing
	// to count again → 10, 100 of 100; 单位一's applications count again
	// (1.1 nothing to count → 10): 95 of 100.
	declare(3, "disclosures", true)
	declare(1, "applications", true)
	check(map[string]row{
		"单位一": {95, 100, 95, map[string][2]float64{"1": {30, 30}, "1.1": {10, 10}, "2": {15, 20}}},
		"单位三": {100, 100, 100, map[string][2]float64{"1.2": {10, 10}}},
	})

	// A county-wide ledger is no unit's to declare; a withdrawal needs a
	// declaration in force; a declaration in force is not made twice.
	for _, c := range []struct {
		d    ingest.Declaration
		code string
	}{
		{ingest.Declaration{UnitID: 1, Kind: "tasks", Year: 2024}, gongkai.ECOUNTYWIDE},
		{ingest.Declaration{UnitID: 3, Kind: "disclosures", Year: 2024, Withdraw: true}, gongkai.EDECLARE},
		{ingest.Declaration{UnitID: 2, Kind: "appeals", Year: 2024}, gongkai.EDECLARE},
		{ingest.Declaration{UnitID: 2, Kind: "nosuch", Year: 2024}, gongkai.EUNKNOWNKIND},
	} {
		if _, err := ingest.Declare(ctx, db, c.d); gongkai.ErrorCode(err) != c.code {
			t.Errorf("%+v: %v, want %s", c.d, err, c.code)
		}
	}
}

// when_none is refused where a 零报告 cannot reach: a bonus item, a measure
// of a county-wide ledger, an unknown value.
func TestWhenNoneValidation(t *testing.T) {
	db := openDB(t)
	fixtureUnits(t, db)
	for name, edit := range map[string]func(*Scheme){
		"bonus":       func(s *Scheme) { s.Bonus[0].WhenNone = "full" },
		"county-wide": func(s *Scheme) { s.Indicators[2].Children[1].WhenNone = "full" },
		"value":       func(s *Scheme) { s.Indicators[0].Children[0].WhenNone = "skip" },
		"owes tasks":  func(s *Scheme) { s.Groups[0].Owes = []string{"applications", "tasks"} },
		"owes none":   func(s *Scheme) { s.Groups[0].Owes = []string{} },
	} {
		s, err := ParseSchemeFile("testdata/fixture-scheme.yaml")
		if err != nil {
			t.Fatal(err)
		}
		edit(s)
		if err := LoadScheme(context.Background(), db, s, "f.yaml", LoadOptions{}); err == nil {
			t.Errorf("%s: loaded", name)
		} else {
			t.Logf("%s: %v", name, err)
		}
	}
}
