package store

// What the web service reads and writes of its own beyond accounts
// (q_auth.go): a unit's status and history, the published years, the
// reminders (催报), annotated workbooks, readiness. One method per query
// file.

import (
	"gongkai"

	"context"
	"strings"
	"time"
)

// UnitGet is one unit of the registry: its ID, Name and Group.
func (q *Queries) UnitGet(ctx context.Context, id int64) (gongkai.Unit, error) {
	return one(ctx, q.q, "unit_get", func(s scanner) (u gongkai.Unit, err error) {
		err = s.Scan(&u.ID, &u.Name, &u.Group)
		return u, err
	}, id)
}

// KindStatus is a unit's state of one ledger kind in a year.
type KindStatus struct {
	Kind       string `json:"kind"`
	Title      string `json:"kind_title"`
	Uploaded   bool   `json:"uploaded"`
	BatchID    int64  `json:"batch_id,omitempty"`
	File       string `json:"file,omitempty"`
	Rows       int64  `json:"rows,omitempty"`
	UploadedAt string `json:"uploaded_at,omitempty"`
	Uploader   string `json:"uploader,omitempty"`
	// Declared is the unit's 零报告 in force for the kind and year, if any;
	// NotOwed, that the year's scheme does not ask the unit for the kind
	// (both filled by the caller: DeclareInForce, OwedKinds).
	Declared *Declaration `json:"declared,omitempty"`
	NotOwed  bool         `json:"not_owed,omitempty"`
}

// UnitStatus lists the unit's active batch of each ledger kind that has
// one in the year, by kind (Uploaded set; Title is the caller's to fill).
func (q *Queries) UnitStatus(ctx context.Context, unitID int64, year int) ([]KindStatus, error) {
	return list(ctx, q.q, "unit_status", func(s scanner) (k KindStatus, err error) {
		err = s.Scan(&k.Kind, &k.BatchID, &k.File, &k.Rows, &k.UploadedAt, &k.Uploader)
		k.Uploaded = true
		return k, err
	}, unitID, year)
}

// UnitHistory lists the batches of one unit, newest first.
func (q *Queries) UnitHistory(ctx context.Context, unitID int64) ([]gongkai.Batch, error) {
	return list(ctx, q.q, "unit_history", scanBatch, unitID)
}

// BatchYears lists the years with active ledger batches, newest first.
func (q *Queries) BatchYears(ctx context.Context) ([]int, error) {
	return list(ctx, q.q, "batch_years", scalar[int])
}

// BatchUnit is a batch's unit, kind, year and status (the other fields
// of the Batch left empty).
func (q *Queries) BatchUnit(ctx context.Context, batchID int64) (gongkai.Batch, error) {
	return one(ctx, q.q, "batch_unit", fields(func(b *gongkai.Batch) []any {
		return []any{&b.UnitID, &b.Kind, &b.Year, &b.Status}
	}), batchID)
}

// MissingUpload is an assessed unit without an active batch of a kind.
type MissingUpload struct {
	UnitID int64
	Unit   string
	Group  string
	Kind   string
}

// MissingUploads lists, for a year, the assessed units (those with a
// group) and each of kinds they have no active batch of: by group, unit
// and the order of kinds.
func (q *Queries) MissingUploads(ctx context.Context, year int, kinds []string) ([]MissingUpload, error) {
	return list(ctx, q.q, "missing_uploads", func(s scanner) (m MissingUpload, err error) {
		err = s.Scan(&m.UnitID, &m.Unit, &m.Group, &m.Kind)
		return m, err
	}, year, strings.Join(kinds, ","))
}

// UploadFile is an annotated workbook kept for download.
type UploadFile struct {
	ID          string // the random name under FilesDir/annotated
	UnitID      int64  // 0: unknown
	AccountID   int64  // who uploaded the file it annotates
	DisplayName string
	Created     time.Time // when it was made (read only)
}

// UploadFileInsert records an annotated workbook.
func (q *Queries) UploadFileInsert(ctx context.Context, f UploadFile) error {
	return execNamed(ctx, q.q, "upload_file_insert", f.ID, nullID(f.UnitID), f.AccountID, f.DisplayName)
}

// UploadFileGet is an annotated workbook by its id.
func (q *Queries) UploadFileGet(ctx context.Context, id string) (UploadFile, error) {
	return one(ctx, q.q, "upload_file_get", func(s scanner) (f UploadFile, err error) {
		f.ID = id
		err = s.Scan(&f.UnitID, &f.AccountID, &f.DisplayName, &f.Created)
		return f, err
	}, id)
}

// Ping succeeds whenever the database answers.
func (q *Queries) Ping(ctx context.Context) error {
	_, err := one(ctx, q.q, "ping", scalar[int])
	return err
}

// ReadyCheck reads every row of the tables each request needs (accounts,
// units) and returns a hash of them: it fails on a database whose blocks
// are corrupt, which Ping does not notice.
func (q *Queries) ReadyCheck(ctx context.Context) (uint64, error) {
	return one(ctx, q.q, "ready_check", scalar[uint64])
}

// LedgerOwed is what a unit owes of some ledger kinds for a year and what
// it has delivered of them (ledger_owed.sql).
type LedgerOwed struct {
	UnitID         int64
	Owed, Received int
}

// LedgersOwed gives every assessed unit's LedgerOwed of kinds in one query.
func (q *Queries) LedgersOwed(ctx context.Context, year int, kinds []string) ([]LedgerOwed, error) {
	return list(ctx, q.q, "ledger_owed", fields(func(o *LedgerOwed) []any {
		return []any{&o.UnitID, &o.Owed, &o.Received}
	}), year, strings.Join(kinds, ","))
}
