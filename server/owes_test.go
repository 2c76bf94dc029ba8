package server

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestRemindersFollowTheScheme (issue 15, "Which kinds a unit owes is
// configured in one place — the scheme"): the 催报 count of the sample
// county for 2024 with the sample scheme's owes: and owes_by_type:, and
// with the same scheme without them (every assessed unit owes every kind
// kept per unit), through the API; the clerk's upload page and the unit
// status read the same configuration.
//
// The figures are counted by hand from the generator's file list
// (internal/samples/data/expected.json: which unit has a 2024 ledger of
// which kind), the registry (单位名录.xlsx: 56 units with a 考核分组, their
// types) and scheme-2024.yaml, independently of the code: without owes
// 44 units lack 88 ledgers (nine kinds kept per unit; 公开事项目录 alone is
// missing at 35 units); with it 32 units / 43 ledgers (县直部门 owe no
// 主动公开统计 and no 公开事项目录, 街道 no 规范性文件).
func TestRemindersFollowTheScheme(t *testing.T) {
	e := newEnv(t, nil)
	admin, clerk := e.login(adminName), e.login(dummyName)
	const unit = "平安县审计局" // 县直部门, without 2024 主动公开统计, 新媒体 and 公开事项目录 ledgers
	id := e.unitID(unit)

	count := func() (units, ledgers int, of string) {
		t.Helper()
		var r struct {
			Units []Reminder `json:"units"`
		}
		if err := admin.getJSON("/api/reminders?year=2024", &r); err != nil {
			t.Fatal(err)
		}
		for _, u := range r.Units {
			ledgers += len(u.Missing)
			if u.Unit == unit {
				of = strings.Join(u.Missing, ",")
			}
		}
		return len(r.Units), ledgers, of
	}
	// state is the unit's status as the API and the clerk's upload page say it.
	state := func() (api, page string) {
		t.Helper()
		var st struct {
			Ledgers []KindStatus `json:"ledgers"`
		}
		if err := clerk.getJSON(fmt.Sprintf("/api/units/%d/status?year=2024", id), &st); err != nil {
			t.Fatal(err)
		}
		var a []string
		for _, k := range st.Ledgers {
			switch {
			case k.NotOwed:
				a = append(a, k.Kind+":not owed")
			case k.Declared != nil:
				a = append(a, k.Kind+":declared")
			case k.BatchID == 0:
				a = append(a, k.Kind+":missing")
			}
		}
		resp, body := clerk.do("GET", "/upload?year=2024", nil, "")
		if resp.StatusCode != 200 {
			t.Fatalf("upload page: %d", resp.StatusCode)
		}
		var p []string
		row := regexp.MustCompile(`<tr><td>([^<]+)</td><td>(?:<span class="[a-z ]+">([^<]+)</span>)`)
		table, _, _ := strings.Cut(body[strings.Index(body, `id="status"`):], "</table>")
		for _, m := range row.FindAllStringSubmatch(table, -1) {
			if !strings.HasPrefix(m[2], "已上传") {
				p = append(p, m[1]+":"+m[2])
			}
		}
		return strings.Join(a, " "), strings.Join(p, " ")
	}

	// After: the scheme's owes.
	if u, l, of := count(); u != 32 || l != 43 || of != "media" {
		t.Errorf("催报 with the scheme's owes: %d units / %d ledgers (%s: %s), want 32 / 43 (media)", u, l, unit, of)
	}
	api, page := state()
	if api != "enforcement:not owed media:missing catalog:not owed" || page != "主动公开统计:无需报送 政务新媒体更新台账:未上传 公开事项目录:无需报送" {
		t.Errorf("status with the scheme's owes:\n api  %s\n page %s", api, page)
	}
	// A 零报告 shows on the upload page as on the unit page.
	if resp, body := clerk.api("POST", fmt.Sprintf("/api/units/%d/declarations", id), strings.NewReader("kind=media&year=2024&note=未开设"), "application/x-www-form-urlencoded"); resp.StatusCode != 200 {
		t.Fatalf("declare: %d %s", resp.StatusCode, body)
	}
	if _, page := state(); page != "主动公开统计:无需报送 政务新媒体更新台账:已声明无数据 公开事项目录:无需报送" {
		t.Errorf("upload page after the 零报告: %s", page)
	}
	if u, l, of := count(); u != 31 || l != 42 || of != "" {
		t.Errorf("催报 after the 零报告: %d / %d (%s), want 31 / 42", u, l, of)
	}

	// Before: the same scheme without owes: and owes_by_type: (and the
	// 零报告 withdrawn).
	if resp, body := clerk.api("POST", fmt.Sprintf("/api/units/%d/declarations", id), strings.NewReader("kind=media&year=2024&withdraw=true"), "application/x-www-form-urlencoded"); resp.StatusCode != 200 {
		t.Fatalf("withdraw: %d %s", resp.StatusCode, body)
	}
	raw, err := os.ReadFile(filepath.Join("..", "internal", "samples", "scheme-2024.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	dropping := false
	for _, line := range strings.Split(string(raw), "\n") {
		indent := len(line) - len(strings.TrimLeft(line, " "))
		if dropping && indent > 4 {
			continue
		}
		key := strings.TrimSpace(line)
		dropping = strings.HasPrefix(key, "owes:") || strings.HasPrefix(key, "owes_by_type:")
		if !dropping {
			kept = append(kept, line)
		}
	}
	stripped := filepath.Join(t.TempDir(), "scheme-2024.yaml")
	if err := os.WriteFile(stripped, []byte(strings.Join(kept, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	// Two owes:, one owes_by_type: with its comment and its 街道 list.
	if n := strings.Count(string(raw), "\n") + 1 - len(kept); n != 5 {
		t.Fatalf("%d lines of owes dropped from the sample scheme, want 5: recount the figures", n)
	}
	body, ct := multipartBody(t, nil, [2]string{"scheme-2024.yaml", stripped})
	if resp, out := admin.api("POST", "/api/scheme", body, ct); resp.StatusCode != 200 {
		t.Fatalf("scheme without owes: %d %s", resp.StatusCode, out)
	}
	if u, l, of := count(); u != 44 || l != 88 || of != "enforcement,media,catalog" {
		t.Errorf("催报 without owes: %d units / %d ledgers (%s: %s), want 44 / 88", u, l, unit, of)
	}
	api, page = state()
	if api != "enforcement:missing media:missing catalog:missing" || page != "主动公开统计:未上传 政务新媒体更新台账:未上传 公开事项目录:未上传" {
		t.Errorf("status without owes:\n api  %s\n page %s", api, page)
	}
}
