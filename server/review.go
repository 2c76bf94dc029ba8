package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"gongkai/reports"
)

// 年报审核: the admin uploads a county's annual reports (and optionally last
// year's) and gets what `gongkai review --db` gives: the findings, the
// reports ranked, the 问题清单 workbook. The review only reads the
// database, so it runs beside the write queue, one at a time, bounded in
// files, bytes and time; the workbook is kept in memory for a while for
// its download, never in the database.

const (
	maxReviewFiles = 100 // per file input (this year's, last year's)
	reviewKeep     = time.Hour
	reviewBooks    = 16 // workbooks kept at most
)

var reviewUpload = uploadSpec{fields: []string{"file", "previous"}, maxFiles: maxReviewFiles,
	noFile: "没有收到本年度的报告文件：请选择要审核的年度报告（.docx、.pdf、.html、.htm、.xlsx 或 .json）"}

// reviewExts are the files a report may be in.
var reviewExts = map[string]bool{".docx": true, ".pdf": true, ".html": true, ".htm": true, ".xlsx": true, ".json": true}

// reviewBook is a review's workbook, kept for its download by the account
// that made it.
type reviewBook struct {
	owner int64
	name  string
	data  []byte
	at    time.Time
}

// reviewStore holds the recent workbooks and lets one review run at a time
// (reading documents takes both cores of a small server).
type reviewStore struct {
	mu    sync.Mutex
	books map[string]reviewBook
	run   chan struct{}
}

func (rs *reviewStore) put(b reviewBook) string {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if rs.books == nil {
		rs.books = map[string]reviewBook{}
	}
	oldest := ""
	for id, x := range rs.books {
		if b.at.Sub(x.at) > reviewKeep {
			delete(rs.books, id)
		} else if oldest == "" || x.at.Before(rs.books[oldest].at) {
			oldest = id
		}
	}
	if len(rs.books) >= reviewBooks {
		delete(rs.books, oldest)
	}
	id := randomHex(16)
	rs.books[id] = b
	return id
}

func (rs *reviewStore) get(id string, owner int64, now time.Time) (reviewBook, bool) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	b, ok := rs.books[id]
	if !ok || b.owner != owner || now.Sub(b.at) > reviewKeep {
		return reviewBook{}, false
	}
	return b, true
}

// reviewJSON is the answer of POST /api/review.
type reviewJSON struct {
	Workbook       string          `json:"workbook"` // download URL of the 问题清单
	Reports        []reviewReport  `json:"reports"`  // ranked: errors, then warnings
	Findings       []reviewFinding `json:"findings"`
	PreviousUnread []string        `json:"previous_unread"`
	Errors         int             `json:"errors"`
	Warnings       int             `json:"warnings"`
}

type reviewReport struct {
	File     string `json:"file"`
	Unit     string `json:"unit"`
	Year     int    `json:"year,omitempty"`
	Read     bool   `json:"read"`
	Errors   int    `json:"errors"`
	Warnings int    `json:"warnings"`
	Previous string `json:"previous,omitempty"`
}

type reviewFinding struct {
	Unit      string   `json:"unit"`
	File      string   `json:"file"`
	Rule      string   `json:"rule"`
	RuleTitle string   `json:"rule_title"`
	Severity  string   `json:"severity"`
	Where     []string `json:"where"`
	Found     *float64 `json:"found"`    // null when the rule compares no numbers
	Expected  *float64 `json:"expected"` // null likewise
	Message   string   `json:"message"`
}

func reviewView(res reports.ReviewResult, url string) reviewJSON {
	v := reviewJSON{Workbook: url, Reports: []reviewReport{}, Findings: []reviewFinding{}, PreviousUnread: res.PreviousUnread}
	if v.PreviousUnread == nil {
		v.PreviousUnread = []string{}
	}
	for _, it := range res.Ranked() {
		rr := reviewReport{File: filepath.Base(it.File), Unit: it.Unit, Year: it.Year, Read: it.Report != nil,
			Errors: it.Errors(), Warnings: it.Warnings()}
		if it.PrevFile != "" {
			rr.Previous = filepath.Base(it.PrevFile)
		}
		v.Reports = append(v.Reports, rr)
		v.Errors += rr.Errors
		v.Warnings += rr.Warnings
	}
	for _, it := range res.Items {
		for _, f := range it.Findings {
			rf := reviewFinding{Unit: it.Unit, File: filepath.Base(it.File), Rule: f.Rule, RuleTitle: reports.RuleTitles[f.Rule],
				Severity: f.Severity, Where: f.Cells, Message: f.Message}
			if rf.Where == nil {
				rf.Where = []string{}
			}
			if f.Found != 0 || f.Expected != 0 {
				found, expected := f.Found, f.Expected
				rf.Found, rf.Expected = &found, &expected
			}
			v.Findings = append(v.Findings, rf)
		}
	}
	return v
}

