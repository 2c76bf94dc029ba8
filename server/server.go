// Package server is gongkai's web service (gongkai serve): clerks (填报员)
// download templates and upload their unit's ledgers, the office's admins
// (管理员) keep the registry, accounts and scheme, score, publish and
// restore, and leaders (领导) read the dashboards. Every page has a JSON
// twin under /api/.
//
// Writes to the database go through two queues, each served by a single
// goroutine: q for ledgers, registry, scheme, scores and restores (ingest's
// batch loads are transactional and roll back when their context is
// cancelled), and auth for logins, sessions, tokens and accounts. Each
// queue keeps its own writes in order; the two never write the same rows
// (audit_log is append-only, with a sequence DuckDB hands out safely to
// concurrent transactions), so DuckDB's optimistic concurrency lets them
// commit side by side, and a login never waits behind an upload's load.
// Reads run concurrently on store.DB's pool.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"gongkai/ingest"
	"gongkai/store"
)

// Config configures a Server. Zero values take the defaults below.
type Config struct {
	DB *store.DB
	// FilesDir holds annotated workbooks (under random names) and uploads
	// in progress; default: the database path + ".files".
	FilesDir string
	// MaxUploadBytes bounds a request body (http.MaxBytesReader); default 64 MiB.
	MaxUploadBytes int64
	// Limits bound what ingest reads from a file (decompressed size, rows).
	Limits ingest.Limits
	// UploadTimeout bounds queueing and loading one upload; default 2 min.
	UploadTimeout time.Duration
	// SessionTTL is how long a login lasts; default 8 h.
	SessionTTL time.Duration
	// InsecureCookies drops the Secure attribute (plain HTTP on a LAN
	// without TLS; browsers keep Secure cookies over http only for localhost).
	InsecureCookies bool
	// BcryptCost for new passwords; default bcrypt.DefaultCost.
	BcryptCost int
	// ShutdownGrace is how long a running request (an upload) may take to
	// finish on shutdown before its load is cancelled and rolled back; default 20 s.
	ShutdownGrace time.Duration
	// AnnotatedTTL is how long the annotated workbook of a refused (or
	// previewed) upload stays downloadable; it is purged after; default 90 days.
	AnnotatedTTL time.Duration
	// DashRefresh is the least time between rebuilds of a year's dashboard
	// after writes; default 5 s.
	DashRefresh time.Duration
	// Office is who runs the system, shown in every page's footer (e.g.
	// 平安县人民政府办公室政务公开科); empty: the footer names no office.
	Office string
	Logger *slog.Logger
	// Now is the clock (tests move it to expire sessions); default time.Now.
	Now func() time.Time
}

// Server is the web service over one database.
type Server struct {
	cfg     Config
	db      *store.DB
	log     *slog.Logger
	q       *writeQueue // data writes
	auth    *writeQueue // logins, sessions, tokens, accounts
	handler http.Handler
	routes  []route
	// gen counts finished writes; dashboards cache by it.
	gen   atomic.Int64
	dash  dashCache
	creds credCache
	login loginLimiter
	metaC metaCache
	// reviews are the 年报审核 workbooks and the one review running.
	reviews reviewStore
	// pending are the previewed partial imports waiting for confirmation.
	pending pendingStore
	pages   map[string]*pageTemplate
	// dbFile is the database file as opened (nil in memory), for readyz.
	dbFile os.FileInfo
}

