// Package ingest turns the ledgers (台账) units upload as .xlsx or .csv into
// rows of the DuckDB ledger tables: it finds the header under title rows,
// recognises the ledger kind, normalises every cell and refuses what is
// wrong with a reason a clerk understands (file, sheet, row, column).
package ingest

import (
	"context"
	"crypto/sha256"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"gongkai"
	"gongkai/store"
)

// Options for one ingest call.
type Options struct {
	Year     int    // reporting year; 0 = from title, file name or dates
	Kind     string // force a ledger kind; "" = recognise from headers
	Unit     string // the submitting unit when the file does not name it
	UnitOnly bool   // the uploader speaks for Unit alone (a clerk): a county-wide ledger is refused
	Partial  bool   // load the good rows of a file that has refused rows
	// Preview, with Partial, loads no kind that has refused rows: its
	// Result is StatusPreview, saying what the load would replace
	// (Replaces) and, for an .xlsx, with the annotated copy of the refused
	// rows. The caller loads it with Preview off once the clerk confirms
	// (issue 15: a partial import says what it replaces before it commits).
	// A file loads whole or not at all: the kinds without refused rows of
	// a file previewed are previewed with it (a workbook of several kinds),
	// to load together once confirmed.
	Preview  bool
	Uploader string
	Limits   Limits
	// AnnotateDir receives an annotated copy of a refused .xlsx; "" = beside the file.
	AnnotateDir string
	NoAnnotate  bool
	MaxErrors   int // errors listed per file (all are counted); 0 = 1000
	// ExcelizeOnly reads .xlsx with excelize alone, the fast reader off:
	// the reference path, for tests and benchmarks to compare with.
	ExcelizeOnly bool
	// ReadAhead bounds what Files reads ahead of the loader.
	ReadAhead ReadAhead
}

// RowError is one refused cell or row.
type RowError struct {
	Sheet  string `json:"sheet"`
	Row    int    `json:"row"`
	Column string `json:"column"`
	Cell   string `json:"cell,omitempty"`
	Value  string `json:"value"`
	Reason string `json:"reason"`
	col    int    // 0-based file column, -1 for the whole row
}

// Result is the outcome for one file (and one ledger kind in it). A
// refusal's Code says what happened (gongkai.ENOUNIT, …); its Reason states
// the facts in Chinese and names no CLI flag or web control: the CLI and the
// server add their own words for the code.
type Result struct {
	File        string `json:"file"`
	Kind        string `json:"kind"`
	KindTitle   string `json:"kind_title,omitempty"`
	Unit        string `json:"unit"`             // gongkai.CountyName for a county-wide ledger
	County      bool   `json:"county,omitempty"` // a county-wide ledger: its batch is the county's
	Year        int    `json:"year"`
	Format      string `json:"format,omitempty"`
	Encoding    string `json:"encoding,omitempty"`
	RowsRead    int64  `json:"rows_read"`
	RowsLoaded  int64  `json:"rows_loaded"`           // the file's rows loaded, as the clerk counts them
	RowsStored  int64  `json:"rows_stored,omitempty"` // when more: a task with several 牵头单位 is stored once per lead unit
	RowsSkipped int64  `json:"rows_skipped"`
	RowsRefused int64  `json:"rows_refused"`
	Status      string `json:"status"` // loaded, partial, unchanged, refused
	Code        string `json:"code,omitempty"`
	Reason      string `json:"reason,omitempty"`
	BatchID     int64  `json:"batch_id,omitempty"`
	Replaced    int64  `json:"replaced_batch,omitempty"`
	// Replaces says what the load replaced -- or, previewed, would
	// replace -- with the rows before and after (nil when it replaced
	// nothing and was no preview).
	Replaces        *Replacement `json:"replaces,omitempty"`
	SHA256          string       `json:"sha256,omitempty"`
	Errors          []RowError   `json:"errors"`
	ErrorsTruncated bool         `json:"errors_truncated,omitempty"`
	Warnings        []string     `json:"warnings,omitempty"`
	Annotated       string       `json:"annotated,omitempty"`
}

// Replacement is the batch a load replaces, or would replace, and the
// rows after it.
type Replacement struct {
	BatchID    int64  `json:"batch_id,omitempty"` // 0: no batch was active
	File       string `json:"file,omitempty"`
	Uploader   string `json:"uploader,omitempty"`
	UploadedAt string `json:"uploaded_at,omitempty"`
	RowsBefore int64  `json:"rows_before"`
	// PartialBefore: the batch replaced was itself a partial import, with
	// RefusedBefore rows refused.
	PartialBefore bool  `json:"partial_before,omitempty"`
	RefusedBefore int64 `json:"refused_before,omitempty"`
	RowsAfter     int64 `json:"rows_after"`
}

