package server

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"gongkai/store"
)

var auditPageRow = regexp.MustCompile(`<tr><td class="num">(\d+)</td><td class="nowrap">([^<]*)</td><td class="nowrap">([^<]*)</td><td class="nowrap">[^<]*</td><td class="nowrap">[^<]*</td><td class="nowrap">([^<]*)</td>`)

// TestAuditPage: the audit log is paged on the server, 100 entries a page,
// newest first, and filtered by account, action and days; the filter stays
// in the pager's links; actions are in words; a bad filter is refused in
// words.
func TestAuditPage(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	for i := 0; i < 230; i++ {
		if err := e.db.AuditInsert(ctx, store.NewAudit{Account: clerkName, Role: RoleClerk, Action: "upload", Detail: "第 " + strconv.Itoa(i) + " 个文件", Remote: "127.0.0.1", OK: true}); err != nil {
			t.Fatal(err)
		}
	}
	e.login(leaderName)
	admin := e.login(adminName)
	get := func(q url.Values) (int, string, [][]string) {
		t.Helper()
		resp, body := admin.do("GET", "/admin/audit?"+q.Encode(), nil, "")
		return resp.StatusCode, body, auditPageRow.FindAllStringSubmatch(body, -1)
	}

	code, body, rows := get(nil)
	if code != 200 || len(rows) != auditPageSize {
		t.Fatalf("first page: %d, %d rows", code, len(rows))
	}
	if !strings.Contains(body, "共 232 条，第 1 / 3 页") {
		t.Errorf("summary: %s", between(body, `id="audit-summary">`, "</p>"))
	}
	if rows[0][4] != "登录" || rows[0][3] != adminName || rows[2][4] != "上传台账" {
		t.Errorf("newest first, in words: %q %q", rows[0][1:], rows[2][1:])
	}
	for i := 1; i < len(rows); i++ {
		a, _ := strconv.Atoi(rows[i-1][1])
		b, _ := strconv.Atoi(rows[i][1])
		if a <= b {
			t.Fatalf("not newest first: %d then %d", a, b)
		}
	}
	if !strings.Contains(body, `href="/admin/audit?page=2" rel="next"`) {
		t.Errorf("no link to page 2: %s", between(body, `id="audit-pager"`, "</p>"))
	}
	_, _, last := get(url.Values{"page": {"3"}})
	if len(last) != 32 {
		t.Errorf("page 3: %d rows", len(last))
	}
	if _, _, beyond := get(url.Values{"page": {"9"}}); len(beyond) != 32 {
		t.Errorf("page 9 shows the last page: %d rows", len(beyond))
	}

	// By action: the logins only (the leader's and the admin's).
	_, body, rows = get(url.Values{"action": {"login"}})
	if len(rows) != 2 || !strings.Contains(body, "共 2 条。") {
		t.Errorf("logins: %d rows", len(rows))
	}
	for _, r := range rows {
		if r[4] != "登录" {
			t.Errorf("action filter let through %q", r[1:])
		}
	}
	if !strings.Contains(body, `<option value="login" selected>登录</option>`) {
		t.Errorf("the chosen action is not shown as chosen")
	}
	// By account, with the filter kept across pages.
	_, body, rows = get(url.Values{"account": {clerkName}})
	if len(rows) != auditPageSize || !strings.Contains(body, "共 230 条，第 1 / 3 页") {
		t.Errorf("the clerk's entries: %d rows, %s", len(rows), between(body, `id="audit-summary">`, "</p>"))
	}
	if !strings.Contains(body, `href="/admin/audit?account=`+clerkName+`&amp;page=2"`) {
		t.Errorf("the pager drops the filter: %s", between(body, `id="audit-pager"`, "</p>"))
	}
	_, _, rows = get(url.Values{"account": {leaderName}, "action": {"login"}})
	if len(rows) != 1 || rows[0][3] != leaderName {
		t.Errorf("the leader's logins: %q", rows)
	}
	// By days: today's entries are all; from tomorrow none.
	_, _, all := get(nil)
	today := all[0][2][:10]
	if _, body, rows = get(url.Values{"from": {today}, "to": {today}}); !strings.Contains(body, "共 232 条") || len(rows) != auditPageSize {
		t.Errorf("today: %s", between(body, `id="audit-summary">`, "</p>"))
	}
	if _, body, rows = get(url.Values{"from": {"2099-01-01"}}); len(rows) != 0 || !strings.Contains(body, "没有符合条件的记录") {
		t.Errorf("from 2099: %d rows", len(rows))
	}
	if _, body, rows = get(url.Values{"to": {"2000-01-01"}}); len(rows) != 0 || !strings.Contains(body, "共 0 条") {
		t.Errorf("to 2000: %d rows", len(rows))
	}

	// A bad filter is refused in words.
	for q, want := range map[string]string{
		"from=2024-13-01":               "日期“2024-13-01”无效",
		"action=dance":                  "没有“dance”这种操作",
		"from=2024-02-01&to=2024-01-01": "起始日期 2024-02-01 晚于截止日期 2024-01-01",
	} {
		resp, body := admin.do("GET", "/admin/audit?"+q, nil, "")
		if resp.StatusCode != 400 || !strings.Contains(body, want) {
			t.Errorf("%s: %d %s", q, resp.StatusCode, between(body, `id="error">`, "</p>"))
		}
	}

	// The JSON twin takes the same filter, with limit and offset.
	var es []AuditEntry
	if err := admin.getJSON("/api/audit?action=upload&limit=5&offset=10", &es); err != nil {
		t.Fatal(err)
	}
	if len(es) != 5 || es[0].Action != "upload" || es[0].Detail != "第 219 个文件" {
		t.Errorf("api: %+v", es)
	}
}

// between is the text of s after start up to end.
func between(s, start, end string) string {
	_, after, ok := strings.Cut(s, start)
	if !ok {
		return ""
	}
	before, _, _ := strings.Cut(after, end)
	return before
}

// TestAuditActionsInWords: every action the server writes to the audit log
// (the action argument of audit and auditLocked calls in its source) has
// its words in auditActions, and those words are Chinese.
func TestAuditActionsInWords(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	seen := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(af, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || (sel.Sel.Name != "audit" && sel.Sel.Name != "auditLocked") || len(call.Args) < 5 {
				return true
			}
			if id, ok := call.Args[4].(*ast.Ident); ok && id.Name == "action" {
				return true // audit passing its own argument on to auditLocked
			}
			lit, ok := call.Args[4].(*ast.BasicLit)
			if !ok {
				t.Errorf("%s: the action of an audit entry is not a literal", fset.Position(call.Pos()))
				return true
			}
			a, _ := strconv.Unquote(lit.Value)
			seen[a] = true
			if actionTitle(a) == a {
				t.Errorf("%s: action %q has no words in auditActions", fset.Position(call.Pos()), a)
			}
			return true
		})
	}
	if len(seen) < 10 {
		t.Errorf("found only the actions %v", seen)
	}
	for _, a := range auditActions {
		if strings.ContainsFunc(a.Title, func(r rune) bool { return r < 0x80 || !unicode.Is(unicode.Han, r) }) {
			t.Errorf("action %s: %q is not in Chinese", a.Code, a.Title)
		}
	}
}