// New builds a server; Close stops its write queue.
func New(cfg Config) (*Server, error) {
	if cfg.DB == nil {
		return nil, errors.New("server: no database")
	}
	if cfg.FilesDir == "" {
		cfg.FilesDir = DefaultFilesDir(cfg.DB)
	}
	if cfg.MaxUploadBytes == 0 {
		cfg.MaxUploadBytes = 64 << 20
	}
	if cfg.Limits == (ingest.Limits{}) {
		cfg.Limits = ingest.DefaultLimits
		cfg.Limits.MaxFileBytes = cfg.MaxUploadBytes
		cfg.Limits.MaxUnzipBytes = 1 << 30
		cfg.Limits.MaxRows = 1_000_000
	}
	if cfg.UploadTimeout == 0 {
		cfg.UploadTimeout = 2 * time.Minute
	}
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = 8 * time.Hour
	}
	if cfg.BcryptCost == 0 {
		cfg.BcryptCost = DefaultBcryptCost
	}
	if cfg.ShutdownGrace == 0 {
		cfg.ShutdownGrace = 20 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.AnnotatedTTL == 0 {
		cfg.AnnotatedTTL = 90 * 24 * time.Hour
	}
	for _, d := range []string{cfg.FilesDir, filepath.Join(cfg.FilesDir, "annotated"), filepath.Join(cfg.FilesDir, "tmp")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, fmt.Errorf("server: %w", err)
		}
	}
	// Uploads a crash left behind are of no use.
	if old, _ := filepath.Glob(filepath.Join(cfg.FilesDir, "tmp", "*")); len(old) > 0 {
		for _, p := range old {
			os.RemoveAll(p)
		}
	}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, db: cfg.DB, log: cfg.Logger, pages: pages, reviews: reviewStore{run: make(chan struct{}, 1)}}
	if p := cfg.DB.Path; p != "" && p != ":memory:" {
		if s.dbFile, err = os.Stat(p); err != nil {
			return nil, fmt.Errorf("server: %w", err)
		}
	}
	s.q = newWriteQueue(s)
	s.auth = newWriteQueue(s)
	s.routes = s.routeTable()
	s.handler = s.buildMux()
	s.purgeAnnotated(context.Background())
	return s, nil
}

// Handler serves every route.
func (s *Server) Handler() http.Handler { return s.handler }

// Close stops the write queue after the jobs already queued (cancel ctx
// of Serve first to roll back a running load). It does not close the DB.
func (s *Server) Close() {
	s.q.stop()
	s.auth.stop()
}

// Serve answers on ln until ctx is cancelled (SIGTERM), then shuts down
// gracefully: it stops accepting, lets running requests finish for
// ShutdownGrace, then cancels the running load (rolled back by the loader)
// and drains the write queue. The caller closes the database afterwards.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	s.log.Info("gongkai serve 已启动", "addr", ln.Addr().String(), "db", s.db.Path)
	select {
	case err := <-errc:
		s.q.cancelRunning()
		s.auth.cancelRunning()
		s.Close()
		return err
	case <-ctx.Done():
	}
	s.log.Info("正在停止：不再接受新请求，等待进行中的请求完成", "grace", s.cfg.ShutdownGrace.String())
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownGrace)
	err := hs.Shutdown(sctx)
	cancel()
	if err != nil {
		s.log.Warn("进行中的请求未在限时内完成，取消正在进行的导入（事务回滚）", "err", err)
		s.q.cancelRunning()
		s.auth.cancelRunning()
		hs.Close()
	}
	s.Close()
	s.log.Info("已停止")
	return nil
}

// writeQueue runs its database writes, one at a time, on one goroutine.
type writeQueue struct {
	s    *Server
	jobs chan *job
	// hard is cancelled to abort the running and queued jobs on shutdown.
	hard       context.Context
	cancelHard context.CancelFunc
	mu         sync.Mutex
	closed     bool
	done       chan struct{}
	// running is 1 while a job runs (tests wait for an upload to be under
	// way before measuring what must not wait behind it).
	running atomic.Int32
}

type job struct {
	ctx  context.Context
	fn   func(ctx context.Context) error
	errc chan error
	// quiet: the job writes nothing a dashboard shows (an audit entry of a
	// refused login), so it does not advance the write generation.
	quiet bool
}

// errStopping: the server is shutting down.
var errStopping = errors.New("服务正在停止，请稍后重试")

func newWriteQueue(s *Server) *writeQueue {
	hard, cancel := context.WithCancel(context.Background())
	q := &writeQueue{s: s, jobs: make(chan *job, 256), hard: hard, cancelHard: cancel, done: make(chan struct{})}
	go q.loop()
	return q
}