// refuse makes r the refusal err stands for.
func (r *Result) refuse(err error) {
	e := refusalOf(err)
	r.Status, r.Code, r.Reason = StatusRefused, e.Code, e.Message
}

// Statuses of a Result.
const (
	StatusLoaded    = "loaded"
	StatusPartial   = "partial"
	StatusUnchanged = "unchanged"
	StatusRefused   = "refused"
	// StatusPreview: a partial import not loaded yet (Options.Preview).
	StatusPreview = "preview"
)

// Ingester loads files into one database.
type Ingester struct {
	DB  *store.DB
	Reg *Registry
}

// New reads the registry and returns an Ingester.
func New(ctx context.Context, db *store.DB) (*Ingester, error) {
	reg, err := LoadRegistry(ctx, db)
	if err != nil {
		return nil, err
	}
	return &Ingester{DB: db, Reg: reg}, nil
}

// errRowsRefused rolls a load back when refused rows forbid it.
var errRowsRefused = errors.New("rows refused")

// sheetPlan is a sheet recognised as a ledger.
type sheetPlan struct {
	sheet  string
	lay    *layout
	title  string     // text above the header, for the unit and year
	titles []string   // the same, row by row
	sample [][]string // data rows read while sniffing
	tail   footer     // the notes under the table, as the rows stream (once: a plan is read once)
}

// lookahead data rows read with the header to settle unit and year.
const lookahead = 200

// File ingests one file: one Result per ledger kind found in it (nearly
// always one). name is what the clerk called the file (for messages and
// unit/year detection); it is never used as a path. Each kind's rows
// stream from the file into the database (store.LoadBatches); the kinds of
// a file are published together, and none is loaded unless all are.
func (in *Ingester) File(ctx context.Context, path, name string, opt Options) []Result {
	if name == "" {
		name = filepath.Base(path)
	}
	j := &fileJob{path: path, name: name, stream: true}
	in.load(ctx, []*fileJob{j}, opt.withDefaults(), nil)
	in.describe(ctx, j.results)
	return j.results
}

// describe fills in Replaces: for a load that replaced a batch, that
// batch; for a preview, the active batch the load would replace (none:
// BatchID 0). A batch that cannot be read leaves a warning, not a refusal:
// the load has happened (or, previewed, changed nothing).
func (in *Ingester) describe(ctx context.Context, results []Result) {
	for i := range results {
		r := &results[i]
		var b gongkai.Batch
		var err error
		switch {
		case r.Status == StatusPreview:
			unit := gongkai.CountyUnitID
			if !r.County {
				u, rerr := in.Reg.Resolve(r.Unit)
				if rerr != nil {
					continue
				}
				unit = u.ID
			}
			b, err = in.DB.UploadActiveBatch(ctx, unit, r.Kind, r.Year)
			if store.NotFound(err) {
				continue // nothing to replace
			}
		case r.Replaced != 0 && (r.Status == StatusLoaded || r.Status == StatusPartial):
			b, err = in.DB.UploadBatch(ctx, r.Replaced)
			r.Replaces = &Replacement{RowsAfter: r.RowsLoaded}
		default:
			continue
		}
		if err != nil {
			r.Warnings = append(r.Warnings, "未能读取被替换批次的信息："+reasonOf(err))
			continue
		}
		x := r.Replaces
		x.BatchID, x.File, x.Uploader, x.UploadedAt, x.RowsBefore = b.ID, b.FileName, b.Uploader, b.UploadedAt, b.RowsLoaded
		x.PartialBefore, x.RefusedBefore = b.Partial, b.RowsRefused
	}
}

// withDefaults fills in the limits and the error list length.
func (opt Options) withDefaults() Options {
	if opt.Limits == (Limits{}) {
		opt.Limits = DefaultLimits
	}
	if opt.MaxErrors == 0 {
		opt.MaxErrors = 1000
	}
	opt.ReadAhead = opt.ReadAhead.withDefaults()
	return opt
}

// openedFile is a file opened and sniffed, its hash under way: its ledger
// sheets by kind.
type openedFile struct {
	src      source
	hash     *fileHash
	warnings []string // about the file as a whole, ahead of each kind's own
	order    []*gongkai.Kind
	byKind   map[*gongkai.Kind][]*sheetPlan
}

func (f *openedFile) withWarnings(r Result) Result {
	r.Warnings = append(append([]string{}, f.warnings...), r.Warnings...)
	return r
}

