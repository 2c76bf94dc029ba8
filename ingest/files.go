package ingest

import (
	"context"
	"database/sql/driver"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"gongkai/store"
)

// Limits of Files' grouped path; variables so that tests can make groups small.
var (
	// bulkMaxRows: a file with more rows than this (all its kinds together)
	// is not held in memory but streamed by the writer through File's path.
	bulkMaxRows int64 = 50_000
	// bulkMaxBytes: a file larger than this is streamed without being read
	// first (it would nearly always exceed bulkMaxRows).
	bulkMaxBytes int64 = 16 << 20
	// A group written in one pair of transactions holds at most this many
	// rows and batches.
	groupMaxRows    int64 = 100_000
	groupMaxBatches       = 4096
	// heldMaxRows bounds the rows read ahead of the writer (the group being
	// built included); the file the writer waits for is always read.
	heldMaxRows int64 = 250_000
	// aheadMaxFiles bounds how many files are read ahead of the writer.
	aheadMaxFiles = 8192
)

// errTooBig stops reading a file into memory: it goes the streaming way.
var errTooBig = errors.New("too many rows to hold in memory")

// Files ingests several files and returns their results in input order,
// each file's results as File returns them (the name of a file is its base
// name): the outcome is that of calling File on each path in turn. Files
// are read and checked on workers goroutines (runtime.GOMAXPROCS when
// workers <= 0) while one goroutine, the caller's, writes to the database.
//
// Small files (up to bulkMaxRows rows) are read in full before they reach
// the writer, which loads them in groups with store.LoadBatches: two
// transactions per group instead of two per batch. Larger files go through
// File's streaming path, one at a time, in their turn. The rows held in
// memory are bounded (heldMaxRows). When ctx is cancelled, the files not
// yet loaded are refused and change nothing; those loaded stay loaded.
func (in *Ingester) Files(ctx context.Context, paths []string, opt Options, workers int) []Result {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	opt = opt.withDefaults()
	jobs := make([]*fileJob, len(paths))
	for i, p := range paths {
		jobs[i] = &fileJob{path: p, name: filepath.Base(p), ready: make(chan struct{})}
	}
	s := &schedule{jobs: jobs}
	s.cond = sync.NewCond(&s.mu)
	var wg sync.WaitGroup
	for w := 0; w < min(workers, len(jobs)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				j := s.take()
				if j == nil {
					return
				}
				if ctx.Err() != nil {
					j.results = cancelled(j.name)
				} else {
					in.prepare(ctx, j, opt)
				}
				s.hold(j.rows)
				close(j.ready)
			}
		}()
	}

	w := &writer{in: in, ctx: ctx, opt: opt, s: s}
	for i, j := range jobs {
		<-j.ready
		s.consumed(i)
		switch {
		case j.results != nil:
		case j.stream:
			w.flush()
			w.drain() // File may annotate a copy of the same name
			if ctx.Err() != nil {
				j.results = cancelled(j.name)
			} else {
				j.results = in.File(ctx, j.path, j.name, opt)
			}
		default:
			w.add(j)
		}
	}
	w.flush()
	w.wait()
	wg.Wait()

	var out []Result
	for _, j := range jobs {
		out = append(out, j.results...)
	}
	return out
}

// cancelled is the result of a file Files did not get to.
func cancelled(name string) []Result {
	res := Result{File: name, Errors: []RowError{}}
	res.refuse(context.Canceled)
	return []Result{res}
}

// fileJob is one file of a Files call.
type fileJob struct {
	path, name string
	ready      chan struct{} // closed when prepared
	// results is final once set: a file refused as a whole, or one the writer has loaded.
	results  []Result
	stream   bool // for the writer to load through File
	warnings []string
	kinds    []*kindJob
	rows     int64 // rows held in memory
}

// kindJob is one ledger kind of a file, read in full.
type kindJob struct {
	ok      bool   // unit and year settled; else res is the refusal
	planned Result // before its rows were read: the result of an unchanged batch
	res     Result // after
	format  string
	batch   store.BulkBatch
}

