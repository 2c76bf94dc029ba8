package store

import (
	"context"
	"strings"

	"gongkai"
)

// CatalogItem is one item of a unit's 公开事项目录 with what the checks found
// (query catalog_items; migration 0017's catalog_deadlines).
type CatalogItem struct {
	UnitID    int64    `json:"-"` // the unit page's and the API's block name their unit
	RowID     int64    `json:"row_id"`
	File      string   `json:"file"`
	Sheet     string   `json:"sheet"`
	Row       int      `json:"row"`
	Domain    string   `json:"domain"`
	Item      string   `json:"item"`
	TimeLimit string   `json:"time_limit"`
	Missing   []string `json:"missing"` // the elements left blank
	State     string   `json:"state"`   // 逾期 | 无法判定 | 按时 | 未到期
	Overdue   string   `json:"overdue"` // the overdue periods, each with its late publication if any
	Note      string   `json:"note"`    // why the item was not judged (无法判定)
	Matched   string   `json:"matched"` // the publications found in time
}

// CatalogItems lists a unit's 公开事项目录 items of a year (unitID 0: every
// unit's, by unit), in sheet and row order.
func (q *Queries) CatalogItems(ctx context.Context, year int, unitID int64) ([]CatalogItem, error) {
	return list(ctx, q.q, "catalog_items", func(s scanner) (CatalogItem, error) {
		var c CatalogItem
		var missing []any
		err := s.Scan(&c.UnitID, &c.RowID, &c.File, &c.Sheet, &c.Row, &c.Domain, &c.Item, &c.TimeLimit, &missing, &c.State, &c.Overdue, &c.Note, &c.Matched)
		for _, m := range missing {
			c.Missing = append(c.Missing, m.(string))
		}
		return c, err
	}, year, unitID)
}

// CatalogUncovered lists the domains a unit must cover in its 公开事项目录 of
// a year (the scheme's owes_domains) that have no item, in the order of
// gongkai.CatalogDomains.
func (q *Queries) CatalogUncovered(ctx context.Context, year int, unitID int64) ([]string, error) {
	ds, err := q.catalogUncovered(ctx, year, unitID)
	var out []string
	for _, d := range ds {
		out = append(out, d.domain)
	}
	return out, err
}

// CatalogUncoveredByUnit is CatalogUncovered of every unit that leaves an
// owed domain out, in one query.
func (q *Queries) CatalogUncoveredByUnit(ctx context.Context, year int) (map[int64][]string, error) {
	ds, err := q.catalogUncovered(ctx, year, 0)
	out := map[int64][]string{}
	for _, d := range ds {
		out[d.unit] = append(out[d.unit], d.domain)
	}
	return out, err
}

type unitDomain struct {
	unit   int64
	domain string
}

func (q *Queries) catalogUncovered(ctx context.Context, year int, unitID int64) ([]unitDomain, error) {
	return list(ctx, q.q, "catalog_uncovered", func(s scanner) (unitDomain, error) {
		var d unitDomain
		return d, s.Scan(&d.unit, &d.domain)
	}, year, unitID, strings.Join(gongkai.CatalogDomains, "、"))
}
