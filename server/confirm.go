package server

// Every ledger change is visible (issue 15). A partial import -- a file
// with refused rows, the clerk having asked to load the good ones -- is
// previewed first: the answer says which batch it would replace, with its
// rows before and after, and gives the annotated copy of the refused rows;
// nothing is loaded until the clerk confirms (POST /upload/confirm, POST
// /api/uploads/confirm with the token of the preview). The uploaded file
// waits for the confirmation under FilesDir/tmp (emptied when the server
// starts) for pendingKeep. A refused upload is on record (upload_refusals,
// migration 0010), its annotated copy downloadable for Config.AnnotatedTTL.

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"gongkai"
	"gongkai/ingest"
	"gongkai/store"
)

// uploadResult is ingest's result of one file and kind as the web answers
// it: with the token that loads a previewed partial import.
type uploadResult struct {
	ingest.Result
	Confirm string `json:"confirm,omitempty"`
}

// pendingKeep is how long a preview waits for its confirmation.
const pendingKeep = time.Hour

// pendingUpload is a previewed file waiting for the clerk's confirmation.
type pendingUpload struct {
	owner int64 // the account that uploaded it
	at    time.Time
	path  string // the file, under FilesDir/tmp
	name  string
	opt   ingest.Options
	kinds []pendingKind
}

// pendingKind is a previewed kind of the file: the batch its load would
// replace (0 none), to check that it still would, and the annotated copy
// of its refused rows.
type pendingKind struct {
	kind      string
	unit      int64
	year      int
	replaces  int64
	annotated string
}

type pendingStore struct {
	mu sync.Mutex
	m  map[string]*pendingUpload
}

// put keeps pu and returns its token; expired previews go, with their files.
func (ps *pendingStore) put(pu *pendingUpload) string {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if ps.m == nil {
		ps.m = map[string]*pendingUpload{}
	}
	for t, x := range ps.m {
		if pu.at.Sub(x.at) > pendingKeep {
			os.Remove(x.path)
			delete(ps.m, t)
		}
	}
	t := randomHex(16)
	ps.m[t] = pu
	return t
}

// take hands over the preview of token to its owner, once.
func (ps *pendingStore) take(token string, owner int64, now time.Time) (*pendingUpload, bool) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	pu, ok := ps.m[token]
	if !ok || pu.owner != owner {
		return nil, false
	}
	delete(ps.m, token)
	if now.Sub(pu.at) > pendingKeep {
		os.Remove(pu.path)
		return nil, false
	}
	return pu, true
}

// pend keeps an uploaded file whose results hold previews, and gives
// those results the token that loads them.
func (s *Server) pend(in *ingest.Ingester, p *principal, up received, opt ingest.Options, rs []uploadResult) {
	pu := &pendingUpload{owner: p.ID, at: s.cfg.Now(), name: up.name, opt: opt}
	for _, r := range rs {
		if r.Status != ingest.StatusPreview {
			continue
		}
		k := pendingKind{kind: r.Kind, unit: gongkai.CountyUnitID, year: r.Year, annotated: r.Annotated}
		if !r.County {
			k.unit = unitOf(in, r.Unit)
		}
		if r.Replaces != nil {
			k.replaces = r.Replaces.BatchID
		}
		pu.kinds = append(pu.kinds, k)
	}
	if len(pu.kinds) == 0 {
		return
	}
	pu.path = filepath.Join(s.cfg.FilesDir, "tmp", "pending-"+randomHex(16))
	if err := os.Rename(up.path, pu.path); err != nil {
		s.log.Warn("保存待确认的上传文件失败", "err", err)
		return
	}
	t := s.pending.put(pu)
	for i := range rs {
		if rs[i].Status == ingest.StatusPreview {
			rs[i].Confirm = t
		}
	}
}

// errPendingGone: the preview is unknown, taken or expired.
var errPendingGone = &httpError{http.StatusNotFound, "这次上传的确认已失效（超过 1 小时、已确认过或服务已重启），数据未作任何改动。请重新上传"}

