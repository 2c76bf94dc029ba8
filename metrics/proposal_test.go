package metrics

import (
	"context"
	"math"
	"reflect"
	"testing"

	"gongkai"
)

// TestProposalMeasures scores a hand-made 人大代表建议和政协提案 ledger with
// the sample scheme (建议提案按期办结 2 points, 答复全文办结后15日内公开 2,
// 代表委员满意 1, all linear ratios) and checks every value, total,
// evidence row and point by hand. Lines are CSV lines (header = 1).
func TestProposalMeasures(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	saveUnits(t, db,
		gongkai.Unit{ID: 1, Name: "平安县甲局", Aliases: []string{"甲局"}, Group: "B类"},
		gongkai.Unit{ID: 2, Name: "平安县乙局", Aliases: []string{"乙局"}, Group: "B类"},
		gongkai.Unit{ID: 3, Name: "平安县丙局", Aliases: []string{"丙局"}, Group: "B类"},
	)
	f := writeLedger(t, t.TempDir(), "县政府办-建议提案-2024.csv", `编号,类别,标题,主办单位,协办单位,交办日期,办结期限,办结日期,答复类别,是否公开答复全文,公开日期,代表委员满意度
J1,建议,标题一,甲局,乙局、丙局,2024-03-01,2024-06-01,2024-05-20,A,是,2024-05-30,满意
J2,建议,标题二,甲局,,2024-03-01,2024-06-01,2024-06-10,B,是,2024-06-30,基本满意
T1,提案,标题三,甲局、乙局,,2024-03-05,2024-06-05,2024-06-05,C,否,,不满意
T2,提案,标题四,甲局,,2024-04-01,2024-07-01,,,,,
T3,提案,标题五,乙局,甲局,2024-10-01,2025-01-10,,,,,
J3,建议,标题六,乙局,,2024-09-01,2024-12-01,2024-12-25,A,是,,
J4,建议,标题七,乙局,,2024-05-01,2024-08-01,2024-07-15,A,,,满意
`)
	ingestAll(t, db, f)
	scoreSample(t, db, 2024, Group{Name: "B类"})
	type val struct {
		value, total float64
		rows         []int // CSV lines of the evidence
		points       float64
	}
	get := func(unit int64, measure string) val {
		t.Helper()
		var v val
		var ev []any
		err := db.Raw().QueryRow(`SELECT coalesce(mv.value, -1), mv.total, mv.evidence, si.points
			FROM measure_values mv
			JOIN scheme_indicators i ON i.year = mv.year AND i.measure = mv.measure AND i.param = mv.param
			JOIN score_items si ON si.year = mv.year AND si.unit_id = mv.unit_id AND si.id = i.id
			WHERE mv.year = 2024 AND mv.unit_id = ? AND mv.measure = ?`, unit, measure).Scan(&v.value, &v.total, &ev, &v.points)
		if err != nil {
			t.Fatalf("%s unit %d: %v", measure, unit, err)
		}
		for _, e := range ev {
			var line int
			if err := db.Raw().QueryRow(`SELECT src_row FROM ledger_rows WHERE row_id = ?`, e).Scan(&line); err != nil {
				t.Fatal(err)
			}
			v.rows = append(v.rows, line)
		}
		return v
	}
	check := func(name string, got, want val) {
		t.Helper()
		if math.Abs(got.value-want.value) > 1e-9 || got.total != want.total || !reflect.DeepEqual(got.rows, want.rows) || got.points != want.points {
			t.Errorf("%s = %+v, want %+v", name, got, want)
		}
	}
	// 甲局 hosts J1, J2, T1 (with 乙局) and T2; 协办 of T3 is not scored.
	// 按期办结: J1 5-20 ≤ 6-01 on time; J2 6-10 late; T1 on its deadline day,
	// on time; T2 open at year end, 7-01 passed → late. 2/4 → 2 × 0.5 = 1.
	check("proposal_on_time 甲局", get(1, "proposal_on_time"), val{0.5, 4, []int{3, 5}, 1})
	// 全文公开 within 15 days of 办结: J1 10 days, in time; J2 20 days, late;
	// T1 marked 否, not published; T2 not answered, not counted. 1/3 → 0.67.
	check("proposal_public 甲局", get(1, "proposal_public"), val{1.0 / 3, 3, []int{3, 4}, 0.67})
	// 满意度 rated on J1 满意, J2 基本满意, T1 不满意. 2/3 → 1 × 2/3 = 0.67.
	check("proposal_satisfaction 甲局", get(1, "proposal_satisfaction"), val{2.0 / 3, 3, []int{4}, 0.67})
	// 乙局 hosts T1, T3, J3 and J4. T3 is open but due only 2025-01-10: not
	// counted. T1 on time, J3 12-25 after 12-01 late, J4 on time. 2/3 → 1.33.
	check("proposal_on_time 乙局", get(2, "proposal_on_time"), val{2.0 / 3, 3, []int{7}, 1.33})
	// T1 否: not published; J3 answered 12-25, not published, its 15 days run
	// into 2025: not counted yet; J4 answered 7-15, nothing published by the
	// year end: not in time. 0/2 → 0.
	check("proposal_public 乙局", get(2, "proposal_public"), val{0, 2, []int{4, 8}, 0})
	// Rated: T1 不满意, J4 满意. 1/2 → 0.5.
	check("proposal_satisfaction 乙局", get(2, "proposal_satisfaction"), val{0.5, 2, []int{4}, 0.5})
	// 丙局 hosts nothing (it is only a 协办单位): no value, full points.
	var n int
	if err := db.Raw().QueryRow(`SELECT count(*) FROM measure_values WHERE year = 2024 AND unit_id = 3 AND starts_with(measure, 'proposal_')`).Scan(&n); err != nil || n != 0 {
		t.Errorf("丙局 has %d proposal values (%v), want none", n, err)
	}
	var pts float64
	if err := db.Raw().QueryRow(`SELECT sum(si.points) FROM score_items si JOIN scheme_indicators i ON i.year = si.year AND i.id = si.id
		WHERE si.year = 2024 AND si.unit_id = 3 AND starts_with(i.measure, 'proposal_')`).Scan(&pts); err != nil || pts != 5 {
		t.Errorf("丙局's proposal points %v (%v), want 5", pts, err)
	}

	// The explanation of 甲局's lost points names the rows by 编号 and 标题.
	losses, err := Explain(ctx, db, 2024, 1)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range losses {
		if l.Measure == "proposal_on_time" {
			if l.Lost != 1 || l.Reason != "达标比例 50.0%（共 4 项，2 项未达标），得 1.00 分，满分 2.00 分" {
				t.Errorf("proposal_on_time loss %v: %s", l.Lost, l.Reason)
			}
			for _, r := range l.Rows {
				got = append(got, r.Kind+" "+r.File+" "+r.Label)
			}
		}
	}
	if want := []string{"proposals 县政府办-建议提案-2024.csv J2 标题二", "proposals 县政府办-建议提案-2024.csv T2 标题四"}; !reflect.DeepEqual(got, want) {
		t.Errorf("proposal_on_time evidence %q, want %q", got, want)
	}
}