// openFile opens a file and finds its ledger sheets; when it cannot, it
// returns nil and the file's refusal. opt has its defaults.
func (in *Ingester) openFile(ctx context.Context, path, name string, opt Options) (*openedFile, []Result) {
	refuse := func(kind string, err error) []Result {
		res := Result{File: name, Kind: kind, Errors: []RowError{}}
		res.refuse(err)
		return []Result{res}
	}
	var forced *gongkai.Kind
	if opt.Kind != "" {
		if forced = gongkai.KindByName(opt.Kind); forced == nil {
			return nil, refuse(opt.Kind, gongkai.Errorf(gongkai.EUNKNOWNKIND, "未知的台账类型“%s”，应为：%s", opt.Kind, strings.Join(gongkai.KindNames(), ", ")))
		}
	}
	// Limits first: an oversized or hostile file is refused before it is hashed.
	src, err := openSourceCtx(ctx, path, opt)
	if err != nil {
		return nil, refuse(opt.Kind, err)
	}
	ok := false
	defer func() {
		if !ok {
			src.Close()
		}
	}()
	var plans []*sheetPlan
	var warnings []string
	var noHeader *noHeaderError // why a forced kind's header is missing
	for _, sh := range src.Sheets() {
		p, err := sniffSheet(src, sh, forced)
		var nh *noHeaderError
		if errors.As(err, &nh) {
			if noHeader == nil || nh.found && !noHeader.found {
				if sh != "" && len(src.Sheets()) > 1 {
					e := refusalOf(nh)
					nh = &noHeaderError{&gongkai.Error{Code: e.Code, Message: sheetLabel(sh) + e.Message}, nh.found}
				}
				noHeader = nh
			}
			continue
		}
		if err != nil {
			return nil, refuse(opt.Kind, err)
		}
		if p == nil {
			if sh != "" && !auxSheet(sh) && !sheetIsEmptyish(src, sh) {
				warnings = append(warnings, fmt.Sprintf("工作表“%s”未识别为台账，已忽略", sh))
			}
			continue
		}
		if src.Hidden(sh) {
			// Loaded as any other sheet (nothing dropped), but said: the
			// clerk does not see a hidden sheet, often an old copy.
			warnings = append(warnings, fmt.Sprintf("工作表“%s”是隐藏的工作表，其中的台账也已读取；如不应上报，请删除该工作表后重新上传", sh))
		}
		plans = append(plans, p)
	}
	if len(plans) == 0 {
		if noHeader != nil {
			return nil, refuse(opt.Kind, noHeader)
		}
		return nil, refuse("", gongkai.Errorf(gongkai.ENOKIND, "未找到台账表头：前 %d 行中没有可识别的列名。请使用政务公开科下发的模板", sniffRows))
	}
	// Sheets of the same kind form one batch. The hash is begun only now:
	// a refused file needs none.
	f := &openedFile{src: src, hash: startHash(path), warnings: warnings, byKind: map[*gongkai.Kind][]*sheetPlan{}}
	for _, p := range plans {
		if f.byKind[p.lay.kind] == nil {
			f.order = append(f.order, p.lay.kind)
		}
		f.byKind[p.lay.kind] = append(f.byKind[p.lay.kind], p)
	}
	ok = true
	return f, nil
}

// refusalOf is err as a Result carries it: the refusals of ingest and of
// the format packages as they are; a deadline or a cancellation met while
// the file was opened or checked worded here (Go's English must not reach
// the clerk); anything else, a failing database, EINTERNAL with its text.
func refusalOf(err error) *gongkai.Error {
	var e *gongkai.Error
	switch {
	case errors.As(err, &e):
		return e
	case errors.Is(err, context.DeadlineExceeded):
		return &gongkai.Error{Code: gongkai.ETIMEOUT, Message: "处理超时，此文件未导入（数据未作任何改动），请稍后重试，或拆分后上传", Detail: err}
	case errors.Is(err, context.Canceled):
		return &gongkai.Error{Code: gongkai.ECANCELLED, Message: "导入已取消，此文件未导入（数据未作任何改动）", Detail: err}
	}
	return &gongkai.Error{Code: gongkai.EINTERNAL, Message: err.Error(), Detail: err}
}

// reasonOf is the message of refusalOf(err).
func reasonOf(err error) string { return refusalOf(err).Message }

// expectRows estimates the file's data rows from the size of its text, on
// the low side so that an index sized from it grows once at most (and is
// not oversized: its table is touched all over).
func (f *openedFile) expectRows() int64 { return f.src.EstimateRows() }

// fileHash is a file's SHA-256, computed on a goroutine of its own: for a
// large file it takes a few percent of the load (0.1 s for the 161 MB CSV of 1M rows),
// and the load rarely needs it before its end (store.Batch.Hash).
type fileHash struct {
	done chan struct{}
	sum  string
	err  error
}

