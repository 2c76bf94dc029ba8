package server

// A refused upload is on record the same way wherever it was tried (issue
// 15): the web's upload page and API (settle) and `gongkai ingest`
// (RecordRefusal) both keep its annotated workbook under
// FilesDir/annotated for Config.AnnotatedTTL, downloadable from the unit's
// history, file the refusal (upload_refusals) and write the audit entry.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"gongkai/ingest"
	"gongkai/store"
)

// RoleCLI is the audit log's role of an entry written by the CLI, which
// has no account: the account column holds its uploader's name.
const RoleCLI = "cli"

// DefaultFilesDir is where a server on db keeps its files when
// Config.FilesDir does not say: the database path + ".files".
func DefaultFilesDir(db *store.DB) string {
	p := db.Path
	if p == "" || p == ":memory:" {
		p = filepath.Join(os.TempDir(), "gongkai-memory")
	}
	return p + ".files"
}

// uploader is who tried an upload, for its record: a web account, or the
// CLI's uploader (account 0, RoleCLI).
type uploader struct {
	AccountID  int64
	Name, Role string
	// UnitID is the unit the upload is filed under whatever the file says
	// (a clerk's own), -1 when none is.
	UnitID int64
	Remote string
}

// uploaderOf is the uploader of p's request.
func uploaderOf(p *principal, remote string) uploader {
	u := uploader{AccountID: p.ID, Name: p.Name, Role: p.Role, UnitID: -1, Remote: remote}
	if p.Role == RoleClerk {
		u.UnitID = p.UnitID
	}
	return u
}

// keepAnnotated copies an annotated workbook to
// filesDir/annotated/<random>.xlsx, records it under unitID (0: unknown)
// and returns its id, the random name. The caller removes its own copy if
// it will.
func keepAnnotated(ctx context.Context, db *store.DB, filesDir, path string, unitID int64, who uploader, name string) (string, error) {
	id := randomHex(16)
	dst := filepath.Join(filesDir, "annotated", id+".xlsx")
	if err := linkOrCopy(path, dst); err != nil {
		return "", fmt.Errorf("保存错误标注文件：%w", err)
	}
	if unitID <= 0 && who.UnitID > 0 {
		unitID = who.UnitID
	}
	if unitID < 0 {
		unitID = 0
	}
	base := strings.TrimSuffix(name, filepath.Ext(name)) + "-错误标注.xlsx"
	f := store.UploadFile{ID: id, UnitID: unitID, AccountID: who.AccountID, DisplayName: base}
	if err := db.UploadFileInsert(ctx, f); err != nil {
		os.Remove(dst)
		return "", fmt.Errorf("记录错误标注文件：%w", err)
	}
	return id, nil
}

// linkOrCopy makes dst the file src: a hard link when both are on one
// file system, else a copy.
func linkOrCopy(src, dst string) error {
	if os.Link(src, dst) == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(dst)
		return err
	}
	if err := out.Close(); err != nil {
		os.Remove(dst)
		return err
	}
	return nil
}

// fileRefusal files a refused result under the uploader's unit, else the
// one ingest finds, else fallback (-1: none), with its annotated workbook
// fileID ("" none).
func fileRefusal(ctx context.Context, db *store.DB, in *ingest.Ingester, who uploader, res *ingest.Result, fileID string, fallback int64) error {
	rf := in.Refusal(res, who.UnitID)
	if rf.UnitID < 0 {
		rf.UnitID = fallback
	}
	rf.AccountID, rf.Uploader, rf.FileID = who.AccountID, who.Name, fileID
	// Not with ctx: a refusal for want of time is recorded as well.
	if err := db.RefusalInsert(context.WithoutCancel(ctx), rf); err != nil {
		return fmt.Errorf("记录被拒收的上传：%w", err)
	}
	return nil
}

// auditUpload writes the audit entry of an upload's result.
func auditUpload(ctx context.Context, db *store.DB, who uploader, unitID int64, res *ingest.Result) error {
	e := store.NewAudit{Account: who.Name, Role: who.Role, UnitID: unitID, Action: "upload", Detail: uploadDetail(res),
		Remote: who.Remote, OK: res.Status != ingest.StatusRefused}
	// Not with ctx: an action cancelled half-way is still recorded.
	if err := db.AuditInsert(context.WithoutCancel(ctx), e); err != nil {
		return fmt.Errorf("写审计日志：%w", err)
	}
	return nil
}

// RecordRefusal puts a file `gongkai ingest` refused on record as the web
// puts its own (issue 15): its annotated workbook (res.Annotated, which
// stays where it is) kept under filesDir ("": DefaultFilesDir) for the
// server's retention and downloadable from the unit's history, the
// refusal filed under the unit the file names, else unitID (-1: none), by
// name, and the audit entry (role RoleCLI). res.Reason is ingest's, which
// names no flag: the web shows it. Whatever could not be recorded is in
// the error; the rest is recorded.
func RecordRefusal(ctx context.Context, db *store.DB, filesDir string, in *ingest.Ingester, res *ingest.Result, unitID int64, name string) error {
	if res.Status != ingest.StatusRefused {
		return nil
	}
	if filesDir == "" {
		filesDir = DefaultFilesDir(db)
	}
	who := uploader{Name: name, Role: RoleCLI, UnitID: -1}
	unit := unitOf(in, res.Unit) // 0: unknown
	if unit == 0 && unitID > 0 {
		unit = unitID
	}
	var errs []error
	fileID := ""
	if res.Annotated != "" {
		err := os.MkdirAll(filepath.Join(filesDir, "annotated"), 0o700)
		if err == nil {
			fileID, err = keepAnnotated(ctx, db, filesDir, res.Annotated, unit, who, res.File)
		}
		errs = append(errs, err)
	}
	errs = append(errs, fileRefusal(ctx, db, in, who, res, fileID, unitID))
	errs = append(errs, auditUpload(ctx, db, who, unit, res))
	return errors.Join(errs...)
}
