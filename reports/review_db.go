package reports

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"gongkai/ingest"
	"gongkai/store"
)

// ReviewDB fills opt from a database, for `gongkai review --db` and the
// admin's 年报审核 page alike: units are matched against its registry, and
// a report whose unit has ledgers loaded for the report's year is compared
// cell by cell with the report derived from the ledgers it covers (Covers),
// as compare-report does. The database is only read; it must stay open
// until Review returns.
func ReviewDB(ctx context.Context, db *store.DB, opt *ReviewOptions) error {
	reg, err := ingest.LoadRegistry(ctx, db)
	if err != nil {
		return err
	}
	opt.Unit = RegistryMatch(reg)
	opt.Ledgers = func(unit string, year int) (*LedgerReport, error) {
		u, err := reg.Resolve(unit)
		if err != nil {
			return nil, nil // not in the registry: nothing to compare with
		}
		ids := Covers(reg, u.ID)
		loaded := false
		for _, id := range ids {
			st, err := db.UnitStatus(ctx, id, year)
			if err != nil {
				return nil, err
			}
			if loaded = len(st) > 0; loaded {
				break
			}
		}
		if !loaded {
			return nil, nil // no ledgers that year: an all-zero report says nothing
		}
		d, err := Derive(ctx, db, year, u.ID, DeriveOptions{Rollup: len(ids) > 1})
		if err != nil {
			return nil, err
		}
		return &LedgerReport{Report: d.Report, Units: len(ids)}, nil
	}
	return nil
}

// LedgerReport is the report derived from the ledgers a filed report
// covers: Units units, the report's own and, when more than one, those
// under it in the registry.
type LedgerReport struct {
	Report *Report
	Units  int
}

// Covers returns the ids of the units whose ledgers a report of unit id
// covers: the unit itself and every unit under it in the registry
// (上级单位, units.parent_id, at any depth). The registry is the one
// statement of who reports under whom: the county government's report is
// the 全县 report over the units whose 上级单位 it is, and a department
// with units entered under it reports for them too; a unit with none
// under it covers its own ledgers. This is annual-report's --rollup
// (DeriveOptions.Rollup), chosen by the registry instead of a flag. A
// cycle in parent_id (a registry error) is cut where it is met.
func Covers(reg *ingest.Registry, id int64) []int64 {
	children := map[int64][]int64{}
	for _, u := range reg.Units {
		if u.ParentID != 0 && u.ParentID != u.ID {
			children[u.ParentID] = append(children[u.ParentID], u.ID)
		}
	}
	out := []int64{id}
	seen := map[int64]bool{id: true}
	for i := 0; i < len(out); i++ {
		for _, c := range children[out[i]] {
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	return out
}

// RegistryMatch names a report's unit as the registry does: the name in
// its title (in full, by an alias, or containing a registered name), else
// a registered name in its file name.
func RegistryMatch(reg *ingest.Registry) func(named, file string) (string, error) {
	return func(named, file string) (string, error) {
		if named != "" {
			if u, err := reg.Resolve(named); err == nil {
				return u.Name, nil
			}
			if u := reg.FindIn(named); u != nil {
				return u.Name, nil
			}
		}
		if u := reg.FindIn(strings.TrimSuffix(file, filepath.Ext(file))); u != nil {
			return u.Name, nil
		}
		if named == "" {
			return "", nil
		}
		_, err := reg.Resolve(named)
		return "", err
	}
}

// ledgerFindings are compare-report's differences as review findings (rule
// CMP): every cell where the filed report and the ledgers it covers
// disagree.
func ledgerFindings(filed *Report, l *LedgerReport) []Finding {
	var out []Finding
	derived := l.Report
	source := "台账推算"
	if l.Units > 1 {
		source = fmt.Sprintf("本单位及下级单位共%d个单位台账汇总推算", l.Units)
	}
	for _, d := range Compare(filed, derived) {
		out = append(out, Finding{Rule: "CMP", Severity: SeverityError, Cells: []string{d.Cell},
			Found: d.Filed.Value(), Expected: d.Derived.Value(),
			Message: fmt.Sprintf("报送 %s，%s %s", CellText(d.Filed), source, CellText(d.Derived))})
	}
	if !ComparableTable2(filed, derived) {
		out = append(out, Finding{Rule: "CMP", Severity: SeverityWarning, Cells: []string{"表二"},
			Message: "报告为2019年试行格式，表二栏目不同，未与台账推算结果对比表二"})
	}
	return out
}

// CellText is a cell as the reviewer reads it: the number, 空白 or “/”.
func CellText(c Cell) string {
	switch c.State {
	case Blank:
		return "空白"
	case NA:
		return "“/”"
	}
	return c.String()
}
