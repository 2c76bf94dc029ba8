package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gongkai"
	"gongkai/ingest"
)

// The 汇编 workbooks of ingest/testdata/book (gen-book.py, written by
// openpyxl): 平安县财政局's 2024 依申请公开, 主动公开 and 复议诉讼 sheets.
var workbookKinds = []string{"applications", "disclosures", "appeals"}

func workbook(t testing.TB, name string) string {
	t.Helper()
	_, dir, _, _ := runtimeCaller()
	p := filepath.Join(dir, "..", "ingest", "testdata", "book", name)
	if _, err := os.Stat(p); err != nil {
		t.Fatal(err)
	}
	return p
}

// workbookFiles is the file of the active batch of each of workbookKinds
// for the clerk's unit in 2024, as the unit's status answers it.
func (c *client) workbookFiles() ([]string, error) {
	var st struct {
		Ledgers []struct {
			Kind     string `json:"kind"`
			File     string `json:"file"`
			Uploaded bool   `json:"uploaded"`
		} `json:"ledgers"`
	}
	if err := c.getJSON(fmt.Sprintf("/api/units/%d/status?year=%d", c.e.unitID(clerkUnit), fixtureYear), &st); err != nil {
		return nil, err
	}
	out := make([]string, len(workbookKinds))
	for _, l := range st.Ledgers {
		for i, k := range workbookKinds {
			if l.Kind == k && l.Uploaded {
				out[i] = l.File
			}
		}
	}
	return out, nil
}

func sameFile(name string) []string {
	return []string{name, name, name}
}

// A workbook with one bad row on one sheet is refused whole over the web:
// each kind's result says so in Chinese, and the unit's ledgers are those
// of the workbook before (issue D4: the good sheets were loaded).
func TestWorkbookUploadRefusedWhole(t *testing.T) {
	e := newEnv(t, nil)
	clerk := e.login(clerkName)
	code, rs, body := clerk.upload(nil, [2]string{"book-a.xlsx", workbook(t, "book-a.xlsx")})
	if code != 200 || len(rs) != 3 {
		t.Fatalf("%d %s", code, body)
	}
	before, err := clerk.workbookFiles()
	if err != nil || !reflect.DeepEqual(before, sameFile("book-a.xlsx")) {
		t.Fatalf("before: %q %v", before, err)
	}
	var n0 int64
	e.db.Raw().QueryRow(`SELECT count(*) FROM batches`).Scan(&n0)

	code, rs, body = clerk.upload(nil, [2]string{"book-bad-row.xlsx", workbook(t, "book-bad-row.xlsx")})
	if code != 200 || len(rs) != 3 {
		t.Fatalf("%d %s", code, body)
	}
	hint := "，或勾选“有错误行时仍导入正确的行”只导入正确的行"
	sibling := "同一文件中的“依申请公开办理台账”（1 行有错误）被拒收，整个文件未导入（数据未作任何改动），本台账也未导入。请改正后重新上传" + hint
	want := []string{"1 行有错误，整个文件未导入（数据未作任何改动）。请改正后重新上传" + hint, sibling, sibling}
	for i, r := range rs {
		if r.Kind != workbookKinds[i] || r.Status != ingest.StatusRefused || r.Code != gongkai.EROWSREFUSED || r.Reason != want[i] || r.BatchID != 0 {
			t.Errorf("%s: %+v", workbookKinds[i], r)
		}
	}
	if rs[0].Annotated == "" || len(rs[0].Errors) != 1 || rs[0].Errors[0].Cell != "B4" {
		t.Errorf("the bad row: %+v", rs[0])
	}
	after, err := clerk.workbookFiles()
	if err != nil || !reflect.DeepEqual(after, before) {
		t.Errorf("after: %q %v", after, err)
	}
	var n int64
	e.db.Raw().QueryRow(`SELECT count(*) FROM batches`).Scan(&n)
	if n != n0 {
		t.Errorf("batches %d, before %d", n, n0)
	}
	checkConsistency(t, e.db)
}

