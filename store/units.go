package store

import (
	"context"
	"encoding/json"
	"fmt"

	"gongkai"
	sqlfiles "gongkai/sql"
)

// Units returns the registry in id order.
func (d *DB) Units(ctx context.Context) ([]gongkai.Unit, error) {
	rows, err := d.db.QueryContext(ctx, sqlfiles.Query("units_all"))
	if err != nil {
		return nil, fmt.Errorf("read units: %w", err)
	}
	defer rows.Close()
	var out []gongkai.Unit
	for rows.Next() {
		var u gongkai.Unit
		var aliases []any
		if err := rows.Scan(&u.ID, &u.Name, &u.Code, &u.Type, &u.Group, &u.ParentID, &aliases); err != nil {
			return nil, fmt.Errorf("read units: %w", err)
		}
		for _, a := range aliases {
			if s, ok := a.(string); ok {
				u.Aliases = append(u.Aliases, s)
			}
		}
		out = append(out, u)
	}
	return out, rows.Err()
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
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("save units: %w", err)
	}
	defer tx.Rollback()
	for _, st := range []struct {
		query string
		arg   any
	}{{"unit_upsert", us}, {"unit_alias_clear", ids}, {"unit_alias_add", as}} {
		if st.query == "unit_alias_add" && len(as) == 0 {
			continue
		}
		arg, err := json.Marshal(st.arg)
		if err != nil {
			return fmt.Errorf("save units: %w", err)
		}
		if _, err := tx.ExecContext(ctx, sqlfiles.Query(st.query), string(arg)); err != nil {
			return fmt.Errorf("save units (%s): %w", st.query, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("save units: %w", err)
	}
	return nil
}

// BatchInfo is one row of the upload history.
type BatchInfo struct {
	ID          int64  `json:"batch_id"`
	Kind        string `json:"kind"`
	Unit        string `json:"unit"`
	Year        int    `json:"year"`
	FileName    string `json:"file"`
	SHA256      string `json:"sha256"`
	Uploader    string `json:"uploader"`
	UploadedAt  string `json:"uploaded_at"`
	RowsRead    int64  `json:"rows_read"`
	RowsLoaded  int64  `json:"rows_loaded"`
	RowsSkipped int64  `json:"rows_skipped"`
	RowsRefused int64  `json:"rows_refused"`
	Partial     bool   `json:"partial"`
	Status      string `json:"status"`
	ReplacedBy  int64  `json:"replaced_by,omitempty"`
}

// History lists every batch, newest first.
func (q *Queries) History(ctx context.Context) ([]BatchInfo, error) {
	return list(ctx, q.q, "history", func(s scanner) (b BatchInfo, err error) {
		err = s.Scan(&b.ID, &b.Kind, &b.Unit, &b.Year, &b.FileName, &b.SHA256, &b.Uploader, &b.UploadedAt,
			&b.RowsRead, &b.RowsLoaded, &b.RowsSkipped, &b.RowsRefused, &b.Partial, &b.Status, &b.ReplacedBy)
		return b, err
	})
}