func startHash(path string) *fileHash {
	h := &fileHash{done: make(chan struct{})}
	go func() {
		defer close(h.done)
		f, err := os.Open(path)
		if err != nil {
			h.err = readErr(err)
			return
		}
		defer f.Close()
		sh := sha256.New()
		buf := hashBufs.Get().(*[]byte)
		defer hashBufs.Put(buf)
		// Not io.Copy: *os.File's WriteTo would take a buffer of its own
		// (32 KB a file).
		if _, err := io.CopyBuffer(sh, struct{ io.Reader }{f}, *buf); err != nil {
			h.err = readErr(err)
			return
		}
		h.sum = hex.EncodeToString(sh.Sum(nil))
	}()
	return h
}

// hashBufs are startHash's read buffers.
var hashBufs = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// get waits for the hash.
func (h *fileHash) get() (string, error) {
	<-h.done
	return h.sum, h.err
}

func sniffSheet(src source, sheet string, forced *gongkai.Kind) (*sheetPlan, error) {
	rr, err := src.Open(sheet)
	if err != nil {
		return nil, err
	}
	defer rr.Close()
	var rows [][]string
	for len(rows) < sniffRows && rr.Next() {
		rows = append(rows, rr.Row())
	}
	if err := rr.Err(); err != nil {
		return nil, err
	}
	lay, err := detectLayout(rows, forced)
	if err != nil || lay == nil {
		return nil, err
	}
	p := &sheetPlan{sheet: sheet, lay: lay}
	var title []string
	for _, r := range rows[:lay.headerRow] {
		n := len(title)
		for _, c := range r {
			if c = clean(c); c != "" {
				title = append(title, c)
			}
		}
		if len(title) > n {
			p.titles = append(p.titles, strings.Join(title[n:], " "))
		}
	}
	p.title = strings.Join(title, " ")
	p.sample = append(p.sample, rows[lay.headerRow+1:]...)
	for len(p.sample) < lookahead && rr.Next() {
		p.sample = append(p.sample, rr.Row())
	}
	return p, rr.Err()
}

// resniff sniffs the sheets of kind k again, for a read with the merged
// ranges found at their ends (errLateMerges): a plan is read once.
func (f *openedFile) resniff(k *gongkai.Kind) {
	for i, p := range f.byKind[k] {
		if np, err := sniffSheet(f.src, p.sheet, k); err == nil && np != nil {
			f.byKind[k][i] = np
		}
	}
}

// auxSheet: the instructions of our templates and the error list of an
// annotated copy, which are no ledgers and need no warning.
func auxSheet(sheet string) bool {
	switch headerKey(sheet) {
	case "填写说明", "填表说明", "说明", "错误说明":
		return true
	}
	return false
}

func sheetIsEmptyish(src source, sheet string) bool {
	rr, err := src.Open(sheet)
	if err != nil {
		return true
	}
	defer rr.Close()
	for n := 0; n < 50 && rr.Next(); n++ {
		for _, c := range rr.Row() {
			if clean(c) != "" {
				return false
			}
		}
	}
	return true
}

var yearInText = regexp.MustCompile(`(20\d\d)\s*年`)
var yearInName = regexp.MustCompile(`(?:^|[^0-9])(20\d\d)(?:[^0-9]|$)`)

// streamKind plans one ledger kind of an opened file: its batch, whose rows
// stream from the file as the loader reads them, or its refusal.
func (in *Ingester) streamKind(ctx context.Context, f *openedFile, name string, k *gongkai.Kind, opt Options) *kindJob {
	src, plans := f.src, f.byKind[k]
	res, unit, ok := in.planKind(src, name, k, plans, opt)
	kj := &kindJob{planned: res, res: res}
	if !ok {
		kj.res = withHash(res, f.hash)
		return kj
	}
	norm := newNormalizer(k, in.Reg, unit, res.Year, src.Date1904())
	norm.expectRows(f.expectRows())
	b := newBatch(k, unit.ID, res.Year, name, opt, norm.columns())
	b.Hash = f.hash.get
	rows := in.kindRows(ctx, src, plans, norm, &kj.res, opt)
	b.Rows = func(yield func([]driver.Value, error) bool) {
		rows(func(v []driver.Value, err error) bool {
			if err == errLateMerges {
				kj.late = true
			}
			return yield(v, err)
		})
		// Known only now that every row is read; the loader reads them next.
		kj.res.setCounts(b)
	}
	kj.batch = b
	return kj
}

// newBatch is the loader's batch of kind k for a file's unit and year.
func newBatch(k *gongkai.Kind, unitID int64, year int, name string, opt Options, columns []string) *store.Batch {
	return &store.Batch{
		Batch: gongkai.Batch{Kind: k.Name, UnitID: unitID, Year: gongkai.Year(year), FileName: name, Uploader: opt.Uploader, Partial: opt.Partial},
		Table: k.Table, Columns: columns,
	}
}

// withHash fills in the file's SHA-256 (it is computed while the rows load).
func withHash(res Result, h *fileHash) Result {
	if sum, err := h.get(); err == nil {
		res.SHA256 = sum
	} else if res.Status != StatusRefused {
		res.refuse(err)
	}
	return res
}

