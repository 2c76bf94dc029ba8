package metrics

import (
	"context"
	"reflect"
	"testing"

	"gongkai/store"
)

// setYearValues is setValues for another year than 2024.
func setYearValues(t *testing.T, db *store.DB, year int, unit int64, vals ...mv) {
	t.Helper()
	for _, v := range vals {
		if _, err := db.Raw().Exec(`INSERT INTO measure_values VALUES (?, ?, ?, ?, ?, ?, [])`, year, unit, v.measure, v.param, v.value, 10); err != nil {
			t.Fatal(err)
		}
	}
}

// TestVersionYearOverYearFixed (probe D6): a version's previous-year
// figures are those of the previous year's publication in force when it
// was published, whatever happens to that year afterwards. The figures are
// TestRuleEngineHandComputed's: a unit earning every point scores 100;
// 单位三 losing the 列席 points scores 90.00, 5th of A类's five units
// behind four at 100; its reply rate at 99.9% makes it 89.99, still 5th.
// In 2024 every unit scores 100 and ranks 1st.
func TestVersionYearOverYearFixed(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	fixtureUnits(t, db)
	loadFixtureScheme(t, db, func(s *Scheme) { s.Year = 2023 })
	loadFixtureScheme(t, db, nil)
	for u := int64(1); u <= 6; u++ {
		// 2023: 单位三 loses the 列席 points; 2024: every unit earns all.
		vals := perfect
		if u == 3 {
			vals = with(perfect, mv{"activity_count", "市民代表列席会议", 1})
		}
		setYearValues(t, db, 2023, u, vals...)
		setYearValues(t, db, 2024, u, perfect...)
	}
	for _, y := range []int{2023, 2024} {
		if err := ApplyRules(ctx, db, y); err != nil {
			t.Fatal(err)
		}
	}
	publish := func(year int, reason string) Version {
		t.Helper()
		v, err := Publish(ctx, db, PublishRequest{Year: year, By: "admin", Reason: reason, Confirm: reason != ""})
		if err != nil {
			t.Fatalf("publish %d: %v", year, err)
		}
		return v
	}
	unit3 := func(year, n int) UnitScore {
		t.Helper()
		res, err := ResultsOf(ctx, db, year, n, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range res {
			if u.UnitID == 3 {
				return u
			}
		}
		t.Fatalf("%d version %d has no 单位三", year, n)
		return UnitScore{}
	}
	prev := func(u UnitScore) [4]any {
		if u.PrevScore == nil {
			return [4]any{}
		}
		return [4]any{*u.PrevScore, *u.PrevRank, *u.ScoreDelta, *u.RankDelta}
	}

	publish(2023, "首次发布")
	publish(2024, "首次发布")
	v1, err := ResultsOf(ctx, db, 2024, 1, "")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := prev(unit3(2024, 1)), [4]any{90.0, 5, 10.0, 4}; got != want {
		t.Fatalf("2024 version 1 beside 2023 version 1: %v, want %v", got, want)
	}

	// 2023 scored again (单位三's reply rate 99.9%: 89.99) and published
	// as version 2.
	if _, err := db.Raw().Exec(`UPDATE measure_values SET value = 0.999 WHERE year = 2023 AND unit_id = 3 AND measure = 'reply_on_time'`); err != nil {
		t.Fatal(err)
	}
	if err := ApplyRules(ctx, db, 2023); err != nil {
		t.Fatal(err)
	}
	publish(2023, "更正单位三答复时限")
	if u := unit3(2023, 2); u.Normalized != 89.99 {
		t.Fatalf("2023 version 2 of 单位三: %.2f", u.Normalized)
	}
	if r, _ := ResultsOf(ctx, db, 2024, 1, ""); !reflect.DeepEqual(r, v1) {
		t.Errorf("2024 version 1 changed with 2023 version 2: 单位三 %v", prev(unit3(2024, 1)))
	}
	// The draft stays beside the previous year's draft.
	if got, want := prev(unit3(2024, Draft)), [4]any{89.99, 5, 10.01, 4}; got != want {
		t.Errorf("2024's draft beside 2023's draft: %v, want %v", got, want)
	}
	// A 2024 version published now is beside 2023 version 2.
	publish(2024, "与2023年第2版对照")
	if got, want := prev(unit3(2024, 2)), [4]any{89.99, 5, 10.01, 4}; got != want {
		t.Errorf("2024 version 2 beside 2023 version 2: %v, want %v", got, want)
	}

	if _, err := Withdraw(ctx, db, 2023, "admin", "重新核查"); err != nil {
		t.Fatal(err)
	}
	if r, _ := ResultsOf(ctx, db, 2024, 1, ""); !reflect.DeepEqual(r, v1) {
		t.Errorf("2024 version 1 changed with 2023's withdrawal: 单位三 %v", prev(unit3(2024, 1)))
	}
	if got, want := prev(unit3(2024, 2)), [4]any{89.99, 5, 10.01, 4}; got != want {
		t.Errorf("2024 version 2 after 2023's withdrawal: %v, want %v", got, want)
	}
	// Published while 2023 is withdrawn: nothing to compare with, for ever.
	publish(2024, "2023年撤回后重新发布")
	if got := prev(unit3(2024, 3)); got != [4]any{} {
		t.Errorf("2024 version 3, published while 2023 is withdrawn: %v", got)
	}
	publish(2023, "撤回后重新发布")
	if got := prev(unit3(2024, 3)); got != [4]any{} {
		t.Errorf("2024 version 3 after 2023 version 4: %v", got)
	}
	if n, ok, err := Beside(ctx, db, 2024, 3, 2023); ok || err != nil {
		t.Errorf("Beside(2024 version 3, 2023) = %d %v %v, want none", n, ok, err)
	}
	// A later year beside an earlier version (a unit's whole trend): its
	// shown publication.
	if n, ok, err := Beside(ctx, db, 2023, 1, 2024); n != 3 || !ok || err != nil {
		t.Errorf("Beside(2023 version 1, 2024) = %d %v %v, want 3", n, ok, err)
	}
}