// prepare reads and checks a file into memory, or finds it is for the
// streaming path or refused.
func (in *Ingester) prepare(ctx context.Context, j *fileJob, opt Options) {
	if st, err := os.Stat(j.path); err == nil && st.Size() > bulkMaxBytes {
		j.stream = true
		return
	}
	f, refused := in.openFile(ctx, j.path, j.name, opt)
	if f == nil {
		j.results = refused
		return
	}
	defer f.src.Close()
	j.warnings = f.warnings
	var held int64
	for _, k := range f.order {
		plans := f.byKind[k]
		res, unit, ok := in.planKind(f.src, j.name, k, plans, opt)
		kj := &kindJob{ok: ok, planned: res, res: res, format: f.src.Format()}
		j.kinds = append(j.kinds, kj)
		if !ok {
			kj.res = withHash(res, f.hash)
			continue
		}
		norm := newNormalizer(k, in.Reg, unit, res.Year, f.src.Date1904())
		norm.expectRows(f.expectRows())
		columns := norm.columns()
		var rows []driver.Value
		err := in.kindRows(ctx, f.src, plans, norm, &kj.res, opt)(func(vals []driver.Value) error {
			if held++; held > bulkMaxRows {
				return errTooBig
			}
			rows = append(rows, vals...)
			return nil
		})
		if errors.Is(err, errTooBig) {
			j.stream, j.kinds, j.warnings = true, nil, nil
			return
		}
		// The hash was computed while the rows were read.
		kj.planned, kj.res = withHash(kj.planned, f.hash), withHash(kj.res, f.hash)
		if kj.res.Status == StatusRefused {
			kj.ok = false
			continue
		}
		kj.batch = store.BulkBatch{
			Batch: store.Batch{
				Kind: k.Name, Table: k.Table, UnitID: unit.ID, Year: res.Year, FileName: j.name, SHA256: kj.res.SHA256,
				Uploader: opt.Uploader, Partial: opt.Partial,
				RowsRead: kj.res.RowsRead, RowsSkipped: kj.res.RowsSkipped, RowsRefused: kj.res.RowsRefused,
			},
			Columns: columns, Rows: rows, Err: err,
		}
	}
	j.rows = held
}

// schedule hands files to the workers in order and bounds what they read
// ahead of the writer.
type schedule struct {
	mu   sync.Mutex
	cond *sync.Cond
	jobs []*fileJob
	next int   // the next file to prepare
	need int   // the file the writer waits for
	held int64 // rows read and not yet written
}

func (s *schedule) take() *fileJob {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.next < len(s.jobs) && s.next != s.need && (s.held >= heldMaxRows || s.next >= s.need+aheadMaxFiles) {
		s.cond.Wait()
	}
	if s.next >= len(s.jobs) {
		return nil
	}
	j := s.jobs[s.next]
	s.next++
	return j
}

func (s *schedule) hold(rows int64) {
	s.mu.Lock()
	s.held += rows
	s.mu.Unlock()
}

// consumed: the writer has taken file i and waits for the next.
func (s *schedule) consumed(i int) {
	s.mu.Lock()
	s.need = i + 1
	s.cond.Broadcast()
	s.mu.Unlock()
}

func (s *schedule) release(rows int64) {
	s.mu.Lock()
	s.held -= rows
	s.cond.Broadcast()
	s.mu.Unlock()
}

// writer gathers prepared files into groups and loads them.
type writer struct {
	in    *Ingester
	ctx   context.Context
	opt   Options
	s     *schedule
	files []*fileJob
	rows  int64
	count int // batches
	// Annotated copies of refused workbooks are written beside the writer,
	// one at a time and in order: two files of the same name write the same
	// copy, and the later one must win.
	annotations chan func()
	annotated   chan struct{}
}

func (w *writer) annotate(f func()) {
	if w.annotations == nil {
		w.annotations, w.annotated = make(chan func(), 1024), make(chan struct{})
		go func() {
			defer close(w.annotated)
			for f := range w.annotations {
				f()
			}
		}()
	}
	w.annotations <- f
}

// drain waits for the annotated copies queued so far.
func (w *writer) drain() {
	if w.annotations != nil {
		done := make(chan struct{})
		w.annotations <- func() { close(done) }
		<-done
	}
}

// wait waits for the annotated copies.
func (w *writer) wait() {
	if w.annotations != nil {
		close(w.annotations)
		<-w.annotated
	}
}

func (w *writer) add(j *fileJob) {
	w.files = append(w.files, j)
	w.rows += j.rows
	for _, kj := range j.kinds {
		if kj.ok {
			w.count++
		}
	}
	if w.rows >= groupMaxRows || w.count >= groupMaxBatches {
		w.flush()
	}
}

// flush loads the group and settles its files' results.
func (w *writer) flush() {
	if len(w.files) == 0 {
		return
	}
	var batches []store.BulkBatch
	for _, j := range w.files {
		for _, kj := range j.kinds {
			if kj.ok {
				batches = append(batches, kj.batch)
			}
		}
	}
	lrs, errs := w.in.DB.LoadBatches(w.ctx, batches)
	g := 0
	for _, j := range w.files {
		j.results = make([]Result, len(j.kinds))
		f := &openedFile{warnings: j.warnings}
		for ki, kj := range j.kinds {
			if !kj.ok {
				j.results[ki] = f.withWarnings(kj.res)
				continue
			}
			lr, err := lrs[g], errs[g]
			g++
			res := kj.res
			if lr.Unchanged {
				res, err = kj.planned, nil
			}
			if errors.Is(err, errRowsRefused) && kj.format == "xlsx" && !w.opt.NoAnnotate {
				// The annotated copy takes a while: not on the writer.
				w.annotate(func() {
					j.results[ki] = f.withWarnings(kindOutcome(res, lr, err, j.path, j.name, kj.format, w.opt))
				})
				continue
			}
			j.results[ki] = f.withWarnings(kindOutcome(res, lr, err, j.path, j.name, kj.format, w.opt))
		}
		j.kinds = nil // the rows may go
	}
	w.s.release(w.rows)
	w.files, w.rows, w.count = nil, 0, 0
}