// planKind settles the unit and year of one ledger kind of a file. When it
// cannot, ok is false and res is the refusal.
func (in *Ingester) planKind(src source, name string, k *gongkai.Kind, plans []*sheetPlan, opt Options) (res Result, unit *gongkai.Unit, ok bool) {
	res = Result{File: name, Kind: k.Name, KindTitle: k.Title, Format: src.Format(), Errors: []RowError{}}
	if cs, ok := src.(*csvSource); ok {
		res.Encoding = cs.enc.String()
	}
	if w := ignoredColumns(plans); w != "" {
		res.Warnings = append(res.Warnings, w)
	}
	if w := notesSkipped(plans); w != "" {
		res.Warnings = append(res.Warnings, w)
	}
	refused := func(err error) (Result, *gongkai.Unit, bool) {
		res.refuse(err)
		return res, nil, false
	}

	if k.CountyWide {
		// The county's ledger: no unit to find, and none to check the
		// title against (it names units by design).
		if opt.UnitOnly {
			return refused(gongkai.Errorf(gongkai.ECOUNTYWIDE, "“%s”是全县的台账，由政务公开科统一上传，不属于某个单位", k.Title))
		}
		if opt.Unit != "" {
			res.Warnings = append(res.Warnings, fmt.Sprintf("“%s”是全县的台账，已按全县导入，未使用指定的单位“%s”", k.Title, opt.Unit))
		}
		unit = &gongkai.Unit{ID: gongkai.CountyUnitID, Name: gongkai.CountyName}
		res.Unit, res.County = unit.Name, true
	} else {
		var err error
		if unit, err = in.unitOf(src, name, k, plans, opt); err != nil {
			return refused(err)
		}
		res.Unit = unit.Name
	}

	year := opt.Year
	if year != 0 {
		if err := yearContradicted(k, plans, name, year, src.Date1904()); err != nil {
			return refused(err)
		}
	}
	if year == 0 {
		year, _ = yearFromText(plans, name)
	}
	if year == 0 {
		year = yearFromDates(k, plans, src.Date1904())
	}
	if year == 0 {
		return refused(gongkai.Errorf(gongkai.ENOYEAR, "无法确定台账年度：标题和文件名中没有“20XX年”"))
	}
	res.Year = year
	return res, unit, true
}

// kindRows yields the rows of one kind of a file, every sheet's through the
// normaliser, and puts the counts and refused rows in res. It ends with an
// error when a sheet cannot be read, or errRowsRefused when refused rows
// forbid the load. A row is the caller's only until it asks for the next.
func (in *Ingester) kindRows(ctx context.Context, src source, plans []*sheetPlan, norm *normalizer, res *Result, opt Options) iter.Seq2[[]driver.Value, error] {
	return func(yield func([]driver.Value, error) bool) {
		var listed int
		addErr := func(e RowError) {
			if listed < opt.MaxErrors {
				// A copy: the value may share a block of text with many rows.
				e.Value = strings.Clone(e.Value)
				res.Errors = append(res.Errors, e)
				listed++
			} else {
				res.ErrorsTruncated = true
			}
		}
		for _, p := range plans {
			if !in.streamSheet(ctx, src, p, norm, res, opt, yield, addErr) {
				return
			}
		}
		if res.RowsRefused > 0 && (!opt.Partial || opt.Preview) {
			yield(nil, errRowsRefused)
		}
	}
}

// kindOutcome completes a kind's result from what the loader did (lr, err).
func kindOutcome(res Result, lr store.LoadResult, err error, path, name, format string, opt Options) Result {
	switch {
	case errors.Is(err, errRowsRefused):
		if opt.Partial {
			// Previewed: nothing loaded yet; the replacement is looked up
			// once the loading is over (describe).
			res.Status = StatusPreview
			res.Replaces = &Replacement{RowsAfter: res.RowsRead - res.RowsSkipped - res.RowsRefused}
		} else {
			res.refuse(gongkai.Errorf(gongkai.EROWSREFUSED, "%d 行有错误，整个文件未导入（数据未作任何改动）。请改正后重新上传", res.RowsRefused))
		}
		if format == "xlsx" && !opt.NoAnnotate {
			res.Annotated, err = annotate(path, name, opt.AnnotateDir, res.Errors)
			if err != nil {
				res.Warnings = append(res.Warnings, "未能生成错误标注文件："+err.Error())
			}
		}
		return res
	case err != nil:
		res.refuse(err)
		return res
	}
	res.BatchID, res.Replaced = lr.BatchID, lr.Superseded
	switch {
	case lr.Unchanged:
		res.Status = StatusUnchanged
		res.RowsLoaded = 0
		res.Warnings = append(res.Warnings, fmt.Sprintf("与当前生效的第 %d 批次是同一文件，数据未改动", lr.BatchID))
		return res
	case res.RowsRefused > 0:
		res.Status = StatusPartial
	default:
		res.Status = StatusLoaded
	}
	res.RowsLoaded = res.fileRows()
	if lr.Loaded != res.RowsLoaded {
		res.RowsStored = lr.Loaded
	}
	return res
}

