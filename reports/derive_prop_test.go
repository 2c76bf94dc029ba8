package reports

import (
	"context"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"gongkai"
	"gongkai/ingest"
)

// TestDeriveProperty derives reports from random but self-consistent
// ledgers — applications with random dates, applicant types, outcomes, open
// or answered (possibly only next year); documents issued and repealed over
// three years; appeals, some received in the previous year — loaded with
// the real ingester, and checks that every derived report, own and rolled
// up, passes Check with no finding at all, also against the previous year's
// derived report (X1, X2), and that no application is lost or counted twice.
func TestDeriveProperty(t *testing.T) {
	seeds := uint64(6)
	if testing.Short() {
		seeds = 2
	}
	for seed := uint64(1); seed <= seeds; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			t.Parallel()
			propertyRun(t, seed)
		})
	}
}

type genApp struct {
	no, typ, outcome string
	received         time.Time
	replied          *time.Time
	fee              float64
	relist           bool // also listed in the next year's ledger although closed
}

type genDoc struct {
	no, typ  string
	issued   time.Time
	repealed *time.Time
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func propertyRun(t *testing.T, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 7))
	units := []gongkai.Unit{
		{ID: 1, Name: "随机县人民政府"},
		{ID: 2, Name: "随机县甲局", ParentID: 1},
		{ID: 3, Name: "随机县乙镇", ParentID: 1},
		{ID: 4, Name: "随机县乙镇丙村", ParentID: 3},
	}
	db := openDB(t, units)
	dir := t.TempDir()
	types := []string{"自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"}
	var files []string
	write := func(name, title string, header []string, rows [][]string) {
		path := filepath.Join(dir, name)
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		w := csv.NewWriter(f)
		w.Write([]string{title})
		w.Write(header)
		w.WriteAll(rows)
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		files = append(files, path)
	}
	ymd := func(d time.Time) string { return d.Format("2006-01-02") }
	received2024 := 0

	for _, u := range units {
		// Applications received in 2023 or 2024.
		var apps []genApp
		for i, n := 0, rng.IntN(40); i < n; i++ {
			a := genApp{
				no:       fmt.Sprintf("P%03d", i),
				typ:      types[rng.IntN(len(types))],
				received: day(2023, 1, 1).AddDate(0, 0, rng.IntN(730)),
			}
			if rng.IntN(10) < 7 {
				r := a.received.AddDate(0, 0, rng.IntN(90))
				a.replied = &r
				o := ingest.Outcomes[rng.IntN(len(ingest.Outcomes))]
				switch rng.IntN(3) {
				case 0:
					a.outcome = o.Code
				case 1:
					a.outcome = o.Group + "/" + o.Label
				default:
					a.outcome = o.Label
				}
				if rng.IntN(5) == 0 {
					a.fee = float64(rng.IntN(50000)) / 100
				}
			}
			a.relist = rng.IntN(5) == 0
			if a.received.Year() == 2024 {
				received2024++
			}
			apps = append(apps, a)
		}
		appRows := func(keep func(genApp) bool) [][]string {
			var rows [][]string
			for _, a := range apps {
				if !keep(a) {
					continue
				}
				rep, fee := "", ""
				if a.replied != nil {
					rep = ymd(*a.replied)
				}
				if a.fee > 0 {
					fee = fmt.Sprint(a.fee)
				}
				rows = append(rows, []string{a.no, ymd(a.received), a.typ, rep, a.outcome, fee})
			}
			return rows
		}
		appHeader := []string{"申请编号", "收到日期", "申请人类型", "答复日期", "办理结果", "信息处理费"}
		// 2023 ledger: what was received in 2023; 2024 ledger: what was
		// received in 2024 plus what was still open on 1 January 2024, and,
		// as some clerks keep one running list, a few closed 2023 ones.
		write(fmt.Sprintf("a2023_%d.csv", u.ID), u.Name+"2023年依申请公开办理台账", appHeader,
			appRows(func(a genApp) bool { return a.received.Year() == 2023 }))
		write(fmt.Sprintf("a2024_%d.csv", u.ID), u.Name+"2024年依申请公开办理台账", appHeader,
			appRows(func(a genApp) bool {
				return a.received.Year() == 2024 || a.replied == nil || a.replied.Year() >= 2024 || a.relist
			}))

		// Documents issued 2022–2024, some repealed later; each year's
		// ledger lists the documents issued that year and re-lists the
		// older ones repealed that year.
		var docs []genDoc
		docTypes := []string{"规章", "行政规范性文件", "行政规范性文件", "其他政策文件"}
		for i, n := 0, rng.IntN(12); i < n; i++ {
			d := genDoc{typ: docTypes[rng.IntN(len(docTypes))], issued: day(2022, 1, 1).AddDate(0, 0, rng.IntN(1095))}
			d.no = fmt.Sprintf("随规〔%d〕%d号", d.issued.Year(), i+1)
			if rng.IntN(3) == 0 {
				r := d.issued.AddDate(0, 0, rng.IntN(800))
				d.repealed = &r
			}
			docs = append(docs, d)
		}
		for y := 2022; y <= 2024; y++ {
			var rows [][]string
			for _, d := range docs {
				repealedNow := d.repealed != nil && d.repealed.Year() == y
				if d.issued.Year() != y && !repealedNow {
					continue
				}
				rep := ""
				if d.repealed != nil && d.repealed.Year() <= y {
					rep = ymd(*d.repealed)
				}
				rows = append(rows, []string{"文件" + d.no, d.no, d.typ, ymd(d.issued), ymd(d.issued), rep, "主动公开"})
			}
			if len(rows) > 0 {
				write(fmt.Sprintf("d%d_%d.csv", y, u.ID), fmt.Sprintf("%s%d年规范性文件及政策解读台账", u.Name, y),
					[]string{"文件名称", "文号", "文件类型", "印发日期", "公开日期", "废止日期", "公开属性"}, rows)
			}
		}

		// Appeals in the 2024 ledger, a few received in 2023.
		var appeals [][]string
		caseTypes := []string{"行政复议", "未经复议直接起诉", "复议后起诉"}
		results := []string{"结果维持", "结果纠正", "其他结果", "尚未审结"}
		for i, n := 0, rng.IntN(6); i < n; i++ {
			appeals = append(appeals, []string{fmt.Sprintf("案%d", i), caseTypes[rng.IntN(3)],
				ymd(day(2023, 10, 1).AddDate(0, 0, rng.IntN(450))), results[rng.IntN(4)]})
		}
		if len(appeals) > 0 {
			write(fmt.Sprintf("p2024_%d.csv", u.ID), u.Name+"2024年行政复议、行政诉讼台账",
				[]string{"案件编号", "类型", "收到日期", "结果"}, appeals)
		}
		write(fmt.Sprintf("e2024_%d.csv", u.ID), u.Name+"2024年主动公开统计", []string{"事项", "数量", "金额"}, [][]string{
			{"行政许可", fmt.Sprint(rng.IntN(100)), ""},
			{"行政处罚", fmt.Sprint(rng.IntN(100)), ""},
			{"行政强制", fmt.Sprint(rng.IntN(10)), ""},
			{"行政事业性收费", "", fmt.Sprintf("%.2f", float64(rng.IntN(1000000))/100)},
		})
	}
	ingestFiles(t, db, files, ingest.Options{})

	ctx := context.Background()
	for _, rollup := range []bool{false, true} {
		cur, err := DeriveAll(ctx, db, 2024, DeriveOptions{Rollup: rollup})
		if err != nil {
			t.Fatal(err)
		}
		prev, err := DeriveAll(ctx, db, 2023, DeriveOptions{Rollup: rollup})
		if err != nil {
			t.Fatal(err)
		}
		newTotal := 0.0
		for i, d := range cur {
			what := fmt.Sprintf("rollup=%v %s", rollup, d.Report.Unit)
			noErrors(t, what, Check(d.Report, nil))
			noErrors(t, what+" vs 2023", Check(d.Report, prev[i].Report))
			newTotal += d.Report.Table3.Cell("new", ColTOT).V
			for _, n := range d.Notes {
				if n.Table != "表四" {
					t.Errorf("%s: unexpected note %s", what, n)
				}
			}
		}
		if !rollup && newTotal != float64(received2024) {
			t.Errorf("本年新收 over all units = %v, generated %d", newTotal, received2024)
		}
		if rollup && cur[0].Report.Table3.Cell("new", ColTOT).V != float64(received2024) {
			t.Errorf("county roll-up 本年新收 = %v, generated %d", cur[0].Report.Table3.Cell("new", ColTOT).V, received2024)
		}
	}
}
