package server

import (
	"context"
	"net/http"

	"gongkai"
	"gongkai/store"
)

// catalogView is the unit page's block on its 公开事项目录 (issue 19): the
// figures of the three checks and the items behind them, read from the
// ledgers of the year as the measures read them.
type catalogView struct {
	UnitID    int64    `json:"unit_id"`
	Unit      string   `json:"unit"`
	Items     int      `json:"items"`
	Missing   int      `json:"missing_elements"`  // items lacking an element (catalog_complete)
	Overdue   int      `json:"overdue"`           // items past their 公开时限 (catalog_overdue)
	Unsure    int      `json:"not_judged"`        // items not judged (无法判定)
	Uncovered []string `json:"uncovered_domains"` // domains owed without an item (catalog_domains)
	// Rows are the items with a finding: an element missing, overdue or
	// not judged, with the evidence.
	Rows []store.CatalogItem `json:"findings"`
}

// unitCatalog reads a unit's catalogue block for a year; nil when the unit
// has no catalogue and owes no domain.
func (s *Server) unitCatalog(ctx context.Context, unitID int64, year int) (*catalogView, error) {
	items, uncovered, err := s.catalogRead(ctx, year, unitID)
	if err != nil {
		return nil, err
	}
	return catalogViewOf(gongkai.Unit{ID: unitID}, items, uncovered[unitID]), nil
}

// catalogs reads the catalogue blocks of a year: the unit's (unitID), or
// every unit's that has one (0), in registry order, each with its name —
// every unit's in one pass, the checks over the catalogues being costly.
func (s *Server) catalogs(ctx context.Context, year int, unitID int64) ([]*catalogView, error) {
	items, uncovered, err := s.catalogRead(ctx, year, unitID)
	if err != nil {
		return nil, err
	}
	return unitBlocks(ctx, s, unitID, items, func(c store.CatalogItem) int64 { return c.UnitID },
		func(u gongkai.Unit, items []store.CatalogItem) *catalogView {
			return catalogViewOf(u, items, uncovered[u.ID])
		})
}

// catalogRead reads a year's catalogue items and, by unit, the domains
// owed without an item: the unit's (unitID), or every unit's (0).
func (s *Server) catalogRead(ctx context.Context, year int, unitID int64) ([]store.CatalogItem, map[int64][]string, error) {
	items, err := s.db.CatalogItems(ctx, year, unitID)
	if err != nil {
		return nil, nil, err
	}
	uncovered := map[int64][]string{}
	if unitID == 0 {
		uncovered, err = s.db.CatalogUncoveredByUnit(ctx, year)
	} else {
		uncovered[unitID], err = s.db.CatalogUncovered(ctx, year, unitID)
	}
	return items, uncovered, err
}

// catalogViewOf is a unit's block from its items and the domains it leaves
// out; nil with neither.
func catalogViewOf(u gongkai.Unit, items []store.CatalogItem, uncovered []string) *catalogView {
	if len(items) == 0 && len(uncovered) == 0 {
		return nil
	}
	v := &catalogView{UnitID: u.ID, Unit: u.Name, Items: len(items), Uncovered: orEmpty(uncovered), Rows: []store.CatalogItem{}}
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
	return v
}

// unitBlocks makes the blocks of the unit (unitID), or of every unit of
// the registry that has one (0), in registry order, from rows read for
// them: block makes a unit's from its rows (unitOf tells whose), nil for
// none.
func unitBlocks[R, V any](ctx context.Context, s *Server, unitID int64, rows []R, unitOf func(R) int64,
	block func(gongkai.Unit, []R) *V) ([]*V, error) {
	byUnit := map[int64][]R{}
	for _, x := range rows {
		byUnit[unitOf(x)] = append(byUnit[unitOf(x)], x)
	}
	units, err := s.db.Units(ctx)
	if err != nil {
		return nil, err
	}
	out := []*V{}
	for _, u := range units {
		if unitID != 0 && u.ID != unitID {
			continue
		}
		if v := block(u, byUnit[u.ID]); v != nil {
			out = append(out, v)
		}
	}
	return out, nil
}

func (s *Server) apiCatalog(w http.ResponseWriter, r *http.Request, p *principal) {
	s.apiBlocks(w, r, p, func(ctx context.Context, year int, id int64) (any, error) { return s.catalogs(ctx, year, id) })
}

// blockList is the answer of /api/catalog and /api/proposals: the year's
// block of one unit, or of every unit that has one (unit omitted), in
// registry order.
type blockList struct {
	Year  int `json:"year"`
	Units any `json:"units"`
}

// apiBlocks answers with the blocks read for the year and unit asked
// (listUnit: a clerk always their own).
func (s *Server) apiBlocks(w http.ResponseWriter, r *http.Request, p *principal, read func(ctx context.Context, year int, unitID int64) (any, error)) {
	year, err := yearParam(r, s.defaultYear(r.Context()))
	if err != nil {
		s.failErr(w, r, true, p, err)
		return
	}
	f, err := s.listUnit(r, p)
	if err != nil {
		s.failErr(w, r, true, p, err)
		return
	}
	units, err := read(r.Context(), year, f.UnitID)
	if err != nil {
		s.failErr(w, r, true, p, err)
		return
	}
	writeJSON(w, http.StatusOK, blockList{Year: year, Units: units})
}