// fileRows is the rows the clerk sees loaded from the file: every row read
// that was neither skipped nor refused was stored, a task with several
// 牵头单位 once per lead unit (RowsStored).
func (r *Result) fileRows() int64 { return r.RowsRead - r.RowsSkipped - r.RowsRefused }

// setCounts gives b the file's counts, for the batch's record.
func (r *Result) setCounts(b *store.Batch) {
	b.RowsRead, b.RowsSkipped, b.RowsRefused, b.RowsLoaded = r.RowsRead, r.RowsSkipped, r.RowsRefused, r.fileRows()
}

func sheetLabel(sheet string) string {
	if sheet == "" {
		return ""
	}
	return "工作表“" + sheet + "”"
}

// unitFromColumn returns the first unit of the registry named in the 单位
// column, or why the first unit named there is unknown.
func (in *Ingester) unitFromColumn(k *gongkai.Kind, plans []*sheetPlan) (*gongkai.Unit, error) {
	var first error
	for _, p := range plans {
		for fi, ci := range p.lay.cols {
			if ci < 0 || k.Columns[ci].Field != "unit_id" {
				continue
			}
			for _, row := range p.sample {
				if fi < len(row) && clean(row[fi]) != "" {
					u, err := in.Reg.Resolve(row[fi])
					if err == nil {
						return u, nil
					}
					if first == nil {
						first = err
					}
				}
			}
		}
	}
	return nil, first
}

// yearFromText is the year the title, a sheet's name or the file name
// states, and which of them states it.
func yearFromText(plans []*sheetPlan, name string) (int, string) {
	for _, p := range plans {
		if m := yearInText.FindStringSubmatch(p.title); m != nil {
			y, _ := strconv.Atoi(m[1])
			return y, "表格标题"
		}
		if m := yearInText.FindStringSubmatch(p.title + " " + p.sheet); m != nil {
			y, _ := strconv.Atoi(m[1])
			return y, "工作表名"
		}
	}
	if m := yearInName.FindStringSubmatch(name); m != nil {
		y, _ := strconv.Atoi(m[1])
		return y, "文件名"
	}
	return 0, ""
}

// yearContradicted refuses a year given (the upload form's, the CLI's)
// that both the file's own words and its dates contradict: the title or
// file name states another year and the main dates are mostly in another
// year too. Loaded under the given year it would silently replace that
// year's ledger of the unit. One witness alone is not enough: a title may
// be stale, and a year's ledger may hold dates of the year before.
func yearContradicted(k *gongkai.Kind, plans []*sheetPlan, name string, year int, date1904 bool) error {
	text, where := yearFromText(plans, name)
	if text == 0 || text == year {
		return nil
	}
	dates := yearFromDates(k, plans, date1904)
	if dates == 0 || dates == year {
		return nil
	}
	col := "" // the date column as the file heads it
	for _, p := range plans {
		for fi, ci := range p.lay.cols {
			if col == "" && ci >= 0 && k.Columns[ci].Field == k.YearField {
				col = p.columnName(fi, k)
			}
		}
	}
	also := "也"
	if dates != text {
		also = ""
	}
	return gongkai.Errorf(gongkai.EINVALID, "指定的年度 %d 年与文件不符：%s写的是 %d 年，“%s”%s大多在 %d 年。文件未导入，数据未作任何改动；请核对年度后重新上传",
		year, where, text, col, also, dates)
}

// yearFromDates takes the most common year of the kind's main date column
// among the first rows.
func yearFromDates(k *gongkai.Kind, plans []*sheetPlan, date1904 bool) int {
	if k.YearField == "" {
		return 0
	}
	count := map[int]int{}
	for _, p := range plans {
		for fi, ci := range p.lay.cols {
			if ci < 0 || k.Columns[ci].Field != k.YearField {
				continue
			}
			for _, row := range p.sample {
				if fi >= len(row) {
					continue
				}
				if t, err := ParseDateTime(row[fi], date1904); err == nil {
					count[t.Year()]++
				}
			}
		}
	}
	best, bestN := 0, 0
	for y, n := range count {
		if n > bestN || (n == bestN && y > best) {
			best, bestN = y, n
		}
	}
	return best
}