// Readers of the unit's status see every kind of the workbook from one
// file while it is replaced again and again (issue D5: a workbook's kinds
// were published one at a time, and 110 of 386 reads saw a mix).
func TestWorkbookUploadReaders(t *testing.T) {
	e := newEnv(t, nil)
	clerk := e.login(clerkName)
	files := [2]string{workbook(t, "book-a.xlsx"), workbook(t, "book-b.xlsx")}
	names := [2]string{"book-a.xlsx", "book-b.xlsx"}
	if code, _, body := clerk.upload(nil, [2]string{names[0], files[0]}); code != 200 {
		t.Fatalf("%d %s", code, body)
	}
	var stop atomic.Bool
	var seen atomic.Int64
	errs := make(chan string, 10)
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			reader := e.login(clerkName)
			for !stop.Load() {
				got, err := reader.workbookFiles()
				if err != nil || !reflect.DeepEqual(got, sameFile(names[0])) && !reflect.DeepEqual(got, sameFile(names[1])) {
					select {
					case errs <- fmt.Sprintf("reader saw %q (%v)", got, err):
					default:
					}
				}
				seen.Add(1)
			}
		}()
	}
	for i := 1; i <= 12; i++ {
		code, rs, body := clerk.upload(nil, [2]string{names[i%2], files[i%2]})
		if code != 200 || len(rs) != 3 {
			t.Fatalf("upload %d: %d %s", i, code, body)
		}
		for _, r := range rs {
			if r.Status != ingest.StatusLoaded {
				t.Fatalf("upload %d: %+v", i, r)
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

// A client that gives up while its workbook loads leaves all of the
// workbook or none of it, and what is on record says which: a refusal
// recorded for it means that none of it changed (issue D5: the kinds
// loaded before the cancellation stayed, and the others were recorded as
// 未导入，数据未作任何改动).
func TestWorkbookUploadCancelled(t *testing.T) {
	e := newEnv(t, nil)
	clerk := e.login(clerkName)
	files := [2]string{workbook(t, "book-a.xlsx"), workbook(t, "book-b.xlsx")}
	if code, _, body := clerk.upload(nil, [2]string{"book-a-0.xlsx", files[0]}); code != 200 {
		t.Fatalf("%d %s", code, body)
	}
	cur, active := 0, "book-a-0.xlsx"
	outcomes := map[string]int{}
	for i := 1; i <= 40; i++ {
		next := 1 - cur
		name := fmt.Sprintf("book-%c-%d.xlsx", 'a'+next, i)
		body, ct := multipartBody(t, nil, [2]string{name, files[next]})
		buf, _ := io.ReadAll(body)
		// From at once to after the load: cancelled at each stage.
		ctx, cancel := context.WithTimeout(context.Background(), time.Duration(i%20)*7*time.Millisecond)
		req, _ := http.NewRequestWithContext(ctx, "POST", e.url+"/api/uploads", bytes.NewReader(buf))
		req.Header.Set("Content-Type", ct)
		req.Header.Set(csrfHeader, clerk.csrf)
		resp, err := clerk.hc.Do(req)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		cancel()
		// The server finishes with the request on the write queue, one job
		// at a time: an empty job after it waits for it.
		for range 3 {
			time.Sleep(30 * time.Millisecond)
			if err := e.srv.q.do(context.Background(), func(context.Context) error { return nil }); err != nil {
				t.Fatal(err)
			}
		}
		got, err := clerk.workbookFiles()
		if err != nil {
			t.Fatal(err)
		}
		recorded := e.count(t, fmt.Sprintf(`SELECT count(*) FROM upload_refusals WHERE file_name = '%s'`, name))
		switch {
		case reflect.DeepEqual(got, sameFile(name)):
			outcomes["loaded"]++
			if recorded != 0 {
				t.Errorf("%s: loaded, and %d refusals recorded", name, recorded)
			}
			cur, active = next, name
		case reflect.DeepEqual(got, sameFile(active)):
			outcomes["none"]++
			if recorded != 0 && recorded != 3 && recorded != 1 {
				t.Errorf("%s: %d refusals recorded", name, recorded)
			}
		default:
			t.Fatalf("%s: a part of the workbook loaded: %q", name, got)
		}
		if recorded > 0 {
			for _, r := range e.texts(t, fmt.Sprintf(`SELECT reason FROM upload_refusals WHERE file_name = '%s'`, name)) {
				if !strings.Contains(r, "未导入") || !strings.Contains(r, "数据未作任何改动") {
					t.Errorf("%s: refusal %q", name, r)
				}
			}
		}
	}
	t.Logf("outcomes %v", outcomes)
	checkConsistency(t, e.db)
}

// texts is a query's rows, one text column each.
func (e *testEnv) texts(t testing.TB, q string) []string {
	t.Helper()
	rows, err := e.db.Raw().Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}
