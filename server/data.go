package server

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"gongkai"
	"gongkai/metrics"
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
	u, err := s.db.UnitGet(ctx, id)
	if store.NotFound(err) {
		return unitInfo{}, errNoUnit
	}
	return unitInfo{ID: u.ID, Name: u.Name, Group: u.Group}, err
}

// KindStatus is a unit's state of one ledger kind in a year.
type KindStatus = store.KindStatus

// unitStatus lists every ledger kind a unit keeps (gongkai.UnitKinds) with
// the unit's active batch of the year, its 零报告 in force and whether the
// year's scheme asks it for the kind: county-wide kinds are no unit's.
func (s *Server) unitStatus(ctx context.Context, unitID int64, year int) ([]KindStatus, error) {
	st, err := s.kindStatus(ctx, unitID, year, gongkai.UnitKinds())
	if err != nil {
		return nil, err
	}
	decl, err := s.db.DeclareInForce(ctx, unitID, year)
	if err != nil {
		return nil, err
	}
	owed, err := s.db.OwedKinds(ctx, unitID, year)
	if err != nil {
		return nil, err
	}
	for i := range st {
		for j := range decl {
			if decl[j].Kind == st[i].Kind {
				decl[j].Title = st[i].Title
				st[i].Declared = &decl[j]
			}
		}
		st[i].NotOwed = len(owed) > 0 && !slices.Contains(owed, st[i].Kind)
	}
	return st, nil
}

// declarations lists a unit's 零报告 acts, newest first.
func (s *Server) declarations(ctx context.Context, unitID int64) ([]store.Declaration, error) {
	ds, err := s.db.DeclareHistory(ctx, unitID)
	for i := range ds {
		ds[i].Title = kindTitle(ds[i].Kind)
	}
	return orEmpty(ds), err
}

// countyStatus lists the county-wide kinds with the county's active batch
// of the year, for the office.
func (s *Server) countyStatus(ctx context.Context, year int) ([]KindStatus, error) {
	var kinds []*gongkai.Kind
	for _, k := range gongkai.Kinds {
		if k.CountyWide {
			kinds = append(kinds, k)
		}
	}
	return s.kindStatus(ctx, gongkai.CountyUnitID, year, kinds)
}