// streamSheet reads a sheet's data rows through the normaliser and yields
// them. It returns false when the rows end early: the caller stopped, or the
// sheet could not be read (yielded as an error).
func (in *Ingester) streamSheet(ctx context.Context, src source, p *sheetPlan, norm *normalizer, res *Result, opt Options,
	yield func([]driver.Value, error) bool, addErr func(RowError)) bool {
	// Reading and normalising run in their own goroutine and hand chunks of
	// rows to the caller, whose goroutine owns the DuckDB appender: on two
	// cores the parse and the append overlap instead of adding up.
	ncols := len(norm.columns())
	chunks := make(chan []driver.Value, 4)
	free := make(chan []driver.Value, 6)
	done := make(chan error, 1)
	stop := make(chan struct{})
	go func() {
		defer close(chunks)
		done <- in.readSheet(ctx, src, p, norm, res, opt, addErr, ncols, chunks, free, stop)
	}()
	more := true
	for chunk := range chunks {
		if more {
			for off := 0; off < len(chunk); off += ncols {
				if !yield(chunk[off:off+ncols], nil) {
					more = false
					close(stop)
					break
				}
			}
		}
		select {
		case free <- chunk[:0]:
		default:
		}
	}
	if err := <-done; err != nil && more {
		yield(nil, err)
		return false
	}
	return more
}

// chunkRows is how many rows travel together from reader to appender.
const chunkRows = 2048

// readSheet is the producing half of streamSheet: it alone touches res and
// the normaliser while a sheet streams.
func (in *Ingester) readSheet(ctx context.Context, src source, p *sheetPlan, norm *normalizer, res *Result, opt Options, addErr func(RowError),
	ncols int, chunks chan<- []driver.Value, free <-chan []driver.Value, stop <-chan struct{}) error {
	rr, err := src.Open(p.sheet)
	if err != nil {
		return err
	}
	defer rr.Close()
	for i := 0; i <= p.lay.headerRow; i++ {
		if !rr.Next() {
			return rr.Err()
		}
	}
	norm.layout = p.lay
	norm.startSheet(p.sheet, rr)
	crossing := headerMerges(rr, p.lay.headerRow+1)
	vals := make([]driver.Value, ncols)
	sheetName := any(nil)
	if p.sheet != "" {
		sheetName = p.sheet
	}
	// The first chunk starts small and grows: most files are a few dozen
	// rows, and a full chunk is ~0.5 MB. Later chunks are full-sized, and
	// none is made after the last send.
	chunk := make([]driver.Value, 0, 64*ncols)
	send := func() bool {
		if len(chunk) == 0 {
			return true
		}
		select {
		case chunks <- chunk:
		case <-stop:
			return false
		}
		select {
		case chunk = <-free:
		default:
			chunk = nil
		}
		return true
	}
	var rowErrs []RowError
	// Blank rows count as read and skipped only when data follows them:
	// rows below the data that carry only formatting (a template's 2000
	// styled rows) are not rows of the ledger.
	var blank, seen int64
	for rr.Next() {
		row := rr.Row()
		if crossing != nil {
			row = clearMerged(crossing, rr.RowNum(), row)
		}
		// The deadline is looked at every 1024 rows: a row is bounded
		// (xlsxstream's bounds.go), so that is well under a second even of wide rows.
		if seen++; seen&0x3ff == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if blankRow(row) {
			blank++
			continue
		}
		res.RowsRead += blank + 1
		res.RowsSkipped += blank
		blank = 0
		if res.RowsRead > opt.Limits.MaxRows {
			return gongkai.Errorf(gongkai.ETOOLARGE, "数据超过 %d 行上限，请拆分后上传", opt.Limits.MaxRows)
		}
		if p.tail.skip(row) || p.lay.isHeaderRepeat(row) {
			res.RowsSkipped++
			continue
		}
		rowErrs = rowErrs[:0]
		n := rr.RowNum()
		extra := norm.row(row, n, vals, func(col int, value, reason string) {
			rowErrs = append(rowErrs, RowError{Sheet: p.sheet, Row: n, Column: p.columnName(col, norm.kind), Cell: cellRef(col, n, src.Format()), Value: value, Reason: reason, col: col})
		})
		if len(rowErrs) > 0 {
			res.RowsRefused++
			for _, e := range rowErrs {
				addErr(e)
			}
			continue
		}
		vals[0], vals[1] = sheetName, int32(n)
		if chunk == nil {
			chunk = make([]driver.Value, 0, chunkRows*ncols)
		}
		chunk = append(chunk, vals...)
		// A task led by several units is stored once per lead unit.
		for _, id := range extra {
			vals[norm.leadPos] = id
			chunk = append(chunk, vals...)
		}
		if len(chunk) >= chunkRows*ncols && !send() {
			return nil
		}
	}
	if err := rr.Err(); err != nil {
		return err
	}
	if mergesFoundLate(rr, p.lay.headerRow+1) {
		return errLateMerges
	}
	if err := uncachedFormulas(rr, p, norm.kind); err != nil {
		return err
	}
	send()
	return nil
}

