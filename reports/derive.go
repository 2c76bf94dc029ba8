package reports

import (
	"context"
	"fmt"
	"math"
	"strings"

	"gongkai/store"
)

// Derivation of the annual report from the ledgers.
//
// The three tables come from the active ledger batches (the cur_* views), by
// the queries sql/queries/annual_table2.sql, annual_table3.sql and
// annual_table4.sql, whose header comments define every cell. In short:
//
//   - Table 二: 规章 and 行政规范性文件 from the documents ledgers of the year
//     AND every earlier year (a document issued in 2022 and listed only in
//     the 2022 ledger is still 现行有效 in 2024), each document counted once
//     (by 文号, else 文件名称) with its fields from the most recent ledger
//     listing it; 现行有效 = issued on or before 31 December and not repealed
//     by then. 行政许可/处罚/强制 and 行政事业性收费 (万元) from the year's
//     主动公开统计 ledger.
//   - Table 三: the year's applications ledger. Each application open at some
//     time in the year is counted once as 本年新收 or 上年结转 and once as an
//     outcome row (answered in the year) or 结转下年度 (open on 31 December),
//     so M1 holds by construction. Applications answered before they were
//     received across a year boundary (received in the year but answered in
//     an earlier one, or answered in the year but received in a later one),
//     without a 收到日期, with an unknown 申请人类型 or answered without a
//     valid outcome are data errors: they are left out of every cell and
//     reported as Notes, never guessed into a row.
//   - Table 四: cases of the year's appeals ledger received in the year.
//   - Section 六 is pre-filled with the 信息处理费 of the applications answered
//     in the year (FeeText).
//
// Roll-up ("as configured", DeriveOptions.Rollup): off, a unit's report holds
// the ledgers it submitted itself; on, its own ledgers plus those of every
// descendant in the registry (units.parent_id). All rules M1, D1–D3 are
// linear, so a roll-up of consistent reports is consistent.

// DeriveOptions say what a derived report covers.
type DeriveOptions struct {
	// Rollup adds the ledgers of every descendant unit (units.parent_id) to
	// the unit's own.
	Rollup bool
}

// Derived is one unit's report as derived from the ledgers.
type Derived struct {
	UnitID int64
	Report *Report
	// Fee is the 信息处理费 (元) of the applications answered in the year; it
	// is also written into Report.Sections.Other by FeeText.
	Fee float64
	// Notes list the ledger rows that could not be placed in any cell.
	Notes []Note
}

// Note is a group of ledger rows left out of the report, with the reason.
type Note struct {
	UnitID int64    `json:"unit_id"`
	Unit   string   `json:"unit"`
	Table  string   `json:"table"` // 表三 or 表四
	Reason string   `json:"reason"`
	Count  int64    `json:"count"`
	Items  []string `json:"items"` // 申请编号 / 案件编号, or 第N行 when blank
}

// String renders the note for command output.
func (n Note) String() string {
	return fmt.Sprintf("%s %s：%d 条%s（%s）", n.Unit, n.Table, n.Count, n.Reason, strings.Join(n.Items, "、"))
}

var skipReasons = map[string]string{
	"t3:skip:reversed":  "答复日期早于收到日期且跨年度，未计入任何单元格，请更正台账",
	"t3:skip:received":  "未填写收到日期，未计入任何单元格",
	"t3:skip:outcome":   "本年已答复但办理结果为空或无法识别，未计入任何单元格",
	"t3:skip:applicant": "申请人类型无法识别，未计入任何单元格",
	"t4:skip:year":      "收到（立案）日期不在本年度，未计入",
	"t4:skip:value":     "类型或结果无法识别，未计入",
}

// FeeText is the sentence section 六 starts with.
func FeeText(yuan float64) string {
	if yuan <= 0 {
		return "本年度未收取信息处理费。"
	}
	return "本年度共收取信息处理费 " + formatNumber(math.Round(yuan*100)/100) + " 元。"
}

