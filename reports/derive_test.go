package reports

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gongkai"
	"gongkai/ingest"
	"gongkai/store"
)

// The fixture county of testdata/ledgers: a county government with two
// bureaus and a town, the town with a community, and a bureau without any
// ledger. Every file names its unit and year in its title row.
const (
	uCounty    = 1
	uFinance   = 2
	uEducation = 3
	uTown      = 4
	uCommunity = 5
	uAudit     = 6
)

func fixtureUnits() []gongkai.Unit {
	return []gongkai.Unit{
		{ID: uCounty, Name: "平安县人民政府", Type: "县级政府"},
		{ID: uFinance, Name: "平安县财政局", Type: "部门", ParentID: uCounty, Aliases: []string{"财政局"}},
		{ID: uEducation, Name: "平安县教育局", Type: "部门", ParentID: uCounty, Aliases: []string{"教育局"}},
		{ID: uTown, Name: "城关镇人民政府", Type: "乡镇", ParentID: uCounty, Aliases: []string{"城关镇"}},
		{ID: uCommunity, Name: "城关镇东街社区", Type: "其他", ParentID: uTown},
		{ID: uAudit, Name: "平安县审计局", Type: "部门", ParentID: uCounty},
	}
}

// openDB returns an in-memory database holding units.
func openDB(t testing.TB, units []gongkai.Unit) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.SaveUnits(ctx, units); err != nil {
		t.Fatal(err)
	}
	return db
}

// ingestFiles loads ledger files with the real ingester and fails on any
// file that is not loaded completely.
func ingestFiles(t testing.TB, db *store.DB, files []string, opt ingest.Options) {
	t.Helper()
	ctx := context.Background()
	in, err := ingest.New(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	opt.NoAnnotate = true
	for _, f := range files {
		for _, r := range in.File(ctx, f, "", opt) {
			if r.Status != ingest.StatusLoaded || r.RowsRefused != 0 {
				t.Fatalf("%s: %s %s %+v", f, r.Status, r.Reason, r.Errors)
			}
		}
	}
}

func fixtureDB(t testing.TB) *store.DB {
	t.Helper()
	db := openDB(t, fixtureUnits())
	files, err := filepath.Glob("testdata/ledgers/*.csv")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixture ledgers: %v", err)
	}
	ingestFiles(t, db, files, ingest.Options{})
	return db
}

// row3 is one expected table-3 row: NP, CE, RI, SW, LS, OT.
type row3 [6]float64

// assertTable3 checks every data cell of table 3 (rows not listed are 0)
// and that the totals are the sums.
func assertTable3(t *testing.T, r *Report, want map[string]row3) {
	t.Helper()
	for i, row := range Table3Rows {
		if row.Code == "7" {
			continue
		}
		w := want[row.Code]
		var sum float64
		for c := 0; c < ColTOT; c++ {
			if got := r.Table3.Cells[i][c]; got != N(w[c]) {
				t.Errorf("%s = %v, want %v", Ref3(i, c), got, w[c])
			}
			sum += w[c]
		}
		if got := r.Table3.Cells[i][ColTOT]; got != N(sum) {
			t.Errorf("%s = %v, want %v", Ref3(i, ColTOT), got, sum)
		}
	}
}

func noErrors(t *testing.T, what string, fs []Finding) {
	t.Helper()
	for _, f := range fs {
		t.Errorf("%s: [%s %s] %s", what, f.Severity, f.Rule, f.Message)
	}
}