func (p *sheetPlan) columnName(col int, k *gongkai.Kind) string {
	if col < 0 {
		return ""
	}
	if col < len(p.lay.names) {
		if n := strings.ReplaceAll(clean(p.lay.names[col]), "\x00", ""); n != "" {
			return n
		}
	}
	if col < len(p.lay.cols) && p.lay.cols[col] >= 0 {
		return k.Columns[p.lay.cols[col]].Name
	}
	return ""
}

// cellRef is the Excel address of a cell (C5), or "" for CSV.
func cellRef(col, row int, format string) string {
	if col < 0 || format != "xlsx" {
		return ""
	}
	return colLetters(col) + strconv.Itoa(row)
}

func colLetters(col int) string {
	s := ""
	for col++; col > 0; col = (col - 1) / 26 {
		s = string(rune('A'+(col-1)%26)) + s
	}
	return s
}

// skipRow: blank rows, 合计/小计/总计/汇总 rows and notes (rowSkip) are
// skipped and counted, not refused. 汇总 is how Chinese Excel labels an
// Excel table's totals row.
func skipRow(row []string) bool {
	skip, _ := rowSkip(row)
	return skip
}

// rowSkip is skipRow, and whether the row is a note: 注：…, 说明/备注,
// 填表人/审核人/联系电话/填报日期/填报单位 and the lines of a signature block
// (单位负责人（签字）：, （单位盖章）). A 合计 row or a blank row is no note.
func rowSkip(row []string) (skip, note bool) {
	seen := 0
	for _, c := range row {
		c = clean(c)
		if c == "" {
			continue
		}
		seen++
		if seen > 2 {
			return false, false
		}
		// Most cells are data: fold only those that could be a label below.
		if !hasLabelRune(c) {
			continue
		}
		k := headerKey(c)
		for _, p := range []string{"合计", "小计", "总计", "共计", "汇总"} {
			if rest, ok := strings.CutPrefix(k, p); ok && totalTail(rest) {
				return true, false
			}
		}
		if noteCell(c, k) {
			return true, true
		}
	}
	return seen == 0, false
}

// noteLabels start the cells of notes and footers, followed by a colon
// (填表人：张三) or alone (审核人).
var noteLabels = []string{"填表人", "填报人", "制表人", "审核人", "填报日期", "填表日期", "说明", "备注", "单位负责人",
	"负责人", "分管领导", "联系电话", "联系人", "填报单位", "填表单位", "报送单位"}

// noteCell: c (folded as k by headerKey) is the label of a note row.
func noteCell(c, k string) bool {
	for _, p := range noteLabels {
		if strings.HasPrefix(k, p) && (strings.ContainsAny(c, ":：") || k == p) {
			return true
		}
	}
	// 注：… and 注1：…
	if rest, ok := strings.CutPrefix(foldWidth(c), "注"); ok {
		rest = strings.TrimLeft(rest, "0123456789 ")
		if strings.HasPrefix(rest, ":") {
			return true
		}
	}
	// A signature block's line: （单位盖章）, 经办人（签字）：, 签字：.
	// The words alone are not enough: a title may hold them.
	for _, w := range []string{"签字", "签名", "盖章", "签章"} {
		if strings.Contains(k, "("+w+")") || strings.HasPrefix(k, "(") && strings.HasSuffix(k, w+")") ||
			strings.HasSuffix(k, w) && strings.ContainsAny(c, ":：") {
			return true
		}
	}
	return false
}

// labelRunes are the characters that start (or, for 签字 and 盖章, end)
// the words of rowSkip's labels.
const labelRunes = "计填制审说备单负分联注签盖汇"

// hasLabelRune is strings.ContainsAny(c, labelRunes) at the speed of a byte
// scan: it runs on the first cells of every row, mostly numbers and text
// with none of them. Each of the runes is three bytes led by 0xE5 to 0xE8,
// which never occur inside another rune's encoding.
func hasLabelRune(c string) bool {
	for i := 0; i+3 <= len(c); i++ {
		if b := c[i]; b >= 0xE5 && b <= 0xE8 && strings.Contains(labelRunes, c[i:i+3]) {
			return true
		}
	}
	return false
}

// totalTail: what may follow 合计 in a total row's label: nothing, a
// bracket ("合计（件）"), or a count ("合计12件"); not more words
// ("合计发放补助" is data).
func totalTail(rest string) bool {
	if rest == "" || strings.HasPrefix(rest, "(") {
		return true
	}
	for _, r := range rest {
		if !(r >= '0' && r <= '9' || strings.ContainsRune("件项个条人次行", r)) {
			return false
		}
	}
	return true
}

func blankRow(row []string) bool {
	for _, c := range row {
		if clean(c) != "" {
			return false
		}
	}
	return true
}
