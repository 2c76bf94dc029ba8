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
// cell by cell with the report derived from them, as compare-report does.
// The database is only read; it must stay open until Review returns.
func ReviewDB(ctx context.Context, db *store.DB, opt *ReviewOptions) error {
	reg, err := ingest.LoadRegistry(ctx, db)
	if err != nil {
		return err
	}
	opt.Unit = RegistryMatch(reg)
	opt.Ledgers = func(unit string, year int) (*Report, error) {
		u, err := reg.Resolve(unit)
		if err != nil {
			return nil, nil // not in the registry: nothing to compare with
		}
		st, err := db.UnitStatus(ctx, u.ID, year)
		if err != nil {
			return nil, err
		}
		if len(st) == 0 {
			return nil, nil // no ledgers that year: an all-zero report says nothing
		}
		d, err := Derive(ctx, db, year, u.ID, DeriveOptions{})
		if err != nil {
			return nil, err
		}
		return d.Report, nil
	}
	return nil
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
// CMP): every cell where the filed report and the ledgers disagree.
func ledgerFindings(filed, derived *Report) []Finding {
	var out []Finding
	for _, d := range Compare(filed, derived) {
		out = append(out, Finding{Rule: "CMP", Severity: SeverityError, Cells: []string{d.Cell},
			Found: d.Filed.Value(), Expected: d.Derived.Value(),
			Message: fmt.Sprintf("报送 %s，台账推算 %s", CellText(d.Filed), CellText(d.Derived))})
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
