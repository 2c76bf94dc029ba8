package ingest

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"gongkai"
	"gongkai/store"
)

// ReadAhead bounds Files' read-ahead; a zero field takes its default
// (DefaultReadAhead). Tests make them small to get many small groups.
type ReadAhead struct {
	// HoldRows: a file with more rows than this (all its kinds together)
	// is not held in memory but streamed in its turn, as File does.
	HoldRows int64
	// HoldBytes: a file larger than this is streamed without being read
	// first (it would nearly always exceed HoldRows).
	HoldBytes int64
	// HeldRows bounds the rows read ahead and held in memory until they
	// are loaded (the loader's group included); the file the loader waits
	// for is always read.
	HeldRows int64
	// Files bounds how many files are read ahead of the loader.
	Files int
}

// DefaultReadAhead holds a county's usual ledgers in memory and bounds a
// province's read-ahead to a few hundred MB.
var DefaultReadAhead = ReadAhead{HoldRows: 50_000, HoldBytes: 16 << 20, HeldRows: 250_000, Files: 8192}

func (r ReadAhead) withDefaults() ReadAhead {
	d := DefaultReadAhead
	if r.HoldRows == 0 {
		r.HoldRows = d.HoldRows
	}
	if r.HoldBytes == 0 {
		r.HoldBytes = d.HoldBytes
	}
	if r.HeldRows == 0 {
		r.HeldRows = d.HeldRows
	}
	if r.Files == 0 {
		r.Files = d.Files
	}
	return r
}

// errTooBig stops reading a file into memory: it goes the streaming way.
var errTooBig = errors.New("too many rows to hold in memory")

// Files ingests several files and returns their results in input order,
// each file's results as File returns them (the name of a file is its base
// name): the outcome is that of calling File on each path in turn. Files
// are read and checked on workers goroutines (runtime.GOMAXPROCS when
// workers <= 0) while one goroutine, the caller's, writes to the database.
//
// Small files (up to Options.ReadAhead.HoldRows rows) are read in full before they reach
// the loader, their batches held in memory (store.Batch.Hold), which lets
// store.LoadBatches write many in one pair of transactions. Larger files
// stream, one at a time, in their turn. The rows held in memory are bounded
// (ReadAhead.HeldRows). When ctx is cancelled, the files not yet loaded are
// refused and change nothing; those loaded stay loaded.
func (in *Ingester) Files(ctx context.Context, paths []string, opt Options, workers int) []Result {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	opt = opt.withDefaults()
	jobs := make([]*fileJob, len(paths))
	for i, p := range paths {
		jobs[i] = &fileJob{path: p, name: filepath.Base(p), ready: make(chan struct{})}
	}
	s := &schedule{jobs: jobs, max: opt.ReadAhead}
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
	in.load(ctx, jobs, opt, s)
	wg.Wait()

	var out []Result
	for _, j := range jobs {
		out = append(out, j.results...)
	}
	in.describe(ctx, out)
	return out
}

// cancelled is the result of a file Files did not get to.
func cancelled(name string) []Result {
	res := Result{File: name, Errors: []RowError{}}
	res.refuse(context.Canceled)
	return []Result{res}
}

// fileJob is one file of a File or Files call.
type fileJob struct {
	path, name string
	ready      chan struct{} // closed when prepared (Files)
	// results is final once set: a file refused as a whole, or one the
	// loader is done with.
	results  []Result
	stream   bool // opened and streamed by the loader's goroutine
	warnings []string
	hash     *fileHash
	kinds    []*kindJob
	rows     int64 // rows held in memory
}

// kindJob is one ledger kind of a file.
type kindJob struct {
	job     *fileJob
	planned Result       // before its rows were read: the result of an unchanged batch
	res     Result       // after; the final result once settled
	batch   *store.Batch // nil: refused before loading (res says why)
	rows    int64        // held in memory
	late    bool         // the load failed with errLateMerges: read the kind again
	// withFile: not loaded because another kind of the file was refused
	// (a file is loaded whole or refused whole); fileVerdict words it.
	withFile bool
}

