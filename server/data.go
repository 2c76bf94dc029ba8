package server

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"

	"gongkai"
	"gongkai/metrics"
	sqlfiles "gongkai/sql"
	"gongkai/store"
)

// unitInfo is a unit of the registry.
type unitInfo struct {
	ID    int64  `json:"unit_id"`
	Name  string `json:"unit"`
	Group string `json:"group,omitempty"`
}

var errNoUnit = &httpError{404, "单位名录中没有这个单位"}

func (s *Server) unit(ctx context.Context, id int64) (unitInfo, error) {
	var u unitInfo
	err := s.sql.QueryRowContext(ctx, sqlfiles.Query("unit_get"), id).Scan(&u.ID, &u.Name, &u.Group)
	if errors.Is(err, sql.ErrNoRows) {
		return u, errNoUnit
	}
	return u, err
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
}

// unitStatus lists every ledger kind with the unit's active batch of the year.
func (s *Server) unitStatus(ctx context.Context, unitID int64, year int) ([]KindStatus, error) {
	rows, err := s.sql.QueryContext(ctx, sqlfiles.Query("unit_status"), unitID, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	got := map[string]KindStatus{}
	for rows.Next() {
		var k KindStatus
		if err := rows.Scan(&k.Kind, &k.BatchID, &k.File, &k.Rows, &k.UploadedAt, &k.Uploader); err != nil {
			return nil, err
		}
		k.Uploaded = true
		got[k.Kind] = k
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]KindStatus, 0, len(gongkai.Kinds))
	for _, k := range gongkai.Kinds {
		st, ok := got[k.Name]
		if !ok {
			st = KindStatus{Kind: k.Name}
		}
		st.Title = k.Title
		out = append(out, st)
	}
	return out, nil
}

