package store

import (
	"context"
	"strings"

	"gongkai"
)

// CatalogItem is one item of a unit's 公开事项目录 with what the checks found
// (query catalog_items; migration 0017's catalog_deadlines).
type CatalogItem struct {
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

// CatalogItems lists a unit's 公开事项目录 items of a year, in sheet and row
// order.
func (q *Queries) CatalogItems(ctx context.Context, year int, unitID int64) ([]CatalogItem, error) {
	return list(ctx, q.q, "catalog_items", func(s scanner) (CatalogItem, error) {
		var c CatalogItem
		var missing []any
		err := s.Scan(&c.RowID, &c.File, &c.Sheet, &c.Row, &c.Domain, &c.Item, &c.TimeLimit, &missing, &c.State, &c.Overdue, &c.Note, &c.Matched)
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
	return list(ctx, q.q, "catalog_uncovered", func(s scanner) (string, error) {
		var d string
		return d, s.Scan(&d)
	}, year, unitID, strings.Join(gongkai.CatalogDomains, "、"))
}