// prepare reads and checks a file into memory, or finds it is for the
// streaming path or refused.
func (in *Ingester) prepare(ctx context.Context, j *fileJob, opt Options) {
	if st, err := os.Stat(j.path); err == nil && st.Size() > opt.ReadAhead.HoldBytes {
		j.stream = true
		return
	}
	f, refused := in.openFile(ctx, j.path, j.name, opt)
	if f == nil {
		j.results = refused
		return
	}
	defer f.src.Close()
	j.warnings, j.hash = f.warnings, f.hash
	var read int64
	for _, k := range f.order {
		plans := f.byKind[k]
		res, unit, ok := in.planKind(f.src, j.name, k, plans, opt)
		kj := &kindJob{job: j, planned: res, res: res}
		j.kinds = append(j.kinds, kj)
		if !ok {
			kj.res = withHash(res, f.hash)
			continue
		}
		norm := newNormalizer(k, in.Reg, unit, res.Year, f.src.Date1904())
		norm.expectRows(f.expectRows())
		columns := norm.columns()
		var rows []driver.Value
		var err error
		for vals, rerr := range in.kindRows(ctx, f.src, plans, norm, &kj.res, opt) {
			if err = rerr; err != nil {
				break
			}
			if read++; read > opt.ReadAhead.HoldRows {
				err = errTooBig
				break
			}
			rows = append(rows, vals...)
		}
		// A sheet whose merged cells came late goes the streaming way,
		// which reads it again with them.
		if errors.Is(err, errTooBig) || errors.Is(err, errLateMerges) {
			j.stream, j.kinds, j.warnings, j.hash, j.rows = true, nil, nil, nil, 0
			return
		}
		// The hash was computed while the rows were read.
		kj.planned, kj.res = withHash(kj.planned, f.hash), withHash(kj.res, f.hash)
		if kj.res.Status == StatusRefused {
			continue
		}
		kj.batch = newBatch(k, unit.ID, res.Year, j.name, opt, columns)
		kj.batch.SHA256 = kj.res.SHA256
		kj.res.setCounts(kj.batch)
		if err != nil {
			rows = nil // the batch fails: its rows need not wait
		}
		kj.batch.Hold(rows, err)
		kj.rows = int64(len(rows) / len(columns))
		j.rows += kj.rows
	}
}

// schedule hands files to the workers in order and bounds what they read
// ahead of the loader.
type schedule struct {
	mu   sync.Mutex
	cond *sync.Cond
	jobs []*fileJob
	next int   // the next file to prepare
	need int   // the file the loader waits for
	held int64 // rows read and not yet written
	max  ReadAhead
}

