package store

import (
	"context"
	"encoding/json"
	"fmt"

	"gongkai"
)

// Units returns the registry in id order.
func (q *Queries) Units(ctx context.Context) ([]gongkai.Unit, error) {
	return list(ctx, q.q, "units_all", func(s scanner) (u gongkai.Unit, err error) {
		var aliases []any
		err = s.Scan(&u.ID, &u.Name, &u.Code, &u.Type, &u.Group, &u.ParentID, &aliases)
		u.Aliases = stringsOf(aliases)
		return u, err
	})
}

// SaveUnits writes registry entries (insert or update by id) in one
// transaction; an entry's aliases replace its earlier ones. The entries
// travel as JSON into three set-based statements, whatever their number.
func (d *DB) SaveUnits(ctx context.Context, units []gongkai.Unit) error {
	type unitJSON struct {
		I        int    `json:"i"`
		ID       int64  `json:"unit_id"`
		Name     string `json:"name"`
		Code     string `json:"code"`
		Type     string `json:"unit_type"`
		Group    string `json:"grp"`
		ParentID int64  `json:"parent_id"`
	}
	type aliasJSON struct {
		I      int    `json:"i"`
		Alias  string `json:"alias"`
		UnitID int64  `json:"unit_id"`
	}
	us := make([]unitJSON, 0, len(units))
	ids := make([]int64, 0, len(units))
	var as []aliasJSON
	for i, u := range units {
		us = append(us, unitJSON{i, u.ID, u.Name, u.Code, u.Type, u.Group, u.ParentID})
		ids = append(ids, u.ID)
		for _, a := range u.Aliases {
			as = append(as, aliasJSON{len(as), a, u.ID})
		}
	}
	err := d.InTx(ctx, func(q *Queries) error {
		for _, st := range []struct {
			query string
			arg   any
			skip  bool
		}{{"unit_upsert", us, false}, {"unit_alias_clear", ids, false}, {"unit_alias_add", as, len(as) == 0}} {
			if st.skip {
				continue
			}
			arg, err := json.Marshal(st.arg)
			if err != nil {
				return err
			}
			if err := execNamed(ctx, q.q, st.query, string(arg)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save units: %w", err)
	}
	return nil
}

// History lists every batch, newest first.
func (q *Queries) History(ctx context.Context) ([]gongkai.Batch, error) {
	return list(ctx, q.q, "history", scanBatch)
}

// scanBatch reads a row of history.sql or unit_history.sql.
func scanBatch(s scanner) (b gongkai.Batch, err error) {
	err = s.Scan(&b.ID, &b.Kind, &b.Unit, &b.Year, &b.FileName, &b.SHA256, &b.Uploader, &b.UploadedAt,
		&b.RowsRead, &b.RowsLoaded, &b.RowsSkipped, &b.RowsRefused, &b.Partial, &b.Status, &b.ReplacedBy, &b.RowsStored)
	if b.RowsStored == b.RowsLoaded {
		b.RowsStored = 0
	}
	if b.Unit == "" { // a county-wide ledger's batch (migration 0008)
		b.Unit = gongkai.CountyName
	}
	return b, err
}