// Derive derives the report of one unit for year.
func Derive(ctx context.Context, db *store.DB, year int, unitID int64, opt DeriveOptions) (*Derived, error) {
	units, err := loadUnits(ctx, db)
	if err != nil {
		return nil, err
	}
	var self *store.AnnualUnit
	for i := range units {
		if units[i].ID == unitID {
			self = &units[i]
		}
	}
	if self == nil {
		return nil, fmt.Errorf("单位编号 %d 不在单位名录中", unitID)
	}
	names := unitNames(units)
	own, err := queryAll(ctx, db, year, &unitID, opt.Rollup, names)
	if err != nil {
		return nil, err
	}
	// The queries already restricted the rows to the unit (and with Rollup
	// its descendants): the report is the sum of what they returned.
	total := &partial{}
	for _, u := range units {
		if p := own[u.ID]; p != nil {
			total.add(p)
		}
	}
	return total.finish(unitID, self.Name, year), nil
}

// DeriveAll derives the reports of every unit of the registry for year, in
// unit_id order, with one query per table for all units. Units without any
// ledger rows get an all-zero report.
func DeriveAll(ctx context.Context, db *store.DB, year int, opt DeriveOptions) ([]*Derived, error) {
	units, err := loadUnits(ctx, db)
	if err != nil {
		return nil, err
	}
	own, err := queryAll(ctx, db, year, nil, false, unitNames(units))
	if err != nil {
		return nil, err
	}
	sums := own
	if opt.Rollup {
		sums = rollup(units, own)
	}
	out := make([]*Derived, 0, len(units))
	for _, u := range units {
		p := sums[u.ID]
		if p == nil {
			p = &partial{}
		}
		out = append(out, p.finish(u.ID, u.Name, year))
	}
	return out, nil
}

func loadUnits(ctx context.Context, db *store.DB) ([]store.AnnualUnit, error) {
	units, err := db.AnnualUnits(ctx)
	if err != nil {
		return nil, fmt.Errorf("读取单位名录失败: %w", err)
	}
	return units, nil
}

func unitNames(units []store.AnnualUnit) map[int64]string {
	m := make(map[int64]string, len(units))
	for _, u := range units {
		m[u.ID] = u.Name
	}
	return m
}

// rollup returns, for every unit, its own partial plus those of all its
// descendants. A cycle in parent_id (a registry error) is cut where it is
// met, so the walk always ends.
func rollup(units []store.AnnualUnit, own map[int64]*partial) map[int64]*partial {
	children := map[int64][]int64{}
	for _, u := range units {
		if u.ParentID != 0 && u.ParentID != u.ID {
			children[u.ParentID] = append(children[u.ParentID], u.ID)
		}
	}
	const visiting = 1
	state := map[int64]int{}
	out := make(map[int64]*partial, len(units))
	var walk func(id int64) *partial
	walk = func(id int64) *partial {
		if p, ok := out[id]; ok {
			return p
		}
		if state[id] == visiting {
			return nil
		}
		state[id] = visiting
		p := &partial{}
		if o := own[id]; o != nil {
			p.add(o)
		}
		for _, c := range children[id] {
			if cp := walk(c); cp != nil {
				p.add(cp)
			}
		}
		out[id] = p
		return p
	}
	for _, u := range units {
		walk(u.ID)
	}
	return out
}

// partial accumulates the data cells of one unit (or a roll-up); totals
// are computed by finish.
type partial struct {
	t2    [10]float64
	t3    [25][6]float64
	t4    [3][4]float64
	fee   float64
	notes []Note
}

func (p *partial) add(o *partial) {
	for i := range p.t2 {
		p.t2[i] += o.t2[i]
	}
	for i := range p.t3 {
		for c := range p.t3[i] {
			p.t3[i][c] += o.t3[i][c]
		}
	}
	for b := range p.t4 {
		for c := range p.t4[b] {
			p.t4[b][c] += o.t4[b][c]
		}
	}
	p.fee += o.fee
	p.notes = append(p.notes, o.notes...)
}

