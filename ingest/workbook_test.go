package ingest

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"gongkai"
)

// The 汇编 workbooks of testdata/book (gen-book.py, written by openpyxl):
// one sheet per kind. The rows of book-a and book-b, by kind, in the order
// of their sheets.
var (
	bookKinds = []string{"applications", "disclosures", "appeals"}
	bookARows = []int64{3, 2, 1}
	bookBRows = []int64{4, 3, 2}
)

func book(name string) string { return td("book/" + name) }

// clerkOpt is a clerk's upload for 平安县财政局.
var clerkOpt = Options{Unit: "平安县财政局", UnitOnly: true}

// bookFiles is the file name of the active batch of each kind of the
// workbooks, in bookKinds' order ("" none).
func (e *env) bookFiles() []string {
	e.t.Helper()
	out := make([]string, len(bookKinds))
	for i, k := range bookKinds {
		for _, r := range e.rows(`SELECT file_name FROM batches WHERE status = 'active' AND kind = ? AND unit_id = 2 AND year = 2024`, k) {
			out[i] = r
		}
	}
	return out
}

func same(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

// ingestBoth gives the results of a workbook through File and through
// Files, each on a database with book-a loaded, after checking that they
// agree and that the database is left as check says.
func ingestBoth(t *testing.T, name string, opt Options, check func(e *env, before map[string]int64)) []Result {
	t.Helper()
	var out [2][]Result
	for i, how := range []string{"File", "Files"} {
		e := newEnv(t)
		opt := opt
		opt.AnnotateDir = e.dir
		for _, r := range e.file(book("book-a.xlsx"), clerkOpt) {
			if r.Status != StatusLoaded {
				t.Fatalf("book-a: %+v", r)
			}
		}
		before := e.snapshot()
		if how == "File" {
			out[i] = e.file(book(name), opt)
		} else {
			out[i] = e.in.Files(e.ctx, []string{book(name)}, opt, 2)
		}
		check(e, before)
		for j := range out[i] {
			r := &out[i][j]
			if r.Annotated != "" {
				r.Annotated = filepath.Base(r.Annotated)
			}
			if r.Replaces != nil {
				r.Replaces.UploadedAt = ""
			}
		}
	}
	if !reflect.DeepEqual(out[0], out[1]) {
		t.Errorf("%s: File and Files differ:\n%+v\n%+v", name, out[0], out[1])
	}
	return out[0]
}

// A workbook with one bad row on one sheet is refused whole: every kind
// in it says so, the bad sheet with its row, the others naming it; nothing
// changes (issue D4: the other sheets were loaded, replacing the unit's
// batches, while the bad sheet's result said the whole file was not).
func TestWorkbookRefusedWhole(t *testing.T) {
	sibling := "同一文件中的“依申请公开办理台账”（1 行有错误）被拒收，整个文件未导入（数据未作任何改动），本台账也未导入。请改正后重新上传"
	rs := ingestBoth(t, "book-bad-row.xlsx", clerkOpt, func(e *env, before map[string]int64) {
		e.unchangedSince(before)
		if got := e.bookFiles(); !reflect.DeepEqual(got, same("book-a.xlsx", 3)) {
			t.Errorf("active batches from %q", got)
		}
	})
	want := []struct {
		status, code, reason string
		read                 int64
	}{
		{StatusRefused, gongkai.EROWSREFUSED, "1 行有错误，整个文件未导入（数据未作任何改动）。请改正后重新上传", 3},
		{StatusRefused, gongkai.EROWSREFUSED, sibling, 2},
		{StatusRefused, gongkai.EROWSREFUSED, sibling, 1},
	}
	if len(rs) != len(want) {
		t.Fatalf("%d results: %+v", len(rs), rs)
	}
	for i, w := range want {
		r := rs[i]
		if r.Kind != bookKinds[i] || r.Status != w.status || r.Code != w.code || r.Reason != w.reason || r.RowsRead != w.read ||
			r.RowsLoaded != 0 || r.BatchID != 0 || r.Replaced != 0 || r.Replaces != nil {
			t.Errorf("%s: %+v\nwant %+v", bookKinds[i], r, w)
		}
	}
	wantErr := []RowError{{Sheet: "依申请公开", Row: 4, Column: "收到日期", Cell: "B4", Value: "2024/13/45", Reason: "“2024/13/45”不是有效日期（月或日超出范围）", col: 1}}
	if !reflect.DeepEqual(rs[0].Errors, wantErr) || rs[0].Annotated != "book-bad-row-错误标注.xlsx" {
		t.Errorf("errors %+v, annotated %q", rs[0].Errors, rs[0].Annotated)
	}
	if len(rs[1].Errors)+len(rs[2].Errors) != 0 || rs[1].Annotated+rs[2].Annotated != "" {
		t.Errorf("the good sheets carry errors: %+v %+v", rs[1], rs[2])
	}

	// A sheet refused before its rows are read (titled for another unit)
	// refuses the file as well.
	sibling = "同一文件中的“行政复议、行政诉讼台账”被拒收，整个文件未导入（数据未作任何改动），本台账也未导入"
	rs = ingestBoth(t, "book-bad-unit.xlsx", clerkOpt, func(e *env, before map[string]int64) {
		e.unchangedSince(before)
	})
	if len(rs) != 3 {
		t.Fatalf("%d results: %+v", len(rs), rs)
	}
	for i, r := range rs {
		if r.Kind != bookKinds[i] || r.Status != StatusRefused || r.Code != gongkai.EOTHERUNIT || r.BatchID != 0 {
			t.Errorf("%+v", r)
		}
	}
	if rs[0].Reason != sibling || rs[1].Reason != sibling ||
		rs[2].Reason != "工作表“复议诉讼”标题表明这是“平安县教育局”的台账，不能作为“平安县财政局”的台账导入。如确为本单位台账，请修改标题后重新上传。整个文件未导入（数据未作任何改动）" {
		t.Errorf("reasons %q", []string{rs[0].Reason, rs[1].Reason, rs[2].Reason})
	}
}

// The partial mode: a workbook with refused rows on one sheet, previewed,
// changes nothing and previews all its kinds (the file loads as a whole on
// confirmation); loaded, all its kinds load together, the bad sheet
// without its bad row. A sheet refused as a whole still refuses the file.
func TestWorkbookPartial(t *testing.T) {
	preview := Options{Unit: "平安县财政局", UnitOnly: true, Partial: true, Preview: true}
	rs := ingestBoth(t, "book-bad-row.xlsx", preview, func(e *env, before map[string]int64) {
		e.unchangedSince(before)
	})
	note := "同一文件中的“依申请公开办理台账”有错误行，整个文件待确认后一并导入，本台账尚未导入（数据未作任何改动）"
	if len(rs) != 3 {
		t.Fatalf("%d results: %+v", len(rs), rs)
	}
	for i, r := range rs {
		warn := []string{}
		refused := int64(0)
		if i == 0 {
			refused = 1
		} else {
			warn = []string{note}
		}
		// book-a's batches 1, 2, 3 are those it would replace.
		x := r.Replaces
		if r.Status != StatusPreview || r.Code != "" || r.BatchID != 0 || r.RowsRefused != refused || !reflect.DeepEqual(r.Warnings, warn) ||
			x == nil || x.BatchID != int64(i+1) || x.File != "book-a.xlsx" || x.RowsBefore != bookARows[i] || x.RowsAfter != bookARows[i]-refused {
			t.Errorf("%s: %+v %+v", bookKinds[i], r, x)
		}
	}

	e := newEnv(t)
	e.file(book("book-a.xlsx"), clerkOpt)
	load := preview
	load.Preview = false
	rs = e.file(book("book-bad-row.xlsx"), load)
	for i, r := range rs {
		st := StatusLoaded
		if i == 0 {
			st = StatusPartial
		}
		if r.Status != st || r.Replaced != int64(i+1) || r.RowsLoaded != bookARows[i]-int64(1-min(i, 1)) {
			t.Errorf("%s: %+v", bookKinds[i], r)
		}
	}
	if got := e.bookFiles(); !reflect.DeepEqual(got, same("book-bad-row.xlsx", 3)) {
		t.Errorf("active batches from %q", got)
	}

	rs = ingestBoth(t, "book-bad-unit.xlsx", preview, func(e *env, before map[string]int64) {
		e.unchangedSince(before)
	})
	for _, r := range rs {
		if r.Status != StatusRefused || r.Code != gongkai.EOTHERUNIT {
			t.Errorf("%+v", r)
		}
	}
}

// flipCtx is cancelled at the at-th call of its Err: run for every at, a
// load is cancelled at each point where it looks.
type flipCtx struct {
	context.Context
	cancel context.CancelFunc
	calls  atomic.Int64
	at     int64
}

func (c *flipCtx) Err() error {
	if c.calls.Add(1) >= c.at {
		c.cancel()
	}
	return c.Context.Err()
}

// A workbook's load cancelled at any point leaves all of its kinds or none,
// and its results say which, truthfully (issue D5: the kinds loaded before
// the cancellation stayed, and those after said nothing had changed).
func TestWorkbookCancelledAnywhere(t *testing.T) {
	e := newEnvAt(t, filepath.Join(t.TempDir(), "g.duckdb"))
	e.file(book("book-a.xlsx"), clerkOpt)
	files := []string{"book-a.xlsx", "book-b.xlsx"}
	outcomes := map[string]int{}
	for at, cur := int64(1), 0; ; at++ {
		next := 1 - cur
		base, cancel := context.WithCancel(context.Background())
		ctx := &flipCtx{Context: base, cancel: cancel, at: at}
		opt := clerkOpt
		opt.AnnotateDir = e.dir
		var rs []Result
		if at%2 == 0 {
			rs = e.in.Files(ctx, []string{book(files[next])}, opt, 1)
		} else {
			rs = e.in.File(ctx, book(files[next]), "", opt)
		}
		cancel()
		st := map[string]int{}
		for _, r := range rs {
			st[r.Status]++
			if r.Status == StatusRefused && (r.Code != gongkai.ECANCELLED || !strings.Contains(r.Reason, "未导入（数据未作任何改动）")) {
				t.Errorf("at %d: %+v", at, r)
			}
		}
		got := e.bookFiles()
		switch {
		case st[StatusLoaded] == 3:
			outcomes["loaded"]++
			cur = next
		case st[StatusRefused] == 3 || len(rs) == 1 && st[StatusRefused] == 1:
			outcomes["refused"]++
		default:
			t.Fatalf("at %d: a part of the workbook loaded: %+v", at, rs)
		}
		if want := same(files[cur], 3); !reflect.DeepEqual(got, want) {
			t.Fatalf("at %d: active batches from %q, want %q (results %+v)", at, got, want, rs)
		}
		if n := e.loadingBatches(); n != 0 {
			t.Fatalf("at %d: %d batches left loading", at, n)
		}
		if ctx.calls.Load() < at {
			break // not cancelled: every point was tried
		}
	}
	t.Logf("outcomes %v", outcomes)
	if outcomes["refused"] < 5 {
		t.Errorf("outcomes %v: too few points of cancellation", outcomes)
	}
}

// Readers see a workbook's kinds all from one file while the workbook is
// replaced, again and again, through File and Files (issue D5: each kind
// was published alone, and readers saw half of a workbook).
func TestWorkbookAtomicForReaders(t *testing.T) {
	e := newEnvAt(t, filepath.Join(t.TempDir(), "g.duckdb"))
	e.file(book("book-a.xlsx"), clerkOpt)
	var stop atomic.Bool
	var seen atomic.Int64
	errs := make(chan string, 10)
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				// One statement: one snapshot of the three kinds.
				var a, d, p int64
				err := e.db.Raw().QueryRowContext(e.ctx, `SELECT (SELECT count(*) FROM cur_applications), (SELECT count(*) FROM cur_disclosures),
					(SELECT count(*) FROM cur_appeals)`).Scan(&a, &d, &p)
				got := []int64{a, d, p}
				if err != nil || !reflect.DeepEqual(got, bookARows) && !reflect.DeepEqual(got, bookBRows) {
					select {
					case errs <- fmt.Sprintf("reader saw rows %v (%v)", got, err):
					default:
					}
				}
				seen.Add(1)
			}
		}()
	}
	files := []string{"book-a.xlsx", "book-b.xlsx"}
	for i := 1; i <= 16; i++ {
		opt := clerkOpt
		opt.AnnotateDir = e.dir
		var rs []Result
		if i%4 < 2 {
			rs = e.in.File(e.ctx, book(files[i%2]), "", opt)
		} else {
			rs = e.in.Files(e.ctx, []string{book(files[i%2])}, opt, 1)
		}
		for _, r := range rs {
			if r.Status != StatusLoaded {
				t.Fatalf("load %d: %+v", i, r)
			}
		}
	}
	stop.Store(true)
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if seen.Load() < 20 {
		t.Errorf("only %d observations", seen.Load())
	}
	t.Logf("%d observations", seen.Load())
}