// history lists batches, of one unit or (unitID 0) of all.
func (s *Server) history(ctx context.Context, unitID int64) ([]store.BatchInfo, error) {
	if unitID == 0 {
		h, err := s.db.History(ctx)
		if h == nil {
			h = []store.BatchInfo{}
		}
		return h, err
	}
	rows, err := s.sql.QueryContext(ctx, sqlfiles.Query("unit_history"), unitID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []store.BatchInfo{}
	for rows.Next() {
		var b store.BatchInfo
		if err := rows.Scan(&b.ID, &b.Kind, &b.Unit, &b.Year, &b.FileName, &b.SHA256, &b.Uploader, &b.UploadedAt,
			&b.RowsRead, &b.RowsLoaded, &b.RowsSkipped, &b.RowsRefused, &b.Partial, &b.Status, &b.ReplacedBy); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// Published is a year whose results the units can see.
type Published struct {
	Year        int    `json:"year"`
	PublishedAt string `json:"published_at"`
	PublishedBy string `json:"published_by"`
	Units       int    `json:"units_scored"`
}

// metaCache keeps the scored and published years until the next write.
type metaCache struct {
	mu        sync.Mutex
	gen       int64
	valid     bool
	scored    []int
	published []Published
}

// meta returns the scored years (newest first) and the published years,
// read once per write generation.
func (s *Server) meta(ctx context.Context) ([]int, []Published, error) {
	gen := s.gen.Load()
	c := &s.metaC
	c.mu.Lock()
	if c.valid && c.gen == gen {
		sc, pub := c.scored, c.published
		c.mu.Unlock()
		return sc, pub, nil
	}
	c.mu.Unlock()
	sc, err := s.readScoredYears(ctx)
	if err != nil {
		return nil, nil, err
	}
	pub, err := s.readPublished(ctx)
	if err != nil {
		return nil, nil, err
	}
	c.mu.Lock()
	c.gen, c.valid, c.scored, c.published = gen, true, sc, pub
	c.mu.Unlock()
	return sc, pub, nil
}

func (s *Server) published(ctx context.Context) ([]Published, error) {
	_, pub, err := s.meta(ctx)
	return pub, err
}

func (s *Server) scoredYears(ctx context.Context) ([]int, error) {
	sc, _, err := s.meta(ctx)
	return sc, err
}

func (s *Server) readPublished(ctx context.Context) ([]Published, error) {
	rows, err := s.sql.QueryContext(ctx, sqlfiles.Query("published_list"))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Published{}
	for rows.Next() {
		var p Published
		if err := rows.Scan(&p.Year, &p.PublishedAt, &p.PublishedBy, &p.Units); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func (s *Server) isPublished(ctx context.Context, year int) (bool, error) {
	ps, err := s.published(ctx)
	if err != nil {
		return false, err
	}
	for _, p := range ps {
		if p.Year == year {
			return true, nil
		}
	}
	return false, nil
}

// readScoredYears lists the years with scores, newest first.
func (s *Server) readScoredYears(ctx context.Context) ([]int, error) {
	ys, err := metrics.Years(ctx, s.sql)
	if err != nil {
		return nil, err
	}
	for i, j := 0, len(ys)-1; i < j; i, j = i+1, j-1 {
		ys[i], ys[j] = ys[j], ys[i]
	}
	return ys, nil
}

// dataYears lists the years with ledgers, newest first.
func (s *Server) dataYears(ctx context.Context) ([]int, error) {
	rows, err := s.sql.QueryContext(ctx, sqlfiles.Query("batch_years"))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			return nil, err
		}
		out = append(out, y)
	}
	return out, rows.Err()
}

// Reminder (催报) is an assessed unit with the ledger kinds it has not
// uploaded for a year.
type Reminder struct {
	UnitID  int64    `json:"unit_id"`
	Unit    string   `json:"unit"`
	Group   string   `json:"group"`
	Missing []string `json:"missing"`
	Titles  []string `json:"missing_titles"`
}

// DefaultReminderKinds are the ledgers every assessed unit keeps; the
// county office keeps tasks and weights for everyone.
var DefaultReminderKinds = []string{"applications", "disclosures", "documents", "enforcement", "appeals", "media", "activities", "responses"}

func (s *Server) reminders(ctx context.Context, year int, kinds []string) ([]Reminder, error) {
	rows, err := s.sql.QueryContext(ctx, sqlfiles.Query("missing_uploads"), year, strings.Join(kinds, ","))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Reminder{}
	for rows.Next() {
		var (
			id              int64
			name, grp, kind string
		)
		if err := rows.Scan(&id, &name, &grp, &kind); err != nil {
			return nil, err
		}
		if n := len(out); n == 0 || out[n-1].UnitID != id {
			out = append(out, Reminder{UnitID: id, Unit: name, Group: grp})
		}
		r := &out[len(out)-1]
		r.Missing = append(r.Missing, kind)
		r.Titles = append(r.Titles, kindTitle(kind))
	}
	return out, rows.Err()
}

func kindTitle(kind string) string {
	if k := gongkai.KindByName(kind); k != nil {
		return k.Title
	}
	return kind
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	ID      int64  `json:"id"`
	At      string `json:"at"`
	Account string `json:"account"`
	Role    string `json:"role"`
	Unit    string `json:"unit,omitempty"`
	Action  string `json:"action"`
	Detail  string `json:"detail"`
	Remote  string `json:"remote"`
	OK      bool   `json:"ok"`
}

func (s *Server) auditList(ctx context.Context, limit int) ([]AuditEntry, error) {
	rows, err := s.sql.QueryContext(ctx, sqlfiles.Query("audit_list"), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []AuditEntry{}
	for rows.Next() {
		var a AuditEntry
		if err := rows.Scan(&a.ID, &a.At, &a.Account, &a.Role, &a.Unit, &a.Action, &a.Detail, &a.Remote, &a.OK); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// auditLocked writes an audit entry; call it on the write queue.
func (s *Server) auditLocked(ctx context.Context, p *principal, remote string, unitID int64, action, detail string, ok bool) {
	var unit any
	if unitID != 0 {
		unit = unitID
	}
	// Not with ctx: an action cancelled half-way is still recorded.
	if _, err := s.sql.ExecContext(context.WithoutCancel(ctx), sqlfiles.Query("audit_insert"), p.Name, p.Role, unit, action, detail, remote, ok); err != nil {
		s.log.Error("写审计日志失败", "err", err, "action", action)
	}
}

// audit queues an audit entry and waits for it. It goes on the auth queue:
// a login's entry must not wait behind an upload, and appends to audit_log
// do not conflict with the data queue's writes.
func (s *Server) audit(ctx context.Context, p *principal, remote string, unitID int64, action, detail string, ok bool) {
	s.auth.do(context.WithoutCancel(ctx), func(ctx context.Context) error {
		s.auditLocked(ctx, p, remote, unitID, action, detail, ok)
		return nil
	})
}
