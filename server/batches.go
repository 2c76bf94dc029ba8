package server

// The admin's upload list (上传批次, issue 16): every batch and every
// refused upload (issue 15), newest first, paged on the server and
// filtered by unit, kind, year and state.

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"gongkai"
	"gongkai/store"
)

// batchPageSize is the entries of one page of the upload list.
const batchPageSize = 50

// batchStates are the states the list filters by, in the order offered.
var batchStates = []struct{ Value, Title string }{
	{"active", "生效"},
	{"superseded", "已替换"},
	{"partial", "部分导入"},
	{"refused", "被拒收"},
}

// batchFilter is the list's filter as the request gave it.
type batchFilter struct {
	Unit  string // "" any; a unit id, 0 the county
	Kind  string
	Year  int
	State string
	Page  int
}

// query is the filter as a query string, without the page.
func (f batchFilter) query() url.Values {
	q := url.Values{}
	for k, v := range map[string]string{"unit": f.Unit, "kind": f.Kind, "state": f.State} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if f.Year != 0 {
		q.Set("year", strconv.Itoa(f.Year))
	}
	return q
}

// batchesView is the upload list's page.
type batchesView struct {
	Filter  batchFilter
	Entries []store.UploadEntry `json:"entries"`
	Total   int                 `json:"total"`
	Page    int                 `json:"page"`
	Pages   int                 `json:"pages"`
	// Prev and Next are the query strings of the neighbouring pages ("" none).
	Prev, Next string
	// Keep is the filter and page a restore posts back, to come back here.
	Keep   map[string]string
	Units  []gongkai.Unit
	Kinds  []*gongkai.Kind
	Years  []int
	States []struct{ Value, Title string }
	County string
}

// readBatchFilter reads the filter from the query or the form (a restore
// posts it back, to return to the same page).
func readBatchFilter(r *http.Request) (batchFilter, error) {
	f := batchFilter{Unit: strings.TrimSpace(r.FormValue("unit")), Kind: strings.TrimSpace(r.FormValue("kind")),
		State: strings.TrimSpace(r.FormValue("state")), Page: 1}
	if f.Unit != "" {
		if id, err := strconv.ParseInt(f.Unit, 10, 64); err != nil || id < 0 {
			return f, badRequest("单位“%s”无效", f.Unit)
		}
	}
	if f.Kind != "" && gongkai.KindByName(f.Kind) == nil {
		return f, badRequest("没有这种台账：%s", f.Kind)
	}
	if f.State != "" && !validState(f.State) {
		return f, badRequest("没有这种状态：%s", f.State)
	}
	y, err := yearParam(r, 0)
	if err != nil {
		return f, err
	}
	f.Year = y
	if v := strings.TrimSpace(r.FormValue("page")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return f, badRequest("页码“%s”无效", v)
		}
		f.Page = n
	}
	return f, nil
}

func validState(s string) bool {
	for _, x := range batchStates {
		if x.Value == s {
			return true
		}
	}
	return false
}

// batches reads the request's filter and one page of the upload list;
// for the page (choices), the filter's choices too.
func (s *Server) batches(r *http.Request, choices bool) (*batchesView, error) {
	ctx := r.Context()
	f, err := readBatchFilter(r)
	if err != nil {
		return nil, err
	}
	sf := store.UploadFilter{Kind: f.Kind, Year: f.Year, State: f.State, Kept: s.annotatedKept(),
		Limit: batchPageSize, Offset: (f.Page - 1) * batchPageSize}
	if f.Unit != "" {
		id, _ := strconv.ParseInt(f.Unit, 10, 64)
		sf.Unit = &id
	}
	es, total, err := s.db.UploadList(ctx, sf)
	if err != nil {
		return nil, err
	}
	v := &batchesView{Filter: f, Entries: orEmpty(es), Total: total, Page: f.Page,
		Pages: (total + batchPageSize - 1) / batchPageSize}
	page := func(n int) string {
		q := f.query()
		if n > 1 {
			q.Set("page", strconv.Itoa(n))
		}
		return "?" + q.Encode()
	}
	if f.Page > 1 {
		v.Prev = page(min(f.Page-1, max(v.Pages, 1)))
	}
	if f.Page < v.Pages {
		v.Next = page(f.Page + 1)
	}
	v.Keep = map[string]string{}
	for k := range f.query() {
		v.Keep[k] = f.query().Get(k)
	}
	if f.Page > 1 {
		v.Keep["page"] = strconv.Itoa(f.Page)
	}
	if !choices {
		return v, nil
	}
	return v, s.batchChoices(ctx, v)
}

// batchChoices fills in the filter's choices: the registry's units, the
// last six years and any other with data (newest first), the kinds and
// the states.
func (s *Server) batchChoices(ctx context.Context, v *batchesView) (err error) {
	if v.Units, err = s.db.Units(ctx); err != nil {
		return err
	}
	now := s.cfg.Now().Year()
	for y := now; y >= now-5; y-- {
		v.Years = append(v.Years, y)
	}
	if ys, err := s.dataYears(ctx); err == nil {
		for _, y := range ys {
			if !slices.Contains(v.Years, y) {
				v.Years = append(v.Years, y)
			}
		}
	}
	slices.Sort(v.Years)
	slices.Reverse(v.Years)
	v.Kinds, v.States, v.County = gongkai.Kinds, batchStates, gongkai.CountyName
	return nil
}

func (s *Server) batchesPage(w http.ResponseWriter, r *http.Request, p *principal) {
	s.showBatches(w, r, p, http.StatusOK, "", "")
}

func (s *Server) showBatches(w http.ResponseWriter, r *http.Request, p *principal, status int, flash, errMsg string) {
	v, err := s.batches(r, true)
	if err != nil {
		s.failErr(w, r, false, p, err)
		return
	}
	s.render(w, status, "batches", page{Title: "上传批次", Me: p, Flash: flash, Error: errMsg, Data: v})
}

// apiBatches is the list's JSON twin: one page, with the total.
func (s *Server) apiBatches(w http.ResponseWriter, r *http.Request, p *principal) {
	v, err := s.batches(r, false)
	if err != nil {
		s.failErr(w, r, true, p, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": v.Entries, "total": v.Total, "page": v.Page, "pages": v.Pages})
}