// kindStatus lists kinds with the active batch of unitID and year.
func (s *Server) kindStatus(ctx context.Context, unitID int64, year int, kinds []*gongkai.Kind) ([]KindStatus, error) {
	active, err := s.db.UnitStatus(ctx, unitID, year)
	if err != nil {
		return nil, err
	}
	got := map[string]KindStatus{}
	for _, k := range active {
		got[k.Kind] = k
	}
	out := make([]KindStatus, 0, len(kinds))
	for _, k := range kinds {
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
func (s *Server) history(ctx context.Context, unitID int64) ([]gongkai.Batch, error) {
	var h []gongkai.Batch
	var err error
	if unitID == 0 {
		h, err = s.db.History(ctx)
	} else {
		h, err = s.db.UnitHistory(ctx, unitID)
	}
	return orEmpty(h), err
}

// Published is a version of a year's results (a publication or a
// withdrawal, metrics.Version).
type Published = metrics.Version

// metaCache keeps the scored years and every year's latest version until
// the next write.
type metaCache struct {
	mu     sync.Mutex
	gen    int64
	valid  bool
	scored []int
	latest []Published
}

// meta returns the scored years (newest first) and every year's latest
// version, read once per write generation.
func (s *Server) meta(ctx context.Context) ([]int, []Published, error) {
	gen := s.gen.Load()
	c := &s.metaC
	c.mu.Lock()
	if c.valid && c.gen == gen {
		sc, l := c.scored, c.latest
		c.mu.Unlock()
		return sc, l, nil
	}
	c.mu.Unlock()
	sc, err := s.readScoredYears(ctx)
	if err != nil {
		return nil, nil, err
	}
	l, err := metrics.Latest(ctx, s.db)
	if err != nil {
		return nil, nil, err
	}
	c.mu.Lock()
	c.gen, c.valid, c.scored, c.latest = gen, true, sc, l
	c.mu.Unlock()
	return sc, l, nil
}

// published lists the years whose latest version is a publication (what
// the units see), newest first.
func (s *Server) published(ctx context.Context) ([]Published, error) {
	_, l, err := s.meta(ctx)
	out := []Published{}
	for _, v := range l {
		if v.State == store.VersionPublished {
			out = append(out, v)
		}
	}
	return out, err
}

// publishedYears lists the years the units can see, newest first.
func (s *Server) publishedYears(ctx context.Context) ([]int, error) {
	ps, err := s.published(ctx)
	out := make([]int, len(ps))
	for i, p := range ps {
		out[i] = p.Year
	}
	return out, err
}

func (s *Server) scoredYears(ctx context.Context) ([]int, error) {
	sc, _, err := s.meta(ctx)
	return sc, err
}

// latestVersion is a year's latest version, nil if it has none.
func (s *Server) latestVersion(ctx context.Context, year int) (*Published, error) {
	_, l, err := s.meta(ctx)
	if err != nil {
		return nil, err
	}
	for i := range l {
		if l[i].Year == year {
			return &l[i], nil
		}
	}
	return nil, nil
}

func (s *Server) isPublished(ctx context.Context, year int) (bool, error) {
	v, err := s.latestVersion(ctx, year)
	return v != nil && v.State == store.VersionPublished, err
}

// versionFor is the version of a year's results p is shown, with its
// label: an admin the draft, the live score tables (the published version
// and what would change are on the versions page); a clerk or leader the
// published version only, and an error saying it is not published or was
// withdrawn otherwise (issue 15).
func (s *Server) versionFor(ctx context.Context, p *principal, year int) (int, string, error) {
	if p.Role == RoleAdmin {
		return metrics.Draft, metrics.Label(nil), nil
	}
	v, err := s.latestVersion(ctx, year)
	switch {
	case err != nil:
		return 0, "", err
	case v == nil:
		return 0, "", errNotPublished
	case v.State == store.VersionWithdrawn:
		return 0, "", &httpError{http.StatusForbidden, withdrawnText(v)}
	}
	return v.Version, metrics.Label(v), nil
}

// withdrawnText says that a year's results were withdrawn, when, by whom
// and why.
func withdrawnText(v *Published) string {
	return fmt.Sprintf("%d 年度考核结果已于 %s 由 %s 撤回（%s），请等待重新发布", v.Year, v.At, v.By, v.Reason)
}

// readScoredYears lists the years with scores, newest first.
func (s *Server) readScoredYears(ctx context.Context) ([]int, error) {
	ys, err := metrics.Years(ctx, s.db)
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
	return s.db.BatchYears(ctx)
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

// DefaultReminderKinds are the ledgers every assessed unit keeps: the kinds
// kept per unit (gongkai.UnitKinds). The county-wide ones are the office's.
var DefaultReminderKinds = func() []string {
	var out []string
	for _, k := range gongkai.UnitKinds() {
		out = append(out, k.Name)
	}
	return out
}()

func (s *Server) reminders(ctx context.Context, year int, kinds []string) ([]Reminder, error) {
	missing, err := s.db.MissingUploads(ctx, year, kinds)
	if err != nil {
		return nil, err
	}
	out := []Reminder{}
	for _, m := range missing {
		if n := len(out); n == 0 || out[n-1].UnitID != m.UnitID {
			out = append(out, Reminder{UnitID: m.UnitID, Unit: m.Unit, Group: m.Group})
		}
		r := &out[len(out)-1]
		r.Missing = append(r.Missing, m.Kind)
		r.Titles = append(r.Titles, kindTitle(m.Kind))
	}
	return out, nil
}

func kindTitle(kind string) string {
	if k := gongkai.KindByName(kind); k != nil {
		return k.Title
	}
	return kind
}

// AuditEntry is one line of the audit log.
type AuditEntry = store.AuditEntry

// auditFilter reads the audit log's filter from a request: account,
// action (a code of auditActions), from and to (days, 2006-01-02, both
// included).
func auditFilter(r *http.Request) (store.AuditFilter, error) {
	f := store.AuditFilter{
		Account: strings.TrimSpace(r.FormValue("account")),
		Action:  strings.TrimSpace(r.FormValue("action")),
		From:    strings.TrimSpace(r.FormValue("from")),
		To:      strings.TrimSpace(r.FormValue("to")),
	}
	if f.Action != "" && actionTitle(f.Action) == f.Action {
		return f, badRequest("没有“%s”这种操作", f.Action)
	}
	for _, d := range []string{f.From, f.To} {
		if _, err := time.Parse(time.DateOnly, d); d != "" && err != nil {
			return f, badRequest("日期“%s”无效，应为 2024-01-31 的形式", d)
		}
	}
	if f.From != "" && f.To != "" && f.From > f.To {
		return f, badRequest("起始日期 %s 晚于截止日期 %s", f.From, f.To)
	}
	return f, nil
}

func (s *Server) auditList(ctx context.Context, f store.AuditFilter, limit, offset int) ([]AuditEntry, error) {
	es, err := s.db.AuditList(ctx, f, limit, offset)
	return orEmpty(es), err
}

// auditLocked writes an audit entry; call it on the write queue.
func (s *Server) auditLocked(ctx context.Context, p *principal, remote string, unitID int64, action, detail string, ok bool) {
	// Not with ctx: an action cancelled half-way is still recorded.
	e := store.NewAudit{Account: p.Name, Role: p.Role, UnitID: unitID, Action: action, Detail: detail, Remote: remote, OK: ok}
	if err := s.db.AuditInsert(context.WithoutCancel(ctx), e); err != nil {
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
