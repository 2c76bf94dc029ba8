package store

// What the record of uploads reads and writes beyond the batches
// themselves (issue 15): the batch a load replaces, the refused uploads
// (migration 0010), the admin's paged upload list and the purge of expired
// annotated workbooks. One method per query file.

import (
	"context"
	"database/sql"
	"time"

	"gongkai"
)

// UploadBatch is one batch as a row of the history.
func (q *Queries) UploadBatch(ctx context.Context, batchID int64) (gongkai.Batch, error) {
	return one(ctx, q.q, "upload_batch", scanBatch, batchID)
}

// UploadActiveBatch is the active batch of a unit, kind and year: what a
// load of them would replace. A key without one is NotFound.
func (q *Queries) UploadActiveBatch(ctx context.Context, unitID int64, kind string, year int) (gongkai.Batch, error) {
	return one(ctx, q.q, "upload_active_batch", scanBatch, unitID, kind, year)
}

// Refusal is a refused upload on record.
type Refusal struct {
	ID          int64  `json:"refusal_id"`
	At          string `json:"refused_at"`
	UnitID      int64  `json:"-"` // -1: unknown; 0: the county
	AccountID   int64  `json:"-"`
	Uploader    string `json:"uploader"`
	FileName    string `json:"file"`
	Kind        string `json:"kind,omitempty"`
	Year        int    `json:"year,omitempty"`
	Code        string `json:"code"`
	Reason      string `json:"reason"`
	RowsRefused int64  `json:"rows_refused"`
	// FileID is the annotated workbook ("" if none, or expired when read).
	FileID string `json:"-"`
	// FileMade is when the annotated workbook was made ("" if none or purged).
	FileMade string `json:"-"`
	// HadFile: the refusal had an annotated workbook (kept or not).
	HadFile bool `json:"-"`
}

// RefusalInsert records a refused upload; its text is made valid UTF-8
// (LogText), so a refusal quoting half a character is still recorded.
func (q *Queries) RefusalInsert(ctx context.Context, r Refusal) error {
	var unit any
	if r.UnitID >= 0 {
		unit = r.UnitID
	}
	return execNamed(ctx, q.q, "refusal_insert", unit, r.AccountID, LogText(r.Uploader), LogText(r.FileName), LogText(r.Kind), r.Year,
		LogText(r.Code), LogText(r.Reason), r.RowsRefused, nullIfEmpty(r.FileID))
}

// RefusalList lists the refused uploads of a unit, newest first; an
// annotated workbook made before kept is left out (FileID "").
func (q *Queries) RefusalList(ctx context.Context, unitID int64, kept time.Time) ([]Refusal, error) {
	return list(ctx, q.q, "refusal_list", func(s scanner) (r Refusal, err error) {
		r.UnitID = unitID
		err = s.Scan(&r.ID, &r.At, &r.Uploader, &r.FileName, &r.Kind, &r.Year, &r.Code, &r.Reason, &r.RowsRefused, &r.FileID, &r.FileMade, &r.HadFile)
		return r, err
	}, unitID, kept)
}

// UploadFilter chooses entries of the admin's upload list.
type UploadFilter struct {
	Unit  *int64 // nil: any unit; 0 is the county
	Kind  string // "" any
	Year  int    // 0 any
	State string // "" any; active, superseded, refused, partial
	// Kept is the oldest annotated workbook still downloadable.
	Kept          time.Time
	Limit, Offset int
}

// UploadEntry is a row of the admin's upload list: a batch, or a refused
// upload (Refused set, ID its refusal id).
type UploadEntry struct {
	gongkai.Batch
	Refused bool   `json:"refused,omitempty"`
	UnitID  int64  `json:"unit_id"` // -1: unknown
	Code    string `json:"code,omitempty"`
	Reason  string `json:"reason,omitempty"`
	FileID  string `json:"-"`
}

// UploadList is a page of the admin's upload list, newest first, and the
// number of entries the filter matches.
func (q *Queries) UploadList(ctx context.Context, f UploadFilter) ([]UploadEntry, int, error) {
	var unit any
	if f.Unit != nil {
		unit = *f.Unit
	}
	total := 0
	es, err := list(ctx, q.q, "upload_list", func(s scanner) (e UploadEntry, err error) {
		var entry string
		var unitID sql.NullInt64
		err = s.Scan(&entry, &e.ID, &e.Kind, &unitID, &e.Unit, &e.Year, &e.FileName, &e.Uploader, &e.UploadedAt,
			&e.RowsLoaded, &e.RowsRefused, &e.Partial, &e.Status, &e.ReplacedBy, &e.Code, &e.Reason, &e.FileID, &total)
		e.Refused = entry == "refusal"
		e.UnitID = -1
		if unitID.Valid {
			e.UnitID = unitID.Int64
			if e.UnitID == gongkai.CountyUnitID {
				e.Unit = gongkai.CountyName
			}
		}
		return e, err
	}, unit, f.Kind, f.Year, f.State, f.Kept, f.Limit, f.Offset)
	return es, total, err
}

// UploadFilePurge forgets the annotated workbooks made before a time and
// returns their ids, for the caller to remove the files.
func (q *Queries) UploadFilePurge(ctx context.Context, before time.Time) ([]string, error) {
	return list(ctx, q.q, "upload_file_purge", scalar[string], before)
}