// review reads the upload, runs the review and keeps its workbook; dl is
// the download path's prefix (/admin/review/ or /api/review/).
func (s *Server) review(w http.ResponseWriter, r *http.Request, p *principal, dl string) (reviewJSON, error) {
	f, err := s.readUpload(w, r, reviewUpload)
	if err != nil {
		return reviewJSON{}, err
	}
	defer f.cleanup()
	if err := f.checkCSRF(r, p); err != nil {
		return reviewJSON{}, err
	}
	for _, up := range f.files {
		if !reviewExts[strings.ToLower(filepath.Ext(up.name))] {
			return reviewJSON{}, badRequest("“%s”不是年度报告文件：只能审核 .docx、.pdf、.html、.htm、.xlsx 或 .json 文件", up.name)
		}
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.UploadTimeout)
	defer cancel()
	select {
	case s.reviews.run <- struct{}{}:
	case <-ctx.Done():
		return reviewJSON{}, &httpError{http.StatusServiceUnavailable, "另一次年报审核尚未结束，请稍后重试"}
	}
	dir, err := os.MkdirTemp(filepath.Join(s.cfg.FilesDir, "tmp"), "review-*")
	if err != nil {
		<-s.reviews.run
		return reviewJSON{}, err
	}
	// The reports keep their names (the review shows them and finds units
	// in them), each input in its own folder.
	var cur, prev []string
	for _, up := range f.files {
		sub := filepath.Join(dir, up.field)
		os.Mkdir(sub, 0o700)
		dst := uniquePath(sub, up.name)
		if err := os.Rename(up.path, dst); err != nil {
			os.RemoveAll(dir)
			<-s.reviews.run
			return reviewJSON{}, err
		}
		if up.field == "previous" {
			prev = append(prev, dst)
		} else {
			cur = append(cur, dst)
		}
	}
	type outcome struct {
		res  reports.ReviewResult
		book []byte
		err  error
	}
	done := make(chan outcome, 1)
	// Review cannot be stopped half-way: past the time limit the request
	// answers, and the review finishes on its own (the next one waits for
	// it) before its files are removed.
	go func() {
		defer func() {
			os.RemoveAll(dir)
			<-s.reviews.run
		}()
		defer func() {
			if v := recover(); v != nil {
				done <- outcome{err: s.recovered(ctx, v, false)}
			}
		}()
		opt := reports.ReviewOptions{Previous: prev, Workers: max(1, runtime.NumCPU()/2)}
		if err := reports.ReviewDB(ctx, s.db, &opt); err != nil {
			done <- outcome{err: err}
			return
		}
		res := reports.Review(cur, opt)
		var buf bytes.Buffer
		err := reports.WriteReviewXLSX(&buf, res)
		done <- outcome{res, buf.Bytes(), err}
	}()
	var o outcome
	select {
	case o = <-done:
	case <-ctx.Done():
		return reviewJSON{}, &httpError{http.StatusServiceUnavailable, fmt.Sprintf("审核超时（限时 %s），请减少文件后重试", s.cfg.UploadTimeout)}
	}
	if o.err != nil {
		return reviewJSON{}, o.err
	}
	name := fmt.Sprintf("年报问题清单-%s.xlsx", s.cfg.Now().Format("20060102-1504"))
	id := s.reviews.put(reviewBook{owner: p.ID, name: name, data: o.book, at: s.cfg.Now()})
	return reviewView(o.res, dl+id), nil
}

// uniquePath is dir/name, or dir/name（2）… when a file of that name came
// already.
func uniquePath(dir, name string) string {
	ext := filepath.Ext(name)
	base := strings.TrimSuffix(name, ext)
	p := filepath.Join(dir, name)
	for i := 2; ; i++ {
		if _, err := os.Lstat(p); os.IsNotExist(err) {
			return p
		}
		p = filepath.Join(dir, fmt.Sprintf("%s（%d）%s", base, i, ext))
	}
}

type reviewPageView struct {
	MaxFiles int
	MaxSize  string
	Result   *reviewJSON
}

func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request, p *principal) {
	s.showReview(w, p, http.StatusOK, nil, "")
}

func (s *Server) showReview(w http.ResponseWriter, p *principal, status int, res *reviewJSON, errMsg string) {
	v := reviewPageView{MaxFiles: maxReviewFiles, MaxSize: sizeText(s.cfg.MaxUploadBytes), Result: res}
	s.render(w, status, "review", page{Title: "年报审核", Me: p, Error: errMsg, Data: v})
}

// reviewForm is POST /admin/review: the page again, with the result or
// the reason it could not be had.
func (s *Server) reviewForm(w http.ResponseWriter, r *http.Request, p *principal) {
	res, err := s.review(w, r, p, "/admin/review/")
	if err != nil {
		var he *httpError
		if errors.As(err, &he) {
			s.showReview(w, p, he.status, nil, he.msg)
			return
		}
		s.failErr(w, r, false, p, err)
		return
	}
	s.showReview(w, p, http.StatusOK, &res, "")
}

// apiReview is POST /api/review.
func (s *Server) apiReview(w http.ResponseWriter, r *http.Request, p *principal) {
	res, err := s.review(w, r, p, "/api/review/")
	if err != nil {
		s.failErr(w, r, true, p, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// reviewDownload is GET /admin/review/{id} and /api/review/{id}: the
// workbook of a recent review by the same account.
func (s *Server) reviewDownload(w http.ResponseWriter, r *http.Request, p *principal) {
	b, ok := s.reviews.get(r.PathValue("id"), p.ID, s.cfg.Now())
	if !ok {
		s.fail(w, r, isAPI(r), p, http.StatusNotFound, "问题清单已过期或不存在，请重新审核")
		return
	}
	setAttachment(w, b.name, xlsxType)
	w.Write(b.data)
}