// confirmUpload loads a previewed partial import, provided that the batch
// each kind would replace is still the one the preview named.
func (s *Server) confirmUpload(r *http.Request, p *principal, token string) ([]uploadResult, error) {
	pu, ok := s.pending.take(strings.TrimSpace(token), p.ID, s.cfg.Now())
	if !ok {
		return nil, errPendingGone
	}
	defer os.Remove(pu.path)
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.UploadTimeout)
	defer cancel()
	var results []uploadResult
	err := s.q.do(ctx, func(ctx context.Context) error {
		for _, k := range pu.kinds {
			var now int64
			b, err := s.db.UploadActiveBatch(ctx, k.unit, k.kind, k.year)
			switch {
			case err == nil:
				now = b.ID
			case !store.NotFound(err):
				return err
			}
			if now != k.replaces {
				msg := fmt.Sprintf("“%s”预览之后，%s的生效批次已有变化（", pu.name, kindTitle(k.kind))
				if now == 0 {
					msg += "现已没有生效批次"
				} else {
					msg += fmt.Sprintf("现为第 %d 批次", now)
				}
				msg += "），本次未导入，数据未作任何改动。请重新上传，核对后再确认"
				s.auditLocked(ctx, p, remoteAddr(r), k.unit, "upload", msg, false)
				return &httpError{http.StatusConflict, msg}
			}
		}
		in, err := ingest.New(ctx, s.db)
		if err != nil {
			return err
		}
		opt := pu.opt
		opt.Preview = false
		rs, err := s.ingestFile(ctx, r, in, p, pu.path, pu.name, opt)
		if err != nil {
			return err
		}
		// The kinds confirmed: a file is previewed whole, so all of its
		// kinds but those already loaded from this very file (unchanged).
		for _, x := range rs {
			i := slices.IndexFunc(pu.kinds, func(k pendingKind) bool { return k.kind == x.Kind })
			if i < 0 {
				continue
			}
			if x.Annotated == "" {
				x.Annotated = pu.kinds[i].annotated
			}
			results = append(results, x)
		}
		return nil
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil, &httpError{http.StatusServiceUnavailable, fmt.Sprintf("处理超时（限时 %s），数据未作任何改动，请重新上传", s.cfg.UploadTimeout)}
		}
		return nil, err
	}
	return results, nil
}

// uploadConfirm is the page's confirmation: the upload page with the results.
func (s *Server) uploadConfirm(w http.ResponseWriter, r *http.Request, p *principal) {
	results, err := s.confirmUpload(r, p, r.FormValue("token"))
	s.showResults(w, r, p, results, err)
}

// apiUploadConfirm is the API's: the results, as POST /api/uploads answers them.
func (s *Server) apiUploadConfirm(w http.ResponseWriter, r *http.Request, p *principal) {
	results, err := s.confirmUpload(r, p, r.FormValue("token"))
	if err != nil {
		s.failErr(w, r, true, p, err)
		return
	}
	writeJSON(w, http.StatusOK, orEmpty(results))
}

// annotatedKept is the oldest time an annotated workbook is still kept.
func (s *Server) annotatedKept() time.Time {
	return s.cfg.Now().UTC().Add(-s.cfg.AnnotatedTTL)
}

// purgeAnnotated removes the annotated workbooks older than
// Config.AnnotatedTTL, records and files (on the write queue, or before
// the server serves).
func (s *Server) purgeAnnotated(ctx context.Context) {
	ids, err := s.db.UploadFilePurge(ctx, s.annotatedKept())
	if err != nil {
		s.log.Warn("清理过期的错误标注文件失败", "err", err)
		return
	}
	for _, id := range ids {
		os.Remove(filepath.Join(s.cfg.FilesDir, "annotated", id+".xlsx"))
	}
}

// refusalRow is a refused upload as the history shows it.
type refusalRow struct {
	store.Refusal
	KindTitle string `json:"kind_title,omitempty"`
	Annotated string `json:"annotated,omitempty"` // download URL while kept
	Until     string `json:"annotated_until,omitempty"`
	Expired   bool   `json:"annotated_expired,omitempty"`
	// Withheld: kept, but not for this viewer to download (a leader).
	Withheld bool `json:"-"`
}

// refusals lists the refused uploads of a unit for the history.
func (s *Server) refusals(ctx context.Context, unitID int64) ([]refusalRow, error) {
	rs, err := s.db.RefusalList(ctx, unitID, s.annotatedKept())
	if err != nil {
		return nil, err
	}
	out := make([]refusalRow, len(rs))
	for i, x := range rs {
		out[i] = refusalRow{Refusal: x}
		if x.Kind != "" {
			out[i].KindTitle = kindTitle(x.Kind)
		}
		if x.FileID != "" {
			out[i].Annotated = "/files/" + x.FileID
			if t, err := time.Parse(time.DateTime, x.FileMade); err == nil {
				out[i].Until = t.Add(s.cfg.AnnotatedTTL).Format(time.DateOnly)
			}
		} else if x.HadFile {
			out[i].Expired = true
		}
	}
	return out, nil
}

// apiRefusals: the refused uploads of a clerk's own unit; admins ?unit=ID.
func (s *Server) apiRefusals(w http.ResponseWriter, r *http.Request, p *principal) {
	unitID := p.UnitID
	if p.Role != RoleClerk {
		id, err := strconv.ParseInt(strings.TrimSpace(r.FormValue("unit")), 10, 64)
		if err != nil || id < 0 {
			writeJSONError(w, http.StatusBadRequest, "单位编号无效")
			return
		}
		unitID = id
	} else if v := r.FormValue("unit"); v != "" && v != fmt.Sprint(p.UnitID) {
		writeJSONError(w, http.StatusForbidden, msgOtherUnit)
		return
	}
	rs, err := s.refusals(r.Context(), unitID)
	if err != nil {
		s.failErr(w, r, true, p, err)
		return
	}
	writeJSON(w, http.StatusOK, orEmpty(rs))
}