func (s *schedule) take() *fileJob {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.next < len(s.jobs) && s.next != s.need && (s.held >= s.max.HeldRows || s.next >= s.need+s.max.Files) {
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

// consumed: the loader has taken file i and waits for the next.
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

// load hands the files' batches, in order, to store.LoadBatches and
// settles every file's results. s, when not nil, is Files' read-ahead: the
// files come from its workers, and their rows are released once loaded.
func (in *Ingester) load(ctx context.Context, jobs []*fileJob, opt Options, s *schedule) {
	w := &writer{opt: opt, s: s}
	var pending []*kindJob // handed to the loader, awaiting their results
	give := func(yield func(*store.Batch) bool, kj *kindJob) bool {
		pending = append(pending, kj)
		return yield(kj.batch)
	}
	batches := func(yield func(*store.Batch) bool) {
		for i, j := range jobs {
			if s != nil {
				<-j.ready
				s.consumed(i)
				if j.stream && j.results == nil && ctx.Err() != nil {
					j.results = cancelled(j.name)
				}
			}
			switch {
			case j.results != nil:
			case j.stream:
				if !in.stream(ctx, j, opt, func(kj *kindJob) bool { return give(yield, kj) }) {
					return
				}
			default:
				if !giveFile(j.kinds, func(kj *kindJob) bool { return give(yield, kj) }) {
					return
				}
			}
		}
	}
	for lr, err := range in.DB.LoadBatches(ctx, batches) {
		kj := pending[0]
		pending = pending[1:]
		w.settle(kj, lr, err)
	}
	w.wait()
	for _, j := range jobs {
		if j.results != nil {
			continue
		}
		fileVerdict(j.kinds, opt)
		f := &openedFile{warnings: j.warnings}
		for _, kj := range j.kinds {
			j.results = append(j.results, f.withWarnings(kj.res))
		}
	}
}

// giveFile hands a file's kinds to the loader as one run (store.Batch
// WithNext): a file is loaded whole or refused whole, and its kinds are
// published together. A kind refused before its rows (no unit, no year)
// refuses the file: no kind is given, the others are withFile. It returns
// false when give does (stop loading).
func giveFile(kinds []*kindJob, give func(*kindJob) bool) bool {
	if slices.ContainsFunc(kinds, func(kj *kindJob) bool { return kj.batch == nil }) {
		for _, kj := range kinds {
			if kj.batch != nil {
				// As it was before its rows were read, whether they were
				// (Files) or not (File).
				kj.batch, kj.withFile = nil, true
				kj.res = withHash(kj.planned, kj.job.hash)
			}
		}
		return true
	}
	for i, kj := range kinds {
		kj.batch.WithNext = i < len(kinds)-1
		if !give(kj) {
			return false
		}
	}
	return true
}

// fileVerdict words the kinds of a file that were not loaded because
// another kind of it was refused (withFile), once every kind is settled.
// A partial import previewed for its refused rows (Options.Preview) waits
// for the clerk's confirmation as a whole: the file's other kinds are
// previewed with it, to load together on confirmation. Otherwise the file
// is refused: each kind says so, with the kinds that refused it.
func fileVerdict(kinds []*kindJob, opt Options) {
	if !slices.ContainsFunc(kinds, func(kj *kindJob) bool { return kj.withFile }) {
		return
	}
	var refused, previewed []*kindJob
	for _, kj := range kinds {
		switch {
		case kj.withFile:
		case kj.res.Status == StatusRefused:
			refused = append(refused, kj)
		case kj.res.Status == StatusPreview:
			previewed = append(previewed, kj)
		}
	}
	if len(refused) == 0 && len(previewed) > 0 {
		var names []string
		for _, kj := range previewed {
			names = append(names, "“"+kindTitle(&kj.res)+"”")
		}
		for _, kj := range kinds {
			if !kj.withFile {
				continue
			}
			r := &kj.res
			r.Status, r.Code, r.Reason, r.BatchID, r.Replaced, r.RowsLoaded = StatusPreview, "", "", 0, 0, 0
			r.Replaces = &Replacement{RowsAfter: r.fileRows()}
			r.Warnings = append(r.Warnings, fmt.Sprintf("同一文件中的%s有错误行，整个文件待确认后一并导入，本台账尚未导入（数据未作任何改动）", strings.Join(names, "、")))
		}
		return
	}
	var names []string
	for _, kj := range refused {
		n := "“" + kindTitle(&kj.res) + "”"
		if kj.res.Code == gongkai.EROWSREFUSED {
			n += fmt.Sprintf("（%d 行有错误）", kj.res.RowsRefused)
		}
		names = append(names, n)
		// Its own reason may say nothing of the file's other kinds.
		if r := &kj.res; !strings.Contains(r.Reason, "未导入") {
			r.Reason = strings.TrimSuffix(r.Reason, "。") + "。整个文件未导入（数据未作任何改动）"
		}
	}
	code, what := gongkai.EINTERNAL, "有台账"
	if len(refused) > 0 {
		code, what = refused[0].res.Code, strings.Join(names, "、")
	}
	reason := fmt.Sprintf("同一文件中的%s被拒收，整个文件未导入（数据未作任何改动），本台账也未导入", what)
	if code == gongkai.EROWSREFUSED {
		reason += "。请改正后重新上传"
	}
	for _, kj := range kinds {
		// A kind previewed for its refused rows cannot load either: the
		// file as a whole is refused.
		if !kj.withFile && kj.res.Status != StatusPreview {
			continue
		}
		r := &kj.res
		r.Status, r.Code, r.Reason, r.BatchID, r.Replaced, r.RowsLoaded, r.RowsStored, r.Replaces = StatusRefused, code, reason, 0, 0, 0, 0, nil
	}
}

// kindTitle is the kind of a result as the clerk knows it.
func kindTitle(r *Result) string {
	if r.KindTitle != "" {
		return r.KindTitle
	}
	return r.Kind
}

// stream opens a file on the loader's goroutine and gives its kinds one at
// a time, their rows streaming: when give returns, the loader is done with
// the kind's rows. It returns false when give does (stop loading).
func (in *Ingester) stream(ctx context.Context, j *fileJob, opt Options, give func(*kindJob) bool) bool {
	f, refused := in.openFile(ctx, j.path, j.name, opt)
	if f == nil {
		j.results = refused
		return true
	}
	defer f.src.Close()
	j.warnings, j.hash = f.warnings, f.hash
	sheets := 0
	for _, k := range f.order {
		sheets += len(f.byKind[k])
	}
	// A sheet whose merged cells over its data were found only at its end
	// failed its kind's load, and so the file's (errLateMerges): the file
	// is read again, those merges known. Each read learns a sheet's at
	// least.
	for try := 0; ; try++ {
		// Every kind is planned before any row is read: one refused
		// before its rows refuses the file.
		j.kinds = nil
		for _, k := range f.order {
			kj := in.streamKind(ctx, f, j.name, k, opt)
			kj.job = j
			j.kinds = append(j.kinds, kj)
		}
		if !giveFile(j.kinds, give) {
			return false
		}
		late := false
		for i, kj := range j.kinds {
			if kj.late {
				late = true
				f.resniff(f.order[i])
			}
		}
		if !late || try == sheets {
			return true
		}
	}
}

// writer settles the kinds the loader is done with.
type writer struct {
	opt Options
	s   *schedule
	// Annotated copies of refused workbooks are written beside the loader,
	// one at a time and in order: two files of the same name write the same
	// copy, and the later one must win.
	annotations chan func()
	annotated   chan struct{}
}

// settle completes a kind's result from what the loader did (lr, err).
func (w *writer) settle(kj *kindJob, lr store.LoadResult, err error) {
	j, res := kj.job, kj.res
	if lr.Unchanged {
		res = kj.planned
	}
	kj.batch = nil // the rows may go
	if w.s != nil {
		w.s.release(kj.rows)
	}
	if errors.Is(err, store.ErrWithFile) {
		// Worded with the file's other kinds (fileVerdict).
		kj.withFile, kj.res = true, withHash(res, j.hash)
		return
	}
	done := func() {
		kj.res = withHash(kindOutcome(res, lr, err, j.path, j.name, res.Format, w.opt), j.hash)
	}
	if errors.Is(err, errRowsRefused) && res.Format == "xlsx" && !w.opt.NoAnnotate {
		// The annotated copy takes a while: not on the loader's goroutine.
		w.annotate(done)
		return
	}
	done()
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

// wait waits for the annotated copies.
func (w *writer) wait() {
	if w.annotations != nil {
		close(w.annotations)
		<-w.annotated
	}
}