func (q *writeQueue) loop() {
	defer close(q.done)
	for j := range q.jobs {
		ctx, cancel := context.WithCancel(j.ctx)
		stop := context.AfterFunc(q.hard, cancel)
		var err error
		if err = ctx.Err(); err == nil {
			q.running.Store(1)
			err = q.run(ctx, j)
			q.running.Store(0)
		}
		stop()
		cancel()
		if !j.quiet {
			q.s.gen.Add(1)
		}
		j.errc <- err
	}
}

// writeHook, when set by a test, runs before every job on the writer
// goroutine (to inject a panic into the write path).
var writeHook func(ctx context.Context)

// run runs one job. A panic in it (a bug, or a library failing on some
// input) becomes an error for the waiting request, logged and audited here;
// the writer goroutine has no one above it to recover, so without this one
// upload would stop the server.
func (q *writeQueue) run(ctx context.Context, j *job) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = q.s.recovered(j.ctx, v, true)
		}
	}()
	if writeHook != nil {
		writeHook(ctx)
	}
	return j.fn(ctx)
}

// do runs fn on the writer goroutine and waits for it. fn gets a context
// that ends with ctx or when the server stops hard.
func (q *writeQueue) do(ctx context.Context, fn func(ctx context.Context) error) error {
	return q.submit(&job{ctx: ctx, fn: fn, errc: make(chan error, 1)})
}

// doQuiet is do for a job that changes nothing a dashboard shows.
func (q *writeQueue) doQuiet(ctx context.Context, fn func(ctx context.Context) error) error {
	return q.submit(&job{ctx: ctx, fn: fn, errc: make(chan error, 1), quiet: true})
}

func (q *writeQueue) submit(j *job) error {
	ctx := j.ctx
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return errStopping
	}
	select {
	case q.jobs <- j:
	case <-ctx.Done():
		q.mu.Unlock()
		return ctx.Err()
	}
	q.mu.Unlock()
	return <-j.errc
}

func (q *writeQueue) cancelRunning() { q.cancelHard() }

func (q *writeQueue) stop() {
	q.mu.Lock()
	if !q.closed {
		q.closed = true
		close(q.jobs)
	}
	q.mu.Unlock()
	<-q.done
}

// panicError is a recovered panic; the user sees only msgInternal.
type panicError struct{ value any }

func (e *panicError) Error() string { return msgInternal }

// caller is who made a request, carried in its context so that a panic on
// the write queue can be audited against the account.
type caller struct {
	p      *principal
	method string
	path   string
	remote string
}

type callerKey struct{}

func withCaller(r *http.Request, p *principal) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), callerKey{}, &caller{p: p, method: r.Method, path: r.URL.Path, remote: remoteAddr(r)}))
}

// recovered logs a panic with its stack and audits it against the request
// in ctx; onWriter: called on the writer goroutine (audit directly, not
// through the queue). It returns the error to answer with.
func (s *Server) recovered(ctx context.Context, v any, onWriter bool) error {
	c, _ := ctx.Value(callerKey{}).(*caller)
	if c == nil {
		c = &caller{}
	}
	s.log.Error("panic recovered", "where", map[bool]string{true: "write queue", false: "handler"}[onWriter],
		"method", c.method, "path", c.path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
	p := c.p
	if p == nil {
		p = &principal{Account: Account{Name: "-", Role: "-"}}
	}
	unit := p.UnitID
	if p.Role != RoleClerk {
		unit = 0
	}
	detail := fmt.Sprintf("处理 %s %s 时程序出错，本次操作未完成（详情见服务日志）", c.method, c.path)
	if onWriter {
		s.auditLocked(ctx, p, c.remote, unit, "internal_error", detail, false)
	} else {
		s.audit(ctx, p, c.remote, unit, "internal_error", detail, false)
	}
	return &panicError{v}
}