// TestDeriveFixture checks every cell of the finance bureau's 2024 report
// against counts made by hand from testdata/ledgers (see the comments).
func TestDeriveFixture(t *testing.T) {
	db := fixtureDB(t)
	ctx := context.Background()
	d, err := Derive(ctx, db, 2024, uFinance, DeriveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r := d.Report
	if r.Unit != "平安县财政局" || r.Year != 2024 {
		t.Errorf("unit/year = %s/%d", r.Unit, r.Year)
	}

	// Table 二. Documents across the 2022–2024 ledgers:
	//   规章: 平政令〔2024〕1号 issued 2024 → 制发 1, 现行有效 1.
	//   行政规范性文件: issued 2024: 平财规〔2024〕1号, 〔2024〕2号 → 2;
	//   repealed 2024: 〔2022〕2号 (repeal date only in the 2024 ledger, 文号
	//   written with a space), 〔2024〕2号 → 2; in force on 2024-12-31:
	//   〔2022〕1号 (2022 ledger only), 〔2023〕2号, 〔2024〕1号 → 3
	//   (〔2023〕1号 repealed 2023, 〔2025〕1号 issued 2025). 其他政策文件 never.
	// 主动公开统计: 许可 12, 处罚 3+2, 强制 0, 收费 1234.5+0.15 万元.
	want2 := []float64{1, 0, 1, 2, 2, 3, 12, 5, 0, 1234.65}
	for i, w := range want2 {
		if got := r.Table2.Cells[i]; got != N(w) {
			t.Errorf("%s = %v, want %v", Ref2(i), got, w)
		}
	}

	// Table 三. 2024 ledger: A01–A03 received in 2023 and open on 1 January
	// (A03 still open at year end); A04–A25 received in 2024, A24 open and
	// A25 answered in 2025 (carried over); A26 answered in 2023 (ignored).
	// Every outcome row is used once, 予以公开 twice (A01, A23).
	assertTable3(t, r, map[string]row3{
		"new":         {11, 4, 1, 2, 2, 2},
		"carried_in":  {1, 1, 1, 0, 0, 0},
		"1":           {2, 0, 0, 0, 0, 0},
		"2":           {1, 0, 0, 0, 0, 0},
		"3.1":         {0, 1, 0, 0, 0, 0},
		"3.2":         {0, 0, 0, 1, 0, 0},
		"3.3":         {0, 0, 0, 0, 1, 0},
		"3.4":         {0, 0, 0, 0, 0, 1},
		"3.5":         {1, 0, 0, 0, 0, 0},
		"3.6":         {1, 0, 0, 0, 0, 0},
		"3.7":         {0, 1, 0, 0, 0, 0},
		"3.8":         {0, 1, 0, 0, 0, 0},
		"4.1":         {1, 0, 0, 0, 0, 0},
		"4.2":         {0, 0, 1, 0, 0, 0},
		"4.3":         {1, 0, 0, 0, 0, 0},
		"5.1":         {0, 0, 0, 1, 0, 0},
		"5.2":         {1, 0, 0, 0, 0, 0},
		"5.3":         {0, 0, 0, 0, 1, 0},
		"5.4":         {1, 0, 0, 0, 0, 0},
		"5.5":         {0, 0, 0, 0, 0, 1},
		"6.1":         {1, 0, 0, 0, 0, 0},
		"6.2":         {0, 1, 0, 0, 0, 0},
		"6.3":         {1, 0, 0, 0, 0, 0},
		"carried_out": {1, 1, 1, 0, 0, 0},
	})
	total := r.Table3.Row("7")
	wantTot := [7]Cell{N(11), N(4), N(1), N(2), N(2), N(2), N(22)}
	if *total != wantTot {
		t.Errorf("（七）总计 = %v, want %v", *total, wantTot)
	}

	// Table 四: the 2023 case in the 2024 ledger is left out and noted.
	want4 := [3][5]Cell{
		{N(1), N(1), N(0), N(0), N(2)},
		{N(0), N(0), N(0), N(1), N(1)},
		{N(0), N(0), N(1), N(0), N(1)},
	}
	if r.Table4.Cells != want4 {
		t.Errorf("table 4 = %v, want %v", r.Table4.Cells, want4)
	}
	wantNotes := []Note{{UnitID: uFinance, Unit: "平安县财政局", Table: "表四", Reason: skipReasons["t4:skip:year"], Count: 1, Items: []string{"(2023)复009"}}}
	if !reflect.DeepEqual(d.Notes, wantNotes) {
		t.Errorf("notes = %+v, want %+v", d.Notes, wantNotes)
	}

	// Section 六: fees of applications answered in 2024 (A04 100, A23 50.5;
	// A25's fee belongs to 2025).
	if d.Fee != 150.5 || r.Sections.Other != "本年度共收取信息处理费 150.5 元。" {
		t.Errorf("fee = %v, section 六 = %q", d.Fee, r.Sections.Other)
	}

	// The 2023 report: three applications carried over, which the 2024
	// report takes in (X1), and 现行有效 continues (X2).
	prev, err := Derive(ctx, db, 2023, uFinance, DeriveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	assertTable3(t, prev.Report, map[string]row3{
		"new":         {2, 1, 1, 0, 0, 0},
		"1":           {1, 0, 0, 0, 0, 0},
		"carried_out": {1, 1, 1, 0, 0, 0},
	})
	if got := prev.Report.Table2.Cells[:6]; !reflect.DeepEqual(got, []Cell{N(0), N(0), N(0), N(2), N(1), N(3)}) {
		t.Errorf("2023 table 2 documents = %v", got)
	}
	if prev.Report.Sections.Other != "本年度未收取信息处理费。" {
		t.Errorf("2023 section 六 = %q", prev.Report.Sections.Other)
	}
	noErrors(t, "2024 vs 2023", Check(r, prev.Report))
}

// TestDeriveAllMatchesDerive: the all-units pass and the per-unit queries
// agree, with and without roll-up, and every derived report is consistent.
func TestDeriveAllMatchesDerive(t *testing.T) {
	db := fixtureDB(t)
	ctx := context.Background()
	for _, rollup := range []bool{false, true} {
		all, err := DeriveAll(ctx, db, 2024, DeriveOptions{Rollup: rollup})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != len(fixtureUnits()) {
			t.Fatalf("DeriveAll returned %d reports", len(all))
		}
		for i, d := range all {
			if d.UnitID != fixtureUnits()[i].ID {
				t.Errorf("report %d is unit %d", i, d.UnitID)
			}
			one, err := Derive(ctx, db, 2024, d.UnitID, DeriveOptions{Rollup: rollup})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(one, d) {
				t.Errorf("rollup=%v unit %d: Derive and DeriveAll differ:\n%+v\n%+v", rollup, d.UnitID, one, d)
			}
			noErrors(t, d.Report.Unit, Check(d.Report, nil))
		}
	}
	if _, err := Derive(ctx, db, 2024, 99, DeriveOptions{}); err == nil {
		t.Error("unknown unit: no error")
	}
}

// TestDeriveRollup: a parent's roll-up is its own report plus its
// children's roll-ups, cell by cell; without roll-up it is its own only.
func TestDeriveRollup(t *testing.T) {
	db := fixtureDB(t)
	ctx := context.Background()
	own := map[int64]*Report{}
	up := map[int64]*Derived{}
	for _, rollup := range []bool{false, true} {
		all, err := DeriveAll(ctx, db, 2024, DeriveOptions{Rollup: rollup})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range all {
			if rollup {
				up[d.UnitID] = d
			} else {
				own[d.UnitID] = d.Report
			}
		}
	}
	sumOf := func(ids ...int64) *Report {
		r := NewReport("", 2024)
		for _, id := range ids {
			addCells(r, own[id])
		}
		r.FillTotals()
		return r
	}
	cases := map[int64][]int64{
		uCounty:    {uCounty, uFinance, uEducation, uTown, uCommunity, uAudit},
		uTown:      {uTown, uCommunity},
		uFinance:   {uFinance},
		uCommunity: {uCommunity},
	}
	for id, members := range cases {
		want := sumOf(members...)
		got := up[id].Report
		if got.Table2 != want.Table2 || got.Table3 != want.Table3 || got.Table4 != want.Table4 {
			t.Errorf("unit %d roll-up is not the sum of %v", id, members)
		}
	}
	// Hand check of the county: own 1 application + finance 25 + education
	// 3 + town 1 + community 1 counted; 规章 = county's own + finance's.
	county := up[uCounty].Report
	if got := county.Table3.Cell("new", ColTOT).V + county.Table3.Cell("carried_in", ColTOT).V; got != 25+3+1+1+1 {
		t.Errorf("county applications = %v", got)
	}
	if got := county.Table2.Cell("rule.in_force").V; got != 2 {
		t.Errorf("county 规章 in force = %v", got)
	}
	if got := own[uCounty].Table2.Cell("rule.in_force").V; got != 1 {
		t.Errorf("county own 规章 in force = %v", got)
	}
	if up[uCounty].Fee != 160.5 || up[uCounty].Report.Sections.Other != "本年度共收取信息处理费 160.5 元。" {
		t.Errorf("county fee = %v %q", up[uCounty].Fee, up[uCounty].Report.Sections.Other)
	}
	if n := len(up[uCounty].Notes); n != 1 || up[uCounty].Notes[0].UnitID != uFinance {
		t.Errorf("county notes = %+v", up[uCounty].Notes)
	}
	// Units without ledgers: all zero, and no fee.
	if got := up[uAudit].Report; got.Table2 != sumOf().Table2 || got.Table3 != sumOf().Table3 || got.Table4 != sumOf().Table4 || up[uAudit].Fee != 0 {
		t.Errorf("audit bureau has data: %+v", got.Table3)
	}
}

// addCells adds src's data cells to dst (test helper for roll-up sums).
func addCells(dst, src *Report) {
	for i := range dst.Table2.Cells {
		dst.Table2.Cells[i].Add(src.Table2.Cells[i].Value())
	}
	for i := range dst.Table3.Cells {
		for c := 0; c < ColTOT; c++ {
			dst.Table3.Cells[i][c].Add(src.Table3.Cells[i][c].Value())
		}
	}
	for b := range dst.Table4.Cells {
		for c := 0; c < 4; c++ {
			dst.Table4.Cells[b][c].Add(src.Table4.Cells[b][c].Value())
		}
	}
}

// TestDeriveSkipsBrokenRows: rows ingest would refuse but an older import
// or a manual fix may have left in the database are never guessed into a
// cell; each is listed as a note and M1 still holds.
func TestDeriveSkipsBrokenRows(t *testing.T) {
	db := fixtureDB(t)
	ctx := context.Background()
	before, err := Derive(ctx, db, 2024, uFinance, DeriveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Simulate bad data written outside ingest (trivial glue, test only).
	for _, q := range []string{
		// answered in 2024, received in 2025
		`UPDATE ledger_applications SET received = DATE '2025-01-03', replied = DATE '2024-12-30' WHERE app_no = 'A25'`,
		// received in 2024, answered in 2023
		`UPDATE ledger_applications SET replied = DATE '2023-12-30' WHERE app_no = 'A24'`,
		`UPDATE ledger_applications SET outcome = NULL WHERE app_no = 'A23'`,
		`UPDATE ledger_applications SET applicant_type = '个体户' WHERE app_no = 'A22'`,
		`UPDATE ledger_applications SET received = NULL WHERE app_no = 'A21'`,
		`UPDATE ledger_appeals SET result = '驳回' WHERE case_no = '(2024)复001'`,
	} {
		if _, err := db.Raw().ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	d, err := Derive(ctx, db, 2024, uFinance, DeriveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	noErrors(t, "broken rows", Check(d.Report, nil))
	var got []string
	for _, n := range d.Notes {
		got = append(got, n.Table+" "+strings.Join(n.Items, ",")+" "+n.Reason)
	}
	want := []string{
		"表三 A22 " + skipReasons["t3:skip:applicant"],
		"表三 A23 " + skipReasons["t3:skip:outcome"],
		"表三 A21 " + skipReasons["t3:skip:received"],
		"表三 A24,A25 " + skipReasons["t3:skip:reversed"],
		"表四 (2024)复001 " + skipReasons["t4:skip:value"],
		"表四 (2023)复009 " + skipReasons["t4:skip:year"],
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("notes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Five applications fewer on both sides of M1.
	b, a := before.Report.Table3.Cell("new", ColTOT).V, d.Report.Table3.Cell("new", ColTOT).V
	if b-a != 5 {
		t.Errorf("新收 %v → %v, want 5 fewer", b, a)
	}
	if d.Fee != 100 {
		t.Errorf("fee = %v, want 100 (A23 skipped)", d.Fee)
	}
}

func TestFeeText(t *testing.T) {
	for in, want := range map[float64]string{
		0:       "本年度未收取信息处理费。",
		1200:    "本年度共收取信息处理费 1200 元。",
		33.333:  "本年度共收取信息处理费 33.33 元。",
		1e6 + 5: "本年度共收取信息处理费 1000005 元。",
	} {
		if got := FeeText(in); got != want {
			t.Errorf("FeeText(%v) = %q, want %q", in, got, want)
		}
	}
}