func (p *partial) finish(id int64, name string, year int) *Derived {
	r := NewReport(name, year)
	for i, v := range p.t2 {
		if Table2Items[i].Decimal {
			v = math.Round(v*1e6) / 1e6 // 万元 to the 分, without float noise
		}
		r.Table2.Cells[i] = N(v)
	}
	for i := range p.t3 {
		for c, v := range p.t3[i] {
			r.Table3.Cells[i][c] = N(v)
		}
	}
	for b := range p.t4 {
		for c, v := range p.t4[b] {
			r.Table4.Cells[b][c] = N(v)
		}
	}
	r.FillTotals()
	fee := math.Round(p.fee*100) / 100
	r.Sections.Other = FeeText(fee)
	notes := p.notes
	if notes == nil {
		notes = []Note{}
	}
	return &Derived{UnitID: id, Report: r, Fee: fee, Notes: notes}
}

// t3Rows maps the bucket codes of annual_table3.sql to Table3Rows indexes.
var t3Rows = func() map[string]int {
	m := map[string]int{}
	for i, r := range Table3Rows {
		if r.Code != "7" {
			m[r.Code] = i
		}
	}
	return m
}()

// t4Buckets maps the block labels of annual_table4.sql to Table4Blocks indexes.
var t4Buckets = func() map[string]int {
	m := map[string]int{}
	for i, b := range Table4Blocks {
		m[b.Label] = i
	}
	return m
}()

// queryAll runs the three table queries for year — for every unit when unit
// is nil, else for the unit (and its descendants with rollup) — and returns
// the data cells per submitting unit.
func queryAll(ctx context.Context, db *store.DB, year int, unit *int64, rollup bool, names map[int64]string) (map[int64]*partial, error) {
	out := map[int64]*partial{}
	get := func(id int64) *partial {
		p := out[id]
		if p == nil {
			p = &partial{}
			out[id] = p
		}
		return p
	}
	// add counts a row of table 3 or 4 into its unit's cells. A bucket
	// "skip:…" (applications the table cannot count) becomes a note of the
	// unit instead.
	add := func(table string, id int64, bucket string, cells []int64, fee float64, n int64, items string) error {
		p := get(id)
		key, index, what := "t3:", t3Rows, "行"
		if table == "表四" {
			key, index, what = "t4:", t4Buckets, "类型"
		}
		if strings.HasPrefix(bucket, "skip:") {
			reason, ok := skipReasons[key+bucket]
			if !ok {
				return fmt.Errorf("annual report query: unknown bucket %q", key+bucket)
			}
			p.notes = append(p.notes, Note{UnitID: id, Unit: names[id], Table: table, Reason: reason, Count: n,
				Items: strings.Split(items, "、")})
			return nil
		}
		i, ok := index[bucket]
		if !ok {
			return fmt.Errorf("推算%s失败: 未知的%s %q", table, what, bucket)
		}
		var row []float64
		if table == "表四" {
			row = p.t4[i][:]
		} else {
			row = p.t3[i][:]
		}
		for c, v := range cells {
			row[c] += float64(v)
		}
		p.fee += fee
		return nil
	}

	// Table 2.
	t2, err := db.AnnualTable2(ctx, year, unit, rollup)
	if err != nil {
		return nil, fmt.Errorf("推算表二失败: %w", err)
	}
	for _, r := range t2 {
		p := get(r.UnitID)
		for i, v := range r.Counts {
			p.t2[i] = float64(v) // Table2Items order: the nine counts, then fee.amount
		}
		p.t2[9] = r.Amount
	}

	// Table 3.
	t3, err := db.AnnualTable3(ctx, year, unit, rollup)
	if err != nil {
		return nil, fmt.Errorf("推算表三失败: %w", err)
	}
	for _, r := range t3 {
		if err := add("表三", r.UnitID, r.Bucket, r.Cells[:], r.Fee, r.N, r.Items); err != nil {
			return nil, err
		}
	}

	// Table 4.
	t4, err := db.AnnualTable4(ctx, year, unit, rollup)
	if err != nil {
		return nil, fmt.Errorf("推算表四失败: %w", err)
	}
	for _, r := range t4 {
		if err := add("表四", r.UnitID, r.Bucket, r.Cells[:], 0, r.N, r.Items); err != nil {
			return nil, err
		}
	}
	return out, nil
}
