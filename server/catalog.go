package server

import (
	"context"

	"gongkai/store"
)

// catalogView is the unit page's block on its 公开事项目录 (issue 19): the
// figures of the three checks and the items behind them, read from the
// ledgers of the year as the measures read them.
type catalogView struct {
	Items     int
	Missing   int      // items lacking an element (catalog_complete)
	Overdue   int      // items past their 公开时限 (catalog_overdue)
	Unsure    int      // items not judged (无法判定)
	Uncovered []string // domains owed without an item (catalog_domains)
	// Rows are the items with a finding: an element missing, overdue or
	// not judged, with the evidence.
	Rows []store.CatalogItem
}

// unitCatalog reads a unit's catalogue block for a year; nil when the unit
// has no catalogue and owes no domain.
func (s *Server) unitCatalog(ctx context.Context, unitID int64, year int) (*catalogView, error) {
	items, err := s.db.CatalogItems(ctx, year, unitID)
	if err != nil {
		return nil, err
	}
	uncovered, err := s.db.CatalogUncovered(ctx, year, unitID)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 && len(uncovered) == 0 {
		return nil, nil
	}
	v := &catalogView{Items: len(items), Uncovered: uncovered}
	for _, c := range items {
		if len(c.Missing) > 0 {
			v.Missing++
		}
		switch c.State {
		case "逾期":
			v.Overdue++
		case "无法判定":
			v.Unsure++
		}
		if len(c.Missing) > 0 || c.State == "逾期" || c.State == "无法判定" {
			v.Rows = append(v.Rows, c)
		}
	}
	return v, nil
}
